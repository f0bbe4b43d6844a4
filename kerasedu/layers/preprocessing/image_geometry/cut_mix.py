"""CutMix: paste a random rectangle of another image of the batch into each image, during
training, and mix the labels by the area pasted (Yun et al., 2019).

With a random permutation π of the batch, a ~ U[factor) + 1e-6 (one per batch) and
λ_i ~ Beta(a, a), a rectangle of sides √(1 − λ_i)·W by √(1 − λ_i)·H is placed uniformly
inside image i (:mod:`.boxes`) and filled from image π(i). The labels are mixed by the share
of the image that was kept, m_i = 1 − (area of the rectangle)/(H·W):

    label_i ← m_i·label_i + (1 − m_i)·label_π(i)

Give {"images": x, "labels": y} to mix the labels; segmentation masks are cut like the images.
Bounding boxes: each image keeps its own boxes (those wholly under the pasted rectangle get the
label −1) and gains its partner's boxes clipped to the rectangle (−1 where nothing of them is
pasted), joined along the boxes axis as MixUp joins them. (Keras 3.15's CutMix refuses boxes.)
A single image has no partner: it passes unchanged, as at inference. Shapes unchanged; images
come out as floats.

``get_random_transformation`` gives {"permutation_order": (N,), "batch_masks": bool masks the
shape of the batch, "mix_weight": (N, 1, 1, 1) m}.
"""

import numpy as np

from ....backend import ops
from ....backend.ops.random import SeedGenerator, generator_for
from ..image_layer import BaseImagePreprocessingLayer, as_float_images
from ..bounding_boxes.converters import clip_to_image_size, convert_format
from .boxes import joined_boxes_shape, random_spans, rectangle_masks


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
        """Masks cut like the images (the same rectangles, whatever their channels)."""
        masks = as_float_images(self, segmentation_masks)
        if not training or transformation is None:
            return masks
        order = np.asarray(ops.convert_to_numpy(transformation["permutation_order"]), np.int64)
        axis = 1 if self.data_format == "channels_first" else 3
        pasted = np.asarray(ops.convert_to_numpy(transformation["batch_masks"]), bool).any(
            axis=axis, keepdims=True)
        return ops.where(pasted, ops.take(masks, order, axis=0), masks)

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        if not training or transformation is None:
            return bounding_boxes
        masks = np.asarray(ops.convert_to_numpy(transformation["batch_masks"]), bool)
        pasted = masks.any(axis=1 if self.data_format == "channels_first" else 3)   # (N, H, W)
        height, width = pasted.shape[1:]
        corners = np.asarray(ops.convert_to_numpy(convert_format(
            bounding_boxes["boxes"], self.bounding_box_format, "xyxy", height, width)))
        labels = np.asarray(ops.convert_to_numpy(bounding_boxes["labels"]))
        order = np.asarray(ops.convert_to_numpy(transformation["permutation_order"]), np.int64)
        rows, cols = pasted.any(axis=2), pasted.any(axis=1)
        x0, x1 = cols.argmax(1), width - cols[:, ::-1].argmax(1)
        y0, y1 = rows.argmax(1), height - rows[:, ::-1].argmax(1)
        empty = ~cols.any(1)                                       # nothing pasted
        x0, x1, y0, y1 = (np.where(empty, 0, v)[:, None].astype(np.float32)
                          for v in (x0, x1, y0, y1))
        hidden = (corners[..., 0] >= x0) & (corners[..., 2] <= x1) & \
            (corners[..., 1] >= y0) & (corners[..., 3] <= y1) & ~empty[:, None]
        own_labels = np.where(hidden, -1, labels)
        partner = corners[order]
        inside = np.stack([np.clip(partner[..., 0], x0, x1), np.clip(partner[..., 1], y0, y1),
                           np.clip(partner[..., 2], x0, x1), np.clip(partner[..., 3], y0, y1)],
                          axis=-1)
        partner_boxes = clip_to_image_size({"boxes": inside, "labels": labels[order]},
                                           height, width, "xyxy")
        joined = {"boxes": ops.concatenate([ops.convert_to_tensor(corners.astype(np.float32)),
                                            partner_boxes["boxes"]], axis=1),
                  "labels": ops.concatenate([ops.convert_to_tensor(own_labels),
                                             partner_boxes["labels"]], axis=1)}
        return {**bounding_boxes, **convert_format(joined, "xyxy", self.bounding_box_format,
                                                   height, width)}

    def compute_output_shape(self, input_shape):
        return joined_boxes_shape(super().compute_output_shape(input_shape))

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "seed": self.seed}
