"""What the image layers that also change labels share: images alone, or a dict of data.

MixUp, CutMix and MaxNumBoundingBoxes take, as Keras 3's image layers do, either images
(H, W, C) / (N, H, W, C), or a dict holding them with what belongs to them:

    {"images": (N, H, W, C),
     "labels": (N, K)                                      (optional, e.g. one-hot classes)
     "segmentation_masks": (N, H, W, 1)                    (optional)
     "bounding_boxes": {"boxes": (N, B, 4), "labels": (N, B)}}   (optional)

One random transformation is drawn from the images, then applied to each entry by
``transform_images``, ``transform_labels``, ``transform_segmentation_masks`` and
``transform_bounding_boxes``; the output is a dict with the same keys. A single image in a dict
is handled as a batch of one (its labels and masks too). A layer that cannot move bounding
boxes says so when it is given them.
"""

from ....backend import ops
from ..image_layer import BaseImagePreprocessingLayer

DATA_KEYS = ("images", "labels", "segmentation_masks", "bounding_boxes")


class DataDictImageLayer(BaseImagePreprocessingLayer):
    """An image layer that takes images, or a dict of images and their labels, masks, boxes.

    ``bounding_box_format`` names how boxes are written ("xyxy", "rel_xyxy", ...), as in
    Keras; the layers here keep boxes in the format they came in."""

    def __init__(self, bounding_box_format=None, **kwargs):
        super().__init__(**kwargs)
        self.bounding_box_format = bounding_box_format

    def call(self, inputs, training=True):
        if not isinstance(inputs, dict):
            return super().call(inputs, training=training)
        data = self._checked_dict(inputs)
        images = data["images"]
        single = images.ndim == 3
        if single:
            data = {key: _batched(key, value) for key, value in data.items()}
        transformation = self.get_random_transformation(data["images"], training=training)
        outputs = {"images": self.transform_images(data["images"], transformation, training)}
        if "labels" in data:
            outputs["labels"] = self.transform_labels(data["labels"], transformation, training)
        if "segmentation_masks" in data:
            outputs["segmentation_masks"] = self.transform_segmentation_masks(
                data["segmentation_masks"], transformation, training)
        if "bounding_boxes" in data:
            outputs["bounding_boxes"] = self.transform_bounding_boxes(
                data["bounding_boxes"], transformation, training)
        if single:
            outputs = {key: _unbatched(key, value) for key, value in outputs.items()}
        return outputs

    def _checked_dict(self, inputs):
        unknown = sorted(set(inputs) - set(DATA_KEYS))
        if "images" not in inputs or unknown:
            raise ValueError(
                f"{self._who()}A dict input must hold 'images', and may hold 'labels', "
                f"'segmentation_masks' and 'bounding_boxes'. Received keys {sorted(inputs)}. "
                f"Pass the images alone, or rename the entries.")
        images = inputs["images"]
        if images.ndim not in (3, 4):
            raise ValueError(
                f"{self._who()}Expected 'images' of rank 3 (one image) or 4 (a batch). "
                f"Received shape {tuple(images.shape)}.")
        return dict(inputs)

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return segmentation_masks

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        raise ValueError(
            f"{self._who()}This layer does not move bounding boxes. Received a dict with "
            f"'bounding_boxes'. Apply it to the images (and labels) without the boxes.")

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, dict):
            return dict(input_shape)
        return tuple(input_shape)


def _batched(key, value):
    if key == "bounding_boxes":
        return {name: ops.expand_dims(part, 0) for name, part in value.items()}
    return ops.expand_dims(value, 0)


def _unbatched(key, value):
    if key == "bounding_boxes":
        return {name: ops.squeeze(part, 0) for name, part in value.items()}
    return ops.squeeze(value, 0)
