"""Resizing and CenterCrop: bring images of any size to one fixed (height, width).

Resizing(height, width) resamples every image to height × width by ``interpolation``
("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5"; see :func:`ops.image.resize` for
the kernels). It stretches the image unless asked to keep its aspect ratio first:

    crop_to_aspect_ratio=True   cut the largest centred box of the target's aspect ratio
    pad_to_aspect_ratio=True    pad the image (with fill_value) out to the target's aspect ratio

CenterCrop(height, width) cuts the centred height × width box, starting at
⌊(H − height)/2⌋, ⌊(W − width)/2⌋; an image smaller than the box in either direction is
instead cropped to the box's aspect ratio and resized to it (bilinear), so the output always
has the target size.

Both are deterministic, act alike in training and inference, and have no weights. Shapes:
(N, H, W, C) -> (N, height, width, C), or (H, W, C) -> (height, width, C) for one image
(channels_first: (N, C, H, W) -> (N, C, height, width)). Resizing keeps an integer input's
dtype (rounding, and saturating at the dtype's limits); CenterCrop outputs floats.
"""

from ...backend import ops
from ...backend.ops.image.resizing import INTERPOLATIONS
from .image_layer import (BaseImagePreprocessingLayer, as_float_images, choice, fill_number,
                          positive_size)


class FixedSizeImageLayer(BaseImagePreprocessingLayer):
    """A layer whose outputs are ``height`` × ``width`` images."""

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = positive_size(height, "height", self)
        self.width = positive_size(width, "width", self)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        if len(shape) not in (3, 4):
            raise ValueError(f"{self._who()}Expected the input shape to have rank 3 (one "
                             f"image) or 4 (a batch). Received: input_shape={input_shape}")
        offset = 0 if len(shape) == 4 else -1
        shape[self._height_axis + offset] = self.height
        shape[self._width_axis + offset] = self.width
        return tuple(shape)

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width}


class Resizing(FixedSizeImageLayer):
    """Resize images to (height, width)."""

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0,
                 antialias=False, data_format=None, **kwargs):
        super().__init__(height, width, data_format=data_format, **kwargs)
        self.interpolation = choice(interpolation, INTERPOLATIONS, "interpolation", self)
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError(f"{self._who()}Only one of `crop_to_aspect_ratio` and "
                             f"`pad_to_aspect_ratio` can be True: cropping and padding are two "
                             f"ways of keeping the aspect ratio. Received both True.")
        self.crop_to_aspect_ratio = bool(crop_to_aspect_ratio)
        self.pad_to_aspect_ratio = bool(pad_to_aspect_ratio)
        self.fill_mode = choice(fill_mode, ("constant",), "fill_mode", self)
        self.fill_value = fill_number(fill_value, self)
        self.antialias = bool(antialias)

    def transform_images(self, images, transformation=None, training=True):
        return ops.image.resize(
            images, (self.height, self.width), interpolation=self.interpolation,
            antialias=self.antialias, crop_to_aspect_ratio=self.crop_to_aspect_ratio,
            pad_to_aspect_ratio=self.pad_to_aspect_ratio, fill_mode=self.fill_mode,
            fill_value=self.fill_value, data_format=self.data_format)

    def get_config(self):
        return {**super().get_config(), "interpolation": self.interpolation,
                "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": self.pad_to_aspect_ratio, "fill_mode": self.fill_mode,
                "fill_value": self.fill_value, "antialias": self.antialias}


class CenterCrop(FixedSizeImageLayer):
    """Cut the centred (height, width) box out of each image."""

    def transform_images(self, images, transformation=None, training=True):
        images = as_float_images(self, images)
        height, width = self._image_size(images)
        if height < self.height or width < self.width:
            return ops.image.resize(images, (self.height, self.width),
                                    crop_to_aspect_ratio=True, data_format=self.data_format)
        return ops.image.crop_images(
            images, top_cropping=(height - self.height) // 2,
            left_cropping=(width - self.width) // 2, target_height=self.height,
            target_width=self.width, data_format=self.data_format)
