"""Geometric transforms of images: affine and perspective maps, and elastic distortion.

Each output pixel (x, y) is read from the input at a point given by the transform, through
:func:`.sampling.sample_images` (nearest or bilinear, with a fill mode outside the image); the
points of every image of a batch are computed at once, as (N, H, W) arrays.

    affine_transform, transform [a0, a1, a2, b0, b1, b2, c0, c1]:
        k = c0·x + c1·y + 1,   x_in = (a0·x + a1·y + a2)/k,   y_in = (b0·x + b1·y + b2)/k
    perspective_transform: the projective map that sends ``end_points`` to ``start_points``
        (four (x, y) corners each), found by solving the 8×8 system of its coefficients
    elastic_transform: x_in = x + α·dx, y_in = y + α·dy with dx, dy random normal fields
        (scaled by σ) smoothed by a Gaussian blur of width σ

The coordinates are computed with differentiable ops, so gradients reach the images and the
transform (bilinear interpolation is piecewise linear in the coordinates).

affine_transform divides by k as Keras documents it; Keras 3.15 on JAX does not (it adds
c0, c1 times the channel index instead), so the two agree only where c0 = c1 = 0.
"""

import numpy as np

from ... import config
from .._inputs import tensor_of
from ..creation import ones_like, zeros_like
from ..linalg_solve import solve
from ..math import add, cast, divide, multiply, negative
from ..random import generator_for
from ..shape import broadcast_to, concatenate, getitem, reshape, squeeze, stack
from ._layout import as_batch
from .filters import gaussian_blur
from .sampling import FILL_MODES, sample_images

INTERPOLATIONS = {"nearest": 0, "bilinear": 1}


def _check(interpolation, fill_mode, name):
    if interpolation not in INTERPOLATIONS:
        raise ValueError(f"{name}: interpolation must be 'nearest' or 'bilinear', received "
                         f"{interpolation!r}.")
    if fill_mode not in FILL_MODES:
        raise ValueError(f"{name}: fill_mode must be one of {FILL_MODES}, received "
                         f"{fill_mode!r}.")


def _sample(images, y_in, x_in, order, fill_mode, fill_value):
    """A batch (N, H, W, C) read at (y_in, x_in), (N, H, W) or (1, H, W) for every image."""
    n, h, w, _ = images.shape
    y_in, x_in = (broadcast_to(p, (n, h, w)) if p.shape[0] != n else p for p in (y_in, x_in))
    return sample_images(images, y_in, x_in, order, fill_mode, fill_value)


def _column(coefficients, i):
    """Coefficient i of each row of (m, 8) ``coefficients``, shaped (m, 1, 1)."""
    return reshape(getitem(coefficients, (slice(None), i)), (-1, 1, 1))


def _projective_points(coefficients, grid_x, grid_y):
    """(x_in, y_in), each (m, H, W): x_in = (t0 x + t1 y + t2)/k, y_in = (t3 x + t4 y + t5)/k,
    k = t6 x + t7 y + 1, for each row t of (m, 8) ``coefficients``."""
    t = [_column(coefficients, i) for i in range(8)]
    k = add(add(multiply(t[6], grid_x), multiply(t[7], grid_y)), 1.0)
    x_in = divide(add(add(multiply(t[0], grid_x), multiply(t[1], grid_y)), t[2]), k)
    y_in = divide(add(add(multiply(t[3], grid_x), multiply(t[4], grid_y)), t[5]), k)
    return x_in, y_in


def affine_transform(images, transform, interpolation="bilinear", fill_mode="constant",
                     fill_value=0, data_format=None):
    """Images read through the projective map ``transform`` (8 numbers, or one row of 8 per
    image) from output pixels to input points (see the module docstring)."""
    _check(interpolation, fill_mode, "affine_transform")
    x, restore = as_batch(images, data_format, "affine_transform")
    t = tensor_of(transform)
    if t.ndim not in (1, 2) or t.shape[-1] != 8:
        raise ValueError(f"affine_transform: transform must have shape (8,) or (batch, 8), "
                         f"received {t.shape}.")
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(config.floatx())
    t = cast(reshape(t, (-1, 8)), dtype)
    _, h, w, _ = x.shape
    grid_y, grid_x = np.meshgrid(np.arange(h, dtype=dtype), np.arange(w, dtype=dtype),
                                 indexing="ij")
    x_in, y_in = _projective_points(t, grid_x, grid_y)
    return restore(_sample(x, y_in, x_in, INTERPOLATIONS[interpolation], fill_mode,
                           fill_value))


