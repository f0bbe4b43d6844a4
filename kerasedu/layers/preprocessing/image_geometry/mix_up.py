"""MixUp: blend each image (and its label) with another image of the batch, during training.

With a random permutation π of the batch and λ_i ~ Beta(α, α) per image,

    image_i ← λ_i·image_i + (1 − λ_i)·image_π(i),   label_i ← λ_i·label_i + (1 − λ_i)·label_π(i)

(Zhang et al., 2018, "mixup: Beyond Empirical Risk Minimization"). Small ``alpha`` keeps λ near
0 or 1 (light mixing); α = 1 draws λ uniformly. Give {"images": x, "labels": y} (one-hot or
soft labels, (N, K)) to mix the labels too; segmentation masks are mixed like the images and
the bounding boxes of both images are kept: boxes (N, B, 4) -> (N, 2B, 4) and their labels
(N, B) -> (N, 2B) (Keras 3.15 joins the box labels along the batch axis instead). At inference
everything passes unchanged. Images come out as floats.

``get_random_transformation`` gives {"mix_weight": (N,) λ, "permutation_order": (N,) π}.
"""

import numbers

import numpy as np

from ....backend import ops
from ....backend.ops.random import SeedGenerator, generator_for
from ..image_layer import BaseImagePreprocessingLayer, as_float_images
from .boxes import joined_boxes_shape


class MixUp(BaseImagePreprocessingLayer):
    """Mix pairs of images and their labels with Beta(alpha, alpha) weights."""

    def __init__(self, alpha=0.2, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or alpha <= 0:
            raise ValueError(f"{self._who()}The `alpha` argument (the Beta(alpha, alpha) "
                             f"distribution of the mixing weights) must be a number > 0. "
                             f"Received: alpha={alpha!r}. Try alpha=0.2.")
        self.alpha = alpha
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        n = images.shape[0] if images.ndim == 4 else 1
        generator = generator_for(self.generator if seed is None else seed)
        order = generator.permutation(n).astype(np.int64)
        weight = generator.beta(self.alpha, self.alpha, size=n).astype(np.float32)
        return {"mix_weight": weight, "permutation_order": order}

    def _mix(self, values, transformation, weight_shape):
        """λ·values + (1 − λ)·values[π], with λ reshaped to ``weight_shape``."""
        weight = np.asarray(ops.convert_to_numpy(transformation["mix_weight"]), np.float32)
        order = np.asarray(ops.convert_to_numpy(transformation["permutation_order"]), np.int64)
        weight = ops.cast(weight.reshape(weight_shape), values.dtype)
        return weight * values + (1.0 - weight) * ops.take(values, order, axis=0)

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training or transformation is None:
            return images
        return self._mix(images, transformation, (-1, 1, 1, 1))

    def transform_labels(self, labels, transformation, training=True):
        if not training or transformation is None:
            return labels
        return self._mix(ops.cast(labels, self.compute_dtype), transformation, (-1, 1))

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return self.transform_images(segmentation_masks, transformation, training)

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        if not training or transformation is None:
            return bounding_boxes
        order = np.asarray(ops.convert_to_numpy(transformation["permutation_order"]), np.int64)
        boxes, labels = bounding_boxes["boxes"], bounding_boxes["labels"]
        boxes_axis = 1 if labels.ndim > 1 else 0
        return {**bounding_boxes,
                "boxes": ops.concatenate([boxes, ops.take(boxes, order, axis=0)], axis=1),
                "labels": ops.concatenate([labels, ops.take(labels, order, axis=0)],
                                          axis=boxes_axis)}

    def compute_output_shape(self, input_shape):
        return joined_boxes_shape(super().compute_output_shape(input_shape))

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha, "seed": self.seed}
