"""Solarization: invert the pixels above a random threshold, during training.

Written on 8-bit values (the images are moved from ``value_range`` to [0, 255] and back):

    y = clip(x + a, 0, 255),     output = y if y < t else 255 − y

with one addition a ~ U[255·a_low, 255·a_high) and one threshold t ~ U[255·t_low,
255·t_high) per image. ``addition_factor`` and ``threshold_factor`` are each a number f in
[0, 1] (the range [0, f)) or a pair; by default both are 0, so every pixel is inverted
(255 − x). A threshold of 0.5 (``threshold_factor=(0.5, 0.5)``) inverts only the bright half
of the values. At inference the images pass unchanged. Shapes unchanged; outputs are floats.

``get_random_transformation`` gives {"additions": a, "thresholds": t}, each (N, 1, 1, 1) in
8-bit units, as Keras does.

(Keras 3.15 multiplies only the upper end of each range by 255: a pair (0.5, 0.5) draws its
threshold from [0.5, 127.5) there; here it is 127.5, as documented.)
"""

from ....backend import ops
from ..image_layer import as_float_images
from .color_layer import ColorLayer, factor_pair, per_image, to_range


class Solarization(ColorLayer):
    """Invert the pixel values above a random threshold, after a random brightening."""

    CONFIG = ("addition_factor", "threshold_factor")

    def __init__(self, addition_factor=0.0, threshold_factor=0.0, value_range=(0, 255),
                 seed=None, **kwargs):
        super().__init__(value_range=value_range, seed=seed, **kwargs)
        self.addition_factor = factor_pair(addition_factor, "addition_factor", self)
        self.threshold_factor = factor_pair(threshold_factor, "threshold_factor", self)

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        (a_low, a_high), (t_low, t_high) = self.addition_factor, self.threshold_factor
        return {"additions": per_image(self._factors(images, seed, 255 * a_low, 255 * a_high)),
                "thresholds": per_image(self._factors(images, seed, 255 * t_low,
                                                      255 * t_high))}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training or transformation is None:
            return images
        additions = ops.cast(transformation["additions"], images.dtype)
        thresholds = ops.cast(transformation["thresholds"], images.dtype)
        shifted = ops.clip(to_range(images, self.value_range, (0, 255)) + additions, 0, 255)
        solarized = ops.where(ops.less(shifted, thresholds), shifted, 255.0 - shifted)
        return to_range(solarized, (0, 255), self.value_range)
