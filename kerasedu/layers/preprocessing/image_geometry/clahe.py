"""ContrastLimitedAdaptiveHistogramEqualization (CLAHE): bring out local contrast.

Plain histogram equalization spreads an image's values over the whole range; CLAHE does it
tile by tile (``tile_grid_size`` tiles down and across), limits how much any one value can be
stretched (``clip_limit``: a tile's histogram is clipped at clip_limit times its mean bin
and the excess shared out; 0 disables the limit), and blends the tiles' maps bilinearly
(:mod:`kerasedu.backend.ops.image.histogram_equalization`). ``value_range`` = (low, high) is
the range of the pixels, mapped to [0, 255] for the equalization and back:

    output = low + clahe(255·(x − low)/(high − low))·(high − low)/255

Deterministic, and applied in training and at inference alike. Shapes unchanged; the output
keeps the input's dtype (integer pixels come back as integers, truncated), as in Keras.
"""

import numbers

import numpy as np

from ....backend import ops
from ....backend.ops.image.histogram_equalization import clahe
from ..image_layer import BaseImagePreprocessingLayer, value_range_of


class ContrastLimitedAdaptiveHistogramEqualization(BaseImagePreprocessingLayer):
    """Equalize the histograms of tiles of each image, with a limit on the contrast gained."""

    KEEPS_GEOMETRY = True        # boxes and segmentation masks pass unchanged

    def __init__(self, value_range=(0, 255), clip_limit=4.0, tile_grid_size=(8, 8),
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = tuple(value_range_of(value_range, self))
        if isinstance(clip_limit, bool) or not isinstance(clip_limit, numbers.Real):
            raise ValueError(f"{self._who()}`clip_limit` must be a number (4.0 is usual; 0 "
                             f"turns the limit off). Received: clip_limit={clip_limit!r}")
        if not isinstance(tile_grid_size, (tuple, list)) or len(tile_grid_size) != 2 or any(
                isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 1
                for v in tile_grid_size):
            raise ValueError(f"{self._who()}`tile_grid_size` must be two positive integers, "
                             f"the tiles down and across. Received: "
                             f"tile_grid_size={tile_grid_size!r}. For example (8, 8).")
        self.clip_limit = clip_limit
        self.tile_grid_size = tuple(tile_grid_size)

    def transform_images(self, images, transformation=None, training=True):
        images = ops.convert_to_tensor(images)
        dtype = images.dtype
        single = images.ndim == 3
        batch = ops.expand_dims(images, 0) if single else images
        if self.data_format == "channels_first":
            batch = ops.transpose(batch, (0, 2, 3, 1))
        low, high = self.value_range
        pixels = (np.asarray(ops.convert_to_numpy(batch), np.float32) - low) / (high - low) * 255
        result = ops.convert_to_numpy(clahe(pixels, self.clip_limit, self.tile_grid_size))
        result = result / np.float32(255) * np.float32(high - low) + np.float32(low)
        if self.data_format == "channels_first":
            result = result.transpose(0, 3, 1, 2)
        result = ops.cast(result[0] if single else result, dtype)
        return result

    def get_config(self):
        return {**super().get_config(), "value_range": self.value_range,
                "clip_limit": self.clip_limit, "tile_grid_size": self.tile_grid_size}
