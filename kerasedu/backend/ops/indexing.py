"""Reading and writing values at computed positions: gathers, slices and scatters.

    take_along_axis(x, idx, axis)   out[..., i, ...] = x[..., idx[..., i, ...], ...]
    slice(x, start, shape)          the block of ``shape`` starting at ``start``
    slice_update(x, start, u)       x with that block replaced by u
    scatter(idx, values, shape)     zeros of ``shape`` with values added at the rows of idx
    scatter_update(x, idx, u)       x with the positions idx set to (or combined with) u
    select(conds, choices)          the first choice whose condition holds, per element

Gradients are the reverse moves: a gather's gradient is a scatter-add of g into zeros (a value
read twice receives both contributions), a scatter's is a gather of g, and an overwritten
position passes nothing back to the value it replaced.
"""

import builtins
import numbers

import numpy as np

from ..autodiff import needs_grad, record, unbroadcast
from ..tensor import Tensor
from ._inputs import no_gradient, unpack, value_of, without_gradient
from .dtypes import result_type
from .shape import getitem


def _integer_indices(indices, name):
    idx = value_of(indices)
    if idx.dtype.kind not in "iu":
        raise TypeError(f"{name} needs integer indices, received dtype {idx.dtype}. Cast them "
                        f"with ops.cast(indices, 'int32').")
    return idx


def take_along_axis(x, indices, axis=None):
    """Values of x at ``indices`` along ``axis`` (x flattened when None); x and indices
    broadcast on the other axes, as in numpy. Negative indices count from the end."""
    a, av = unpack(x)
    av = np.asarray(av)
    idx = _integer_indices(indices, "take_along_axis")
    if axis is None:
        av, a_shape = av.reshape(-1), av.shape
        idx, axis = idx.reshape(-1), 0
    else:
        a_shape = av.shape
        if av.ndim != idx.ndim:
            raise ValueError(f"take_along_axis: x and indices must have the same rank, "
                             f"received shapes {av.shape} and {idx.shape}.")
    axis = axis % av.ndim
    shape = list(np.broadcast_shapes(av.shape[:axis] + (1,) + av.shape[axis + 1:],
                                     idx.shape[:axis] + (1,) + idx.shape[axis + 1:]))
    big_x = np.broadcast_to(av, shape[:axis] + [av.shape[axis]] + shape[axis + 1:])
    big_idx = np.broadcast_to(idx, shape[:axis] + [idx.shape[axis]] + shape[axis + 1:])
    big_idx = np.where(big_idx < 0, big_idx + av.shape[axis], big_idx)
    out = np.take_along_axis(big_x, big_idx, axis=axis)

    def backward(g):
        grad = np.zeros(big_x.shape, g.dtype)
        positions = np.indices(big_idx.shape, sparse=True)
        key = tuple(big_idx if i == axis else p for i, p in enumerate(positions))
        np.add.at(grad, key, g)
        return (unbroadcast(grad, av.shape).reshape(a_shape),)
    return record(out, (a,), backward, "take_along_axis")


def get_item(x, key):
    """x[key], with numpy's indexing (the same as ``x[key]`` on a Tensor)."""
    return getitem(x, key)


def _block(shape, start_indices, sizes, name):
    """The slices of a block of ``sizes`` at ``start_indices``, starts clamped so it fits
    (as JAX's dynamic_slice does)."""
    starts = [int(s) for s in np.asarray(value_of(start_indices)).reshape(-1)]
    if len(starts) != len(shape) or len(sizes) != len(shape):
        raise ValueError(f"{name}: start_indices and the block's shape need one entry per axis "
                         f"of the input of shape {shape}; received start_indices={starts} "
                         f"and block shape {tuple(sizes)}.")
    sizes = [n - s if size == -1 else size for n, s, size in zip(shape, starts, sizes)]
    if any(size < 0 or size > n for size, n in zip(sizes, shape)):
        raise ValueError(f"{name}: a block of shape {tuple(sizes)} does not fit in a tensor "
                         f"of shape {shape}.")
    starts = [builtins.min(builtins.max(s, 0), n - size)
              for s, n, size in zip(starts, shape, sizes)]
    return tuple(builtins.slice(s, s + size) for s, size in zip(starts, sizes))


def slice(inputs, start_indices, shape):  # noqa: A001  (Keras's name)
    """The block of ``shape`` starting at ``start_indices`` (a size of -1 takes the rest of
    that axis). Starts are moved back so that the block fits, as in JAX."""
    value = np.asarray(unpack(inputs)[1])
    return getitem(inputs, _block(value.shape, start_indices, list(shape), "slice"))


def slice_update(inputs, start_indices, updates):
    """``inputs`` with the block at ``start_indices`` replaced by ``updates``.

    Gradient: ``inputs`` receives g outside the block, ``updates`` receives g inside it."""
    (a, av), (u, uv) = unpack(inputs), unpack(updates)
    av, uv = np.asarray(av), np.asarray(uv)
    if uv.ndim != av.ndim:
        raise ValueError(f"slice_update: updates must have the rank of inputs; received "
                         f"shapes {uv.shape} and {av.shape}.")
    block = _block(av.shape, start_indices, list(uv.shape), "slice_update")
    out = av.copy()
    out[block] = uv

    def backward(g):
        ga = g.copy()
        ga[block] = 0
        return ga, g[block]
    return record(out, (a, u), backward, "slice_update")


