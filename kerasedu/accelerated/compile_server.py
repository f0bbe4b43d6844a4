"""A Python process that compiles kernels into numba's on-disk cache, one at a time, on request.

:class:`CompileServer` starts it and talks to it through two pipes: it writes one request,
``(kernel name, argument types)`` pickled, to the process's standard input, and reads one line
back, ``ok`` or ``failed``, when that kernel's machine code is in the cache. The process stays
up between requests, so a session pays Python's and numba's start-up (about a second) once,
and each kernel is ready, and loaded by the caller, as soon as it is compiled, not when a
whole batch is.

The process ends when its standard input closes: when the session that started it ends, it
finishes the kernel it is compiling, for the next session, and exits. It writes nowhere the
student sees: its standard error goes to the null device, and anything printed while compiling
goes there too, so that the replies are the only thing on the pipe.
"""

import os
import pickle
import subprocess
import sys
import warnings

from ..backend.kernels import compiling, registered_kernels

_COMMAND = "from kerasedu.accelerated.compile_server import serve; serve()"


class CompileServer:
    """The caller's side: start the process, send it kernels, learn when each is compiled."""

    def __init__(self, process):
        self._process = process

    @classmethod
    def start(cls):
        """A server ready for requests (its imports done), or None when no Python process can
        be started here."""
        if not sys.executable:
            return None
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "KERASEDU_BACKGROUND_COMPILE": "0",
               "PYTHONPATH": root if not path else root + os.pathsep + path}
        try:
            process = subprocess.Popen([sys.executable, "-c", _COMMAND], env=env,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=subprocess.DEVNULL)
            ready = process.stdout.readline() == b"ready\n"
        except OSError:
            return None
        return cls(process) if ready else None

    def compile(self, kernel_name, types):
        """Compile ``kernel_name`` for ``types`` (numba types) into the cache and wait for it;
        True when it is there. False when numba failed, or the process is gone."""
        try:
            pickle.dump((kernel_name, types), self._process.stdin)
            self._process.stdin.flush()
            reply = self._process.stdout.readline()
        except (OSError, ValueError, pickle.PicklingError):
            return False
        return reply == b"ok\n"

    def alive(self):
        """True while the process runs."""
        return self._process.poll() is None


def serve():
    """In the server process: compile each request read from standard input, reply to each."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, sys.stdout.fileno())          # stray prints cannot reach the replies
    kernels = registered_kernels()
    import numba                                 # numba's start-up, before the first request
    replies.write(b"ready\n")
    replies.flush()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        while True:
            try:
                name, types = pickle.load(sys.stdin.buffer)
            except (EOFError, pickle.UnpicklingError):
                return
            try:
                compiling.dispatcher(kernels[name]).compile(types)
                replies.write(b"ok\n")
            except Exception:
                replies.write(b"failed\n")
            try:
                replies.flush()
            except OSError:                      # the session ended: the cache has the kernel
                return
