"""RandomInvert: invert the colours of a random share of the images, during training.

For each image of a batch, a probability p ~ U[lower, upper) and a threshold t ~ U[0, 1) are
drawn; when t < p the image is inverted within its ``value_range`` = (low, high):

    output = low + high − x          (255 − x for 8-bit pixels, 1 − x for rescaled ones)

``factor`` is a number f in [0, 1] (p drawn from [0, f)) or a pair (lower, upper); the default
1.0 inverts half of the images on average, (1, 1) every image. At inference the images pass
unchanged. Shapes unchanged; outputs are floats.

(Keras 3.15 computes high − x, which equals low + high − x only when low = 0.)
"""

from ....backend import ops
from ..image_layer import as_float_images
from .color_layer import ColorLayer, per_image


class RandomInvert(ColorLayer):
    """Invert each image's colours with a random probability."""

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, value_range=(0, 255), seed=None, data_format=None,
                 **kwargs):
        super().__init__(value_range=value_range, seed=seed, data_format=data_format, **kwargs)
        self._set_factor(factor)

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        return {"apply_inversion": self._coin_flips(images, seed)}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training or transformation is None:
            return images
        low, high = self.value_range
        return ops.where(per_image(transformation["apply_inversion"]),
                         (low + high) - images, images)
