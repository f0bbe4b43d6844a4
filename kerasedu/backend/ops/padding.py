"""Padding a tensor on every axis, in numpy's modes.

``pad_width[i] = (before, after)`` values are added on axis i (one pair for all axes, or an int,
is repeated). What fills them depends on ``mode``; for x = [1, 2, 3] and (2, 2):

    "constant"   0 0 | 1 2 3 | 0 0      (``constant_values`` instead of 0)
    "edge"       1 1 | 1 2 3 | 3 3
    "reflect"    3 2 | 1 2 3 | 2 1      (mirrored about the edge value)
    "symmetric"  2 1 | 1 2 3 | 3 2      (mirrored, edge value repeated)
    "wrap"       2 3 | 1 2 3 | 1 2      (the other end)
    "maximum", "minimum", "mean", "median": that statistic of the axis
    "linear_ramp": from the edge value down to 0 at the outer end;   "empty": zeros here

Modes that copy values ("edge", "reflect", "symmetric", "wrap") read x at computed positions,
so the gradient adds each copy's gradient to its source (a gather's gradient). The others are
built axis by axis from differentiable ops, so their gradients follow too.
"""

import numpy as np

from ..autodiff import record
from ._inputs import tensor_of, unpack
from .math import multiply
from .reduction import max as max_, mean, min as min_
from .shape import broadcast_to, concatenate, getitem, take_slice
from .statistics import median

MODES = ("constant", "edge", "reflect", "symmetric", "wrap", "maximum", "minimum", "mean",
         "median", "linear_ramp", "empty")


def _widths(pad_width, ndim):
    try:
        widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (ndim, 2))
    except ValueError:
        raise ValueError(f"pad: pad_width must be an int, a pair (before, after), or one pair "
                         f"per axis of the input's {ndim} axes; received {pad_width!r}.") from None
    if (widths < 0).any():
        raise ValueError(f"pad: widths must be non-negative, received {widths.tolist()}.")
    return widths


def pad(x, pad_width, mode="constant", constant_values=None):
    """x surrounded on axis i by ``pad_width[i] = (before, after)`` values chosen by ``mode``."""
    if mode not in MODES:
        raise ValueError(f"pad: mode must be one of {MODES}, received mode={mode!r}.")
    if constant_values is not None and mode != "constant":
        raise ValueError(f"pad: constant_values can only be given with mode='constant', "
                         f"received mode={mode!r}.")
    a, av = unpack(x)
    av = np.asarray(av)
    widths = _widths(pad_width, av.ndim)
    if mode in ("constant", "empty"):
        fill = 0 if constant_values is None else np.asarray(unpack(constant_values)[1])
        out = np.pad(av, widths, constant_values=fill)
        inner = tuple(slice(b, b + n) for (b, _), n in zip(widths, av.shape))
        return record(out, (a,), lambda g: (g[inner],), "pad")
    if mode in ("edge", "reflect", "symmetric", "wrap"):
        for (before, after), n in zip(widths, av.shape):
            if n == 0 and before + after:
                raise ValueError(f"pad: mode {mode!r} cannot pad an empty axis.")
        sources = np.ix_(*(np.pad(np.arange(n), w, mode=mode) for n, w in zip(av.shape, widths)))
        return getitem(x, sources)
    out = tensor_of(x)
    for axis, (before, after) in enumerate(widths):
        out = _pad_axis(out, axis, int(before), int(after), mode)
    return out


def _pad_axis(x, axis, before, after, mode):
    """x padded on one axis with a statistic of that axis, or a ramp from its edges."""
    if before == after == 0:
        return x
    n = x.shape[axis]
    if mode == "linear_ramp":
        first, last = take_slice(x, axis, 0, 1), take_slice(x, axis, n - 1, n)
        return concatenate([_ramp(first, axis, before, reverse=False), x,
                            _ramp(last, axis, after, reverse=True)], axis=axis)
    if mode == "median":
        stat = median(x, axis=axis, keepdims=True)
    else:
        reduce = {"maximum": max_, "minimum": min_, "mean": mean}[mode]
        stat = reduce(x, axis=axis, keepdims=True)
    if stat.dtype != x.dtype:
        stat = tensor_of(np.round(stat.value).astype(x.dtype)) if x.dtype.kind in "iu" else stat
    pieces = []
    for width in (before, None, after):
        if width is None:
            pieces.append(x)
        elif width:
            shape = list(x.shape)
            shape[axis] = width
            pieces.append(broadcast_to(stat, tuple(shape)))
    return concatenate(pieces, axis=axis)


def _ramp(edge, axis, width, reverse):
    """``width`` values going linearly from 0 (outer end) to ``edge`` (next to the data)."""
    if width == 0:
        shape = list(edge.shape)
        shape[axis] = 0
        return tensor_of(np.zeros(shape, edge.dtype))
    fractions = np.arange(width, dtype=np.float64) / width
    fractions = fractions[::-1] if reverse else fractions
    shape = [1] * edge.ndim
    shape[axis] = width
    ramp = multiply(edge, fractions.reshape(shape).astype(edge.dtype)
                    if edge.dtype.kind == "f" else fractions.reshape(shape))
    return ramp if ramp.dtype == edge.dtype else tensor_of(np.round(ramp.value).astype(edge.dtype))