def homography(start_points, end_points):
    """The 8 coefficients (t0..t7) of the projective map sending each end point (x, y) to its
    start point: x_s = (t0 x + t1 y + t2)/(t6 x + t7 y + 1), y_s likewise with t3, t4, t5.
    Points (batch, 4, 2) -> (batch, 8)."""
    sx, sy = getitem(start_points, (Ellipsis, 0)), getitem(start_points, (Ellipsis, 1))
    ex, ey = getitem(end_points, (Ellipsis, 0)), getitem(end_points, (Ellipsis, 1))
    zeros, ones = zeros_like(ex), ones_like(ex)
    x_rows = stack([ex, ey, ones, zeros, zeros, zeros, negative(multiply(sx, ex)),
                    negative(multiply(sx, ey))], axis=-1)
    y_rows = stack([zeros, zeros, zeros, ex, ey, ones, negative(multiply(sy, ex)),
                    negative(multiply(sy, ey))], axis=-1)
    system = concatenate([x_rows, y_rows], axis=1)                     # (batch, 8, 8)
    return solve(system, concatenate([sx, sy], axis=-1))


def perspective_transform(images, start_points, end_points, interpolation="bilinear",
                          fill_value=0, data_format=None):
    """Images warped so that the four ``start_points`` land on the ``end_points`` ((4, 2) or
    (batch, 4, 2) corners as (x, y)); pixels from outside the image take ``fill_value``."""
    _check(interpolation, "constant", "perspective_transform")
    x, restore = as_batch(images, data_format, "perspective_transform")
    start, end = tensor_of(start_points), tensor_of(end_points)
    for name, points in (("start_points", start), ("end_points", end)):
        if points.shape[-2:] != (4, 2) or points.ndim not in (2, 3):
            raise ValueError(f"perspective_transform: {name} must have shape (4, 2) or "
                             f"(batch, 4, 2), received {points.shape}.")
    if start.shape != end.shape:
        raise ValueError(f"perspective_transform: start_points {start.shape} and end_points "
                         f"{end.shape} must have the same shape.")
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(config.floatx())
    solve_in = "float64" if np.float64 in (start.dtype, end.dtype) else "float32"  # as Keras
    coefficients = homography(cast(reshape(start, (-1, 4, 2)), solve_in),
                              cast(reshape(end, (-1, 4, 2)), solve_in))
    _, h, w, _ = x.shape
    grid_y, grid_x = np.meshgrid(np.arange(h, dtype=dtype), np.arange(w, dtype=dtype),
                                 indexing="ij")
    x_in, y_in = _projective_points(coefficients, grid_x, grid_y)
    return restore(_sample(x, cast(y_in, dtype), cast(x_in, dtype),
                           INTERPOLATIONS[interpolation], "constant", fill_value))


def elastic_transform(images, alpha=20.0, sigma=5.0, interpolation="bilinear",
                      fill_mode="reflect", fill_value=0.0, seed=None, data_format=None):
    """Images distorted by a smooth random displacement field: random normal shifts (times
    ``sigma``), blurred with a Gaussian of width ``sigma`` and scaled by ``alpha``. The same
    ``seed`` gives the same distortion."""
    _check(interpolation, fill_mode, "elastic_transform")
    x, restore = as_batch(images, data_format, "elastic_transform")
    n, h, w, _ = x.shape
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(config.floatx())
    generator = generator_for(seed)
    size = int(6 * sigma) | 1
    fields = []
    for _ in range(2):
        noise = (generator.normal(size=(n, h, w, 1)) * sigma).astype(dtype)
        blurred = gaussian_blur(noise, (size, size), (sigma, sigma), "channels_last")
        fields.append(squeeze(blurred, -1))
    grid_y, grid_x = np.meshgrid(np.arange(h, dtype=dtype), np.arange(w, dtype=dtype),
                                 indexing="ij")
    x_in = add(grid_x, multiply(fields[0], alpha))
    y_in = add(grid_y, multiply(fields[1], alpha))
    out = _sample(x, y_in, x_in, INTERPOLATIONS[interpolation], fill_mode, fill_value)
    return restore(cast(out, x.dtype))
