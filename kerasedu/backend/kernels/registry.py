"""Kernels: a numba loop and its plain-numpy twin behind one name.

A kernel is written twice. The numba version is a plain Python function of loops, compiled with
``numba.njit(cache=True)`` the first time it is called (never at import), so its machine code lands
in numba's on-disk cache and later sessions load it instead of compiling (:mod:`.compiling`).
The numpy twin has the same signature and computes the same result with array operations; tests
hold the two equal.

Which one runs is decided at every call:

* ``KERASEDU_KERNELS=numpy`` (environment variable) selects the twins
  (:func:`active_implementation`);
* so does numba not being importable;
* a call with float64 arrays runs the twin: float64 is the dtype of checking (gradient checks,
  the graders' checks) on small arrays, where the twin is exact and fast enough, so numba
  compiles each kernel for float32, the library's dtype, alone;
* otherwise the numba version runs (or, where numba cannot compile a kernel, its twin:
  :func:`report` says which kernels run and why).

Example::

    @kernel
    def scale_rows(out, x, factors):          # numba body: explicit loops
        for i in range(x.shape[0]):
            for j in range(x.shape[1]):
                out[i, j] = x[i, j] * factors[i]

    @scale_rows.numpy_twin
    def _(out, x, factors):                   # numpy body: the same contract
        out[...] = x * factors[:, None]

    @scale_rows.examples
    def _():                                  # small arguments, one tuple per signature
        return [(np.zeros((2, 3), dt), np.ones((2, 3), dt), np.ones(2, dt))
                for dt in (np.float32, np.float64)]
"""

import importlib.util
import os
import sys

import numpy as np

from . import compiling

_REGISTRY = {}
_FLOAT64 = np.dtype("float64")      # arrays of it run the twins (see the list above)


def numba_available():
    """True when numba can be imported (it is not imported here)."""
    if "numba" in sys.modules:
        return sys.modules["numba"] is not None
    return importlib.util.find_spec("numba") is not None


def active_implementation():
    """'numba' or 'numpy': the implementation kernels use right now."""
    choice = os.environ.get("KERASEDU_KERNELS")
    if choice is None:
        return "numba" if numba_available() else "numpy"
    choice = choice.strip().lower()
    if choice not in ("numba", "numpy"):
        raise ValueError(
            f"KERASEDU_KERNELS must be 'numba' or 'numpy', received {choice!r}. "
            "Unset it to use numba when it is installed.")
    if choice == "numba" and numba_available():
        return "numba"
    return "numpy"


class Kernel:
    """One named kernel: ``python_loops`` (compiled by numba on demand) and ``numpy``."""

    def __init__(self, python_loops, *, error_model="python", fastmath=False):
        self.name = python_loops.__name__
        self.python_loops = python_loops
        self.options = dict(error_model=error_model, fastmath=fastmath)
        self.numpy = None
        self.example_arguments = None
        self.dispatcher = None          # numba's compiled function, made on first use
        self.__doc__ = python_loops.__doc__

    def numpy_twin(self, function):
        """Decorator registering the plain-numpy implementation with the same signature."""
        self.numpy = function
        return self

    def examples(self, function):
        """Decorator registering a function that returns a list of small argument tuples.

        Warm-up compiles the kernel for each float32 tuple (one per signature that the
        library uses), and the twin-equality tests run both implementations on every tuple
        (float64 ones too, where the two agree to tighter tolerances).
        """
        self.example_arguments = function
        return self

    def compiled_examples(self):
        """The example argument tuples that numba runs: those without float64 arrays."""
        return [args for args in self.example_arguments() if not _has_float64(args)]

    @property
    def numba(self):
        """The numba-compiled function (compiled, or loaded from the cache, at its first call)."""
        return compiling.dispatcher(self)

    @property
    def _numba_type_(self):
        """How numba sees this kernel inside another kernel: as its compiled function, so a
        kernel may call another kernel (compiled on first use, then inlined by the compiler)."""
        from numba.core import types
        return types.Dispatcher(self.numba)

    def __call__(self, *args):
        if active_implementation() == "numba" and not _has_float64(args):
            return compiling.call(self, args)
        return self.numpy(*args)

    def __repr__(self):
        return f"<Kernel {self.name!r}>"


def _has_float64(args):
    """True when one of ``args`` is a float64 array: the call runs the twin."""
    return any(isinstance(a, np.ndarray) and a.dtype == _FLOAT64 for a in args)


def kernel(python_loops=None, *, error_model="python", fastmath=False):
    """Register ``python_loops`` as a kernel; attach its twin with ``@k.numpy_twin``.

    ``error_model="numpy"`` compiles float division without numba's ZeroDivisionError check
    (x / 0 gives inf, as in numpy), which lets loops that divide be vectorized (SIMD).
    ``fastmath`` is passed to numba: ``{"reassoc", "contract"}`` lets the compiler regroup a sum
    (a + b) + c = a + (b + c), which vectorizes a loop that accumulates into one total, and fuse
    a multiply-add; results then differ from strict left-to-right order by rounding only.
    """
    def register(function):
        if function.__name__ in _REGISTRY:
            raise ValueError(f"A kernel named {function.__name__!r} is already registered.")
        k = Kernel(function, error_model=error_model, fastmath=fastmath)
        _REGISTRY[k.name] = k
        return k
    return register(python_loops) if python_loops is not None else register


def registered_kernels():
    """Every kernel registered so far, by name (``import kerasedu`` registers them all)."""
    return dict(_REGISTRY)


def report():
    """{kernel name: (implementation, why)}: which version of each kernel runs now.

    The implementation is 'numba' or 'numpy twin'. A kernel that has not run yet reports what
    its next call will use.
    """
    choice, notes = active_implementation(), compiling.notes()
    compiler = compiling.current_compiler()
    result = {}
    for name, k in sorted(_REGISTRY.items()):
        if choice == "numpy":
            result[name] = ("numpy twin", "numba is not installed" if not numba_available()
                            else "KERASEDU_KERNELS=numpy selects the twins")
        elif name in notes:
            result[name] = ("numba" if compiler.compiled(k) else "numpy twin", notes[name])
        else:
            result[name] = compiler.describe(k)
    return result


def warmup():
    """Compile every registered kernel for its float32 example arguments (``python -m kerasedu
    warmup``), so that later sessions load them from numba's cache. False when the twins are in
    use (nothing to compile)."""
    if active_implementation() != "numba":
        return False
    compiling.current_compiler().warmup([k for _, k in sorted(_REGISTRY.items())])
    return True


def compile_ahead(*names):
    """Ask for the kernels ``names`` now, for their float32 example arguments, as their first
    calls would: a program that knows which kernels it will need has them compiled (or loaded
    from numba's cache) before it calls them. With the speed floor's background compiler it
    returns at once and the compiling happens in another process; otherwise it compiles them
    here and now. False when the twins are in use (nothing to compile)."""
    if active_implementation() != "numba":
        return False
    unknown = [name for name in names if name not in _REGISTRY]
    if unknown:
        raise ValueError(f"compile_ahead: no kernel is registered as {', '.join(map(repr, unknown))}"
                       f"; registered_kernels() lists them.")
    compiling.current_compiler().compile_ahead([_REGISTRY[name] for name in names])
    return True


def wait_until_compiled(timeout=60.0):
    """Block until every kernel called so far runs compiled (a compiler that works in the
    background may still be busy); True when none is left waiting. Benchmarks call it after a
    warm-up call, so that they time the compiled kernels."""
    return compiling.current_compiler().wait(timeout)
