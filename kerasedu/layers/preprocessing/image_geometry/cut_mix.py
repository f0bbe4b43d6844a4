"""CutMix: paste a random rectangle of another image of the batch into each image, during
training, and mix the labels by the area pasted (Yun et al., 2019).

With a random permutation π of the batch, a ~ U[factor) + 1e-6 (one per batch) and
λ_i ~ Beta(a, a), a rectangle of sides √(1 − λ_i)·W by √(1 − λ_i)·H is placed uniformly
inside image i (:mod:`.boxes`) and filled from image π(i). The labels are mixed by the share
of the image that was kept, m_i = 1 − (area of the rectangle)/(H·W):

    label_i ← m_i·label_i + (1 − m_i)·label_π(i)

Give {"images": x, "labels": y} to mix the labels; segmentation masks are cut like the images.
A single image has no partner: it passes unchanged, as at inference. Shapes unchanged; images
come out as floats.

``get_random_transformation`` gives {"permutation_order": (N,), "batch_masks": bool masks the
shape of the batch, "mix_weight": (N, 1, 1, 1) m}.
"""

import numpy as np

from ....backend import ops
from ....backend.ops.random import SeedGenerator, generator_for
from ..image_layer import BaseImagePreprocessingLayer, as_float_images
from .boxes import random_spans, rectangle_masks


class CutMix(BaseImagePreprocessingLayer):
    """Paste a rectangle of another image into each image; mix the labels by its area."""

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        if not training or images.ndim == 3:
            return None
        n = images.shape[0]
        height, width = self._image_size(images)
        channels = images.shape[1 if self.data_format == "channels_first" else 3]
        generator = generator_for(self.generator if seed is None else seed)
        alpha = generator.uniform(*self.factor) + 1e-6
        ratio = np.sqrt(1.0 - generator.beta(alpha, alpha, size=n)).astype(np.float32)
        draw = lambda count: generator.uniform(size=count).astype(np.float32)  # noqa: E731
        x_span, y_span = random_spans(draw, ratio, width), random_spans(draw, ratio, height)
        masks = rectangle_masks(x_span, y_span, height, width, channels,
                                self.data_format == "channels_first")
        kept = 1.0 - (x_span[1] - x_span[0]) * (y_span[1] - y_span[0]) / (width * height)
        return {"permutation_order": generator.permutation(n).astype(np.int32),
                "batch_masks": masks, "mix_weight": kept.reshape(-1, 1, 1, 1)}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training or transformation is None:
            return images
        order = np.asarray(ops.convert_to_numpy(transformation["permutation_order"]), np.int64)
        masks = np.asarray(ops.convert_to_numpy(transformation["batch_masks"]), bool)
        return ops.where(masks, ops.take(images, order, axis=0), images)

    def transform_labels(self, labels, transformation, training=True):
        if not training or transformation is None:
            return labels
        order = np.asarray(ops.convert_to_numpy(transformation["permutation_order"]), np.int64)
        kept = np.asarray(ops.convert_to_numpy(transformation["mix_weight"]), np.float32)
        labels = ops.cast(labels, self.compute_dtype)
        kept = ops.cast(kept.reshape(-1, 1), labels.dtype)
        return kept * labels + (1.0 - kept) * ops.take(labels, order, axis=0)

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return self.transform_images(segmentation_masks, transformation, training)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "seed": self.seed}
