"""How image ops read their inputs: one image (H, W, C) or a batch (N, H, W, C), in either
data format. Each op works on a channels_last batch and puts the result back as it came."""

import numpy as np

from ... import config
from .._inputs import tensor_of
from ..shape import expand_dims, squeeze, transpose


def as_batch(images, data_format, name):
    """(channels_last batch, restore): ``restore(result)`` undoes the batching and layout."""
    images = tensor_of(images)
    if images.ndim not in (3, 4):
        raise ValueError(f"{name} expects an image of rank 3 (height, width, channels) or a "
                         f"batch of rank 4, received shape {images.shape}.")
    first = config.standardize_data_format(data_format) == "channels_first"
    single = images.ndim == 3
    batch = expand_dims(images, 0) if single else images
    if first:
        batch = transpose(batch, (0, 2, 3, 1))

    def restore(result, extra_axes=0):
        if first:
            order = (0, 3, 1, 2) + tuple(range(4, 4 + extra_axes))
            result = transpose(result, order)
        return squeeze(result, 0) if single else result
    return batch, restore


def channel_axis(images, data_format):
    """The channels axis of an image or batch (negative, counted from the end)."""
    first = config.standardize_data_format(data_format) == "channels_first"
    return -3 if first else -1


def float_dtype(dtype):
    """The dtype image arithmetic runs in: the images' float dtype, else floatx."""
    return dtype if np.dtype(dtype).kind == "f" else np.dtype(config.floatx())
