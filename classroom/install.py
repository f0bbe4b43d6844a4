"""The classroom install: what every user of a class's server runs, and nothing they must not see.

``make classroom`` runs this, as root, from a clone of the repository (which holds the solutions
and stays private). It builds, in a folder of its own (``/opt/kerasedu`` unless told otherwise)::

    venv/          kerasedu with JupyterLab, nbgrader and JupyterHub, installed from the clone
                   (not linked to it), without the test tools (Keras, JAX, pytest)
    classroom/     the hub's configuration, the servers' settings folders, the hub's proxy
    chapters/      the book's chapters, for students to copy and run
    zh/chapters/   the same chapters in Chinese
    numba-cache/   every kernel compiled once, read by everyone, written by no one

and makes all of it root's, readable by everyone and writable by no one else. No solution,
hidden test or gradebook is copied. Then it runs ``classroom.audit`` on the result.

The environment is built on an interpreter every user can run: a Python under a private
folder (pyenv in root's home, say) would leave ``venv/bin/python`` pointing where no student's
server can start. ``--python`` chooses one; otherwise the first of ``python3`` on PATH,
``/usr/bin/python3`` and ``/usr/local/bin/python3`` that everyone can run is taken.

    python3 -m classroom.install [--prefix /opt/kerasedu] [--python /usr/bin/python3]
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from classroom import audit, kernel_cache

REPOSITORY = Path(__file__).resolve().parents[1]
# What a user's server and the hub read from classroom/: nothing else is copied.
HUB_FILES = ("jupyterhub_config.py", "jupyter", "package.json", "package-lock.json")
# The book's chapters, in English and in Chinese (the problem sets come through the exchange).
CHAPTERS = ("chapters", "zh/chapters")
CANDIDATES = ("python3", "/usr/bin/python3", "/usr/local/bin/python3")
MINIMUM_PYTHON = (3, 10)


def python_facts(python):
    """(version, [folders its standard library and binary live in]) of an interpreter, or None."""
    probe = ("import sys, sysconfig; print(sys.version_info[0], sys.version_info[1]); "
             "print(sys.base_prefix); print(sysconfig.get_paths()['stdlib'])")
    try:
        out = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True,
                             timeout=60).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return None
    return (int(out[0].split()[0]), int(out[0].split()[1])), [out[1], out[2]]


def why_not_usable(python):
    """None when every user can run ``python`` and build a venv on it; otherwise the reason."""
    found = shutil.which(python)
    if found is None:
        return f"{python} was not found"
    facts = python_facts(found)
    if facts is None:
        return f"{found} did not run"
    version, folders = facts
    if version < MINIMUM_PYTHON:
        return f"{found} is Python {version[0]}.{version[1]}; kerasedu needs 3.10 or newer"
    for path in [os.path.realpath(found), *folders]:
        blocked = audit.not_reachable_by_all(path)
        if blocked:
            return (f"{found} lives under {blocked}, which other users cannot enter "
                    f"(its servers would fail with Permission denied)")
    venv_check = subprocess.run([found, "-c", "import venv, ensurepip"], capture_output=True)
    if venv_check.returncode:
        return f"{found} has no venv module (on Debian: apt-get install python3-venv)"
    return None


def choose_python(requested=None):
    """The interpreter to build the environment on; exits with every reason when none fits."""
    reasons = []
    for candidate in ([requested] if requested else CANDIDATES):
        reason = why_not_usable(candidate)
        if reason is None:
            return shutil.which(candidate)
        reasons.append(reason)
    sys.exit("No Python that every user can run:\n  " + "\n  ".join(reasons)
             + "\nInstall one outside any home folder (apt-get install python3 python3-venv) "
             "and pass it with --python.")


def run(*command, **kwargs):
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, **kwargs)


def build(prefix, python):
    """Install everything into ``prefix`` (see the module's docstring)."""
    venv = prefix / "venv"
    run(python, "-m", "venv", "--clear", venv)
    pins = REPOSITORY / "constraints.txt"
    constraints = ["-c", pins] if pins.is_file() else []
    # A plain (not editable) install: the environment keeps no link to the clone. uv, where
    # it is installed, does what pip does several times faster. Both compile the bytecode
    # now: otherwise the first process to import a module (the hub, as root, with its private
    # umask) would write __pycache__ folders no user may read.
    uv = shutil.which("uv")
    installer = ([uv, "pip", "install", "--compile-bytecode", "--python",
                  venv / "bin" / "python"] if uv else
                 [venv / "bin" / "python", "-m", "pip", "install"])
    run(*installer, "--quiet", *constraints, f"{REPOSITORY}[book,classroom]")

    hub = prefix / "classroom"
    shutil.rmtree(hub, ignore_errors=True)
    hub.mkdir(parents=True)
    for name in HUB_FILES:
        source = REPOSITORY / "classroom" / name
        if source.is_dir():
            shutil.copytree(source, hub / name)
        else:
            shutil.copy2(source, hub / name)
    if shutil.which("npm"):
        run("npm", "ci", "--prefix", hub, "--no-audit", "--no-fund", "--omit=dev")
        # The font that draws Chinese text in JupyterLab (jupyter/chinese_font.py), from the
        # npm package the book serves it from.
        if not (REPOSITORY / "book" / "node_modules" / "@fontsource" / "noto-sans-sc").is_dir():
            run("npm", "ci", "--prefix", REPOSITORY / "book", "--no-audit", "--no-fund")
        run(venv / "bin" / "python", REPOSITORY / "book" / "_ext" / "offline_assets.py",
            hub / "jupyter" / "custom" / "fonts" / "noto-sans-sc")
    else:
        print("npm not found: install Node.js 18 or newer with npm, then run this again "
              "(the hub needs its proxy, and JupyterLab the font for Chinese text)")

    for chapters in CHAPTERS:
        shutil.rmtree(prefix / chapters, ignore_errors=True)
        shutil.copytree(REPOSITORY / chapters, prefix / chapters,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))

    warm(prefix)


