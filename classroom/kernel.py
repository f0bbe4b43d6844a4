"""The kernel manager nbgrader grades with: each student's kernel inside its own sandbox.

nbgrader runs a notebook through nbclient, which starts its kernel with a Jupyter kernel
manager; the course's nbgrader_config.py names this one (``c.Execute.kernel_manager_class``),
so ``make grade``, ``nbgrader autograde`` and the Formgrader's Autograde button all use it.
nbgrader itself, the gradebook and the graded notebook (which holds the hidden tests) stay
outside, in the grading process; only the kernel, which runs the student's code, is inside a
sandbox (classroom/sandbox.py). That is where the line of trust runs: whatever a student's code
does, it does in a process that cannot see the gradebook or the course, and the gradebook is
written by nbgrader from the replies the kernel sends.

How the two sides talk: over ZeroMQ's ``ipc`` transport, Unix sockets that the kernel makes in
its own private /tmp. The sandbox has no network, so TCP would not reach it; the grader reaches
the sockets through ``/proc/<sandbox pid>/root``, so no folder of the grader's is writable from
inside. The kernel reads its connection file from a read-only copy bubblewrap makes. Interrupts
(a cell over its time limit) go as interrupt_request messages, which the kernel turns into
SIGINT for itself, since a signal sent to bubblewrap would not reach it.

When no sandbox can start (no bubblewrap, no user namespaces, not Linux), ``sandbox = "auto"``
grades anyway, with the same memory and CPU limits and nothing more, and says so in the log and
in ``make grade``'s summary; ``sandbox = "on"`` refuses to, and ``"off"`` never tries.
"""

import fcntl
import json
import os
import select
import shutil
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, CaselessStrEnum, Integer, Unicode

from . import findings
from . import sandbox as sandboxing
from .kernel_cache import cache_folder, warm_up

_environments = {}   # python -> sandboxing.Environment
_probes = {}         # settings -> sandbox.Probe
_warmed = set()      # (python, cache folder) warmed up by this process


class SandboxUnavailable(RuntimeError):
    """The sandbox was required (``sandbox = "on"``) and cannot start here."""


class SandboxedKernelManager(AsyncKernelManager):
    """An AsyncKernelManager whose kernels run inside bubblewrap (see the module docstring)."""

    sandbox = CaselessStrEnum(
        ["auto", "on", "off"], default_value="auto", config=True,
        help="auto: sandbox when this machine can, otherwise grade unsandboxed and say so; "
             "on: refuse to start a kernel without the sandbox; off: never sandbox.")
    memory_limit = Integer(sandboxing.Limits.memory, config=True,
                           help="Bytes of memory one process of the student's may allocate.")
    cpu_time_limit = Integer(sandboxing.Limits.cpu_seconds, config=True,
                             help="CPU seconds one process of the student's may use.")
    process_limit = Integer(sandboxing.Limits.processes, config=True,
                            help="Processes and threads the student's kernel may have.")
    tmp_size = Integer(sandboxing.Limits.tmp_size, config=True,
                       help="Bytes of the sandbox's private /tmp.")
    numba_cache = Unicode("", config=True,
                          help="The warmed numba cache kernels load (default: "
                               "$KERASEDU_GRADING_CACHE or ~/.cache/kerasedu/grading-numba).")
    warm_up = Bool(True, config=True,
                   help="Compile kerasedu's kernels into the cache before the first kernel "
                        "this process starts (make grade does it once, beforehand).")

    _sandbox_pid = None
    _slot = None

    # --- what to start -------------------------------------------------------------------

    def limits(self):
        return sandboxing.Limits(memory=self.memory_limit, cpu_seconds=self.cpu_time_limit,
                                 processes=self.process_limit, tmp_size=self.tmp_size)

    def cache(self):
        return Path(self.numba_cache).expanduser() if self.numba_cache else cache_folder()

    def _course_root(self):
        root = self.config.get("CourseDirectory", {}).get("root") or os.getcwd()
        return str(Path(root).resolve())

    def _environment(self, python):
        if python not in _environments:
            _environments[python] = sandboxing.Environment.of(python, [self._course_root()])
        return _environments[python]

    def _probe(self, environment, slot_uid):
        key = (environment.python, self.limits(), tuple(environment.folders))
        if key not in _probes:
            _probes[key] = sandboxing.probe(environment, self.limits(), slot_uid)
        return _probes[key]

    def _warm(self, python):
        key = (python, str(self.cache()))
        if self.warm_up and key not in _warmed:
            self.log.info("Compiling kerasedu's kernels into %s", self.cache())
            warm_up(python, self.cache())
        _warmed.add(key)

    # --- starting ------------------------------------------------------------------------

    async def _async_pre_start_kernel(self, **kw):
        self._sandbox_pid = None
        if self.sandbox == "off":
            return await self._unsandboxed(kw, "the sandbox is switched off")
        if self._slot is None and sandboxing.running_as_root():
            self._slot = _claim_slot()
        python = self._kernel_python()
        environment = self._environment(python)
        uid = _slot_uid(self._slot)
        probe = self._probe(environment, uid)
        if not probe.ok:
            if self.sandbox == "on":
                raise SandboxUnavailable(f"the grading sandbox cannot start: {probe.reason}")
            return await self._unsandboxed(kw, probe.reason)
        self._warm(python)

        self.transport = "ipc"
        self.ip = f"{sandboxing.RUNTIME}/kernel"
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        host_connection_file = os.path.realpath(self.connection_file)
        kernel_cmd = [sandboxing.CONNECTION_FILE if arg == host_connection_file else arg
                      for arg in kernel_cmd]
        connection_read, connection_write = os.pipe()
        with os.fdopen(connection_write, "w") as pipe:
            pipe.write(Path(self.connection_file).read_text())
        self._info_read, info_write = os.pipe()
        cache = self.cache()
        command = sandboxing.command(
            kernel_cmd, environment, self.limits(), sandboxing.kernel_environment(kw["env"]),
            work_files=_submission_files(kw.get("cwd")),
            warm_cache=cache if cache.is_dir() else None,
            connection_fd=connection_read, info_fd=info_write, **{**probe.options, "uid": uid})
        self._pipes_to_close = (connection_read, info_write)
        kw.update(pass_fds=self._pipes_to_close, cwd=tempfile.gettempdir())
        return command, kw

    def _kernel_python(self):
        """The Python the kernel spec starts, as format_kernel_cmd will resolve it."""
        program = self.kernel_spec.argv[0]
        if program in {"python", f"python{sys.version_info[0]}",
                       "python{}.{}".format(*sys.version_info[:2])}:
            return sys.executable
        return shutil.which(program) or program

    async def _unsandboxed(self, kw, reason):
        message = (f"kerasedu's grading sandbox is not in use ({reason}): this student's code "
                   "runs UNSANDBOXED, with the grader's permissions")
        self.log.warning(message)
        findings.note(findings.UNSANDBOXED, reason)
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        python = kernel_cmd[0]
        self._warm(python)
        kw["env"] = {**kw["env"], "NUMBA_CACHE_DIR": str(self.cache())}
        environment = sandboxing.Environment(python)
        return sandboxing.unsandboxed_command(kernel_cmd, environment, self.limits()), kw

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        sandboxed = bool(kw.get("pass_fds"))
        try:
            await super()._async_launch_kernel(kernel_cmd, **kw)
        except BaseException:
            if sandboxed:
                os.close(self._info_read)
            raise
        finally:
            for fd in getattr(self, "_pipes_to_close", ()):
                os.close(fd)
            self._pipes_to_close = ()
        if sandboxed:
            self._sandbox_pid = _read_sandbox_pid(self._info_read)
            # The kernel binds its sockets in the sandbox's /tmp; reach them from outside.
            self.ip = f"/proc/{self._sandbox_pid}/root{sandboxing.RUNTIME}/kernel"

    async def _async_interrupt_kernel(self):
        """A signal would reach bubblewrap, not the kernel: ask the kernel to interrupt
        itself."""
        if self._sandbox_pid is None:
            return await super()._async_interrupt_kernel()
        self._connect_control_socket()
        self.session.send(self._control_socket, self.session.msg("interrupt_request", {}))

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart=restart)
        if self._slot is not None and not restart:
            os.close(self._slot[0])
            self._slot = None

    # AsyncKernelManager binds these names to KernelManager's functions, not to overrides.
    interrupt_kernel = _async_interrupt_kernel
    cleanup_resources = _async_cleanup_resources


