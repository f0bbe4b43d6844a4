"""Reading an array at fractional coordinates (scipy's and JAX's map_coordinates).

``coordinates`` has one row per axis of the input: output point p reads the input at
(coordinates[0][p], coordinates[1][p], ...). With ``order`` 0 the nearest pixel is read (halves
rounded away from zero); with ``order`` 1 the 2^d surrounding pixels are mixed linearly:

    value = Σ over corners c of Π_axes w_axis(c) · input[c],  w = 1 − frac (lower), frac (upper)

Coordinates outside the input are brought back by ``fill_mode``:

    "constant"  the pixel counts as ``fill_value``         "nearest"  clamped to the edge
    "wrap"      taken modulo the size                      "mirror"   reflected about the edge
                                                                      pixel (d c b | a b c d | c b a)
    "reflect"   reflected about the edge (d c b a | a b c d | d c b a)

Gradients: each output's gradient is added back into the pixels it read, times their weights;
with order 1 the coordinates get g · Σ_c value(c) · ∂w(c)/∂coordinate as well.
"""

import itertools

import numpy as np

from ...autodiff import needs_grad, record
from .._inputs import unpack

FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def _mirror(index, size):
    period = size - 1
    if period == 0:
        return np.zeros_like(index)
    return np.abs((index + period) % (2 * period) - period)


def _fix(index, size, mode):
    """Indices brought inside [0, size) by ``mode`` (constant: unchanged)."""
    if mode == "nearest":
        return np.clip(index, 0, size - 1)
    if mode == "wrap":
        return index % size
    if mode == "mirror":
        return _mirror(index, size)
    if mode == "reflect":
        return (_mirror(2 * index + 1, 2 * size + 1) - 1) // 2
    return index


def _corners(coordinate, order):
    """[(index, weight, d weight / d coordinate)] for one axis."""
    if order == 0:
        index = np.where(coordinate >= 0, np.floor(coordinate + 0.5),
                         np.ceil(coordinate - 0.5)).astype(np.int64)
        return [(index, np.ones_like(coordinate), np.zeros_like(coordinate))]
    lower = np.floor(coordinate)
    frac = coordinate - lower
    lower = lower.astype(np.int64)
    return [(lower, 1 - frac, -np.ones_like(frac)), (lower + 1, frac, np.ones_like(frac))]


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    """``inputs`` read at ``coordinates`` (one row per input axis; the rest of its shape is the
    output's shape), by nearest (order 0) or linear (order 1) interpolation."""
    a, av = unpack(inputs)
    av = np.asarray(av)
    c, cv = unpack(coordinates)
    cv = np.asarray(cv)
    if cv.ndim < 2 or cv.shape[0] != av.ndim:
        raise ValueError(f"map_coordinates: coordinates must have one row per axis of the "
                         f"input ({av.ndim}) and at least 2 dimensions, received shape "
                         f"{cv.shape} for an input of shape {av.shape}.")
    if fill_mode not in FILL_MODES:
        raise ValueError(f"map_coordinates: fill_mode must be one of {FILL_MODES}, received "
                         f"{fill_mode!r}.")
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: order must be 0 (nearest) or 1 (linear), "
                         f"received {order!r}.")
    work = av.dtype if av.dtype.kind == "f" else np.dtype(np.float32)
    coords = cv.astype(work if cv.dtype.kind != "f" else cv.dtype)
    per_axis = [_corners(coords[axis], order) for axis in range(av.ndim)]
    terms = []
    out = np.zeros(cv.shape[1:], work)
    for corner in itertools.product(*per_axis):
        indices = [_fix(index, size, fill_mode) for (index, _, _), size in zip(corner, av.shape)]
        valid = np.ones(cv.shape[1:], bool)
        for index, size in zip(indices, av.shape):
            valid &= (index >= 0) & (index < size)
        safe = tuple(np.clip(index, 0, size - 1) for index, size in zip(indices, av.shape))
        weight = np.prod([w for _, w, _ in corner], axis=0)
        value = np.where(valid, av[safe], fill_value).astype(work)
        out += weight * value
        terms.append((corner, safe, valid, weight, value))
    if av.dtype.kind in "iu":
        result = np.where(out >= 0, np.floor(out + 0.5), np.ceil(out - 0.5)).astype(av.dtype)
    else:
        result = out.astype(av.dtype)

    def backward(g):
        g_input = np.zeros(av.shape, work) if needs_grad(a) else None
        g_coords = np.zeros(coords.shape, coords.dtype) if needs_grad(c) else None
        for corner, safe, valid, weight, value in terms:
            if g_input is not None:
                np.add.at(g_input, safe, np.where(valid, g * weight, 0))
            if g_coords is not None:
                for axis in range(av.ndim):
                    others = np.prod([w for i, (_, w, _) in enumerate(corner) if i != axis],
                                     axis=0) if av.ndim > 1 else 1
                    g_coords[axis] += g * value * others * corner[axis][2]
        return g_input, g_coords
    return record(result, (a, c), backward, "map_coordinates")
