"""RandomHue: turn the hue of each image round the colour wheel by a random amount, in training.

Each image goes to HSV (hue h in [0, 1)), its hue is shifted, and it comes back to RGB:

    h' = h + δ wrapped into [0, 1],    δ = ±f/2,   f ~ U[lower, upper), the sign a coin flip

``factor`` is a number f in [0, 1] (f drawn from [0, f)) or a pair (lower, upper): 0 changes
nothing, 1 turns the hue up to half-way round the wheel (red to cyan). (f, f) always turns it
by f/2, one way or the other. ``value_range`` = (low, high) is the pixel range ((0, 255) by
default; (0, 1) for rescaled images). Saturation and value are kept. At inference the images
pass unchanged. Shapes unchanged (three channels, RGB); outputs are floats.

``get_random_transformation`` gives {"factor": δ}, shape (N,), as Keras does.
"""

from ....backend import ops
from ..image_layer import as_float_images
from .color_layer import FactorColorLayer, edit_hsv_channel, per_image


class RandomHue(FactorColorLayer):
    """Shift each image's hue by a random amount."""

    def get_random_transformation(self, images, training=True, seed=None):
        sign = ops.where(ops.greater(self._factors(images, seed, 0.0, 1.0), 0.5), -1.0, 1.0)
        return {"factor": sign * self._factors(images, seed) * 0.5}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training:
            return images
        delta = ops.cast(per_image(transformation["factor"]), images.dtype)[:, :, :, 0]

        def turn(hue):
            hue = hue + delta
            hue = ops.where(ops.greater(hue, 1.0), hue - 1.0, hue)
            return ops.where(ops.less(hue, 0.0), hue + 1.0, hue)

        return edit_hsv_channel(self, images, 0, turn)
