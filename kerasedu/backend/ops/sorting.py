"""Sorting and ranking: sort, argsort, top_k, partitions, binary search, unique values.

    sort(x)        the values in ascending order along ``axis`` (NaN last)
    argsort(x)     the indices that sort x (stable: equal values keep their order)
    top_k(x, k)    the k largest values along the last axis, and their indices
    searchsorted   where values would be inserted to keep a sorted sequence sorted

Sorted *values* are differentiable: each output is some input, so the gradient flows back to
the position it came from (a gather's gradient). Indices, ranks and counts are integers: no
gradient flows through them.
"""

import numpy as np

from ..tensor import Tensor
from ._inputs import no_gradient, unpack, value_of, without_gradient
from .indexing import take_along_axis


def _values(x, name, min_rank=0):
    value = np.asarray(unpack(x)[1])
    if value.ndim < min_rank:
        raise ValueError(f"{name} needs a tensor of rank {min_rank} or more, received shape "
                         f"{value.shape}.")
    return value


@no_gradient
def argsort(x, axis=-1):
    """The indices that sort x along ``axis`` (stable; None sorts the flattened x)."""
    value = _values(x, "argsort")
    if value.ndim == 0:
        return Tensor(np.zeros((), np.int64)) if axis is None else Tensor(np.array(0))
    return Tensor(np.argsort(value, axis=axis, kind="stable"))


def sort(x, axis=-1):
    """x sorted in ascending order along ``axis`` (None: flattened). The gradient of each
    sorted value goes back to its original position."""
    value = _values(x, "sort")
    if value.ndim == 0:
        return x if isinstance(x, Tensor) else Tensor(value)
    order = np.argsort(value, axis=axis, kind="stable")
    return take_along_axis(x, order, axis=axis)


@no_gradient
def argpartition(x, kth, axis=-1):
    """Indices that put the kth smallest value of x (along ``axis``) at position kth, smaller
    values before it and larger values after it (each side in no particular order)."""
    value = _values(x, "argpartition", 1)
    n = value.shape[axis]
    if not -n <= kth < n:
        raise ValueError(f"argpartition: kth={kth} is out of range for an axis of size {n}.")
    return Tensor(np.argpartition(value, kth, axis=axis))


def top_k(x, k, sorted=True):  # noqa: A002  (Keras's argument name)
    """(values, indices) of the k largest entries along the last axis, largest first; among
    equal values the lower index comes first. The values pass their gradient back."""
    value = _values(x, "top_k", 1)
    if not 0 <= k <= value.shape[-1]:
        raise ValueError(f"top_k: k={k} must be between 0 and the size of the last axis, "
                         f"{value.shape[-1]}.")
    order = np.argsort(-value if value.dtype.kind != "b" else ~value, axis=-1,
                       kind="stable")[..., :k]
    order = order.astype(np.int32)
    return take_along_axis(x, order, axis=-1), Tensor(order)


@no_gradient
def in_top_k(targets, predictions, k):
    """True where the prediction for the target class ranks among the k largest: fewer than k
    predictions are strictly larger (NaN predictions for the target never count).

    targets (batch,) integers, predictions (batch, classes) -> (batch,) booleans."""
    target = np.asarray(value_of(targets))
    scores = np.asarray(value_of(predictions))
    if scores.ndim != 2 or target.shape != scores.shape[:1]:
        raise ValueError(f"in_top_k expects targets (batch,) and predictions (batch, "
                         f"classes); received shapes {target.shape} and {scores.shape}.")
    at_target = np.take_along_axis(scores, target[:, None].astype(np.int64), axis=-1)
    at_target = np.where(np.isnan(at_target), -np.inf, at_target)
    rank = 1 + np.sum(scores > at_target, axis=-1)
    return Tensor(rank <= k)


@no_gradient
def searchsorted(sorted_sequence, values, side="left"):
    """For each value, the index where inserting it keeps the 1-D ``sorted_sequence`` sorted
    (before equal entries with side "left", after them with "right")."""
    sequence = np.asarray(value_of(sorted_sequence))
    if sequence.ndim != 1:
        raise ValueError(f"searchsorted needs a 1-D sorted_sequence, received shape "
                         f"{sequence.shape}.")
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted: side must be 'left' or 'right', received {side!r}.")
    return Tensor(np.searchsorted(sequence, value_of(values), side=side).astype(np.int32))


@no_gradient
def digitize(x, bins):
    """The index of the bin each value of x falls in: i with bins[i−1] ≤ x < bins[i]
    (increasing bins), 0 below the first edge and len(bins) from the last edge on."""
    edges = np.asarray(value_of(bins))
    if edges.ndim != 1:
        raise ValueError(f"digitize needs 1-D bins, received shape {edges.shape}.")
    return Tensor(np.digitize(value_of(x), edges).astype(np.int32))


@no_gradient
def unique(x, sorted=True, return_index=False, return_inverse=False,  # noqa: A002
           return_counts=False, axis=None, size=None, fill_value=None):
    """The distinct values of x (flattened, or the distinct slices along ``axis``), sorted,
    optionally with the index of each one's first occurrence, the inverse indices that rebuild
    x, and the counts. ``size`` pads (with ``fill_value``, default 0) or cuts the result to a
    fixed length."""
    value = np.asarray(unpack(x)[1])
    results = np.unique(value, return_index=True, return_inverse=True, return_counts=True,
                        axis=axis)
    values, index, inverse, counts = results
    if not sorted:   # in order of first appearance
        order = np.argsort(index, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        values, index, counts, inverse = values.take(order, axis=axis or 0), index[order], \
            counts[order], rank[inverse]
    if axis is None:
        inverse = inverse.reshape(value.shape)
    if size is not None:
        fill = 0 if fill_value is None else fill_value
        values = _fixed_length(values, size, fill, axis or 0)
        index = _fixed_length(index, size, 0, 0)
        counts = _fixed_length(counts, size, 0, 0)
    outputs = [without_gradient(values, (x,), "unique", "ops.sort(x) keeps every value, "
                                "with its gradient.")]
    for wanted, result in ((return_index, index), (return_inverse, inverse),
                           (return_counts, counts)):
        if wanted:
            outputs.append(Tensor(result.astype(np.int32)))
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


def _fixed_length(array, size, fill, axis):
    """``array`` cut or padded with ``fill`` to ``size`` entries along ``axis``."""
    n = array.shape[axis]
    if n >= size:
        return np.take(array, np.arange(size), axis=axis)
    widths = [(0, 0)] * array.ndim
    widths[axis] = (0, size - n)
    return np.pad(array, widths, constant_values=fill)
