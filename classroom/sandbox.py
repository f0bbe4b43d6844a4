"""The sandbox a student's kernel runs in while it is graded: bubblewrap, with resource limits.

A student's notebook is code written by someone else, run with the grader's permissions. Inside
the sandbox it sees only

* a read-only view of the system's programs and libraries (``/usr``), of the Python environment
  the kernel runs in, and of kerasedu itself (bound from where it is installed, which for an
  editable install is the course directory's ``kerasedu/``: that folder alone, never the rest of
  the course);
* a private ``/tmp`` (a tmpfs of ``tmp_size`` bytes, gone with the sandbox) holding its home
  directory, its working directory with the non-notebook files of its submission (read-only,
  never the graded notebook, which holds the hidden tests), its copy of the warmed numba cache,
  and the kernel's sockets;

and nothing else: no ``solutions/``, no gradebook, no other student's work, no network (a
network namespace with only its own loopback), no other process (a PID namespace: the grader's
processes are invisible, and when the kernel exits every process the student started is killed
with it), no way to write anywhere outside its tmpfs, and an environment holding only the
settings a kernel needs. Limits apply from the first instruction: memory (``RLIMIT_DATA``, what
a process allocates), CPU seconds (``RLIMIT_CPU``), processes and threads (``RLIMIT_NPROC``,
which stops a fork bomb), file size and core dumps.

Run as root (a container, CI), the kernel does not stay root: bubblewrap keeps only the right to
change user, and the launcher below switches to a user id of its own, one per kernel running
at the same time (``slot_uid``), so that its process limit counts only its own processes. Run
as an ordinary user (an instructor on a JupyterHub server), bubblewrap makes a user namespace,
and the process limit set inside it counts only the sandbox's processes.

:func:`command` builds bubblewrap's command line; :func:`probe` runs a sandbox once to see
whether this machine can. classroom/kernel.py starts kernels with them.
"""

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Where things live inside the sandbox (its /tmp is a fresh tmpfs).
HOME = "/tmp/home"
WORK = "/tmp/submission"
RUNTIME = "/tmp/jupyter"          # the kernel's sockets; the grader reaches them via /proc
CONNECTION_FILE = "/run/kernel.json"
NUMBA_CACHE = "/tmp/numba-cache"
WARM_CACHE = "/run/numba-cache"   # the grader's warmed cache, read-only, copied to NUMBA_CACHE

# Of /etc, only what the dynamic linker, time zones and user lookups read.
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group",
             "nsswitch.conf", "alternatives", "mime.types")
TOP_LEVEL = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")

