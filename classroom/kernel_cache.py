"""Compiling kerasedu's numba kernels into a cache before any student's kernel runs: for grading
(:func:`cache_folder`) and for a class's server (classroom/install.py warms ``numba-cache`` with
:func:`warm_up` too; each user's server then links it, classroom/jupyter/shared_cache_links.py).

kerasedu compiles each numba kernel the first time it is called, which takes seconds, and
minutes for the recurrent ones: inside a student's cell that would use up the cell's time limit
and cost points, more on a fresh install than on a warm one. So grading uses a cache of its own
(:func:`cache_folder`, outside the course), filled by ``python -m kerasedu warmup`` before the
first student. Each sandbox reads the cache and starts from a private copy of it
(classroom/sandbox.py), so no student can change what the next one loads.

A warmup that succeeded leaves a stamp in the folder naming what it compiled for: kerasedu's
source, numba's and Python's versions and the processor. While they are unchanged the cache is
warm and warmup is skipped (it would take seconds to load what it finds); any change, and the
next grading compiles again. ``python -m classroom.kernel_cache`` warms it without grading.
"""

import hashlib
import os
import platform
import subprocess
import sys
import time
from pathlib import Path


def cache_folder():
    """``$KERASEDU_GRADING_CACHE``, else ``$XDG_CACHE_HOME/kerasedu/grading-numba`` (by default
    ``~/.cache/kerasedu/grading-numba``)."""
    chosen = os.environ.get("KERASEDU_GRADING_CACHE")
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join("~", ".cache")
    return Path(base).expanduser() / "kerasedu" / "grading-numba"


def _stamp(folder, python):
    """The file whose presence says the cache in ``folder`` is warm for ``python``; None when
    that cannot be told from this process (another Python)."""
    if os.path.realpath(python) != os.path.realpath(sys.executable):
        return None
    import kerasedu
    import llvmlite.binding
    import numba

    digest = hashlib.sha256()
    for path in sorted(Path(kerasedu.__file__).parent.rglob("*.py")):
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    for part in (numba.__version__, sys.version, platform.machine(),
                 llvmlite.binding.get_host_cpu_name(),
                 llvmlite.binding.get_host_cpu_features().flatten()):
        digest.update(part.encode() + b"\0")
    return Path(folder) / f"warm-{digest.hexdigest()[:32]}.stamp"


def warm_up(python, folder=None, timeout=1800):
    """Compile every kerasedu kernel into ``folder`` (default :func:`cache_folder`) with the
    Python that runs the kernels, unless its stamp says it is warm already; returns (seconds,
    whether it compiled). Raises RuntimeError, with kerasedu's output, if warmup fails."""
    folder = Path(folder or cache_folder())
    folder.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    stamp = _stamp(folder, python)
    if stamp is not None and stamp.exists():
        return time.monotonic() - start, False
    env = {**os.environ, "NUMBA_CACHE_DIR": str(folder)}
    command = [python, "-m", "kerasedu", "warmup"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=folder,
                          timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"python -m kerasedu warmup failed:\n{done.stdout}{done.stderr}")
    if stamp is not None:
        stamp.write_text(done.stdout)
    return time.monotonic() - start, True


def main():
    """``python -m classroom.kernel_cache``: warm grading's cache now, as ``make grade`` would
    before its first student (after installing or upgrading, to know that grading will start
    at once)."""
    folder = cache_folder()
    print(f"Compiling kerasedu's numba kernels into {folder}...", flush=True)
    seconds, compiled = warm_up(sys.executable, folder)
    print(f"{seconds:.0f} s" if compiled else "compiled already")


if __name__ == "__main__":
    main()
