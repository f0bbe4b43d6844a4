"""What RandomRotation, RandomZoom, RandomTranslation and RandomShear share: a random affine
map per image, applied to the images, their segmentation masks and their bounding boxes.
(``WarpingLayer``, the part that does not depend on the map being affine, is also the base of
RandomPerspective and RandomElasticTransform.)

Each layer draws its parameters per image (an angle, zooms, shifts, shears: the dict of
Keras 3's ``get_random_transformation``), and turns them into the 8 numbers
[a0, a1, a2, b0, b1, b2, 0, 0] of a map from an output pixel (x, y) to the input point it
is read from,

    x_in = a0·x + a1·y + a2,      y_in = b0·x + b1·y + b2,

and reads the images there with :func:`ops.image.affine_transform`: ``interpolation``
"bilinear" mixes the four nearest pixels, "nearest" takes the closest one. Points that fall
outside the image are filled by ``fill_mode``:

    "reflect"   d c b a | a b c d | d c b a     (the default)
    "wrap"      a b c d | a b c d | a b c d
    "nearest"   a a a a | a b c d | d d d d
    "constant"  k k k k | a b c d | k k k k     (k = fill_value)

Segmentation masks go through the same map with "nearest" (class ids are never mixed);
bounding boxes are moved by each layer's ``transform_bounding_boxes`` and clipped to the
image. In training only; at inference everything passes unchanged. Shapes unchanged;
images come out as floats.
"""

import numpy as np

from ...backend import ops
from ...backend.ops.random import SeedGenerator
from .bounding_boxes.converters import clip_to_image_size, convert_format
from .image_layer import (AFFINE_INTERPOLATIONS, FILL_MODES, BaseImagePreprocessingLayer,
                          as_float_images, choice, fill_number)


class WarpingLayer(BaseImagePreprocessingLayer):
    """An image layer that moves pixels by ``_warp(images, transformation, interpolation)``:
    images with the layer's interpolation, segmentation masks by the nearest pixel, and
    bounding boxes by the subclass's ``transform_bounding_boxes``."""

    def _warp(self, images, transformation, interpolation):
        raise NotImplementedError

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training or transformation is None:
            return images
        return self._warp(images, transformation, self.interpolation)

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        """Masks moved with the images, by the nearest pixel (as Keras 3), in their dtype."""
        if not training or transformation is None:
            return segmentation_masks
        masks = ops.convert_to_tensor(segmentation_masks)
        warped = self._warp(as_float_images(self, masks), transformation, "nearest")
        return ops.cast(warped, masks.dtype)

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def _boxes_in(self, bounding_boxes, transformation, target="xyxy"):
        """(boxes converted to ``target``, height, width) of the images drawn for."""
        height, width = image_size(transformation["input_shape"], self.data_format)
        boxes = convert_format(bounding_boxes, source=self.bounding_box_format,
                               target=target, height=height, width=width,
                               dtype=self.compute_dtype)
        return boxes, height, width

    def _boxes_out(self, boxes, moved, height, width, source="xyxy"):
        """The ``moved`` corners (in ``source``) clipped to the image, in the layer's format."""
        boxes = clip_to_image_size({**boxes, "boxes": moved}, height=height, width=width,
                                   bounding_box_format=source)
        return convert_format(boxes, source=source, target=self.bounding_box_format,
                              height=height, width=width, dtype=self.compute_dtype)


class RandomAffineTransform(WarpingLayer):
    """An image layer that reads each image through its own random affine map."""

    def __init__(self, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.fill_mode = choice(fill_mode, FILL_MODES, "fill_mode", self)
        self.interpolation = choice(interpolation, AFFINE_INTERPOLATIONS, "interpolation", self)
        self.fill_value = fill_number(fill_value, self)
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        shape = tuple(images.shape)
        height, width = image_size(shape, self.data_format)
        return self._random_parameters(shape[0], height, width, seed, shape)

    def _random_parameters(self, n, height, width, seed, shape):
        """Keras's transformation dict for a batch of n images of ``shape``."""
        raise NotImplementedError

    def _matrix(self, transformation):
        """The (N, 8) affine rows that ``transformation`` reads the images through."""
        raise NotImplementedError

    def _warp(self, images, transformation, interpolation):
        return ops.image.affine_transform(
            images, ops.cast(self._matrix(transformation), images.dtype),
            interpolation=interpolation, fill_mode=self.fill_mode,
            fill_value=self.fill_value, data_format=self.data_format)

    def _uniform(self, n, low, high, seed):
        """n draws from U[low, high), as a float64 numpy array."""
        return np.asarray(ops.convert_to_numpy(self._draw((n,), low, high, seed)),
                          np.float64).reshape(n)

    def get_config(self):
        return {**super().get_config(), "fill_mode": self.fill_mode,
                "interpolation": self.interpolation, "seed": self.seed,
                "fill_value": self.fill_value}


def image_size(shape, data_format):
    """(height, width) of images of ``shape`` (one image or a batch)."""
    if data_format == "channels_first":
        return int(shape[-2]), int(shape[-1])
    return int(shape[-3]), int(shape[-2])


def affine_rows(a0, a1, a2, b0, b1, b2):
    """The (n, 8) rows [a0, a1, a2, b0, b1, b2, 0, 0] from six length-n arrays (or numbers)."""
    columns = np.broadcast_arrays(*(np.asarray(c, np.float64).reshape(-1)
                                    for c in (a0, a1, a2, b0, b1, b2)))
    zeros = np.zeros_like(columns[0])
    return np.stack([*columns, zeros, zeros], axis=-1).astype(np.float32)


def as_array(value, dtype=np.float64):
    """A transformation entry (a Tensor, an array, a number) as a numpy array."""
    return np.asarray(ops.convert_to_numpy(value), dtype)


def map_points(matrix, x, y):
    """Where the affine rows ``matrix`` (..., 8) send the points (x, y):
    ((a0·x + a1·y + a2)/k, (b0·x + b1·y + b2)/k), k = c0·x + c1·y + 1."""
    a0, a1, a2, b0, b1, b2, c0, c1 = np.split(np.asarray(matrix, np.float64), 8, axis=-1)
    k = c0 * x + c1 * y + 1
    return (a0 * x + a1 * y + a2) / k, (b0 * x + b1 * y + b2) / k
