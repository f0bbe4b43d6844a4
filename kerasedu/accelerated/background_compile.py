"""Compiling kernels on a thread of their own, while their numpy twins serve the first calls.

numba compiles a kernel the first time it meets new argument types, and the loops through time
of the recurrent layers take seconds of processor time each. Done in the calling thread, that
is a wait at the first training step of a fresh install. Here that call runs the kernel's numpy
twin instead (the same results), and one background thread compiles the kernel; the calls after
it has finished run the compiled kernel. In later sessions the thread loads the machine code
from numba's cache, in milliseconds, so only a kernel's very first call runs its twin.

The thread takes the kernels in the order they were first needed, and loads those already in
numba's cache before it compiles anything. numba's own warnings (their category only) are
silenced for the process once the thread starts, so that nothing reaches stderr.

:meth:`BackgroundCompiler.warmup` (``python -m kerasedu warmup``) compiles every kernel ahead of
time instead, in one process per core, and leaves the machine code in numba's cache.
"""

import os
import queue
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from ..backend.kernels import compiling


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
        self._loading_only = threading.local()

    # ------------------------------------------------------------------ the calling thread

    def compile_for_call(self, kernel, compile_now, args):
        types = tuple(kernel.dispatcher.typeof_pyval(a) for a in args)
        key = (kernel.name, types)
        if key in self._failed:
            raise compiling.Unavailable(kernel.name)
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

    # ------------------------------------------------------------------ the background thread

    def _serve(self):
        import warnings
        from numba.core import event
        from numba.core.errors import NumbaWarning
        warnings.filterwarnings("ignore", category=NumbaWarning)
        event.register("numba:compile", _stop_compiling(self._loading_only))
        while True:
            batch = [self._requests.get()]
            while not self._requests.empty():
                batch.append(self._requests.get())
            left = [item for item in batch if not self._load(*item, only=True)]
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

    def warmup(self, kernels, dtypes=("float32",)):
        """Compile every kernel for its example arguments of ``dtypes``, one process per core;
        numba's cache keeps the results. The kernels other kernels call come first, so that
        the loops through time (the longest compiles) find them in the cache."""
        names = [k.name for k in kernels]
        loops = [name for name in names if name.endswith("_sequence")]
        workers = max(1, min(len(names), os.cpu_count() or 1))
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            for group in ([n for n in names if n not in loops], loops):
                for name, error in pool.map(_compile_examples, group, [dtypes] * len(group)):
                    if error:
                        compiling.note(name, error)


def _compile_examples(name, dtypes):
    """In a warm-up process: compile the kernel ``name`` for its examples whose arrays are of
    ``dtypes`` (returns the name and None, or an error)."""
    import warnings
    from kerasedu.backend.kernels import registered_kernels
    kernel = registered_kernels()[name]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for args in kernel.example_arguments():
                if not _of_dtypes(args, dtypes):
                    continue
                compiling.dispatcher(kernel)
                kernel.dispatcher.compile(tuple(kernel.dispatcher.typeof_pyval(a)
                                                for a in args))
    except Exception as error:
        return name, f"numba could not compile it ({type(error).__name__}: {error})"
    return name, None


def _of_dtypes(args, dtypes):
    """True when every float array among ``args`` has one of ``dtypes``."""
    return all(str(a.dtype) in dtypes for a in args
               if hasattr(a, "dtype") and a.dtype.kind == "f")


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
