"""Order statistics, weighted means, correlation and counting.

    quantile(x, q)   the value below which a fraction q of x lies: sort x, then read position
                     p = q·(n − 1) (method "linear": interpolate between ⌊p⌋ and ⌈p⌉; "lower",
                     "higher", "midpoint": as numpy; "nearest": halfway goes to ⌊p⌋, as
                     Keras on JAX, where numpy rounds to the even position)
    median(x)        quantile(x, 0.5);   percentile(x, q) = quantile(x, q/100)
    average(x, w)    Σ w·x / Σ w along ``axis``
    ptp(x)           max − min ("peak to peak")
    corrcoef(x)      Pearson correlation between the rows of x (variables × observations)

These are written with differentiable ops (sort, gather, sums), so their gradients follow from
the chain rule: a quantile's gradient goes to the one or two sorted values it was read from.
Counting (histogram, bincount without weights, count_nonzero) gives integers: no gradient.
"""

import numpy as np

from .. import config
from ..autodiff import record
from ..tensor import Tensor
from ._inputs import (constant_argument, no_gradient, normalize_axis, tensor_of, unpack, value_of,
                      without_gradient)
from .dtypes import float_result_type
from .indexing import take_along_axis
from .math import add, cast, divide, multiply, subtract, sqrt, where
from .reduction import max as max_, mean, min as min_, sum as sum_
from .shape import broadcast_to, reshape, transpose
from .linalg import matmul

METHODS = ("linear", "lower", "higher", "midpoint", "nearest")


def as_float(x):
    """x as a Tensor of the float dtype Keras computes statistics in (ints: floatx)."""
    x = tensor_of(x)
    dtype = float_result_type(x.value)
    return x if x.dtype == dtype else cast(x, dtype)


def _reduced_last(x, axis):
    """x with the axes in ``axis`` moved to the end and merged into one, and the shape the
    result takes with keepdims=False and keepdims=True."""
    axes = normalize_axis(axis, x.ndim)
    kept = [i for i in range(x.ndim) if i not in axes]
    moved = transpose(x, kept + list(axes))
    merged = reshape(moved, tuple(x.shape[i] for i in kept) + (-1,))
    keep_shape = tuple(1 if i in axes else n for i, n in enumerate(x.shape))
    return merged, tuple(x.shape[i] for i in kept), keep_shape


def _read_positions(sorted_x, position, method):
    """Values of ``sorted_x`` (sorted along its last axis) at fractional ``position``."""
    below, above = np.floor(position), np.ceil(position)
    if method == "lower":
        below = above = below
    elif method == "higher":
        below = above = above
    elif method == "nearest":          # halfway rounds down, as Keras (JAX) does
        below = above = np.where(position - below <= 0.5, below, above)
    low = take_along_axis(sorted_x, below.astype(np.int64), axis=-1)
    high = take_along_axis(sorted_x, above.astype(np.int64), axis=-1)
    if method == "midpoint":
        weight = np.where(above > below, 0.5, 0.0)
    else:
        weight = position - below
    weight = weight.astype(sorted_x.dtype)
    return add(multiply(low, 1 - weight), multiply(high, weight))


def quantiles(x, q, axis=None, method="linear", keepdims=False, ignore_nan=False, name="quantile",
              per=1):
    """The ``q``-quantiles of x over ``axis``; q's axes come first in the result (numpy's
    layout). With ``ignore_nan``, NaNs are left out; otherwise a NaN makes the result NaN.
    ``per`` = 100 reads q in percent. q is a constant: no gradient reaches it."""
    if method not in METHODS:
        raise ValueError(f"{name}: method must be one of {METHODS}, received {method!r}.")
    qv = np.asarray(value_of(q), np.float64) / per
    if np.any((qv < 0) | (qv > 1)):
        raise ValueError(f"{name}: q must lie in [0, 1] (percentiles in [0, 100]), "
                         f"received {qv}.")
    x = as_float(x)
    merged, kept_shape, keep_shape = _reduced_last(x, axis)
    values = merged.value
    nan = np.isnan(values)
    count = np.sum(~nan, axis=-1, keepdims=True) if ignore_nan else \
        np.full(values.shape[:-1] + (1,), values.shape[-1])
    order = np.argsort(values, axis=-1, kind="stable")            # NaN last
    sorted_x = take_along_axis(merged, order, axis=-1)
    if qv.ndim:      # one copy of the sorted values per q, along leading axes
        sorted_x = broadcast_to(reshape(sorted_x, (1,) * qv.ndim + sorted_x.shape),
                                qv.shape + sorted_x.shape)
    position = qv.reshape(qv.shape + (1,) * values.ndim) * np.maximum(count - 1, 0)
    out = _read_positions(sorted_x, position, method)
    bad = np.all(nan, axis=-1, keepdims=True) if ignore_nan else \
        np.any(nan, axis=-1, keepdims=True)
    if bad.any():
        out = where(np.broadcast_to(bad, out.shape), np.nan, out)
    return constant_argument(reshape(out, qv.shape + (keep_shape if keepdims else kept_shape)),
                             q, name, "q")


def quantile(x, q, axis=None, method="linear", keepdims=False):
    """The q-th quantile(s) of x over ``axis`` (q in [0, 1]; an array of q gives one result
    per q, along a new first axis). Integers give ``floatx()`` results."""
    return quantiles(x, q, axis, method, keepdims)


def percentile(x, q, axis=None, method="linear", keepdims=False):
    """The q-th percentile(s) of x over ``axis``: quantile(x, q / 100)."""
    return quantiles(x, q, axis, method, keepdims, name="percentile", per=100)


