"""MaxNumBoundingBoxes: give every image the same number of bounding boxes.

Object-detection batches hold a different number of boxes per image; a model's outputs need
a fixed number. For {"images", "bounding_boxes": {"boxes": (N, B, 4), "labels": (N, B)}}
this layer keeps the first ``max_number`` boxes of each image and pads with ``fill_value``
(−1: no box) up to ``max_number``:

    boxes (N, B, 4) -> (N, max_number, 4),     labels (N, B) -> (N, max_number)

Images, labels and segmentation masks pass unchanged (images given alone too). It acts in
training and at inference alike.
"""

import numbers

from ....backend import ops
from ..image_layer import BaseImagePreprocessingLayer


class MaxNumBoundingBoxes(BaseImagePreprocessingLayer):
    """Pad or cut the bounding boxes of each image to ``max_number``."""

    KEEPS_GEOMETRY = True        # images and segmentation masks pass unchanged

    def __init__(self, max_number, fill_value=-1, **kwargs):
        super().__init__(**kwargs)
        for name, value, low in (("max_number", max_number, 1), ("fill_value", fill_value, None)):
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or \
                    (low is not None and value < low):
                raise ValueError(
                    f"{self._who()}`{name}` must be {'a positive' if low else 'an'} integer. "
                    f"Received: {name}={value!r}. For example "
                    f"MaxNumBoundingBoxes(max_number=10, fill_value=-1).")
        self.max_number = int(max_number)
        self.fill_value = int(fill_value)

    def transform_images(self, images, transformation, training=True):
        return images

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        unknown = sorted(set(bounding_boxes) - {"boxes", "labels"})
        if unknown:
            raise KeyError(f"{self._who()}There are unsupported keys in `bounding_boxes`: "
                           f"{unknown}. Only `boxes` and `labels` are supported.")
        boxes = bounding_boxes["boxes"][:, :self.max_number]
        labels = bounding_boxes["labels"][:, :self.max_number]
        pad = self.max_number - boxes.shape[1]
        boxes = ops.pad(boxes, [[0, 0], [0, pad], [0, 0]], constant_values=self.fill_value)
        labels = ops.pad(labels, [[0, 0], [0, pad]], constant_values=self.fill_value)
        return {**bounding_boxes, "boxes": boxes, "labels": labels}

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, dict) and "bounding_boxes" in input_shape:
            boxes = input_shape["bounding_boxes"]
            unknown = sorted(set(boxes) - {"boxes", "labels"})
            if unknown:
                raise KeyError(f"{self._who()}There are unsupported keys in "
                               f"`bounding_boxes`: {unknown}. Only `boxes` and `labels` are "
                               f"supported.")
            axis = 0 if len(input_shape["images"]) == 3 else 1      # the boxes axis
            fixed = {key: (*shape[:axis], self.max_number, *shape[axis + 1:])
                     for key, shape in boxes.items()}
            return {**input_shape, "bounding_boxes": fixed}
        return super().compute_output_shape(input_shape)

    def get_config(self):
        return {**super().get_config(), "max_number": self.max_number}
