"""Comparisons and logic. Their results are booleans, which have no gradient."""

import numpy as np

from ..tensor import Tensor
from ._inputs import unpack


def _compare(function, symbol):
    def op(x1, x2):
        return Tensor(function(unpack(x1)[1], unpack(x2)[1]))
    op.__name__ = function.__name__
    op.__doc__ = f"Elementwise x1 {symbol} x2, as booleans (not differentiable)."
    return op


equal = _compare(np.equal, "==")
not_equal = _compare(np.not_equal, "!=")
greater = _compare(np.greater, ">")
greater_equal = _compare(np.greater_equal, ">=")
less = _compare(np.less, "<")
less_equal = _compare(np.less_equal, "<=")
logical_and = _compare(np.logical_and, "and")
logical_or = _compare(np.logical_or, "or")


def logical_not(x):
    """Elementwise not, as booleans."""
    return Tensor(np.logical_not(unpack(x)[1]))


def isnan(x):
    """True where x is NaN."""
    return Tensor(np.isnan(unpack(x)[1]))


def isfinite(x):
    """True where x is neither infinite nor NaN."""
    return Tensor(np.isfinite(unpack(x)[1]))