def _scatter_key(idx, shape, name):
    """The index tuple of ``idx`` (rows of coordinates into the first axes of ``shape``)."""
    if idx.ndim == 0 or idx.shape[-1] > len(shape):
        raise ValueError(f"{name}: indices must have a last axis of at most {len(shape)} "
                         f"coordinates (one per leading axis of shape {tuple(shape)}); "
                         f"received indices of shape {idx.shape}.")
    for axis in range(idx.shape[-1]):
        column = idx[..., axis]
        if column.size and (column.min() < -shape[axis] or column.max() >= shape[axis]):
            raise IndexError(f"{name}: an index along axis {axis} is out of range for size "
                             f"{shape[axis]}.")
    return tuple(np.moveaxis(idx, -1, 0))


def scatter(indices, values, shape):
    """Zeros of ``shape`` with ``values`` added at ``indices``; each row of indices (last axis
    k) addresses the first k axes, and repeated rows add up.  d/dvalues = g at the indices."""
    v, vv = unpack(values)
    vv = np.asarray(vv)
    shape = tuple(int(n) for n in shape)
    key = _scatter_key(_integer_indices(indices, "scatter"), shape, "scatter")
    out = np.zeros(shape, vv.dtype)
    np.add.at(out, key, vv)
    return record(out, (v,), lambda g: (np.broadcast_to(g[key], vv.shape).copy(),), "scatter")


_REDUCTIONS = {"add": np.add, "max": np.maximum, "min": np.minimum, "mul": np.multiply}


def scatter_update(inputs, indices, updates, reduction=None):
    """``inputs`` with the positions ``indices`` set to ``updates`` (``reduction`` None), or
    combined with them by "add", "max", "min" or "mul".

    Differentiable for None and "add": an overwritten position passes nothing back to
    ``inputs``; ``updates`` receive g at their positions."""
    if reduction is not None and reduction not in _REDUCTIONS:
        raise ValueError(f"scatter_update: reduction must be None, 'add', 'max', 'min' or "
                         f"'mul', received {reduction!r}.")
    (a, av), (u, uv) = unpack(inputs), unpack(updates)
    av = np.asarray(av)
    uv = np.asarray(uv, av.dtype)
    key = _scatter_key(_integer_indices(indices, "scatter_update"), av.shape, "scatter_update")
    out = av.copy()
    if reduction is None:
        out[key] = uv
    else:
        _REDUCTIONS[reduction].at(out, key, uv)
    if reduction not in (None, "add"):
        return without_gradient(out, (a, u), "scatter_update",
                                f"reduction={reduction!r} has no gradient in kerasedu; "
                                f"reduction=None and 'add' have one.")

    def backward(g):
        ga = g
        if reduction is None and needs_grad(a):
            ga = g.copy()
            ga[key] = 0
        return ga, np.broadcast_to(g[key], uv.shape).copy()
    return record(out, (a, u), backward, "scatter_update")


def select(condlist, choicelist, default=0):
    """Per element, the value of the first choice whose condition holds, else ``default``.
    The gradient goes to the choice (or default) that was taken."""
    conditions = [np.asarray(value_of(c), bool) for c in condlist]
    if len(conditions) != len(choicelist):
        raise ValueError(f"select: condlist and choicelist must have the same length, "
                         f"received {len(conditions)} and {len(choicelist)}.")
    pairs = [unpack(c) for c in choicelist] + [unpack(default)]
    values = [np.asarray(v) for _, v in pairs]
    dtype = result_type(*(v for _, v in pairs))      # Keras's promotion, default included
    shape = np.broadcast_shapes(*(v.shape for v in values), *(c.shape for c in conditions))
    taken = np.full(shape, len(conditions))
    for i in reversed(range(len(conditions))):
        taken = np.where(conditions[i], i, taken)
    out = np.choose(taken, [np.broadcast_to(v, shape) for v in values]).astype(dtype)
    return record(out, tuple(t for t, _ in pairs),
                  lambda g: tuple(unbroadcast(np.where(taken == i, g, 0), v.shape)
                                  for i, v in enumerate(values)), "select")


@no_gradient
def nonzero(x):
    """A tuple of index arrays, one per axis, of the elements of x that are not zero."""
    return tuple(Tensor(i) for i in np.nonzero(np.asarray(unpack(x)[1])))


@no_gradient
def unravel_index(indices, shape):
    """Flat ``indices`` into a tensor of ``shape`` as a tuple of coordinate arrays."""
    idx = _integer_indices(indices, "unravel_index")
    if isinstance(shape, numbers.Integral):
        shape = (shape,)
    return tuple(Tensor(i) for i in np.unravel_index(idx, tuple(int(n) for n in shape)))
