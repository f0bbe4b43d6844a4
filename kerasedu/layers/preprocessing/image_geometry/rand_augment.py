"""RandAugment: apply ``num_ops`` augmentations picked at random, during training
(Cubuk et al., 2020, "RandAugment: Practical automated data augmentation").

For each batch, ``num_ops`` of the eleven augmentations of :mod:`.augmentations` are picked
uniformly (with repetition) and applied one after another, all of strength ``factor`` (a
number f in [0, 1] gives (0, f)); each draws its own per-image parameters. ``value_range`` is
the range of the pixels, (0, 255) by default. Segmentation masks and bounding boxes (in
``bounding_box_format``) go through the same augmentations in the same order: the geometric
ones move them, the colour ones leave them as they are. At inference everything passes
unchanged. Shapes unchanged; images come out as floats.

``get_random_transformation`` gives {"transforms": {name: that augmentation's parameters},
"layer_idxes": (num_ops,) the indices picked}; ``transform_images`` applies them in order.
"""

import numbers

import numpy as np

from ....backend import ops
from ....backend.ops.random import SeedGenerator, generator_for
from ..image_layer import (AFFINE_INTERPOLATIONS, BaseImagePreprocessingLayer,
                           as_float_images, choice, value_range_of)
from .augmentations import augmentation_layers

# Keras's order of the augmentations (what "layer_idxes" index)
ORDER = ("random_shear", "random_translation", "random_rotation", "random_brightness",
         "random_color_degeneration", "random_contrast", "random_sharpness",
         "random_posterization", "solarization", "auto_contrast", "equalization")


class RandAugment(BaseImagePreprocessingLayer):
    """Apply ``num_ops`` randomly picked augmentations of strength ``factor``."""

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, value_range=(0, 255), num_ops=2, factor=0.5, interpolation="bilinear",
                 seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = tuple(value_range_of(value_range, self))
        if isinstance(num_ops, bool) or not isinstance(num_ops, numbers.Integral) or \
                num_ops < 0:
            raise ValueError(f"{self._who()}`num_ops` must be an integer ≥ 0 (how many "
                             f"augmentations to apply). Received: num_ops={num_ops!r}")
        self.num_ops = int(num_ops)
        self._set_factor(factor)
        self.interpolation = choice(interpolation, AFFINE_INTERPOLATIONS, "interpolation", self)
        self.seed = seed
        self.generator = SeedGenerator(seed)
        self.augmentations = augmentation_layers(
            ORDER, self.factor, self.value_range, interpolation, seed, self.data_format,
            self.bounding_box_format)

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        seed = self.generator if seed is None else seed
        picked = generator_for(seed).integers(0, len(ORDER), size=self.num_ops)
        transforms = {name: layer.get_random_transformation(images, training=True, seed=seed)
                      for name, layer in self.augmentations.items()}
        return {"transforms": transforms, "layer_idxes": picked.astype(np.int32)}

    def _in_turn(self, method, values, transformation):
        """``values`` passed through the picked augmentations' ``method``, in the order they
        were picked (what the images go through)."""
        picked = np.asarray(ops.convert_to_numpy(transformation["layer_idxes"])).reshape(-1)
        for index in picked[:self.num_ops]:
            name = ORDER[int(index)]
            values = getattr(self.augmentations[name], method)(
                values, transformation["transforms"][name], training=True)
        return values

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training or transformation is None:
            return images
        images = self._in_turn("transform_images", images, transformation)
        return ops.cast(images, self.compute_dtype)

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        if not training or transformation is None:
            return segmentation_masks
        return self._in_turn("transform_segmentation_masks", segmentation_masks,
                             transformation)

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        if not training or transformation is None:
            return bounding_boxes
        return self._in_turn("transform_bounding_boxes", bounding_boxes, transformation)

    def get_config(self):
        return {**super().get_config(), "value_range": self.value_range,
                "num_ops": self.num_ops, "factor": self.factor,
                "interpolation": self.interpolation, "seed": self.seed}
