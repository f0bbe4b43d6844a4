"""Arranging values without changing them: stacking, splitting, rolling, rotating, grids.

    hstack / vstack / dstack   join along axis 1 / 0 / 2 (1-D inputs count as rows, as numpy)
    hsplit / vsplit / dsplit   cut along axis 1 / 0 / 2;  array_split allows unequal pieces
    roll(x, s)                 out[i] = x[(i − s) mod n]
    rot90(x, k)                k quarter turns in the plane of ``axes``
    meshgrid(x, y)             coordinate grids; "xy" indexing swaps the first two axes

All are reads of x at computed positions, joins and reshapes of differentiable ops, so the
gradient of every value goes back to where it came from.
"""

import numpy as np

from ..tensor import Tensor
from ._inputs import no_gradient, tensor_of, unpack
from .shape import broadcast_to, concatenate, flip, getitem, reshape, split, transpose


def _at_least(x, rank):
    """x with axes of size 1 added as numpy's atleast_2d / atleast_3d add them."""
    x = tensor_of(x)
    if x.ndim >= rank:
        return x
    if rank == 2:
        return reshape(x, (1,) * (2 - x.ndim) + x.shape)
    if x.ndim == 0:
        return reshape(x, (1, 1, 1))
    if x.ndim == 1:
        return reshape(x, (1,) + x.shape + (1,))
    return reshape(x, x.shape + (1,))


def hstack(xs):
    """Join along axis 1 (along axis 0 for 1-D inputs)."""
    xs = [tensor_of(x) for x in xs]
    return concatenate(xs, axis=0 if xs and xs[0].ndim <= 1 else 1)


def vstack(xs):
    """Join along axis 0, with 1-D inputs as rows."""
    return concatenate([_at_least(x, 2) for x in xs], axis=0)


def dstack(xs):
    """Join along axis 2 (depth), with 1-D and 2-D inputs given that axis first."""
    return concatenate([_at_least(x, 3) for x in xs], axis=2)


def array_split(x, indices_or_sections, axis=0):
    """Cut x along ``axis`` at the given indices, or into that many pieces of sizes differing
    by at most one (the first pieces are the longer ones)."""
    x = tensor_of(x)
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if sections <= 0:
            raise ValueError(f"array_split: the number of sections must be positive, received "
                             f"{sections}.")
        n = x.shape[axis]
        sizes = [n // sections + (1 if i < n % sections else 0) for i in range(sections)]
        indices_or_sections = list(np.cumsum(sizes)[:-1])
    return split(x, indices_or_sections, axis=axis)


def _split_along(x, indices_or_sections, axis, min_rank, name):
    x = tensor_of(x)
    if x.ndim < min_rank:
        raise ValueError(f"{name} needs a tensor of rank {min_rank} or more, received shape "
                         f"{x.shape}.")
    return split(x, indices_or_sections, axis=axis)


def hsplit(x, indices_or_sections):
    """Cut along axis 1 (axis 0 for 1-D x) into equal pieces or at the given indices."""
    x = tensor_of(x)
    return _split_along(x, indices_or_sections, 0 if x.ndim == 1 else 1, 1, "hsplit")


def vsplit(x, indices_or_sections):
    """Cut along axis 0 (x of rank 2 or more)."""
    return _split_along(x, indices_or_sections, 0, 2, "vsplit")


def dsplit(x, indices_or_sections):
    """Cut along axis 2 (x of rank 3 or more)."""
    return _split_along(x, indices_or_sections, 2, 3, "dsplit")


def append(x1, x2, axis=None):
    """x2 joined after x1 along ``axis`` (both flattened when None)."""
    if axis is None:
        return concatenate([reshape(x1, (-1,)), reshape(x2, (-1,))], axis=0)
    return concatenate([x1, x2], axis=axis)


def unstack(x, num=None, axis=0):
    """The slices of x along ``axis``, as a list (``num``, when given, must be their count)."""
    x = tensor_of(x)
    n = x.shape[axis]
    if num is not None and num != n:
        raise ValueError(f"unstack: num={num} does not match the size {n} of axis {axis}.")
    index = [slice(None)] * x.ndim
    pieces = []
    for i in range(n):
        index[axis % x.ndim] = i
        pieces.append(getitem(x, tuple(index)))
    return pieces


def roll(x, shift, axis=None):
    """Values shifted ``shift`` places along ``axis`` (flattened when None), wrapping around:
    out[i] = x[(i − shift) mod n]."""
    x = tensor_of(x)
    if axis is None:
        return reshape(roll(reshape(x, (-1,)), shift, 0), x.shape)
    shifts = np.broadcast_to(np.atleast_1d(shift), (np.size(axis),))
    axes = np.broadcast_to(np.atleast_1d(axis), shifts.shape)
    out = x
    for s, ax in zip(shifts, axes):
        n = x.shape[int(ax)]
        if n:
            index = [slice(None)] * x.ndim
            index[int(ax)] = (np.arange(n) - int(s)) % n
            out = getitem(out, tuple(index))
    return out


def rot90(array, k=1, axes=(0, 1)):
    """``array`` turned k quarter turns (counter-clockwise) in the plane of ``axes``."""
    x = tensor_of(array)
    if x.ndim < 2:
        raise ValueError(f"rot90 needs a tensor of rank 2 or more, received shape {x.shape}.")
    a0, a1 = (int(a) % x.ndim for a in axes)
    if a0 == a1:
        raise ValueError(f"rot90: the two axes must differ, received axes={axes}.")
    k %= 4
    if k == 0:
        return x
    if k == 2:
        return flip(flip(x, a0), a1)
    order = list(range(x.ndim))
    order[a0], order[a1] = order[a1], order[a0]
    return transpose(flip(x, a1), order) if k == 1 else flip(transpose(x, order), a1)


def fliplr(x):
    """x reversed along axis 1 (left to right)."""
    return flip(x, 1)


def flipud(x):
    """x reversed along axis 0 (up to down)."""
    return flip(x, 0)


def ravel(x):
    """x flattened to one axis."""
    return reshape(x, (-1,))


@no_gradient
def size(x):
    """The number of values in x."""
    return int(np.size(unpack(x)[1]))


def meshgrid(*x, indexing="xy"):
    """Coordinate grids from 1-D vectors: grid i repeats x[i] along every other axis. With
    "xy" indexing (the default) the first two axes are swapped, as in plotting."""
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: indexing must be 'xy' or 'ij', received {indexing!r}.")
    vectors = [reshape(v, (-1,)) for v in x]
    shape = [v.shape[0] for v in vectors]
    if indexing == "xy" and len(vectors) >= 2:
        shape[0], shape[1] = shape[1], shape[0]
    grids = []
    for i, v in enumerate(vectors):
        position = i
        if indexing == "xy" and i < 2 and len(vectors) >= 2:
            position = 1 - i
        view_shape = [1] * len(vectors)
        view_shape[position] = -1
        grids.append(broadcast_to(reshape(v, tuple(view_shape)), tuple(shape)))
    return grids


@no_gradient
def view(x, dtype=None):
    """The bytes of x read as ``dtype`` (the last axis scales with the item sizes)."""
    value = np.ascontiguousarray(unpack(x)[1])
    return Tensor(value if dtype is None else value.view(np.dtype(dtype)))
