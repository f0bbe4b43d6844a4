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

:func:`sample_images` does the same for a batch of images at once, each read at its own
(row, column) points, every channel alike (the image transforms are written with it).
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


def _in_dtype(values, dtype):
    """Interpolated values in the input's dtype: integers rounded, halves away from zero."""
    if dtype.kind in "iu":
        return np.where(values >= 0, np.floor(values + 0.5), np.ceil(values - 0.5)).astype(dtype)
    return values.astype(dtype)


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
    result = _in_dtype(out, av.dtype)

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


def _pixels(values, fill_mode, fill_value, batch, rows, cols, work):
    """values[b, rows, cols, :] where (rows, cols) is inside the image after ``fill_mode``,
    ``fill_value`` elsewhere: ((N, P, Q, C) values, (safe rows, safe cols, valid))."""
    _, height, width, _ = values.shape
    rows, cols = _fix(rows, height, fill_mode), _fix(cols, width, fill_mode)
    valid = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
    safe_rows, safe_cols = np.clip(rows, 0, height - 1), np.clip(cols, 0, width - 1)
    read = np.where(valid[..., None], values[batch, safe_rows, safe_cols], fill_value)
    return read.astype(work), (safe_rows, safe_cols, valid)


def sample_images(images, rows, cols, order, fill_mode="constant", fill_value=0):
    """A batch of images (N, H, W, C), image b read at the points (rows[b], cols[b]) (each
    (N, P, Q)), by nearest (order 0) or bilinear (order 1) interpolation: (N, P, Q, C)."""
    a, av = unpack(images)
    av = np.asarray(av)
    r, rv = unpack(rows)
    c, cv = unpack(cols)
    work = av.dtype if av.dtype.kind == "f" else np.dtype(np.float32)
    rv, cv = np.asarray(rv, work), np.asarray(cv, work)
    batch = np.arange(av.shape[0]).reshape((-1,) + (1,) * (rv.ndim - 1))
    out = np.zeros(rv.shape + av.shape[-1:], work)
    terms = []
    for (r_index, r_weight, r_slope), (c_index, c_weight, c_slope) in itertools.product(
            _corners(rv, order), _corners(cv, order)):
        value, place = _pixels(av, fill_mode, fill_value, batch, r_index, c_index, work)
        out += (r_weight * c_weight)[..., None] * value
        terms.append((value, place, r_weight, c_weight, r_slope, c_slope))
    result = _in_dtype(out, av.dtype)

    def backward(g):
        g_images = np.zeros(av.shape, work) if needs_grad(a) else None
        g_rows = np.zeros(rv.shape, work) if needs_grad(r) else None
        g_cols = np.zeros(cv.shape, work) if needs_grad(c) else None
        for value, (safe_rows, safe_cols, valid), r_weight, c_weight, r_slope, c_slope in terms:
            if g_images is not None:
                share = np.where(valid[..., None], g * (r_weight * c_weight)[..., None], 0)
                np.add.at(g_images, (batch, safe_rows, safe_cols), share)
            along = np.sum(g * value, axis=-1)
            if g_rows is not None:
                g_rows += along * c_weight * r_slope
            if g_cols is not None:
                g_cols += along * r_weight * c_slope
        return g_images, g_rows, g_cols
    return record(result, (a, r, c), backward, "sample_images")
