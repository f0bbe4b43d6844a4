"""What RandomRotation, RandomZoom and RandomTranslation share: a random affine map per image.

Each draws, per image, the 8 numbers [a0, a1, a2, b0, b1, b2, 0, 0] of a map from an output
pixel (x, y) to the input point it is read from,

    x_in = a0·x + a1·y + a2,      y_in = b0·x + b1·y + b2,

and reads the images there with :func:`ops.image.affine_transform`: ``interpolation``
"bilinear" mixes the four nearest pixels, "nearest" takes the closest one. Points that fall
outside the image are filled by ``fill_mode``:

    "reflect"   d c b a | a b c d | d c b a     (the default)
    "wrap"      a b c d | a b c d | a b c d
    "nearest"   a a a a | a b c d | d d d d
    "constant"  k k k k | a b c d | k k k k     (k = fill_value)

In training only; at inference the images pass unchanged. Shapes unchanged; outputs are floats.
"""

import numpy as np

from ...backend import ops
from ...backend.ops.random import SeedGenerator
from .image_layer import (AFFINE_INTERPOLATIONS, FILL_MODES, BaseImagePreprocessingLayer,
                          as_float_images, choice, fill_number)


class RandomAffineTransform(BaseImagePreprocessingLayer):
    """An image layer that reads each image through its own random affine map."""

    def __init__(self, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.fill_mode = choice(fill_mode, FILL_MODES, "fill_mode", self)
        self.interpolation = choice(interpolation, AFFINE_INTERPOLATIONS, "interpolation", self)
        self.fill_value = fill_number(fill_value, self)
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        height, width = self._image_size(images)
        return self._random_parameters(images.shape[0], height, width, seed)

    def _random_parameters(self, n, height, width, seed):
        """{"matrix": (n, 8) float32 array, and the draws it was made from}."""
        raise NotImplementedError

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training or transformation is None:
            return images
        return ops.image.affine_transform(
            images, ops.cast(transformation["matrix"], images.dtype),
            interpolation=self.interpolation, fill_mode=self.fill_mode,
            fill_value=self.fill_value, data_format=self.data_format)

    def _uniform(self, n, low, high, seed):
        """n draws from U[low, high), as a float64 numpy array."""
        return np.asarray(ops.convert_to_numpy(self._draw((n,), low, high, seed)),
                          np.float64).reshape(n)

    def get_config(self):
        return {**super().get_config(), "fill_mode": self.fill_mode,
                "interpolation": self.interpolation, "seed": self.seed,
                "fill_value": self.fill_value}


def affine_rows(a0, a1, a2, b0, b1, b2):
    """The (n, 8) rows [a0, a1, a2, b0, b1, b2, 0, 0] from six length-n arrays (or numbers)."""
    columns = np.broadcast_arrays(*(np.asarray(c, np.float64) for c in (a0, a1, a2, b0, b1, b2)))
    zeros = np.zeros_like(columns[0])
    return np.stack([*columns, zeros, zeros], axis=-1).astype(np.float32)
