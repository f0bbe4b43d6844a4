"""Adaptive pooling: pooling to a chosen output size, whatever the input size.

Along a spatial axis of length n pooled to m cells, cell i covers the input positions

    from ⌊i·n/m⌋ to ⌈(i + 1)·n/m⌉ (exclusive)

so the windows tile the axis, overlapping by at most one position. A window is a product of
intervals, one per spatial axis, so pooling goes axis by axis: the average over a box is the
average along each axis in turn (a product with an (m, n) averaging matrix), and so is the
maximum (a gather of each window, then a max). Both are compositions of differentiable ops.
"""

import numpy as np

from .. import config
from ._inputs import tensor_of
from .geometry import normalize_tuple
from .linalg import tensordot
from .math import cast
from .reduction import max as max_
from .shape import getitem, moveaxis


def windows(n, m):
    """(starts, ends) of the m adaptive windows over a length n."""
    i = np.arange(m)
    return (i * n) // m, -((-(i + 1) * n) // m)


def _spatial_axes(x, data_format, name):
    x = tensor_of(x)
    if not 3 <= x.ndim <= 5:
        raise ValueError(f"{name} expects inputs with 1, 2 or 3 spatial axes (rank 3 to 5), "
                         f"received shape {x.shape}.")
    first = config.standardize_data_format(data_format) == "channels_first"
    return x, list(range(2, x.ndim)) if first else list(range(1, x.ndim - 1))


def _sizes(output_size, count, name):
    sizes = normalize_tuple(output_size, count, "output_size")
    if any(s < 1 for s in sizes):
        raise ValueError(f"{name}: output_size must be positive, received {output_size!r}.")
    return sizes


def adaptive_average_pool(inputs, output_size, data_format=None):
    """The mean over each adaptive window: (N, *spatial, C) -> (N, *output_size, C)."""
    x, axes = _spatial_axes(inputs, data_format, "adaptive_average_pool")
    if x.dtype.kind != "f":
        x = cast(x, config.floatx())
    for axis, m in zip(axes, _sizes(output_size, len(axes), "adaptive_average_pool")):
        n = x.shape[axis]
        starts, ends = windows(n, m)
        position = np.arange(n)
        inside = (position >= starts[:, None]) & (position < ends[:, None])
        averaging = (inside / inside.sum(axis=1, keepdims=True)).astype(x.dtype)   # (m, n)
        x = moveaxis(tensordot(averaging, x, ([1], [axis])), 0, axis)
    return x


def adaptive_max_pool(inputs, output_size, data_format=None):
    """The maximum over each adaptive window: (N, *spatial, C) -> (N, *output_size, C)."""
    x, axes = _spatial_axes(inputs, data_format, "adaptive_max_pool")
    for axis, m in zip(axes, _sizes(output_size, len(axes), "adaptive_max_pool")):
        n = x.shape[axis]
        starts, ends = windows(n, m)
        width = int(np.max(ends - starts))
        offsets = np.minimum(starts[:, None] + np.arange(width), ends[:, None] - 1)   # (m, w)
        index = [slice(None)] * x.ndim
        index[axis] = offsets
        gathered = getitem(x, tuple(index))       # the window axis comes after ``axis``
        x = max_(gathered, axis=axis + 1)
    return x
