"""The per-image random draws of the image layers here, as numpy arrays.

Parameters drawn for a batch are small arrays (one value, or a few corners, per image); they
are drawn from the layer's SeedGenerator (or the ``seed`` given) and kept as numpy arrays, so
a transformation can be looked at, edited, or handed to another library's layer.
"""

import numpy as np

from ....backend import ops


def uniform_array(layer, shape, low, high, seed=None):
    """A float32 array of ``shape`` drawn from U[low, high) by ``layer``'s generator."""
    return np.asarray(ops.convert_to_numpy(layer._draw(shape, low, high, seed)), np.float32)


def per_image(values, rank):
    """(N,) per-image values shaped to broadcast over a batch (N, H, W, C) (rank 4), or the
    one value of a single image (rank 3)."""
    return values.reshape(-1, 1, 1, 1) if rank == 4 else values.reshape(1, 1, 1)
