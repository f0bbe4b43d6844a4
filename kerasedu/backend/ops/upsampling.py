"""Upsampling by whole factors, written with differentiable ops (no backward code of its own).

``upsample_nearest(x, size)`` repeats every value ``size[i]`` times along spatial axis i:

    (N, H, W, C), size (2, 3)  ->  (N, 2H, 3W, C),   y[n, i, j, c] = x[n, i // 2, j // 3, c]

It is an expand (a new axis of length 1 after each spatial axis), a broadcast to length
``size[i]`` and a reshape, so its gradient sums the copies.

``upsample_bilinear(x, size)`` (2 spatial axes) interpolates linearly between the nearest input
cells, with half-pixel centres as TensorFlow and JAX resize images: output cell o along an axis
of length n and factor f reads input position src = (o + ½)/f − ½, clamped to [0, n − 1], as
(1 − w)·x[floor(src)] + w·x[floor(src) + 1] with w = src − floor(src). Along each axis that is
a matrix product with a fixed (n·f, n) interpolation matrix.
"""

import numpy as np

from .. import config
from ..tensor import convert_to_tensor
from .linalg import matmul
from .math import cast
from .shape import broadcast_to, reshape, transpose


def _spatial_axes(ndim, data_format):
    return list(range(1, ndim - 1)) if data_format == "channels_last" else list(range(2, ndim))


def upsample_nearest(x, size, data_format=None):
    """Each value repeated ``size[i]`` times along spatial axis i."""
    data_format = config.standardize_data_format(data_format)
    shape = tuple(x.shape)
    axes = _spatial_axes(len(shape), data_format)
    expanded, target, final = [], [], []
    for axis, n in enumerate(shape):
        expanded.append(n)
        target.append(n)
        final.append(n)
        if axis in axes:
            factor = size[axes.index(axis)]
            expanded.append(1)
            target.append(factor)
            final[-1] = n * factor
    return reshape(broadcast_to(reshape(x, expanded), target), final)


def interpolation_matrix(n, factor, dtype):
    """The (n·factor, n) matrix of bilinear weights with half-pixel centres (rows sum to 1)."""
    out = np.arange(n * factor)
    src = np.clip((out + 0.5) / factor - 0.5, 0, n - 1)
    low = np.floor(src).astype(int)
    high = np.minimum(low + 1, n - 1)
    weight = src - low
    matrix = np.zeros((n * factor, n))
    np.add.at(matrix, (out, low), 1 - weight)
    np.add.at(matrix, (out, high), weight)
    return matrix.astype(dtype)


def upsample_bilinear(x, size, data_format=None):
    """Bilinear upsampling of a 4-D tensor by the factors ``size`` = (height, width)."""
    data_format = config.standardize_data_format(data_format)
    x = convert_to_tensor(x)
    if x.dtype.kind != "f":
        x = cast(x, config.floatx())
    if data_format == "channels_first":
        x = transpose(x, (0, 2, 3, 1))
    _, h, w, _ = x.shape
    rows = interpolation_matrix(h, size[0], x.dtype).T     # (H, H·fh)
    cols = interpolation_matrix(w, size[1], x.dtype).T     # (W, W·fw)
    y = matmul(transpose(x, (0, 2, 3, 1)), rows)          # (N, W, C, H')
    y = matmul(transpose(y, (0, 3, 2, 1)), cols)          # (N, H', C, W')
    y = transpose(y, (0, 1, 3, 2))                          # (N, H', W', C)
    return transpose(y, (0, 3, 1, 2)) if data_format == "channels_first" else y
