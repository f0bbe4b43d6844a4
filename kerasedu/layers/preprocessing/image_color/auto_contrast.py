"""AutoContrast: stretch each channel of each image over the whole value range.

With ``value_range`` = (low, high) and m, M the smallest and largest value of one channel of
one image (over its height and width):

    output = low + (x − m)·(high − low)/(M − m)          (x unchanged where M = m)

so the darkest pixel of the channel becomes ``low`` and the brightest ``high``. Not random:
it acts in training and at inference alike. Shapes unchanged; outputs are floats.

(Keras 3.15 takes m and M over the axes (1, 2) of a batch whatever the ``data_format``, so
channels-first images are stretched across channels there.)
"""

from ....backend import ops
from ..image_layer import BaseImagePreprocessingLayer, as_float_images, value_range_of


class AutoContrast(BaseImagePreprocessingLayer):
    """Stretch every channel of every image to span ``value_range``."""

    KEEPS_GEOMETRY = True        # boxes and segmentation masks pass unchanged

    def __init__(self, value_range=(0, 255), **kwargs):
        super().__init__(**kwargs)
        self.value_range = value_range_of(value_range, self)

    def transform_images(self, images, transformation=None, training=True):
        images = as_float_images(self, images)
        spatial = (self._height_axis, self._width_axis)
        darkest = ops.min(images, axis=spatial, keepdims=True)
        spread = ops.max(images, axis=spatial, keepdims=True) - darkest
        flat = ops.equal(spread, 0.0)
        low, high = self.value_range
        stretched = (images - darkest) * ((high - low) / ops.where(flat, 1.0, spread)) + low
        return ops.where(flat, images, ops.clip(stretched, low, high))

    def get_config(self):
        return {**super().get_config(), "value_range": self.value_range}
