"""RandomSaturation: scale the saturation of each image by a random factor, during training.

Each image goes to HSV, its saturation s is scaled, and it comes back to RGB:

    s' = clip(s·f/(1 − f + ε), 0, 1),     f ~ U[lower, upper)

so f = 0 makes the image grey, f = 0.5 leaves it unchanged, and f near 1 saturates its
colours fully. ``factor`` is a number f in [0, 1] (f drawn from [0, f)) or a pair (lower,
upper); (0.5, 0.5) is the identity. ``value_range`` = (low, high) is the pixel range ((0, 255)
by default; (0, 1) for rescaled images). At inference the images pass unchanged. Shapes
unchanged (three channels, RGB); outputs are floats.

``get_random_transformation`` gives {"factor": f/(1 − f + ε)}, shape (N,), as Keras does.

(Keras 3.15 clips the saturation to ``value_range`` rather than to [0, 1], so that with
(0, 255) a factor above 0.5 can give negative pixels; and, against its documentation, it
takes a single number f as the range (−f, f).)
"""

from ....backend import config, ops
from ..image_layer import as_float_images
from .color_layer import FactorColorLayer, edit_hsv_channel, per_image


class RandomSaturation(FactorColorLayer):
    """Scale each image's saturation by a random factor."""

    def get_random_transformation(self, images, training=True, seed=None):
        factor = self._factors(images, seed)
        return {"factor": factor / (1.0 - factor + config.epsilon())}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training:
            return images
        scale = ops.cast(per_image(transformation["factor"]), images.dtype)[:, :, :, 0]
        return edit_hsv_channel(self, images, 1,
                                lambda saturation: ops.clip(saturation * scale, 0.0, 1.0))
