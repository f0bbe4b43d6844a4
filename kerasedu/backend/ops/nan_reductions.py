"""Reductions that skip NaN: nansum, nanmean, nanmax, ..., as if the NaNs were not there.

Each replaces NaN by the neutral value of its reduction and reduces as usual:

    nansum: 0     nanprod: 1     nanmax: −inf     nanmin: +inf
    nanmean = nansum / (number of non-NaN values);   nanvar, nanstd from nanmean

so the gradient reaches every value that is not NaN and never a NaN. A slice that holds only
NaN gives NaN for nanmax, nanmin, nanmean, nanvar, nanstd and the quantiles, and 0 (1) for
nansum (nanprod), as in numpy.
"""

import numpy as np

from ..tensor import Tensor
from ._inputs import no_gradient, normalize_axis, tensor_of, unpack
from .math import divide, sqrt, square, subtract, where
from .reduction import cumprod, cumsum, max as max_, min as min_, prod, sum as sum_
from .statistics import as_float, quantiles


def _without_nan(x, fill):
    """(x with NaN replaced by ``fill``, the mask of NaNs)."""
    x = tensor_of(x)
    nan = np.isnan(x.value) if x.dtype.kind in "fc" else np.zeros(x.shape, bool)
    return where(nan, np.asarray(fill, x.dtype), x), nan


def nansum(x, axis=None, keepdims=False):
    """Σ over ``axis`` of the values that are not NaN."""
    return sum_(_without_nan(x, 0)[0], axis=axis, keepdims=keepdims)


def nanprod(x, axis=None, keepdims=False):
    """Product over ``axis`` of the values that are not NaN."""
    return prod(_without_nan(x, 1)[0], axis=axis, keepdims=keepdims)


def _count(nan, axis, keepdims):
    return np.sum(~nan, axis=normalize_axis(axis, nan.ndim), keepdims=keepdims)


def nanmean(x, axis=None, keepdims=False):
    """The mean over ``axis`` of the values that are not NaN."""
    filled, nan = _without_nan(as_float(x), 0)
    count = _count(nan, axis, keepdims).astype(filled.dtype)
    with np.errstate(invalid="ignore", divide="ignore"):
        return divide(sum_(filled, axis=axis, keepdims=keepdims), count)


def nanvar(x, axis=None, keepdims=False):
    """The variance over ``axis`` of the values that are not NaN (divided by their count)."""
    x = as_float(x)
    filled, nan = _without_nan(x, 0)
    centered = where(nan, 0.0, subtract(filled, nanmean(x, axis=axis, keepdims=True)))
    count = _count(nan, axis, keepdims).astype(x.dtype)
    with np.errstate(invalid="ignore", divide="ignore"):
        return divide(sum_(square(centered), axis=axis, keepdims=keepdims), count)


def nanstd(x, axis=None, keepdims=False):
    """√nanvar: the standard deviation of the values that are not NaN."""
    return sqrt(nanvar(x, axis=axis, keepdims=keepdims))


def _nan_extreme(x, axis, keepdims, reduce, fill):
    x = tensor_of(x)
    if x.dtype.kind not in "fc":                 # integers and booleans hold no NaN
        return reduce(x, axis=axis, keepdims=keepdims)
    filled, nan = _without_nan(x, fill)
    out = reduce(filled, axis=axis, keepdims=keepdims)
    empty = np.all(nan, axis=normalize_axis(axis, nan.ndim), keepdims=keepdims)
    return where(empty, np.asarray(np.nan, out.dtype), out) if empty.any() else out


def nanmax(x, axis=None, keepdims=False):
    """The largest value over ``axis`` that is not NaN."""
    return _nan_extreme(x, axis, keepdims, max_, -np.inf)


def nanmin(x, axis=None, keepdims=False):
    """The smallest value over ``axis`` that is not NaN."""
    return _nan_extreme(x, axis, keepdims, min_, np.inf)


def _nan_arg(function, fill):
    def op(x, axis=None, keepdims=False):
        value = np.asarray(unpack(x)[1])
        if value.dtype.kind not in "fc":
            return Tensor(np.asarray(function(value, axis=axis, keepdims=keepdims)))
        nan = np.isnan(value)
        result = function(np.where(nan, fill, value), axis=axis, keepdims=keepdims)
        empty = np.all(nan, axis=axis, keepdims=keepdims)
        return Tensor(np.asarray(np.where(empty, -1, result)))
    return no_gradient(op)


nanargmax = _nan_arg(np.argmax, -np.inf)
nanargmax.__name__ = "nanargmax"
nanargmax.__doc__ = ("The index of the largest value along ``axis``, NaN skipped (−1 where "
                     "all are NaN). Integers: not differentiable.")
nanargmin = _nan_arg(np.argmin, np.inf)
nanargmin.__name__ = "nanargmin"
nanargmin.__doc__ = ("The index of the smallest value along ``axis``, NaN skipped (−1 where "
                     "all are NaN). Integers: not differentiable.")


def nancumsum(x, axis=None, dtype=None):
    """Running sum along ``axis`` with NaN counted as 0."""
    return cumsum(_without_nan(x, 0)[0], axis=axis, dtype=dtype)


def nancumprod(x, axis=None, dtype=None):
    """Running product along ``axis`` with NaN counted as 1."""
    return cumprod(_without_nan(x, 1)[0], axis=axis, dtype=dtype)


def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    """quantile() of the values that are not NaN (NaN where a slice has none)."""
    return quantiles(x, q, axis, method, keepdims, ignore_nan=True, name="nanquantile")


def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    """percentile() of the values that are not NaN."""
    return quantiles(x, q, axis, method, keepdims, ignore_nan=True, name="nanpercentile",
                     per=100)


def nanmedian(x, axis=None, keepdims=False):
    """median() of the values that are not NaN."""
    return quantiles(x, 0.5, axis, "linear", keepdims, ignore_nan=True, name="nanmedian")
