"""RandomContrast: scale each image's contrast by a random factor, during training.

Per image and channel, the pixels move away from (or towards) their mean μ over the image:

    output = clip((x − μ)·c + μ, low, high),     c ~ U[1 − lower, 1 + upper)

``factor`` is a number f in [0, 1] (lower = upper = f: c in [1 − f, 1 + f)) or a pair
(lower, upper). c > 1 raises the contrast, c < 1 lowers it, c = 0 makes the image flat grey.
``value_range`` = (low, high) is the range of the pixel values ((0, 255) by default; (0, 1)
for rescaled images), which the outputs are clipped to. At inference the images pass
unchanged. Shapes unchanged; outputs are floats.

(Keras 3.15 takes a single number f as the range [1, 1 + f), against its own documentation;
a pair gives the same range in both.)
"""

from ...backend import ops
from ...backend.ops.random import SeedGenerator
from .image_layer import (BaseImagePreprocessingLayer, as_float_images, factor_range,
                          value_range_of)


class RandomContrast(BaseImagePreprocessingLayer):
    """Scale the contrast of each image by a random factor."""

    KEEPS_GEOMETRY = True        # boxes and segmentation masks pass unchanged

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(**kwargs)
        factor_range(factor, "factor", self, (0, 1))            # a number or pair in [0, 1]
        self.factor = tuple(sorted(factor)) if isinstance(factor, (tuple, list)) else \
            (factor, factor)
        self.value_range = tuple(value_range_of(value_range, self))
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        lower, upper = self.factor
        return {"contrast_factor": self._per_image(images, 1.0 - lower, 1.0 + upper, training,
                                                   seed, at_inference=1.0)}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training:
            return images
        mean = ops.mean(images, axis=(self._height_axis, self._width_axis), keepdims=True)
        outputs = (images - mean) * transformation["contrast_factor"] + mean
        return ops.clip(outputs, *self.value_range)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor,
                "value_range": self.value_range, "seed": self.seed}
