"""RandomCrop: cut a random (height, width) window out of each image, during training.

In training, each image of H × W gets its own window, its top-left corner drawn uniformly:

    top ~ U{0, ..., H − height},   left ~ U{0, ..., W − width}

so every window of the target size is equally likely. An image smaller than the window (in
either direction), and every image at inference, is instead cropped to the window's aspect
ratio about its centre and resized to (height, width) (bilinear), so the layer always gives
height × width images and a model holding it predicts on whole images.

(Keras 3.15 returns the images unchanged at inference, whatever their size, and draws one
window for the whole batch; Keras documents the resize at inference.)

Segmentation masks are cut by the same windows (resized with "nearest"); a bounding box is
moved into its window, x ← x − left, y ← y − top, and clipped to it (in the resize case,
scaled as the image is); a box left with no area gets the label −1. (Keras 3.15 subtracts the
top offset from x and the left one from y, and does not clip.)

``get_random_transformation`` gives {"top": (N,), "left": (N,), "input_shape"} (integer
offsets of the windows), or {"input_shape"} alone for the resize; Keras's (top, left) pair, one
window for the whole batch, is taken too.

Shapes: (N, H, W, C) -> (N, height, width, C), (H, W, C) -> (height, width, C)
(channels_first: (N, C, H, W) -> (N, C, height, width)). Outputs are floats.
"""

import numpy as np

from ...backend import ops
from ...backend.ops.random import SeedGenerator
from .bounding_boxes.converters import crop
from .image_layer import as_float_images
from .resizing import FixedSizeImageLayer, scaled


class RandomCrop(FixedSizeImageLayer):
    """Crop each image to a random (height, width) window in training; resize at inference."""

    def __init__(self, height, width, seed=None, data_format=None, **kwargs):
        super().__init__(height, width, data_format=data_format, **kwargs)
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        height, width = self._image_size(images)
        if not training or height < self.height or width < self.width:
            return {"input_shape": tuple(images.shape)}
        n = images.shape[0]
        return {"top": self._offsets(n, height - self.height, seed),
                "left": self._offsets(n, width - self.width, seed),
                "input_shape": tuple(images.shape)}

    def _offsets(self, n, largest, seed):
        """n integers drawn uniformly from 0..largest."""
        draws = np.asarray(ops.convert_to_numpy(self._draw((n,), 0.0, largest + 1.0, seed)))
        return np.minimum(np.floor(draws).astype(int).reshape(n), largest)

    def transform_images(self, images, transformation, training=True):
        return self._crop(as_float_images(self, images), transformation, "bilinear")

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return self._crop(as_float_images(self, segmentation_masks), transformation, "nearest")

    @staticmethod
    def _has_windows(transformation):
        return isinstance(transformation, (tuple, list)) or \
            isinstance(transformation, dict) and "top" in transformation

    def _windows(self, transformation, n):
        """(top, left) integer arrays of n windows (Keras's one (top, left) pair repeated)."""
        if isinstance(transformation, dict):
            top, left = transformation["top"], transformation["left"]
        else:
            top, left = transformation
        top, left = (np.asarray(ops.convert_to_numpy(v), int).reshape(-1) for v in (top, left))
        return (np.repeat(top, n), np.repeat(left, n)) if top.size == 1 else (top, left)

    def _crop(self, images, transformation, interpolation):
        if not self._has_windows(transformation):
            return ops.cast(ops.image.resize(images, (self.height, self.width),
                                             interpolation=interpolation,
                                             crop_to_aspect_ratio=True,
                                             data_format=self.data_format), self.compute_dtype)
        if images.shape[0] == 0:                # an empty batch: no windows to stack
            return ops.image.crop_images(images, top_cropping=0, left_cropping=0,
                                         target_height=self.height, target_width=self.width,
                                         data_format=self.data_format)
        tops, lefts = self._windows(transformation, images.shape[0])
        windows = [ops.image.crop_images(images[i], top_cropping=int(top),
                                         left_cropping=int(left), target_height=self.height,
                                         target_width=self.width, data_format=self.data_format)
                   for i, (top, left) in enumerate(zip(tops, lefts))]
        return ops.stack(windows)

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        height = width = None                   # Keras's (top, left) pair has no image size
        if isinstance(transformation, dict):
            height, width = self._input_size(transformation["input_shape"])
        corners = self._boxes_as_corners(bounding_boxes, height, width)["boxes"]
        if not self._has_windows(transformation):
            top, left, crop_height, crop_width = self._aspect_window(height, width)
            corners = scaled(crop(corners, top, left, crop_height, crop_width),
                             self.width / crop_width, self.height / crop_height)
        else:
            tops, lefts = self._windows(transformation, corners.shape[0])
            if corners.ndim == 2:               # boxes of one image: the first window
                tops, lefts = tops[:1], lefts[:1]
            per_image = (-1,) + (1,) * (corners.ndim - 1)
            corners = crop(corners, tops.reshape(per_image), lefts.reshape(per_image),
                           self.height, self.width)
        return self._boxes_in_output(bounding_boxes, corners)

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}
