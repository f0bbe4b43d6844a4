"""Shape ops: rearranging, joining, slicing and repeating values without changing them.

Their gradients move dL/dout back to where each value came from: reshape reshapes it back,
transpose transposes it back, concatenate splits it, slicing scatters it into zeros, and
repeat/tile sum the copies.
"""

import numbers

import numpy as np

from ..autodiff import record, unbroadcast
from ..tensor import Tensor
from ._inputs import normalize_axis, tensor_of, unpack

as_tensor = tensor_of


def reshape(x, newshape):
    """The same values in a new shape; one entry may be -1 (inferred)."""
    a, av = unpack(x)
    av = np.asarray(av)
    new_shape = (newshape,) if isinstance(newshape, numbers.Integral) else tuple(newshape)
    try:
        out = av.reshape(new_shape)
    except ValueError:
        raise ValueError(
            f"Cannot reshape a tensor of shape {av.shape} ({av.size} values) into shape "
            f"{new_shape}: the sizes must match (use -1 for one axis to infer it).") from None
    return record(out, (a,), lambda g: (g.reshape(av.shape),), "reshape")


def flatten(x):
    """All values in one axis: shape (size,)."""
    return reshape(x, (-1,))


def transpose(x, axes=None):
    """Permute the axes (reverse them when ``axes`` is None)."""
    a, av = unpack(x)
    av = np.asarray(av)
    axes = tuple(range(av.ndim))[::-1] if axes is None else tuple(i % av.ndim for i in axes)
    if sorted(axes) != list(range(av.ndim)):
        raise ValueError(
            f"transpose: axes {axes} are not a permutation of the {av.ndim} axes of a tensor "
            f"of shape {av.shape}.")
    inverse = tuple(np.argsort(axes))
    return record(np.transpose(av, axes), (a,), lambda g: (np.transpose(g, inverse),),
                  "transpose")


def moveaxis(x, source, destination):
    """Move axis ``source`` to position ``destination``, keeping the others in order."""
    ndim = np.ndim(unpack(x)[1])
    order = [i for i in range(ndim) if i != source % ndim]
    order.insert(destination % ndim, source % ndim)
    return transpose(x, order)


def swapaxes(x, axis1, axis2):
    """Exchange two axes."""
    ndim = np.ndim(unpack(x)[1])
    order = list(range(ndim))
    order[axis1 % ndim], order[axis2 % ndim] = order[axis2 % ndim], order[axis1 % ndim]
    return transpose(x, order)


def expand_dims(x, axis):
    """Insert an axis of size 1 at ``axis``."""
    av = np.asarray(unpack(x)[1])
    return reshape(x, np.expand_dims(av, axis).shape)


def squeeze(x, axis=None):
    """Remove axes of size 1 (only ``axis`` when given; it must have size 1)."""
    av = np.asarray(unpack(x)[1])
    if axis is not None:
        for ax in normalize_axis(axis, av.ndim):
            if av.shape[ax] != 1:
                raise ValueError(
                    f"squeeze: axis {ax} of a tensor of shape {av.shape} has size "
                    f"{av.shape[ax]}, not 1.")
    return reshape(x, np.squeeze(av, axis).shape)


def broadcast_to(x, shape):
    """x repeated along axes of size 1 (and new leading axes) to ``shape``."""
    a, av = unpack(x)
    av = np.asarray(av)
    out = np.broadcast_to(av, tuple(shape)).copy()
    return record(out, (a,), lambda g: (unbroadcast(g, av.shape),), "broadcast_to")


def concatenate(xs, axis=0):
    """Join tensors along an existing ``axis``; all other axes must match."""
    pairs = [unpack(x) for x in xs]
    values = [np.asarray(v) for _, v in pairs]
    try:
        out = np.concatenate(values, axis=axis)
    except ValueError:
        shapes = [v.shape for v in values]
        raise ValueError(
            f"concatenate: all inputs must have the same shape except along axis {axis}; "
            f"received shapes {shapes}.") from None
    ax = axis % out.ndim
    bounds = np.cumsum([v.shape[ax] for v in values])[:-1]
    return record(out, tuple(t for t, _ in pairs),
                  lambda g: tuple(np.split(g, bounds, axis=ax)), "concatenate")


def stack(x, axis=0):
    """Join tensors of the same shape along a new ``axis``."""
    xs = x
    values = [np.asarray(unpack(x)[1]) for x in xs]
    if len({v.shape for v in values}) > 1:
        raise ValueError(
            f"stack: all inputs must have the same shape; received {[v.shape for v in values]}.")
    return concatenate([expand_dims(x, axis) for x in xs], axis=axis)


