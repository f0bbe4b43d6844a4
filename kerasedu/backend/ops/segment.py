"""Segment reductions: combine the rows of data that share a segment id.

    out[s] = Σ / max / min / Π over the rows i of data with segment_ids[i] = s

data (N, ...) and segment_ids (N,) integers give out (num_segments, ...), num_segments
defaulting to max(segment_ids) + 1; rows whose id is outside [0, num_segments) are dropped. An
empty segment holds the identity of its reduction: 0 for sums, 1 for products, and for max (min)
the smallest (largest) value of the dtype (−inf (+inf) for floats).

The gradients send each segment's gradient back to its rows: all of them for a sum, the rows
that hold the maximum (minimum), ties sharing equally, and for a product each row's gradient
times the product of the other rows of its segment (zeros handled without dividing by them).
"""

import numpy as np

from ..autodiff import record
from ._inputs import unpack, value_of


def _prepare(data, segment_ids, num_segments, name):
    a, av = unpack(data)
    av = np.asarray(av)
    ids = np.asarray(value_of(segment_ids))
    if ids.dtype.kind not in "iu":
        raise TypeError(f"{name} needs integer segment_ids, received dtype {ids.dtype}.")
    if ids.ndim != 1 or av.ndim < 1 or ids.shape[0] != av.shape[0]:
        raise ValueError(f"{name} expects data (N, ...) and segment_ids (N,); received shapes "
                         f"{av.shape} and {ids.shape}.")
    count = int(ids.max()) + 1 if num_segments is None and ids.size else int(num_segments or 0)
    valid = (ids >= 0) & (ids < count)
    return a, av, ids, count, valid


def _identity(dtype, kind):
    if kind == "sum":
        return 0
    if kind == "prod":
        return 1
    if dtype.kind == "f":
        return -np.inf if kind == "max" else np.inf
    info = np.iinfo(dtype) if dtype.kind in "iu" else None
    return (info.min if kind == "max" else info.max) if info else (kind == "min")


_UFUNC = {"sum": np.add, "max": np.maximum, "min": np.minimum, "prod": np.multiply}


def _segment(data, segment_ids, num_segments, kind):
    a, av, ids, count, valid = _prepare(data, segment_ids, num_segments, f"segment_{kind}")
    out = np.full((count,) + av.shape[1:], _identity(av.dtype, kind), av.dtype)
    _UFUNC[kind].at(out, ids[valid], av[valid])
    rows = np.where(valid, ids, 0)

    def backward(g):
        spread = np.where(valid.reshape((-1,) + (1,) * (av.ndim - 1)), g[rows], 0)
        if kind == "sum":
            return (spread,)
        if kind in ("max", "min"):
            winners = (av == out[rows]) & valid.reshape((-1,) + (1,) * (av.ndim - 1))
            ties = np.zeros(out.shape)
            np.add.at(ties, ids[valid], winners[valid])
            return (spread * winners / np.maximum(ties[rows], 1),)
        zero = av == 0
        nonzero_product = np.ones(out.shape, av.dtype)
        np.multiply.at(nonzero_product, ids[valid], np.where(zero, 1, av)[valid])
        zeros = np.zeros(out.shape, int)
        np.add.at(zeros, ids[valid], zero[valid])
        others = np.where(zero, np.where(zeros[rows] == 1, nonzero_product[rows], 0),
                          np.where(zeros[rows] == 0, nonzero_product[rows] /
                                   np.where(zero, 1, av), 0))
        return (spread * others,)
    return record(out, (a,), backward, f"segment_{kind}")


def segment_sum(data, segment_ids, num_segments=None, sorted=False):  # noqa: A002
    """Σ of the rows of data in each segment: (N, ...) -> (num_segments, ...)."""
    return _segment(data, segment_ids, num_segments, "sum")


def segment_max(data, segment_ids, num_segments=None, sorted=False):  # noqa: A002
    """The largest row values of each segment (ties share the gradient)."""
    return _segment(data, segment_ids, num_segments, "max")


def segment_min(data, segment_ids, num_segments=None, sorted=False):  # noqa: A002
    """The smallest row values of each segment (ties share the gradient)."""
    return _segment(data, segment_ids, num_segments, "min")


def segment_prod(data, segment_ids, num_segments=None, sorted=False):  # noqa: A002
    """The product of the rows of each segment."""
    return _segment(data, segment_ids, num_segments, "prod")
