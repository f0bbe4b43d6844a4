"""RandomElasticTransform: bend each image by a smooth random displacement, during training.

Each image is distorted with probability p ~ U[factor) (a number f in [0, 1] gives U[0, f)).
The distortion strength d ~ U[scale) is drawn once per batch; for an H×W image

    α = 0.1·d·max(H, W),      σ = 0.05·d·min(H, W),

and every output pixel (x, y) is read from (x + α·Δx, y + α·Δy), where Δx, Δy are random
normal fields (times σ) smoothed by a Gaussian blur of width σ (Simard et al., 2003;
:func:`ops.image.elastic_transform`). Points outside the image are filled by ``fill_mode``
("reflect", "mirror", "wrap", "nearest" or "constant" with ``fill_value``). The outputs are
clipped to ``value_range``. Segmentation masks are distorted by the same field (nearest
pixel, clipped to ``value_range`` as Keras 3 does; they keep their dtype). Bounding boxes
cannot follow a free-form distortion, and, as in Keras 3, a dict holding them is refused. At
inference everything passes unchanged. Shapes unchanged; images come out as floats.

``get_random_transformation`` gives {"apply_transform": (N,) bools, "distortion_factor": d,
"seed": the integer seed the displacement fields are drawn from}, so that images and masks
given the same transformation are distorted alike.
"""

import numpy as np

from ....backend import ops
from ....backend.ops.image.sampling import FILL_MODES
from ....backend.ops.random import SeedGenerator, generator_for
from ..image_layer import (AFFINE_INTERPOLATIONS, choice, factor_range, fill_number,
                           value_range_of)
from ..random_affine import WarpingLayer
from .draws import per_image, uniform_array


class RandomElasticTransform(WarpingLayer):
    """Distort each image (with probability from ``factor``) by a smooth random field."""

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear", fill_mode="reflect",
                 fill_value=0.0, value_range=(0, 255), seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = factor_range(scale, "scale", self, (0, 1))
        self.interpolation = choice(interpolation, AFFINE_INTERPOLATIONS, "interpolation", self)
        self.fill_mode = choice(fill_mode, FILL_MODES, "fill_mode", self)
        self.fill_value = fill_number(fill_value, self)
        self.value_range = tuple(value_range_of(value_range, self))
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        if not training or self.scale[1] == 0 or self.factor[1] == 0:
            return None
        n = images.shape[0]
        probability = uniform_array(self, (n,), *self.factor, seed)
        apply = uniform_array(self, (n,), 0.0, 1.0, seed) < probability
        distortion = float(uniform_array(self, (), *self.scale, seed))
        field_seed = int(generator_for(self.generator if seed is None else seed)
                         .integers(0, 2 ** 31 - 1))
        return {"apply_transform": apply, "distortion_factor": distortion, "seed": field_seed}

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        raise NotImplementedError(
            f"{self._who()}An elastic distortion bends straight edges, so bounding boxes "
            f"cannot follow it (Keras 3's RandomElasticTransform does not move them either). "
            f"Apply it to the images and segmentation masks without 'bounding_boxes', or use "
            f"RandomPerspective or RandomShear, whose distortions boxes can follow.")

    def _warp(self, images, transformation, interpolation):
        height, width = self._image_size(images if images.ndim == 4 else images[None])
        distortion = float(np.asarray(ops.convert_to_numpy(
            transformation["distortion_factor"])))
        if distortion > 0:
            warped = ops.image.elastic_transform(
                images, alpha=0.1 * distortion * max(height, width),
                sigma=0.05 * distortion * min(height, width), interpolation=interpolation,
                fill_mode=self.fill_mode, fill_value=self.fill_value,
                seed=transformation["seed"], data_format=self.data_format)
            apply = np.asarray(ops.convert_to_numpy(transformation["apply_transform"]), bool)
            images = ops.where(per_image(apply, images.ndim), warped, images)
        return ops.clip(images, *self.value_range)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "scale": self.scale,
                "interpolation": self.interpolation, "fill_mode": self.fill_mode,
                "fill_value": self.fill_value, "value_range": self.value_range,
                "seed": self.seed}
