"""Pooling ops: max_pool and average_pool over 1, 2 or 3 spatial axes.

Inputs are (N, *spatial, C) for "channels_last" or (N, C, *spatial) for "channels_first".
Each window of ``pool_size`` cells, moved by ``strides`` (default: ``pool_size``), gives one
output value per channel. Output length per axis, input length n, pool size k, stride s:

    "valid"   out = floor((n − k) / s) + 1     (the window must fit: k ≤ n)
    "same"    out = ceil(n / s)                (windows may hang over the edges)

Cells outside the input never take part: a max is taken over the cells inside, and an average
divides by the number of cells inside (a 3×3 input holding 1..9, pool 2, "same", gives
[[3, 4.5], [7.5, 9]]). Gradients:

    max:      dL/dx[i] = Σ dL/dy[o] over the windows o whose maximum came from cell i
    average:  dL/dx[i] = Σ dL/dy[o] / count(o) over the windows o that contain cell i

The loops are numba kernels (:mod:`kerasedu.backend.kernels.pooling`), with numpy twins.
"""

import numpy as np

from .. import config
from ..autodiff import record
from ..kernels import pooling as pooling_kernels
from ._inputs import unpack
from .conv import from_channels_last, spatial_tuple, standardize_padding, to_channels_last


def _prepare(inputs, pool_size, strides, padding, data_format, op):
    """(tensor, channels_last array, pool_size, strides, padding, data_format), all checked."""
    data_format = config.standardize_data_format(data_format)
    a, x = unpack(inputs)
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(config.floatx())
    if x.ndim not in (3, 4, 5):
        raise ValueError(
            f"{op} expects inputs with 1, 2 or 3 spatial axes, that is rank 3, 4 or 5, but "
            f"received an input of shape {x.shape}.")
    rank = x.ndim - 2
    k = spatial_tuple(pool_size, rank, "pool_size")
    s = k if strides is None else spatial_tuple(strides, rank, "strides")
    padding = standardize_padding(padding)
    xl = to_channels_last(x, data_format)
    *_, out = pooling_kernels.pool_geometry(xl.shape[1:-1], k, s, padding)
    if min(out) <= 0:
        raise ValueError(
            f"{op}: pool_size {k} is larger than the input's spatial sizes "
            f"{xl.shape[1:-1]} (input shape {x.shape}, padding='valid'). Use padding='same' "
            f"or a smaller pool_size.")
    return a, xl, k, s, padding, data_format


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """The largest value in each window."""
    a, xl, k, s, padding, data_format = _prepare(inputs, pool_size, strides, padding,
                                                 data_format, "max_pool")
    y, argmax = pooling_kernels.max_pool(xl, k, s, padding)
    x_shape = xl.shape

    def backward(g):
        g = to_channels_last(g, data_format).astype(y.dtype, copy=False)
        return (from_channels_last(pooling_kernels.max_pool_grad(g, argmax, x_shape),
                                   data_format),)
    return record(from_channels_last(y, data_format), (a,), backward, "max_pool")


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """The mean of each window over the input cells it covers."""
    a, xl, k, s, padding, data_format = _prepare(inputs, pool_size, strides, padding,
                                                 data_format, "average_pool")
    y = pooling_kernels.avg_pool(xl, k, s, padding)
    x_shape = xl.shape

    def backward(g):
        g = to_channels_last(g, data_format).astype(y.dtype, copy=False)
        return (from_channels_last(pooling_kernels.avg_pool_grad(g, x_shape, k, s, padding),
                                   data_format),)
    return record(from_channels_last(y, data_format), (a,), backward, "average_pool")
