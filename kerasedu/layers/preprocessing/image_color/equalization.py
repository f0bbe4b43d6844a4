"""Equalization: spread each channel's values evenly over the range (histogram equalization).

Written on 8-bit values (the images are moved from ``value_range`` to [0, 255] and back). For
one channel of one image, with B = ``bins`` and each value x put in bin k(x) = ⌊x·(B − 1)/255⌋:

    cdf(k) = number of pixels in bins 0..k,      c₀ = the first non-zero cdf value
    output = round(255·(cdf(k(x)) − c₀)/(cdf(B − 1) − c₀))

so that the values come out about evenly spread from 0 to 255 (a channel with a single
value, or all values in one bin, is left unchanged). Each image of a batch is equalized on
its own. Like Keras 3.15, the layer acts when called in training (and when called directly)
and passes the images unchanged at inference (``predict``, ``training=False``), so a model
moved between the two predicts the same. Shapes unchanged; outputs are floats. The output
is a lookup of the input (a step function), so no gradient flows: the layer reads its
input through ``ops.stop_gradient`` and also runs after trainable layers inside ``fit``.

(Keras 3.15 computes one histogram per channel over the whole batch, so that an image's
output depends on the images beside it.)
"""

import numbers

import numpy as np

from ....backend import ops
from ..image_layer import BaseImagePreprocessingLayer, as_float_images, value_range_of
from .color_layer import to_range


def equalize(channels, bins):
    """Histogram-equalize each row of ``channels`` (R, P) of 8-bit values: (R, P) -> (R, P)."""
    rows, _ = channels.shape
    index = np.clip(((channels * (bins - 1)) / 255.0).astype(np.int64), 0, bins - 1)
    counts = np.bincount((index + bins * np.arange(rows)[:, None]).ravel(),
                         minlength=rows * bins).reshape(rows, bins)
    cdf = np.cumsum(counts, axis=1)
    first = np.take_along_axis(cdf, np.argmax(cdf > 0, axis=1)[:, None], axis=1)
    total = cdf[:, -1:] - first
    table = np.clip(np.round((cdf - first) * 255.0 / np.where(total == 0, 1, total)), 0, 255)
    equalized = np.take_along_axis(table, index, axis=1).astype(channels.dtype)
    one_bin = np.count_nonzero(counts, axis=1)[:, None] <= 1
    return np.where(one_bin, channels, equalized)


class Equalization(BaseImagePreprocessingLayer):
    """Histogram-equalize every channel of every image."""

    KEEPS_GEOMETRY = True        # boxes and segmentation masks pass unchanged

    def __init__(self, value_range=(0, 255), bins=256, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if isinstance(bins, bool) or not isinstance(bins, numbers.Integral) or bins < 2:
            raise ValueError(
                f"{self._who()}`bins` must be an integer of at least 2, the number of "
                f"histogram bins. Received: bins={bins!r}. Use bins=256 for 8-bit images.")
        self.bins = int(bins)
        self.value_range = value_range_of(value_range, self)

    def transform_images(self, images, transformation=None, training=True):
        images = as_float_images(self, images)
        if not training:
            return images
        first = self.data_format == "channels_first"
        pixels = ops.stop_gradient(images).numpy()       # a step function: no gradient
        planes = pixels if first else np.moveaxis(pixels, -1, 1)
        n, c, h, w = planes.shape
        eight_bit = to_range(planes, self.value_range, (0, 255)).reshape(n * c, h * w)
        equalized = to_range(equalize(eight_bit, self.bins), (0, 255), self.value_range)
        equalized = equalized.reshape(n, c, h, w)
        return ops.convert_to_tensor(equalized if first else np.moveaxis(equalized, 1, -1))

    def get_config(self):
        return {**super().get_config(), "bins": self.bins, "value_range": self.value_range}
