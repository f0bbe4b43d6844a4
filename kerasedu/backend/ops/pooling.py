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

The loops are numba kernels with numpy twins (:mod:`kerasedu.backend.kernels.pool_loops`); they
see three spatial axes, so the array functions below view 1-D and 2-D inputs that way.
"""

import numpy as np

from .. import config
from ..autodiff import record
from ..kernels.pool_loops import (avg_pool_backward, avg_pool_forward, max_pool_backward,
                               max_pool_forward)
from . import geometry
from ._inputs import unpack
from .conv import from_channels_last, spatial_tuple, standardize_padding, to_channels_last


# ---------------------------------------------------------------------- on arrays

@geometry.memoized
def _kernel_arguments(k, s, pads):
    return geometry.to_3d(k), geometry.to_3d(s), tuple(b for b, _ in geometry.pads_to_3d(pads))


def _empty_3d(shape, spatial, dtype):
    return np.empty((shape[0],) + geometry.to_3d(spatial) + (shape[-1],), dtype)


def _zeros_3d(shape, dtype):
    return np.zeros((shape[0],) + geometry.to_3d(shape[1:-1]) + (shape[-1],), dtype)


def _as_3d(x):
    return np.ascontiguousarray(geometry.array_to_3d(x))


def max_pool_values(x, pool_size, strides=None, padding="valid"):
    """(y, argmax) for an array ``x`` (N, *spatial, C): the window maxima and, for
    :func:`max_pool_gradient`, the flat index of the cell each came from."""
    k, s, pads, out_spatial = geometry.pool_geometry(x.shape[1:-1], pool_size, strides, padding)
    y = _empty_3d(x.shape, out_spatial, x.dtype)
    argmax = _empty_3d(x.shape, out_spatial, np.int64)
    max_pool_forward(y, argmax, _as_3d(x), *_kernel_arguments(k, s, pads))
    out_shape = (x.shape[0],) + out_spatial + (x.shape[-1],)
    return y.reshape(out_shape), argmax.reshape(out_shape)


def max_pool_gradient(grad_y, argmax, input_shape):
    """dx of shape ``input_shape``: each dy added to the input cell its maximum came from."""
    grad_x = _zeros_3d(tuple(input_shape), grad_y.dtype)
    max_pool_backward(grad_x, _as_3d(grad_y), _as_3d(argmax))
    return grad_x.reshape(input_shape)


def average_pool_values(x, pool_size, strides=None, padding="valid"):
    """The mean of each window of the array ``x`` over its input cells (padding excluded)."""
    k, s, pads, out_spatial = geometry.pool_geometry(x.shape[1:-1], pool_size, strides, padding)
    y = _empty_3d(x.shape, out_spatial, x.dtype)
    avg_pool_forward(y, _as_3d(x), *_kernel_arguments(k, s, pads))
    return y.reshape((x.shape[0],) + out_spatial + (x.shape[-1],))


def average_pool_gradient(grad_y, input_shape, pool_size, strides=None, padding="valid"):
    """dx of shape ``input_shape``: dy / count spread over the input cells of each window."""
    k, s, pads, _ = geometry.pool_geometry(tuple(input_shape[1:-1]), pool_size, strides, padding)
    grad_x = _zeros_3d(tuple(input_shape), grad_y.dtype)
    avg_pool_backward(grad_x, _as_3d(grad_y), *_kernel_arguments(k, s, pads))
    return grad_x.reshape(input_shape)


# ---------------------------------------------------------------------- the ops

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
    *_, out = geometry.pool_geometry(xl.shape[1:-1], k, s, padding)
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
    y, argmax = max_pool_values(xl, k, s, padding)
    x_shape = xl.shape

    def backward(g):
        g = to_channels_last(g, data_format).astype(y.dtype, copy=False)
        return (from_channels_last(max_pool_gradient(g, argmax, x_shape), data_format),)
    return record(from_channels_last(y, data_format), (a,), backward, "max_pool")


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """The mean of each window over the input cells it covers."""
    a, xl, k, s, padding, data_format = _prepare(inputs, pool_size, strides, padding,
                                                 data_format, "average_pool")
    y = average_pool_values(xl, k, s, padding)
    x_shape = xl.shape

    def backward(g):
        g = to_channels_last(g, data_format).astype(y.dtype, copy=False)
        return (from_channels_last(average_pool_gradient(g, x_shape, k, s, padding),
                                   data_format),)
    return record(from_channels_last(y, data_format), (a,), backward, "average_pool")
