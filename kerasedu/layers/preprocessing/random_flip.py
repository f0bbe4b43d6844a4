"""RandomFlip: mirror each image, with probability ½, during training.

    mode="horizontal"               left <-> right   (x[:, :, ::-1] for channels_last)
    mode="vertical"                 top <-> bottom   (x[:, ::-1])
    mode="horizontal_and_vertical"  both at once (a half turn), the default

One draw u ~ U[0, 1) per image decides: the image is flipped where u <= ½, and kept as it is
otherwise. A flip moves pixels without changing them, so flipped values are exact, and the
gradient flows back through the same reordering. At inference the images pass unchanged.
Shapes unchanged; outputs are floats.

Segmentation masks flip with their images. A bounding box flips about the image's centre
line: horizontally x1, x2 ← W − x2, W − x1, vertically y1, y2 ← H − y2, H − y1 (a flip keeps
the image in place, so boxes are not clipped; a box with no area gets the label −1). (Keras
3.15 clips flipped boxes at the left and top edges only.)

``get_random_transformation`` gives {"flips": (N, 1, 1, 1) booleans, "input_shape"}, as Keras's.
"""

from ...backend import ops
from ...backend.ops.random import SeedGenerator
from .bounding_boxes.converters import convert_format, without_empty_boxes
from .image_layer import BaseImagePreprocessingLayer, as_float_images, choice

HORIZONTAL, VERTICAL = "horizontal", "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"


class RandomFlip(BaseImagePreprocessingLayer):
    """Randomly flip images left-right and/or top-bottom, in training."""

    def __init__(self, mode=HORIZONTAL_AND_VERTICAL, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.mode = choice(mode, (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL), "mode", self)
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        n = images.shape[0]
        draws = self._draw((n, 1, 1, 1), 0.0, 1.0, seed)
        return {"flips": ops.less_equal(ops.reshape(draws, (n, 1, 1, 1)), 0.5),
                "input_shape": tuple(images.shape)}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training or transformation is None:
            return images
        flipped = images
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            flipped = ops.flip(flipped, axis=self._width_axis)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            flipped = ops.flip(flipped, axis=self._height_axis)
        return ops.where(transformation["flips"], flipped, images)

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return self.transform_images(segmentation_masks, transformation, training)

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        if not training or transformation is None:
            return bounding_boxes
        shape = transformation["input_shape"]
        height, width = (shape[-2], shape[-1]) if self.data_format == "channels_first" else \
            (shape[-3], shape[-2])
        boxes = convert_format(bounding_boxes["boxes"], self.bounding_box_format, "xyxy",
                               height, width)
        flips = ops.convert_to_tensor(transformation["flips"])
        flips = ops.reshape(flips, (-1,) + (1,) * (boxes.ndim - 1))     # one per image
        x1, y1, x2, y2 = ops.split(boxes, 4, axis=-1)
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            x1, x2 = ops.where(flips, width - x2, x1), ops.where(flips, width - x1, x2)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            y1, y2 = ops.where(flips, height - y2, y1), ops.where(flips, height - y1, y2)
        corners = ops.concatenate([x1, y1, x2, y2], axis=-1)
        flipped = without_empty_boxes({**bounding_boxes, "boxes": corners}, corners)
        return convert_format(flipped, "xyxy", self.bounding_box_format, height, width)

    def get_config(self):
        return {**super().get_config(), "seed": self.seed, "mode": self.mode}
