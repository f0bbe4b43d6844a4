"""Special functions numpy lacks, elementwise: the error function.

erf(x) = 2/sqrt(pi) * integral from 0 to x of exp(-t^2) dt, used by the exact GELU.
``x`` and ``out`` are flat arrays of the same length and dtype.
"""

import math

import numpy as np

from .registry import kernel


@kernel
def erf(out, x):
    """out[i] = erf(x[i]) for flat arrays ``x`` and ``out``."""
    for i in range(x.shape[0]):
        out[i] = math.erf(x[i])


_erf_ufunc = np.frompyfunc(math.erf, 1, 1)


@erf.numpy_twin
def _(out, x):
    out[...] = _erf_ufunc(x).astype(out.dtype)


@erf.examples
def _():
    return [(np.zeros(3, dt), np.array([-1.0, 0.0, 0.5], dt)) for dt in (np.float32, np.float64)]
