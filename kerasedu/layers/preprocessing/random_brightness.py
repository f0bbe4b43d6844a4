"""RandomBrightness: add a random brightness shift to each image, during training.

    output = clip(x + δ·(high − low), low, high),     δ ~ U[lower, upper)

the same δ for every pixel and channel of one image. ``factor`` is a number f in [0, 1]
(δ in [−f, f): brighter or darker) or a pair (lower, upper) within [−1, 1] (for example
(0.1, 0.5): always brighter). ``value_range`` = (low, high) is the range of the pixel values
((0, 255) by default; (0, 1) for rescaled images): δ is a fraction of it, and the outputs are
clipped to it. At inference the images pass unchanged. Shapes unchanged; outputs are floats.
"""

from ...backend import ops
from ...backend.ops.random import SeedGenerator
from .image_layer import BaseImagePreprocessingLayer, as_float_images, value_range_of


class RandomBrightness(BaseImagePreprocessingLayer):
    """Shift the brightness of each image by a random fraction of the value range."""

    KEEPS_GEOMETRY = True        # boxes and segmentation masks pass unchanged

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(**kwargs)
        self._set_factor(factor)
        self.value_range = value_range_of(value_range, self)
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        low, high = self.value_range
        shift = self._per_image(images, *self.factor, training, seed, at_inference=0.0)
        return {"rgb_delta": shift * (high - low)}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training:
            return images
        return ops.clip(images + transformation["rgb_delta"], *self.value_range)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor,
                "value_range": self.value_range, "seed": self.seed}
