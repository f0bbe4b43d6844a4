"""Max and average pooling on channels_last arrays with 1, 2 or 3 spatial axes.

Shapes: ``x`` (N, *spatial, C) → ``y`` (N, *out_spatial, C). ``pool_size`` and ``strides`` are
ints or one int per spatial axis (``strides=None`` means ``pool_size``, as in Keras); ``padding``
is "valid", "same" (Keras: total pad max((out − 1)·s + k − n, 0), floor(half) before, the rest
at the end) or explicit ((before, after), ...). Padded positions never enter a window:

* ``max_pool``       y = max over the window, and ``argmax`` (int64, y's shape) for the backward
* ``max_pool_grad``  dx[argmax] += dy
* ``avg_pool``       y = Σ x / count over the input positions in the window
  (3×3 input 1..9, pool 2, stride 2, "same" → [[3, 4.5], [7.5, 9]])
* ``avg_pool_grad``  dx[i] += dy / count for every window containing i

The loops are in :mod:`.pooling_kernels`.
"""

import numpy as np

from . import conv_shapes as shapes
from .pooling_kernels import (avg_pool_backward, avg_pool_forward, max_pool_backward,
                              max_pool_forward)


@shapes.memoized
def pool_geometry(spatial, pool_size, strides=None, padding="valid"):
    """(pool_size, strides, pads, out_spatial) per spatial axis, pads as (before, after)."""
    rank = len(spatial)
    k = shapes.normalize_tuple(pool_size, rank, "pool_size")
    s = k if strides is None else shapes.normalize_tuple(strides, rank, "strides")
    if isinstance(padding, str):
        pads = shapes.conv_padding(spatial, k, s, 1, padding)
    else:
        pads = tuple((int(b), int(a)) for b, a in padding)
        if len(pads) != rank or any(not 0 <= b < kk or not 0 <= a < kk
                                    for (b, a), kk in zip(pads, k)):
            raise ValueError(f"padding must be a name or {rank} pairs (before, after), each "
                             f"smaller than the pool size {k}, received {padding!r}.")
    out = shapes.conv_output_spatial_shape(spatial, k, s, 1, pads)
    return k, s, pads, out


@shapes.memoized
def _kernel_arguments(k, s, pads):
    return shapes.to_3d(k), shapes.to_3d(s), tuple(b for b, _ in shapes.pads_to_3d(pads))


def _out_3d(x_shape, out_spatial, dtype):
    return np.empty((x_shape[0],) + shapes.to_3d(out_spatial) + (x_shape[-1],), dtype)


def max_pool(x, pool_size, strides=None, padding="valid"):
    """(y, argmax): the window maxima and, for :func:`max_pool_grad`, where each came from."""
    k, s, pads, out_spatial = pool_geometry(x.shape[1:-1], pool_size, strides, padding)
    y = _out_3d(x.shape, out_spatial, x.dtype)
    argmax = _out_3d(x.shape, out_spatial, np.int64)
    max_pool_forward(y, argmax, np.ascontiguousarray(shapes.array_to_3d(x)),
                     *_kernel_arguments(k, s, pads))
    out_shape = (x.shape[0],) + out_spatial + (x.shape[-1],)
    return y.reshape(out_shape), argmax.reshape(out_shape)


def max_pool_grad(grad_y, argmax, input_shape):
    """dx of shape ``input_shape``: each dy added to the input position its maximum came from."""
    input_shape = tuple(input_shape)
    grad_x = np.zeros((input_shape[0],) + shapes.to_3d(input_shape[1:-1]) + (input_shape[-1],),
                      grad_y.dtype)
    max_pool_backward(grad_x, np.ascontiguousarray(shapes.array_to_3d(grad_y)),
                      np.ascontiguousarray(shapes.array_to_3d(argmax)))
    return grad_x.reshape(input_shape)


def avg_pool(x, pool_size, strides=None, padding="valid"):
    """y = mean of each window over its input positions (padding excluded)."""
    k, s, pads, out_spatial = pool_geometry(x.shape[1:-1], pool_size, strides, padding)
    y = _out_3d(x.shape, out_spatial, x.dtype)
    avg_pool_forward(y, np.ascontiguousarray(shapes.array_to_3d(x)), *_kernel_arguments(k, s, pads))
    return y.reshape((x.shape[0],) + out_spatial + (x.shape[-1],))


def avg_pool_grad(grad_y, input_shape, pool_size, strides=None, padding="valid"):
    """dx of shape ``input_shape``: dy / count spread over the input positions of each window."""
    input_shape = tuple(input_shape)
    k, s, pads, _ = pool_geometry(input_shape[1:-1], pool_size, strides, padding)
    grad_x = np.zeros((input_shape[0],) + shapes.to_3d(input_shape[1:-1]) + (input_shape[-1],),
                      grad_y.dtype)
    avg_pool_backward(grad_x, np.ascontiguousarray(shapes.array_to_3d(grad_y)),
                      *_kernel_arguments(k, s, pads))
    return grad_x.reshape(input_shape)