# The environment a kernel gets: these names, and names with these prefixes, from the grader's.
ENV_NAMES = ("PATH", "LANG", "LANGUAGE", "TZ", "NBGRADER_EXECUTION", "NBGRADER_VALIDATING",
             "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "PYTHONHASHSEED")
ENV_PREFIXES = ("LC_", "KERASEDU_", "NUMBA_")
ENV_DROPPED = ("KERASEDU_HOME", "NUMBA_CACHE_DIR")

# First user id for kernels started by root, one per kernel running at the same time. Chosen
# far from the ids that distributions and systemd hand out.
SLOT_UID_BASE = 0x7FFF0000

# Runs inside the sandbox before the kernel: limits, the private folders, the copy of the numba
# cache, the switch away from root (which drops every capability); then it becomes the kernel.
LAUNCHER = """\
import json, os, resource, shutil, sys
settings = json.loads(sys.argv[1])
for name, (soft, hard) in settings["limits"].items():
    resource.setrlimit(getattr(resource, name), (soft, hard))
os.umask(0o077)
for folder in settings["folders"]:
    os.makedirs(folder, exist_ok=True)
source, target = settings["numba_cache"]
if source and os.path.isdir(source):
    shutil.copytree(source, target, dirs_exist_ok=True)
uid = settings["uid"]
if uid is not None:
    for top in settings["folders"] + [target]:
        for folder, _, files in os.walk(top):
            for name in [folder] + [os.path.join(folder, f) for f in files]:
                os.chown(name, uid, uid)
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
os.execv(sys.argv[2], sys.argv[2:])
"""


@dataclass(frozen=True)
class Limits:
    """What one student's kernel may use. Memory and CPU are per process (a process the kernel
    starts gets as much again, up to ``processes`` of them, threads included)."""

    memory: int = 3 * 2**30        # bytes a process may allocate (RLIMIT_DATA)
    cpu_seconds: int = 600         # CPU time of a process (RLIMIT_CPU), then SIGXCPU, SIGKILL
    processes: int = 128           # processes and threads of the student's user (RLIMIT_NPROC)
    file_size: int = 2**28         # bytes of one file written (RLIMIT_FSIZE)
    tmp_size: int = 2**29          # bytes of the private /tmp (tmpfs), files and cache copy

    def rlimits(self, with_processes=True):
        """{resource name: (soft, hard)} for the launcher."""
        limits = {"RLIMIT_DATA": (self.memory, self.memory),
                  "RLIMIT_CPU": (self.cpu_seconds, self.cpu_seconds + 5),
                  "RLIMIT_FSIZE": (self.file_size, self.file_size),
                  "RLIMIT_CORE": (0, 0)}
        if with_processes:
            limits["RLIMIT_NPROC"] = (self.processes, self.processes)
        return limits


@dataclass
class Environment:
    """What of the grader's machine a kernel needs to see, read-only: the Python environment's
    folders and kerasedu's package folder. Found by asking the kernel's Python itself."""

    python: str
    folders: list = field(default_factory=list)

    @classmethod
    def of(cls, python, protected=()):
        """The folders ``python`` imports from (its prefixes, sys.path and kerasedu's package),
        leaving out any that is or contains one of the ``protected`` folders (the course
        directory: a legacy editable install puts the repository itself on sys.path)."""
        code = ("import importlib.util, json, sys\n"
                "spec = importlib.util.find_spec('kerasedu')\n"
                "places = [sys.prefix, sys.base_prefix, sys.exec_prefix, *sys.path]\n"
                "places += list(spec.submodule_search_locations or []) if spec else []\n"
                "print(json.dumps(places))\n")
        found = subprocess.run([python, "-c", code], capture_output=True, text=True,
                               cwd="/", env=kernel_environment(os.environ), timeout=120,
                               check=True)
        places = [Path(python).resolve().parent]
        places += [Path(p).resolve() for p in json.loads(found.stdout) if p]
        protected = [Path(p).resolve() for p in protected]
        kept = []
        for place in sorted(set(places), key=lambda p: len(p.parts)):
            if not place.exists() or place == Path("/"):
                continue
            if any(place == p or place in p.parents for p in protected):
                continue
            if any(k == place or k in place.parents for k in kept):
                continue
            kept.append(place)
        return cls(python, [str(p) for p in kept])


def kernel_environment(environ, home=HOME):
    """The environment variables a kernel gets from ``environ``: a few settings (locale, time
    zone, threads, kerasedu's and numba's), never the grader's tokens, paths or credentials."""
    env = {name: value for name, value in environ.items()
           if (name in ENV_NAMES or name.startswith(ENV_PREFIXES)) and name not in ENV_DROPPED}
    # The kernel's parent inside the sandbox is process 1, which ipykernel need not watch.
    env.update(HOME=home, TMPDIR="/tmp", MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1",
               NUMBA_CACHE_DIR=NUMBA_CACHE, JPY_PARENT_PID="1")
    return env


def bwrap_path():
    """bubblewrap's program, or None when it is not installed."""
    return shutil.which("bwrap")


def _parent_folders(path, made):
    """Arguments that create ``path``'s parent folders, world-readable (bubblewrap would copy
    the host's modes, and /root is 0700: a kernel switched away from root could not pass).
    ``made`` holds the folders made so far, and takes these."""
    args = []
    for parent in reversed(Path(path).parents):
        if parent not in made and parent != Path("/"):
            args += ["--perms", "0755", "--dir", str(parent)]
            made.add(parent)
    made.add(Path(path))
    return args


def command(argv, environment, limits, env, *, uid=None, user_namespace=True, work_files=(),
            warm_cache=None, connection_fd=None, info_fd=None, disable_userns=True):
    """bubblewrap's command line that runs ``argv`` in a sandbox, with the environment
    variables ``env`` and no others.

    ``uid``: the user to switch to inside (when run as root); ``user_namespace``: make one (when
    run as an ordinary user; ``disable_userns`` forbids the student nested ones);
    ``work_files``: files and folders of the submission, bound read-only into the working
    directory; ``warm_cache``: the grader's warmed numba cache, bound read-only and copied into
    the sandbox's /tmp; ``connection_fd``: a file descriptor from which bubblewrap reads the
    kernel's connection file; ``info_fd``: where bubblewrap writes the sandbox's process id.
    """
    args = [bwrap_path() or "bwrap", "--die-with-parent", "--new-session",
            "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
            "--unshare-cgroup-try", "--hostname", "grading"]
    if user_namespace:
        args += ["--unshare-user"] + (["--disable-userns"] if disable_userns else [])
    else:  # root: keep only what the launcher needs to become another user
        args += ["--cap-drop", "ALL"] + [arg for cap in ("CAP_SETUID", "CAP_SETGID", "CAP_CHOWN")
                                         for arg in ("--cap-add", cap)]
    if info_fd is not None:
        args += ["--info-fd", str(info_fd)]
    args += ["--clearenv"]
    for name, value in sorted(env.items()):
        args += ["--setenv", name, value]
    made = set()
    args += ["--ro-bind", "/usr", "/usr"]
    for name in TOP_LEVEL:
        host = Path("/", name)
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            args += ["--ro-bind", str(host), str(host)]
    for name in ETC_FILES:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(limits.tmp_size), "--perms", "1777", "--tmpfs", "/tmp"]
    for folder in environment.folders:
        if not folder.startswith("/usr/"):
            args += _parent_folders(folder, made) + ["--ro-bind", folder, folder]
    args += ["--perms", "1777", "--dir", WORK]
    for path in work_files:
        args += ["--ro-bind", str(path), f"{WORK}/{Path(path).name}"]
    if warm_cache is not None:
        args += _parent_folders(WARM_CACHE, made) + ["--ro-bind", str(warm_cache), WARM_CACHE]
    if connection_fd is not None:
        args += _parent_folders(CONNECTION_FILE, made)
        args += ["--perms", "0444", "--ro-bind-data", str(connection_fd), CONNECTION_FILE]
    args += ["--remount-ro", "/", "--chdir", WORK]
    settings = {"limits": limits.rlimits(), "uid": uid,
                "folders": [HOME, RUNTIME], "numba_cache": [WARM_CACHE, NUMBA_CACHE]}
    return args + ["--", environment.python, "-I", "-c", LAUNCHER, json.dumps(settings), *argv]