def warm(prefix):
    """Compile every kernel into ``prefix``/numba-cache with the installed Python, as grading
    warms its own cache (classroom/kernel_cache.py, which runs warmup from inside the cache
    folder: numba files a kernel's machine code under the path of its source, and from the
    clone ``python -m`` would import the clone's kerasedu and warm a cache no user's kernel
    ever looks up)."""
    cache = prefix / "numba-cache"
    shutil.rmtree(cache, ignore_errors=True)
    print(f"+ python -m kerasedu warmup, into {cache}", flush=True)
    seconds, _ = kernel_cache.warm_up(prefix / "venv" / "bin" / "python", cache)
    print(f"  {seconds:.0f} s", flush=True)


def lock_down(prefix):
    """Root's, readable by everyone, writable by no one else."""
    for folder, dirs, files in os.walk(prefix):
        for name in [folder, *(os.path.join(folder, f) for f in dirs + files)]:
            if os.path.islink(name):
                continue
            os.chown(name, 0, 0)
            mode = os.stat(name).st_mode & 0o7777
            readable = 0o755 if (os.path.isdir(name) or mode & 0o100) else 0o644
            os.chmod(name, readable)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m classroom.install",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", type=Path, default=Path("/opt/kerasedu"))
    parser.add_argument("--python", help="the interpreter to build the environment on")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("Run the classroom install as root: it installs for every user.")
    prefix = args.prefix.resolve()
    if REPOSITORY == prefix or REPOSITORY in prefix.parents:
        sys.exit(f"--prefix {prefix} is inside the clone, which holds the solutions; "
                 "choose a folder outside it, such as /opt/kerasedu.")
    python = choose_python(args.python)
    print(f"Building the classroom environment in {prefix} on {python}")
    prefix.mkdir(parents=True, exist_ok=True)
    build(prefix, python)
    lock_down(prefix)
    problems = audit.audit_install(prefix)
    audit.report(problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
