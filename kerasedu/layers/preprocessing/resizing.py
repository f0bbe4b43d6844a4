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

Segmentation masks go through the same resize or crop, resampled with "nearest" (class ids
are never blended; Keras 3.15's CenterCrop blends the masks of images it enlarges). Bounding boxes are mapped to the output's pixels, as Keras 3's layers map them:

    stretch                 x ← x·width/W,  y ← y·height/H
    pad_to_aspect_ratio     s = min(height/H, width/W):  x ← x·s + ⌊(width − W·s)/2⌋, likewise y
    crop_to_aspect_ratio    scaled by s' to cover the target, centred:  x ← x·s' − ⌊(W·s' − width)/2⌋
    CenterCrop              x ← x − left, y ← y − top (then scaled, when a small image is resized)

then clipped to the output; a box left with no area gets the label −1. Padding boxes (all 0 or
all −1) stay all 0. ``get_random_transformation`` gives the input's (H, W) (Resizing) or
{"input_shape"} (CenterCrop), as Keras's.

Both are deterministic, act alike in training and inference, and have no weights. Shapes:
(N, H, W, C) -> (N, height, width, C), or (H, W, C) -> (height, width, C) for one image
(channels_first: (N, C, H, W) -> (N, C, height, width)). Resizing keeps an integer input's
dtype (rounding, and saturating at the dtype's limits); CenterCrop outputs floats.
"""

from ...backend import ops
from ...backend.ops.image.resizing import INTERPOLATIONS
from .bounding_boxes.converters import clip_to_image_size, convert_format, crop
from .image_layer import (BaseImagePreprocessingLayer, as_float_images, choice, fill_number,
                          positive_size)


class FixedSizeImageLayer(BaseImagePreprocessingLayer):
    """A layer whose outputs are ``height`` × ``width`` images."""

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = positive_size(height, "height", self)
        self.width = positive_size(width, "width", self)

    def _image_output_shape(self, input_shape):
        shape = list(input_shape)
        if len(shape) not in (3, 4):
            raise ValueError(f"{self._who()}Expected the input shape to have rank 3 (one "
                             f"image) or 4 (a batch). Received: input_shape={input_shape}")
        offset = 0 if len(shape) == 4 else -1
        shape[self._height_axis + offset] = self.height
        shape[self._width_axis + offset] = self.width
        return tuple(shape)

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, dict):
            return super().compute_output_shape(input_shape)
        return self._image_output_shape(input_shape)

    def _input_size(self, input_shape):
        """(H, W) of an image or batch of the shape ``input_shape``."""
        if self.data_format == "channels_first":
            return input_shape[-2], input_shape[-1]
        return input_shape[-3], input_shape[-2]

    def _aspect_window(self, height, width):
        """(top, left, crop_height, crop_width): the largest centred window of an H × W image
        with the output's aspect ratio."""
        crop_height = max(min(height, int(width * self.height / self.width)), 1)
        crop_width = max(min(width, int(height * self.width / self.height)), 1)
        return (height - crop_height) // 2, (width - crop_width) // 2, crop_height, crop_width

    def _boxes_as_corners(self, bounding_boxes, height, width):
        return convert_format(bounding_boxes, self.bounding_box_format, "xyxy", height, width)

    def _boxes_in_output(self, bounding_boxes, corners):
        """Corners in output pixels, clipped to the output, in the layer's format."""
        clipped = clip_to_image_size({**bounding_boxes, "boxes": corners}, self.height,
                                     self.width, "xyxy")
        return convert_format(clipped, "xyxy", self.bounding_box_format, self.height,
                              self.width)

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width}


def scaled(corners, scale_x, scale_y, shift_x=0.0, shift_y=0.0):
    """Corners (..., 4) with x ← x·scale_x + shift_x and y ← y·scale_y + shift_y."""
    x1, y1, x2, y2 = ops.split(corners, 4, axis=-1)
    return ops.concatenate([x1 * scale_x + shift_x, y1 * scale_y + shift_y,
                            x2 * scale_x + shift_x, y2 * scale_y + shift_y], axis=-1)


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

    def get_random_transformation(self, images, training=True, seed=None):
        return self._input_size(tuple(images.shape))

    def transform_images(self, images, transformation=None, training=True):
        return self._resize(images, self.interpolation)

    def transform_segmentation_masks(self, segmentation_masks, transformation=None,
                                     training=True):
        return self._resize(segmentation_masks, "nearest")

    def _resize(self, images, interpolation):
        return ops.image.resize(
            images, (self.height, self.width), interpolation=interpolation,
            antialias=self.antialias, crop_to_aspect_ratio=self.crop_to_aspect_ratio,
            pad_to_aspect_ratio=self.pad_to_aspect_ratio, fill_mode=self.fill_mode,
            fill_value=self.fill_value, data_format=self.data_format)

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        height, width = (float(v) for v in transformation)
        padding = ops.convert_to_numpy(bounding_boxes["boxes"])
        padding = ((padding == -1).all(-1) | (padding == 0).all(-1))[..., None]
        corners = self._boxes_as_corners(bounding_boxes, height, width)["boxes"]
        if self.pad_to_aspect_ratio:
            s = min(self.height / height, self.width / width)
            corners = scaled(corners, s, s, (self.width - width * s) // 2,
                             (self.height - height * s) // 2)
        elif self.crop_to_aspect_ratio:
            wider = width / height > self.width / self.height
            new_width = self.height * width / height if wider else self.width
            new_height = self.height if wider else self.width * height / width
            corners = scaled(corners, new_width / width, new_height / height,
                             -((new_width - self.width) // 2), -((new_height - self.height) // 2))
        else:
            corners = scaled(corners, self.width / width, self.height / height)
        corners = ops.where(padding, ops.zeros_like(corners), corners)
        return self._boxes_in_output(bounding_boxes, corners)

    def get_config(self):
        return {**super().get_config(), "interpolation": self.interpolation,
                "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": self.pad_to_aspect_ratio, "fill_mode": self.fill_mode,
                "fill_value": self.fill_value, "antialias": self.antialias}


class CenterCrop(FixedSizeImageLayer):
    """Cut the centred (height, width) box out of each image."""

    def transform_images(self, images, transformation=None, training=True):
        return self._center_crop(images, "bilinear")

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return self._center_crop(segmentation_masks, "nearest")

    def _center_crop(self, images, interpolation):
        images = as_float_images(self, images)
        height, width = self._image_size(images)
        if height < self.height or width < self.width:
            return ops.image.resize(images, (self.height, self.width),
                                    interpolation=interpolation, crop_to_aspect_ratio=True,
                                    data_format=self.data_format)
        return ops.image.crop_images(
            images, top_cropping=(height - self.height) // 2,
            left_cropping=(width - self.width) // 2, target_height=self.height,
            target_width=self.width, data_format=self.data_format)

    def get_random_transformation(self, images, training=True, seed=None):
        return {"input_shape": tuple(images.shape)}

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        height, width = self._input_size(transformation["input_shape"])
        corners = self._boxes_as_corners(bounding_boxes, height, width)["boxes"]
        if height >= self.height and width >= self.width:
            corners = crop(corners, (height - self.height) // 2, (width - self.width) // 2,
                           self.height, self.width)
        else:
            top, left, crop_height, crop_width = self._aspect_window(height, width)
            corners = scaled(crop(corners, top, left, crop_height, crop_width),
                             self.width / crop_width, self.height / crop_height)
        return self._boxes_in_output(bounding_boxes, corners)
