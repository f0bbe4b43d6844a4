"""RandomPerspective: tilt each image as if seen from a random viewpoint, during training.

Each image is warped with probability p ~ U[factor): its four corners (0, 0), (W−1, 0),
(0, H−1), (W−1, H−1) move to end points

    end = start + start · d,       d ~ U[−scale/2, scale/2)  per corner and coordinate,

(so the top-left corner stays where it is, as in Keras), and every output pixel is read
through the projective map that sends the end points back to the start points
(:func:`ops.image.perspective_transform`). Pixels from outside the image take
``fill_value``. ``factor`` is a number f in [0, 1] (p ~ U[0, f)) or a pair; ``scale`` in
[0, 1] is the strength of the distortion. At inference the images pass unchanged. Shapes
unchanged; outputs are floats.

``get_random_transformation`` gives {"apply_perspective": (N,) bools, "start_points",
"end_points": (N, 4, 2)}, which ``transform_images`` applies.
"""

import numbers

import numpy as np

from ....backend import ops
from ....backend.ops.random import SeedGenerator
from ..image_layer import (AFFINE_INTERPOLATIONS, BaseImagePreprocessingLayer,
                           as_float_images, choice, fill_number)
from .draws import per_image, uniform_array


class RandomPerspective(BaseImagePreprocessingLayer):
    """Warp each image (with probability drawn from ``factor``) by a random perspective."""

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear", fill_value=0.0,
                 seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        if isinstance(scale, bool) or not isinstance(scale, numbers.Real) \
                or not 0.0 <= scale <= 1.0:
            raise ValueError(f"{self._who()}The `scale` argument should be a number in the "
                             f"range [0, 1] (how far the corners may move, as a fraction of "
                             f"the image). Received: scale={scale!r}")
        self.scale = scale
        self.interpolation = choice(interpolation, AFFINE_INTERPOLATIONS, "interpolation", self)
        self.fill_value = fill_number(fill_value, self)
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        n = images.shape[0]
        height, width = self._image_size(images)
        probability = uniform_array(self, (n,), *self.factor, seed)
        apply = uniform_array(self, (n,), 0.0, 1.0, seed) < probability
        shift = uniform_array(self, (n, 4, 2), -0.5 * self.scale, 0.5 * self.scale, seed)
        start = np.array([[0.0, 0.0], [width - 1, 0.0], [0.0, height - 1],
                          [width - 1, height - 1]], np.float32)
        start = np.repeat(start[None], n, axis=0)
        end = (start + start * shift).astype(np.float32)
        return {"apply_perspective": apply, "start_points": start, "end_points": end}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training or transformation is None:
            return images
        warped = ops.image.perspective_transform(
            images, transformation["start_points"], transformation["end_points"],
            interpolation=self.interpolation, fill_value=self.fill_value,
            data_format=self.data_format)
        apply = np.asarray(ops.convert_to_numpy(transformation["apply_perspective"]), bool)
        return ops.where(per_image(apply, images.ndim), warped, images)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "scale": self.scale,
                "interpolation": self.interpolation, "fill_value": self.fill_value,
                "seed": self.seed}
