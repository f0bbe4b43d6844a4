"""Compiling kernels in another process, while their numpy twins serve the first calls.

numba compiles a kernel the first time it meets new argument types, and the loops through time
of the recurrent layers take seconds of processor time each. Done in the calling thread, that
is a wait at the first training step of a fresh install. Here that call runs the kernel's numpy
twin instead (the same results), and one background thread sees to the kernel:

1. if the kernel is in numba's on-disk cache, the call loads it from there (milliseconds) and
   runs it, without the thread: with a warm cache, every call runs compiled code, and two runs
   of one seeded training give the same numbers;
2. if not, the thread sends it to a compiling process (:mod:`.compile_server`), which puts it
   in that cache, and then loads it from there. The process runs beside the student's work, on
   another core. Compiling in this process instead, even on a thread of its own, would slow the
   student's cells: numba's compiler is mostly Python, and holds Python's lock (GIL) while it
   works, so a short chapter ran half as long again while its pooling kernels compiled
   (``benchmarks/bench_cold_start.py`` measures it);
3. the thread compiles the kernel itself only where numba cannot write a cache at all (a
   read-only install) or the process fails: then it compiles in memory.

The process compiles one kernel at a time, and the thread chooses which: among the kernels
waiting, the one whose twin has taken the most time so far (:meth:`BackgroundCompiler.run_twin`
keeps the count) for each kernel its compiling compiles, itself and those it calls (numba
compiles a kernel's callees again inside it, so that count measures its cost); the earliest
asked for among equals. A kernel a training loop calls at every step goes before one a cell
called once, and a small kernel called often is not left waiting behind a long one.

numba's own warnings (their category only) are silenced for the process once the thread
starts, so that nothing reaches stderr.

:meth:`BackgroundCompiler.warmup` (``python -m kerasedu warmup``) compiles every kernel ahead of
time instead, in one process per core, and leaves the machine code in numba's cache.
"""

import itertools
import threading
import time
import warnings

from ..backend.kernels import compiling
from . import parallel_warmup
from .compile_server import CompileServer


class _WouldCompile(Exception):
    """Raised inside numba to stop a compile during the thread's loading pass."""


class BackgroundCompiler:
    """Defers compiling to one background thread; see the module docstring."""

    def __init__(self):
        self._lock = threading.Condition()
        # (kernel name, argument types) -> (kernel, order asked, kernels its compiling compiles)
        self._queued = {}
        self._waiting = set()          # ... asked for and not done: queued or being compiled
        self._failed = set()           # ... that numba could not compile
        self._twin_seconds = {}        # kernel name -> time its twin ran while it waited
        self._order = itertools.count()
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
        self._ask(kernel, types)
        raise compiling.Deferred(kernel.name)

    def compile_ahead(self, kernels):
        """Ask for ``kernels`` now, for their float32 example arguments, as their first calls
        would, and return at once: each is loaded from the cache, or queued for compiling."""
        for kernel in kernels:
            dispatcher = compiling.dispatcher(kernel)
            for args in kernel.compiled_examples():
                types = tuple(dispatcher.typeof_pyval(a) for a in args)
                if types not in dispatcher.overloads and not self._load_now(kernel, types):
                    self._ask(kernel, types)

    def _ask(self, kernel, types):
        """Queue ``kernel`` for ``types`` (once), and start the thread if it is not running."""
        key = (kernel.name, types)
        with self._lock:
            if key not in self._waiting:
                self._waiting.add(key)
                size = 1 + len(parallel_warmup.kernels_below(kernel))
                self._queued[key] = (kernel, next(self._order), size)
                self._lock.notify()
                if self._thread is None:
                    self._thread = threading.Thread(target=self._serve, daemon=True,
                                                    name="kerasedu-compile")
                    self._thread.start()

    def run_twin(self, kernel, args):
        """Run ``kernel``'s twin in its place, and count the time it took."""
        start = time.perf_counter()
        try:
            return kernel.numpy(*args)
        finally:
            spent = time.perf_counter() - start
            self._twin_seconds[kernel.name] = self._twin_seconds.get(kernel.name, 0.0) + spent

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

    def _first_queued(self):
        """The kernel asked for first among those queued; waits for one."""
        with self._lock:
            while not self._queued:
                self._lock.wait()
            return min(self._queued.values(), key=lambda item: item[1])[0]

    def _next(self):
        """The queued (kernel, types) whose twin has cost the most for each kernel it would
        compile."""
        def priority(key):
            kernel, order, size = self._queued[key]
            return self._twin_seconds.get(kernel.name, 0.0) / size, -order
        with self._lock:
            key = max(self._queued, key=priority)
            kernel, _, _ = self._queued.pop(key)
        return kernel, key[1]

    def _serve(self):
        self._start_listening()
        server = None
        while True:
            on_disk = compiling.cached_on_disk(self._first_queued())
            if on_disk and (server is None or not server.alive()):
                server = CompileServer.start()      # the queue grows while it starts
            kernel, types = self._next()
            if self._load(kernel, types, only=True):
                continue                       # another process put it in the cache
            if (on_disk and server is not None and server.compile(kernel.name, types)
                    and self._load(kernel, types, only=True)):
                continue
            self._load(kernel, types, only=False)

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
