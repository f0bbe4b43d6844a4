"""RandomGrayscale: turn a random share of the images grey, during training.

Each image of a batch (N, H, W, C) becomes grey with probability ``factor`` (0.5 by default):

    gray = 0.2989 R + 0.5870 G + 0.1140 B,    output = gray in every channel   (if u < factor)
    output = x                                                                   (otherwise)

with u ~ U[0, 1) drawn per image. The channels are kept (three equal ones), so the model
that follows sees the same shape. Single-channel images are grey already and pass unchanged.
At inference the images pass unchanged. Shapes unchanged; outputs are floats.

``get_random_transformation`` gives the choice as booleans shaped (N, 1, 1, 1), as Keras does.
"""

import numbers

from ....backend import ops
from ....backend.ops.random import SeedGenerator
from ..image_layer import BaseImagePreprocessingLayer, as_float_images
from .color_layer import check_rgb


class RandomGrayscale(BaseImagePreprocessingLayer):
    """Convert each image to grayscale with probability ``factor``."""

    KEEPS_GEOMETRY = True        # boxes and segmentation masks pass unchanged

    def __init__(self, factor=0.5, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if isinstance(factor, bool) or not isinstance(factor, numbers.Real) \
                or not 0 <= factor <= 1:
            raise ValueError(
                f"{self._who()}`factor` should be a number between 0 and 1, the probability "
                f"that an image is made grey. Received: factor={factor!r}. For example "
                f"factor=0.2 greys one image in five.")
        self.factor = factor
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        n = images.shape[0]
        return ops.less(ops.reshape(self._draw((n,), 0.0, 1.0, seed), (n, 1, 1, 1)),
                        self.factor)

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training:
            return images
        if transformation is None:
            transformation = self.get_random_transformation(images)
        check_rgb(self, images, grey_too=True)
        gray = ops.image.rgb_to_grayscale(images, data_format=self.data_format)
        return ops.where(transformation, gray, images)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "seed": self.seed}