def sandbox_probe(python, course_root, limits):
    """Whether a sandbox for ``python``'s kernels starts on this machine (sandbox.Probe)."""
    slot = _claim_slot() if sandboxing.running_as_root() else None
    try:
        environment = sandboxing.Environment.of(python, [str(Path(course_root).resolve())])
        return sandboxing.probe(environment, limits, _slot_uid(slot))
    finally:
        if slot is not None:
            os.close(slot[0])


def _submission_files(folder):
    """The files and folders the kernel's working directory should hold: everything in the
    student's graded folder but the notebooks (the graded notebook holds the hidden tests)."""
    if not folder or not os.path.isdir(folder):
        return []
    return [Path(folder, name) for name in sorted(os.listdir(folder))
            if not name.endswith(".ipynb") and name != ".ipynb_checkpoints"]


def _read_sandbox_pid(fd, timeout=60):
    """The process id bubblewrap reports on its --info-fd, once the sandbox exists."""
    data = b""
    try:
        while select.select([fd], [], [], timeout)[0]:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            data += chunk
            try:
                return json.loads(data)["child-pid"]
            except ValueError:
                continue
    finally:
        os.close(fd)
    raise RuntimeError("the grading sandbox did not start (bubblewrap reported no process; "
                       "its error is in the log above)")


def _slot_folder():
    folder = Path(tempfile.gettempdir(), f"kerasedu-sandbox-slots-{os.geteuid()}")
    folder.mkdir(mode=0o700, exist_ok=True)
    info = folder.lstat()
    if folder.is_symlink() or info.st_uid != os.geteuid() or info.st_mode & 0o077:
        raise RuntimeError(f"{folder} must be a folder of this user's, closed to others")
    return folder


def _claim_slot(slots=4096):
    """(file descriptor, number) of a slot no other kernel of this machine holds: its lock file
    stays locked until the descriptor is closed, by us or by the process's end."""
    folder = _slot_folder()
    for number in range(slots):
        fd = os.open(folder / f"{number}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd, number
        except BlockingIOError:
            os.close(fd)
    raise RuntimeError(f"all {slots} sandbox slots are in use")


def _slot_uid(slot):
    return None if slot is None else sandboxing.SLOT_UID_BASE + slot[1]
