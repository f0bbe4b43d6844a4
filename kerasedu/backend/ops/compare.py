"""Comparisons and logic. Their results are booleans, which have no gradient."""

import numpy as np

from ..tensor import Tensor
from ._elementwise import promoted_values
from ._inputs import no_gradient, unpack


def _compare(function, symbol):
    def op(x1, x2):
        return Tensor(function(unpack(x1)[1], unpack(x2)[1]))
    op.__name__ = function.__name__
    op.__doc__ = f"Elementwise x1 {symbol} x2, as booleans (not differentiable)."
    return no_gradient(op)


equal = _compare(np.equal, "==")
not_equal = _compare(np.not_equal, "!=")
greater = _compare(np.greater, ">")
greater_equal = _compare(np.greater_equal, ">=")
less = _compare(np.less, "<")
less_equal = _compare(np.less_equal, "<=")
logical_and = _compare(np.logical_and, "and")
logical_or = _compare(np.logical_or, "or")
logical_xor = _compare(np.logical_xor, "xor (true where exactly one is true)")


@no_gradient
def logical_not(x):
    """Elementwise not, as booleans."""
    return Tensor(np.logical_not(unpack(x)[1]))


@no_gradient
def isnan(x):
    """True where x is NaN."""
    return Tensor(np.isnan(unpack(x)[1]))


@no_gradient
def isfinite(x):
    """True where x is neither infinite nor NaN."""
    return Tensor(np.isfinite(unpack(x)[1]))


@no_gradient
def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True where |x1 − x2| ≤ atol + rtol·|x2| (NaNs equal only with ``equal_nan``)."""
    (_, a), (_, b) = promoted_values(x1, x2)
    return Tensor(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))


@no_gradient
def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when :func:`isclose` holds everywhere (one boolean)."""
    return Tensor(np.all(isclose(x1, x2, rtol, atol, equal_nan).value))


@no_gradient
def isin(x1, x2, assume_unique=False, invert=False):
    """True where an element of x1 occurs anywhere in x2 (False with ``invert=True``)."""
    return Tensor(np.isin(unpack(x1)[1], unpack(x2)[1], assume_unique=assume_unique,
                          invert=invert))
