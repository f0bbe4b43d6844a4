"""Kernels: a numba loop and its plain-numpy twin behind one name.

A kernel is written twice. The numba version is a plain Python function of loops, compiled with
``numba.njit(cache=True)`` the first time it is called (never at import), so its machine code lands
in numba's on-disk cache and later sessions load it instead of compiling. The numpy twin has the
same signature and computes the same result with array operations; tests hold the two equal.

Which one runs is decided per call by :func:`active_implementation`:

* ``KERASEDU_KERNELS=numpy`` (environment variable) selects the twins;
* so does numba not being importable;
* otherwise the numba version runs.

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
    def _():                                  # small arguments, one tuple per dtype signature
        return [(np.zeros((2, 3), dt), np.ones((2, 3), dt), np.ones(2, dt))
                for dt in (np.float32, np.float64)]
"""

import importlib.util
import os
import sys

import numpy as np

_REGISTRY = {}


def numba_available():
    """True when numba can be imported (it is not imported here)."""
    if sys.modules.get("numba") is not None:
        return True
    return importlib.util.find_spec("numba") is not None


def _setting():
    """The value of KERASEDU_KERNELS, or None.

    Every kernel call asks, so that setting the variable takes effect at once. Through
    ``os.environ.get`` the question costs ~0.7 µs when the variable is unset (two exceptions are
    raised and caught inside), a few percent of a small model's training step; CPython's
    ``os.environ`` keeps its values in a plain dict, which answers in a tenth of that.
    """
    environ = os.environ
    data, encode = getattr(environ, "_data", None), getattr(environ, "encodekey", None)
    if data is None or encode is None:
        return environ.get("KERASEDU_KERNELS")
    raw = data.get(encode("KERASEDU_KERNELS"))
    return None if raw is None else environ.decodevalue(raw)


def active_implementation():
    """'numba' or 'numpy': the implementation kernels use right now."""
    choice = _setting()
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


_KERNEL_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def suits_flat_kernel(*arrays, smallest=0):
    """True when ``arrays`` are plain C-contiguous numpy arrays of one dtype, float32 or float64,
    and the first has at least ``smallest`` elements: what an elementwise kernel over flat
    arrays takes, on arrays large enough to repay its call (below that, numpy is as fast)."""
    dtype = arrays[0].dtype
    if dtype not in _KERNEL_FLOATS or arrays[0].size < smallest:
        return False
    for a in arrays:
        if type(a) is not np.ndarray or a.dtype != dtype or not a.flags.c_contiguous:
            return False
    return True


class Kernel:
    """One named kernel: ``python_loops`` (compiled by numba on demand) and ``numpy``."""

    def __init__(self, python_loops, *, parallel=False, error_model="python", fastmath=False):
        self.name = python_loops.__name__
        self.python_loops = python_loops
        self.parallel = parallel
        self.error_model = error_model
        self.fastmath = fastmath
        self.numpy = None
        self.example_arguments = None
        self._compiled = None
        self.__doc__ = python_loops.__doc__

    def numpy_twin(self, function):
        """Decorator registering the plain-numpy implementation with the same signature."""
        self.numpy = function
        return self

    def examples(self, function):
        """Decorator registering a function that returns a list of small argument tuples.

        Warm-up compiles the kernel for each tuple (one per dtype signature that the library
        uses), and the twin-equality tests run both implementations on them.
        """
        self.example_arguments = function
        return self

    @property
    def numba(self):
        """The numba-compiled function, compiled (or loaded from the cache) on first access."""
        if self._compiled is None:
            import numba
            self._compiled = numba.njit(cache=True, parallel=self.parallel, nogil=True,
                                        error_model=self.error_model,
                                        fastmath=self.fastmath)(self.python_loops)
        return self._compiled

    @property
    def _numba_type_(self):
        """How numba sees this kernel inside another kernel: as its compiled function, so a
        kernel may call another kernel (compiled on first use, then inlined by the compiler)."""
        from numba.core import types
        return types.Dispatcher(self.numba)

    def __call__(self, *args):
        if active_implementation() == "numba":
            return self.numba(*args)
        return self.numpy(*args)

    def __repr__(self):
        return f"<Kernel {self.name!r}>"


def kernel(python_loops=None, *, parallel=False, error_model="python", fastmath=False):
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
        k = Kernel(function, parallel=parallel, error_model=error_model, fastmath=fastmath)
        _REGISTRY[k.name] = k
        return k
    return register(python_loops) if python_loops is not None else register


def registered_kernels():
    """All kernels by name (importing the kernel modules first)."""
    from . import _all  # noqa: F401  (importing registers every kernel module)
    return dict(_REGISTRY)
