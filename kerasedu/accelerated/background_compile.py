"""Compiling kernels in another process, while their numpy twins serve the first calls.

numba compiles a kernel the first time it meets new argument types, and the loops through time
of the recurrent layers take seconds of processor time each. Done in the calling thread, that
is a wait at the first training step of a fresh install. Here that call runs the kernel's numpy
twin instead (the same results), and one background thread sees to the kernel:

1. if the kernel is in numba's on-disk cache, the call loads it from there (milliseconds) and
   runs it, without the thread: with a warm cache, every call runs compiled code, and two runs
   of one seeded training give the same numbers;
2. if not, it starts a Python process that compiles the kernel into that cache, and waits for
   it; then it loads the kernel from the cache. That compiler runs beside the student's work,
   on another core, and finishes, for the next session, even when this one ends first.
   Compiling in this process instead, even on a thread of its own, would slow the student's
   cells: numba's compiler is mostly Python, and holds Python's lock (GIL) while it works, so
   a short chapter ran half as long again while its pooling kernels compiled
   (``benchmarks/bench_cold_start.py`` measures it);
3. the thread compiles the kernel itself only where numba cannot write a cache at all (a
   read-only install) or that process fails: then it compiles in memory.

The calls after that run the compiled kernel. The thread takes the kernels in the order they
were first needed, a batch of them at a time. numba's own warnings (their category only) are
silenced for the process once the thread starts, so that nothing reaches stderr; the compiling
process writes nowhere the student sees.

:meth:`BackgroundCompiler.warmup` (``python -m kerasedu warmup``) compiles every kernel ahead of
time instead, in one process per core, and leaves the machine code in numba's cache.
"""

import os
import pickle
import queue
import subprocess
import sys
import threading
import time
import warnings

from ..backend.kernels import compiling, registered_kernels
from . import parallel_warmup


class _WouldCompile(Exception):
    """Raised inside numba to stop a compile during the thread's loading pass."""


class BackgroundCompiler:
    """Defers compiling to one background thread; see the module docstring."""

    def __init__(self):
        self._requests = queue.SimpleQueue()
        self._waiting = set()          # (kernel name, argument types) asked for, not done yet
        self._failed = set()           # ... that numba could not compile
        self._lock = threading.Lock()
        self._thread = None
        self._listening = False
        self._loading_only = threading.local()

    # ------------------------------------------------------------------ the calling thread

    def compile_for_call(self, kernel, compile_now, args):
        types = tuple(kernel.dispatcher.typeof_pyval(a) for a in args)
        key = (kernel.name, types)
        if key in self._failed:
            raise compiling.Unavailable(kernel.name)
        if key not in self._waiting and self._load_now(kernel, types):
            return compile_now(*args)       # finds the machine code just loaded
        with self._lock:
            if key not in self._waiting:
                self._waiting.add(key)
                self._requests.put((kernel, types))
                if self._thread is None:
                    self._thread = threading.Thread(target=self._serve, daemon=True,
                                                    name="kerasedu-compile")
                    self._thread.start()
        raise compiling.Deferred(kernel.name)

    def compiled(self, kernel):
        return kernel.dispatcher is not None and bool(kernel.dispatcher.overloads)

    def describe(self, kernel):
        """(implementation, why) for :func:`kerasedu.backend.kernels.report`."""
        waiting = any(name == kernel.name for name, _ in list(self._waiting))
        if waiting and not self.compiled(kernel):
            return ("numpy twin", "being compiled in the background; its numpy twin runs "
                                  "until then")
        if waiting:
            return ("numba", "compiled for some argument types; being compiled in the "
                             "background for others (their numpy twin runs until then)")
        if self.compiled(kernel):
            return "numba", "compiled, or loaded from numba's cache"
        return "numba", "not called yet: compiled in the background at its first call"

    def wait(self, timeout=60.0, poll=0.01):
        """Block until every kernel asked for is compiled or loaded (for tests, benchmarks and
        demonstrations); True when nothing is left waiting."""
        deadline = time.monotonic() + timeout
        while self._waiting and time.monotonic() < deadline:
            time.sleep(poll)
        return not self._waiting

    def _load_now(self, kernel, types):
        """Load ``kernel`` for ``types`` from numba's cache in the calling thread, when it is
        there (milliseconds); True when done. Then its first call already runs the compiled
        kernel, as every later one does: the twin's results differ from it by rounding, so
        switching from one to the other at a moment set by the thread's timing would make two
        runs of the same seeded training differ."""
        self._start_listening()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self._load(kernel, types, only=True)

    def _start_listening(self):
        """Once: numba's warnings silenced, and the listener that stops compiles while only
        loading is wanted."""
        with self._lock:
            if not self._listening:
                from numba.core import event
                from numba.core.errors import NumbaWarning
                warnings.filterwarnings("ignore", category=NumbaWarning)
                event.register("numba:compile", _stop_compiling(self._loading_only))
                self._listening = True

    # ------------------------------------------------------------------ the background thread

    def _serve(self):
        self._start_listening()
        while True:
            batch = [self._requests.get()]
            while not self._requests.empty():
                batch.append(self._requests.get())
            left = [item for item in batch if not self._load(*item, only=True)]
            if left and compile_in_a_process(left):
                left = [item for item in left if not self._load(*item, only=True)]
            for item in left:
                self._load(*item, only=False)

    def _load(self, kernel, types, only):
        """Load (``only``) or compile ``kernel`` for ``types``; True when done with it."""
        self._loading_only.active = only
        try:
            kernel.dispatcher.compile(types)
        except _WouldCompile:
            return False
        except Exception as error:             # numba cannot compile it: the twin stays
            self._failed.add((kernel.name, types))
            compiling.note(kernel.name, f"numba could not compile it for {types} "
                                        f"({type(error).__name__}); its twin runs for those")
        finally:
            self._loading_only.active = False
        self._waiting.discard((kernel.name, types))
        return True

    # ------------------------------------------------------------------ warm-up

    def warmup(self, kernels):
        """Compile every kernel for its float32 example arguments ahead of time, one process
        per core (:mod:`.parallel_warmup`); numba's cache keeps the results."""
        parallel_warmup.warmup(kernels)


def compile_in_a_process(requests):
    """Compile ``requests``, [(kernel, argument types)], into numba's cache in a new Python
    process, and wait for it; True when it succeeded. False, with nothing done, when a kernel
    cannot be cached on disk (only this process could use it)."""
    if not sys.executable or not all(compiling.cached_on_disk(k) for k, _ in requests):
        return False
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "KERASEDU_BACKGROUND_COMPILE": "0",
           "PYTHONPATH": root if not path else root + os.pathsep + path}
    command = [sys.executable, "-c", "from kerasedu.accelerated.background_compile import "
                                     "compile_requests; compile_requests()"]
    try:
        done = subprocess.run(command, input=pickle.dumps([(k.name, t) for k, t in requests]),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    except OSError:
        return False
    return done.returncode == 0


def compile_requests():
    """In the process :func:`compile_in_a_process` starts: compile the pickled [(kernel name,
    argument types)] read from standard input."""
    kernels = registered_kernels()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, types in pickle.load(sys.stdin.buffer):
            compiling.dispatcher(kernels[name]).compile(types)


def _stop_compiling(loading_only):
    """A numba event listener that stops a compile while the background thread only loads."""
    from numba.core import event

    class StopCompiling(event.Listener):
        def on_start(self, _):
            if getattr(loading_only, "active", False):
                raise _WouldCompile()

        def on_end(self, _):
            pass
    return StopCompiling()