def split(x, indices_or_sections, axis=0):
    """Cut x along ``axis`` into equal sections (an int) or at the given indices (a list)."""
    av = np.asarray(unpack(x)[1])
    ax = axis % av.ndim
    pieces = np.split(np.arange(av.shape[ax]), indices_or_sections)
    return [take_slice(x, ax, int(p[0]) if len(p) else 0, int(p[-1]) + 1 if len(p) else 0)
            for p in pieces]


def take_slice(x, axis, start, stop):
    """x[..., start:stop, ...] along ``axis``."""
    index = [slice(None)] * np.ndim(unpack(x)[1])
    index[axis] = slice(start, stop)
    return getitem(x, tuple(index))


def _plain_index(key):
    """``key`` with Tensors replaced by their values (indices are never differentiated)."""
    if isinstance(key, tuple):
        return tuple(_plain_index(k) for k in key)
    if isinstance(key, Tensor):
        return key.value
    return key


def getitem(x, key):
    """x[key] with numpy's indexing (slices, integers, None, Ellipsis, index and bool arrays).

    The gradient scatters dL/dout into zeros of x's shape, adding where an index repeats.
    """
    a, av = unpack(x)
    av = np.asarray(av)
    key = _plain_index(key)
    out = av[key]

    def backward(g):
        grad = np.zeros(av.shape, dtype=g.dtype)
        np.add.at(grad, key, g)
        return (grad,)
    return record(np.asarray(out), (a,), backward, "getitem")


def take(x, indices, axis=None):
    """Values of x at ``indices`` along ``axis`` (flattened x when axis is None)."""
    a, av = unpack(x)
    av = np.asarray(av)
    idx = np.asarray(getattr(indices, "value", indices))
    if idx.dtype.kind not in "iu":
        raise TypeError(f"take/gather needs integer indices, received dtype {idx.dtype}.")
    out = np.take(av, idx, axis=axis)

    def backward(g):
        if axis is None:
            grad = np.zeros(av.size, dtype=g.dtype)
            np.add.at(grad, idx.reshape(-1), g.reshape(-1))
            return (grad.reshape(av.shape),)
        ax = axis % av.ndim
        grad = np.zeros(av.shape, dtype=g.dtype)
        index = (slice(None),) * ax + (idx,)
        np.add.at(grad, index, g)
        return (grad,)
    return record(out, (a,), backward, "take")


def gather(reference, indices):
    """Rows of ``reference`` at ``indices`` (Keras 2's ``K.gather``, an embedding lookup)."""
    return take(reference, indices, axis=0)


def tile(x, repeats):
    """x repeated ``repeats[i]`` times along axis i; the gradient sums the copies."""
    a, av = unpack(x)
    av = np.asarray(av)
    repeats = (repeats,) if isinstance(repeats, numbers.Integral) else tuple(repeats)
    out = np.tile(av, repeats)
    reps = (1,) * (out.ndim - len(repeats)) + repeats
    base = (1,) * (out.ndim - av.ndim) + av.shape

    def backward(g):
        split_shape = [n for pair in zip(reps, base) for n in pair]
        summed = g.reshape(split_shape).sum(axis=tuple(range(0, 2 * out.ndim, 2)))
        return (summed.reshape(av.shape),)
    return record(out, (a,), backward, "tile")


def repeat(x, repeats, axis=None):
    """Each element repeated ``repeats`` times along ``axis`` (flattened when None)."""
    a, av = unpack(x)
    av = np.asarray(av)
    if axis is None:
        return repeat(reshape(x, (-1,)), repeats, axis=0)
    ax = axis % av.ndim
    out = np.repeat(av, repeats, axis=ax)
    owner = np.repeat(np.arange(av.shape[ax]), repeats)  # which input slice each output came from

    def backward(g):
        grad = np.zeros(av.shape, dtype=g.dtype)
        np.add.at(grad, (slice(None),) * ax + (owner,), g)
        return (grad,)
    return record(out, (a,), backward, "repeat")


def flip(x, axis=None):
    """x reversed along ``axis`` (all axes when None)."""
    a, av = unpack(x)
    return record(np.flip(av, axis), (a,), lambda g: (np.flip(g, axis),), "flip")


def shape(x):
    """The shape of x as a tuple of ints."""
    return tuple(np.shape(unpack(x)[1]))


def ndim(x):
    """The number of axes of x."""
    return np.ndim(unpack(x)[1])