def median(x, axis=None, keepdims=False):
    """The middle value of x over ``axis`` (the mean of the two middle values for even counts)."""
    return quantiles(x, 0.5, axis, "linear", keepdims, name="median")


def average(x, axis=None, weights=None):
    """Σ w·x / Σ w over ``axis`` (the mean when ``weights`` is None). 1-D weights run along
    ``axis``; otherwise weights have x's shape."""
    x = as_float(x)
    if weights is None:
        return mean(x, axis=axis)
    w = cast(weights, x.dtype) if tensor_of(weights).dtype != x.dtype else tensor_of(weights)
    if w.shape != x.shape:
        if axis is None or w.ndim != 1 or w.shape[0] != x.shape[axis]:
            raise ValueError(f"average: weights must have the shape of x {x.shape}, or be 1-D "
                             f"with the length of axis {axis}; received shape {w.shape}.")
        w = reshape(w, tuple(-1 if i == axis % x.ndim else 1 for i in range(x.ndim)))
    total = sum_(multiply(x, w), axis=axis)
    return divide(total, sum_(multiply(w, np.ones(x.shape, x.dtype)), axis=axis))


def ptp(x, axis=None, keepdims=False):
    """max − min over ``axis`` (the range of the values)."""
    return subtract(max_(x, axis=axis, keepdims=keepdims), min_(x, axis=axis, keepdims=keepdims))


def corrcoef(x):
    """Pearson correlation coefficients between the rows of x (each row a variable, each column
    an observation): C / √(diag C diag Cᵀ) with C the covariance. (n, m) -> (n, n)."""
    x = as_float(x)
    if x.ndim not in (1, 2):
        raise ValueError(f"corrcoef expects a 1-D or 2-D tensor, received shape {x.shape}.")
    if x.ndim == 1:
        x = reshape(x, (1, -1))
    centered = subtract(x, mean(x, axis=1, keepdims=True))
    covariance = matmul(centered, transpose(centered))
    scale = sqrt(sum_(multiply(centered, centered), axis=1, keepdims=True))
    with np.errstate(invalid="ignore", divide="ignore"):   # a constant row gives NaN
        out = divide(divide(covariance, scale), transpose(scale))
    return reshape(out, ()) if out.shape == (1, 1) else out


@no_gradient
def count_nonzero(x, axis=None):
    """How many values of x are not zero over ``axis`` (int32)."""
    value = np.asarray(unpack(x)[1])
    axes = None if axis is None else normalize_axis(axis, value.ndim)
    return Tensor(np.asarray(np.count_nonzero(value, axis=axes), np.int32))


@no_gradient
def histogram(x, bins=10, range=None):  # noqa: A002  (Keras's argument name)
    """(counts, edges): the 1-D x counted in ``bins`` equal bins over ``range`` (default: from
    its minimum to its maximum); edges has bins + 1 entries. Both are floats of x's dtype
    (``floatx()`` for integer x), as Keras gives them."""
    value = np.asarray(unpack(x)[1])
    if value.ndim != 1:
        raise ValueError(f"histogram expects a 1-D tensor, received shape {value.shape}.")
    if not isinstance(bins, (int, np.integer)) or bins < 1:
        raise ValueError(f"histogram: bins must be a positive int, received {bins!r}.")
    counts, edges = np.histogram(value, bins=bins, range=range)
    dtype = value.dtype if value.dtype.kind == "f" else config.floatx()
    edges = (Tensor(edges.astype(dtype)) if range is not None else
             without_gradient(edges.astype(dtype), (x,), "histogram",
                              "The edges follow ops.min(x) and ops.max(x), which are "
                              "differentiable; or pass range=(low, high)."))
    return Tensor(counts.astype(dtype)), edges


def bincount(x, weights=None, minlength=0, sparse=False):
    """How often each value 0, 1, 2, ... occurs in the non-negative integers x (1-D, or 2-D:
    one count per row); with ``weights``, the sum of the weights of each value instead (then
    differentiable in the weights). The length is max(x) + 1, at least ``minlength``."""
    if sparse:
        raise ValueError("bincount: sparse=True needs sparse tensors, which kerasedu does not "
                         "have; use sparse=False (the dense result holds the same counts).")
    values = np.asarray(value_of(x))
    if values.dtype.kind not in "iu" or values.ndim not in (1, 2):
        raise ValueError(f"bincount expects 1-D or 2-D non-negative integers, received dtype "
                         f"{values.dtype} and shape {values.shape}.")
    if values.size and values.min() < 0:
        raise ValueError(f"bincount: values must be non-negative, found {values.min()}.")
    length = max(int(values.max()) + 1 if values.size else 0, minlength)
    rows = values.reshape(-1, values.shape[-1])
    row_of = np.broadcast_to(np.arange(rows.shape[0])[:, None], rows.shape)
    if weights is None:
        counts = np.zeros((rows.shape[0], length), np.int32)
        np.add.at(counts, (row_of, rows), 1)
        return Tensor(counts if values.ndim == 2 else counts[0])
    w, wv = unpack(weights)
    wv = np.asarray(wv).reshape(rows.shape)
    totals = np.zeros((rows.shape[0], length), wv.dtype)
    np.add.at(totals, (row_of, rows), wv)

    def backward(g):
        return (g.reshape(totals.shape)[row_of, rows].reshape(values.shape),)
    return record(totals if values.ndim == 2 else totals[0], (w,), backward, "bincount")
