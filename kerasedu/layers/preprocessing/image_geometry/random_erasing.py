"""RandomErasing: blot out a random rectangle of each image, during training.

Each image is erased with probability p ~ U[factor) (a number f in [0, 1] gives U[0, f)). The
rectangle's sides are √s_x·W by √s_y·H with s_x, s_y ~ U[scale) (a share √(s_x·s_y) of the
image), placed uniformly inside the image (:mod:`.boxes`). Its pixels become ``fill_value``:
a number, three numbers (one per channel), or None (the default) for random noise
N(0, 1)·high; either way clipped to ``value_range`` = (low, high). Labels, bounding boxes and
segmentation masks pass unchanged (the object is still there, only hidden), as in Keras 3;
boxes need no ``bounding_box_format`` here.
At inference the images pass unchanged. Shapes unchanged; outputs are floats.

``get_random_transformation`` gives {"apply_erasing": (N,) bools, "batch_masks": bool masks
the shape of the batch, "fill_value": the values to write}, which ``transform_images`` applies.
"""

import numbers

import numpy as np

from ....backend import ops
from ....backend.ops.random import SeedGenerator
from ..image_layer import (BaseImagePreprocessingLayer, as_float_images, factor_range,
                           value_range_of)
from .boxes import random_spans, rectangle_masks
from .draws import uniform_array


class RandomErasing(BaseImagePreprocessingLayer):
    """Replace a random rectangle of each image (with probability from ``factor``)."""

    _FACTOR_BOUNDS = (0, 1)
    KEEPS_GEOMETRY = True           # boxes and masks stay where the object is

    def __init__(self, factor=1.0, scale=(0.02, 0.33), fill_value=None, value_range=(0, 255),
                 seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = factor_range(scale, "scale", self, (0, 1))
        self.fill_value = self._checked_fill(fill_value)
        self.value_range = tuple(value_range_of(value_range, self))
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def _checked_fill(self, fill_value):
        def number(v):
            return isinstance(v, numbers.Real) and not isinstance(v, bool)
        if fill_value is None or number(fill_value) or (
                isinstance(fill_value, (tuple, list)) and len(fill_value) == 3
                and all(number(v) for v in fill_value)):
            return fill_value
        raise ValueError(f"{self._who()}The `fill_value` argument should be a number, a list "
                         f"of three numbers (one per channel), or None for random noise. "
                         f"Received: fill_value={fill_value!r}")

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        n = images.shape[0]
        height, width = self._image_size(images)
        channels = images.shape[1 if self.data_format == "channels_first" else 3]
        ratios = np.sqrt(uniform_array(self, (n, 2), *self.scale, seed))
        draw = lambda count: uniform_array(self, (count,), 0.0, 1.0, seed)  # noqa: E731
        x_span = random_spans(draw, ratios[:, 0], width)
        y_span = random_spans(draw, ratios[:, 1], height)
        masks = rectangle_masks(x_span, y_span, height, width, channels,
                                self.data_format == "channels_first")
        probability = uniform_array(self, (n,), *self.factor, seed)
        apply = uniform_array(self, (n,), 0.0, 1.0, seed) < probability
        return {"apply_erasing": apply, "batch_masks": masks,
                "fill_value": self._fill(images.shape, seed)}

    def _fill(self, shape, seed):
        low, high = self.value_range
        if self.fill_value is None:
            values = ops.convert_to_numpy(ops.random.normal(
                shape, seed=self.generator if seed is None else seed)) * high
        else:
            values = np.asarray(self.fill_value, np.float32)
            if values.ndim and self.data_format == "channels_first":
                values = values.reshape(-1, 1, 1)               # one value per channel
            values = np.broadcast_to(values, shape)
        return np.clip(values, low, high).astype(np.float32)

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training or transformation is None:
            return images
        masks = np.asarray(ops.convert_to_numpy(transformation["batch_masks"]), bool)
        fill = ops.cast(transformation["fill_value"], images.dtype)
        erased = ops.where(masks, fill, images)
        apply = np.asarray(ops.convert_to_numpy(transformation["apply_erasing"]), bool)
        return ops.where(apply.reshape(-1, 1, 1, 1), erased, images)   # broadcast as Keras

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "scale": self.scale,
                "fill_value": self.fill_value, "value_range": self.value_range,
                "seed": self.seed}
