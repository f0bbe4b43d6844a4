"""RandomFlip: mirror each image, with probability ½, during training.

    mode="horizontal"               left <-> right   (x[:, :, ::-1] for channels_last)
    mode="vertical"                 top <-> bottom   (x[:, ::-1])
    mode="horizontal_and_vertical"  both at once (a half turn), the default

One draw u ~ U[0, 1) per image decides: the image is flipped where u <= ½, and kept as it is
otherwise. A flip moves pixels without changing them, so flipped values are exact, and the
gradient flows back through the same reordering. At inference the images pass unchanged.
Shapes unchanged; outputs are floats.
"""

from ...backend import ops
from ...backend.ops.random import SeedGenerator
from .image_layer import BaseImagePreprocessingLayer, as_float_images, choice

HORIZONTAL, VERTICAL = "horizontal", "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"


class RandomFlip(BaseImagePreprocessingLayer):
    """Randomly flip images left-right and/or top-bottom, in training."""

    def __init__(self, mode=HORIZONTAL_AND_VERTICAL, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.mode = choice(mode, (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL), "mode", self)
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        n = images.shape[0]
        draws = self._draw((n, 1, 1, 1), 0.0, 1.0, seed)
        return {"flips": ops.less_equal(ops.reshape(draws, (n, 1, 1, 1)), 0.5)}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training or transformation is None:
            return images
        flipped = images
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            flipped = ops.flip(flipped, axis=self._width_axis)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            flipped = ops.flip(flipped, axis=self._height_axis)
        return ops.where(transformation["flips"], flipped, images)

    def get_config(self):
        return {**super().get_config(), "seed": self.seed, "mode": self.mode}