def unsandboxed_command(argv, environment, limits):
    """The launcher alone, for when no sandbox can start: the same memory and CPU limits (not
    the process limit, which would count every process of the grader's user), nothing more."""
    settings = {"limits": limits.rlimits(with_processes=False), "uid": None, "folders": [],
                "numba_cache": ["", ""]}
    return [environment.python, "-I", "-c", LAUNCHER, json.dumps(settings), *argv]


@dataclass
class Probe:
    """Whether a sandbox starts here, and with which options."""

    ok: bool
    reason: str = ""
    options: dict = field(default_factory=dict)


def running_as_root():
    return os.geteuid() == 0


def probe(environment, limits, uid=None):
    """Start a sandbox that imports what a kernel imports (ipykernel, kerasedu.grading) and
    report whether it worked, and if not, why, in words for the instructor."""
    if sys.platform != "linux":
        return Probe(False, f"bubblewrap needs Linux (this is {sys.platform})")
    if bwrap_path() is None:
        return Probe(False, "bubblewrap is not installed (Debian and Ubuntu: "
                            "sudo apt-get install bubblewrap)")
    check = ["-c", "import ipykernel, kerasedu.grading, os; print(os.getuid())"]
    root = running_as_root()
    attempts = [{"user_namespace": not root, "uid": uid if root else None}]
    if not root:  # some kernels refuse to forbid nested user namespaces; go on without that
        attempts.append({**attempts[0], "disable_userns": False})
    reason = ""
    for options in attempts:
        argv = command([environment.python, *check], environment, limits,
                       kernel_environment(os.environ), **options)
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as error:
            return Probe(False, f"bubblewrap could not run: {error}")
        if done.returncode == 0:
            return Probe(True, options=options)
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
    return Probe(False, f"bubblewrap failed: {reason}")
