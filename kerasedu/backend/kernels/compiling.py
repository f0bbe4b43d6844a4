"""How a kernel's numba version is made, and what runs while it cannot be.

* :func:`dispatcher` wraps a kernel's loops in ``numba.njit(cache=True, nogil=True)`` once.
  Nothing is compiled then: numba compiles at the first call with new argument types, or loads
  the machine code from its on-disk cache. Where numba cannot write a cache at all (a read-only
  install, with ``NUMBA_CACHE_DIR`` and the home directory read-only too), numba refuses
  ``cache=True``; the kernel is then compiled in memory, once per session.
* :func:`call` runs a kernel's numba version. By default its first call compiles in the calling
  thread; a faster floor may change *when* compiling happens with :func:`use_compiler` (for
  example in another process, while the numpy twin serves the first calls: the compiler raises
  :class:`Deferred`, and its ``run_twin`` runs the twin in the kernel's place).
* Where numba cannot compile a kernel for some arguments, the twin runs for them instead.
* :func:`.registry.report` tells which implementation each kernel runs, and why.

None of this writes to stderr: numba's warnings during compilation are silenced, and what went
wrong is kept for :func:`.registry.report`.
"""

import threading
import warnings

_notes = {}                      # kernel name -> why it runs something else than usual
_in_memory = set()               # names of kernels numba cannot cache on disk here


class Deferred(Exception):
    """Raised by a compiler that will compile a kernel later: run the twin this time."""


class Unavailable(Exception):
    """numba cannot compile the kernel for these arguments: run the twin."""


_calling = threading.local()     # .deferrable: the call came through call(), which has a twin


class CompileOnFirstCall:
    """The kernel's first call with new argument types compiles it, in the calling thread."""

    def compile_for_call(self, kernel, compile_now, args):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return compile_now(*args)

    def run_twin(self, kernel, args):
        """Run ``kernel``'s twin in its place (for a compiler that raised :class:`Deferred`;
        one that compiles at the first call never does)."""
        return kernel.numpy(*args)

    def wait(self, timeout=None):
        """Nothing is ever left to compile later: True."""
        return True

    def compiled(self, kernel):
        """True once ``kernel`` has machine code for some arguments."""
        return kernel.dispatcher is not None and bool(kernel.dispatcher.overloads)

    def describe(self, kernel):
        """(implementation, why) for :func:`.registry.report`."""
        if self.compiled(kernel):
            return "numba", "compiled, or loaded from numba's cache"
        return "numba", "not called yet: compiles at its first call"

    def warmup(self, kernels):
        """Compile each kernel for its float32 example arguments, one after the other."""
        for k in kernels:
            for args in k.compiled_examples():
                call(k, args)

    def compile_ahead(self, kernels):
        """Compile ``kernels`` now, as :meth:`warmup` does (nothing here compiles later)."""
        self.warmup(kernels)


_INLINE = CompileOnFirstCall()
_compiler = [_INLINE]


def use_compiler(compiler):
    """Make ``compiler`` decide when kernels compile (see :class:`CompileOnFirstCall`)."""
    _compiler[0] = compiler


def current_compiler():
    """The compiler in use."""
    return _compiler[0]


def dispatcher(kernel):
    """numba's compiled function for ``kernel``, made on first use (numba is imported then)."""
    if kernel.dispatcher is None:
        import numba
        from numba.core.errors import NumbaError
        options = dict(nogil=True, **kernel.options)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                compiled = numba.njit(cache=True, **options)(kernel.python_loops)
            except RuntimeError as error:           # no writable place for numba's cache
                compiled = numba.njit(**options)(kernel.python_loops)
                _in_memory.add(kernel.name)
                _notes[kernel.name] = (f"numba cannot cache it here ({error}): compiled in "
                                       f"memory in each session")
        compile_now = compiled._compile_for_args
        refused = set()

        def compile_for_call(*args):
            # numba calls this when no machine code fits the arguments' types yet.
            types = tuple(compiled.typeof_pyval(a) for a in args)
            if types in refused:
                raise Unavailable(kernel.name)
            compiler = _compiler[0]
            if not getattr(_calling, "deferrable", False):
                compiler = _INLINE                  # k.numba(...) asked for machine code now
            try:
                return compiler.compile_for_call(kernel, compile_now, args)
            except NumbaError as error:
                refused.add(types)
                _notes[kernel.name] = (f"numba could not compile it for {types} "
                                       f"({type(error).__name__}); its twin runs for those")
                raise Unavailable(kernel.name) from None
        compiled._compile_for_args = compile_for_call
        kernel.dispatcher = compiled
    return kernel.dispatcher


def call(kernel, args):
    """``kernel``'s numba version on ``args`` (its twin while that cannot run)."""
    compiled = kernel.dispatcher or dispatcher(kernel)
    _calling.deferrable = True
    try:
        return compiled(*args)
    except Deferred:
        return _compiler[0].run_twin(kernel, args)
    except Unavailable:
        return kernel.numpy(*args)
    finally:
        _calling.deferrable = False


def cached_on_disk(kernel):
    """True when ``kernel``'s machine code goes to numba's on-disk cache (False where numba
    cannot write one: it is compiled in memory, for this process alone)."""
    dispatcher(kernel)
    return kernel.name not in _in_memory


def note(kernel_name, reason):
    """Record why ``kernel_name`` runs what it runs (shown by :func:`.registry.report`)."""
    _notes[kernel_name] = reason


def notes():
    """{kernel name: why it runs something else than usual}."""
    return dict(_notes)
