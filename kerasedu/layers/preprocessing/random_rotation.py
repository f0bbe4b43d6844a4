"""RandomRotation: turn each image by a random angle about its centre, during training.

``factor`` is a fraction of a full turn: a number f draws the angle from U[−f, f)·360°,
a pair (a, b) from U[a, b)·360° (positive angles turn counter-clockwise as the image is
shown, rows downwards). ``factor=0.25`` turns by up to a quarter turn either way;
``factor=(0.5, 0.5)`` always turns by half a turn.

The output pixel (x, y) is read from the input point rotated back by θ about the centre
(cx, cy) = ((W − 1)/2, (H − 1)/2):

    x_in = cos θ·(x − cx) − sin θ·(y − cy) + cx,   y_in = sin θ·(x − cx) + cos θ·(y − cy) + cy

Corners that come from outside the image are filled by ``fill_mode`` (see
:mod:`.random_affine`). Segmentation masks turn with the images (nearest pixel); a bounding
box becomes the smallest upright box around its four turned corners, clipped to the image
(:func:`bounding_boxes.affine_transform`). At inference everything passes unchanged.
Shapes unchanged.

``get_random_transformation`` gives, as Keras 3, {"angle": (N,) degrees, "rotation_matrix":
(N, 8) rows of the map above, "image_height", "image_width", "batch_size"}.
"""

import numpy as np

from .bounding_boxes.converters import affine_transform
from .image_layer import factor_range
from .random_affine import RandomAffineTransform, affine_rows, as_array


class RandomRotation(RandomAffineTransform):
    """Rotate each image by a random angle (a fraction ``factor`` of a full turn)."""

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed,
                         fill_value=fill_value, data_format=data_format, **kwargs)
        self.factor = factor_range(factor, "factor", self, (-1, 1))

    def _random_parameters(self, n, height, width, seed, shape):
        angle = self._uniform(n, self.factor[0] * 360.0, self.factor[1] * 360.0, seed)
        matrix = rotation_rows(angle, height, width)
        return {"angle": angle.astype(np.float32),
                "rotation_matrix": matrix,
                "image_height": height, "image_width": width, "batch_size": n}

    def _matrix(self, transformation):
        return transformation["rotation_matrix"]

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        """Each box's four corners turned with the image; the new box is the smallest
        upright one around them, clipped to the image."""
        if not training or transformation is None:
            return bounding_boxes
        height = transformation["image_height"]
        width = transformation["image_width"]
        n = transformation["batch_size"]
        boxes, _, _ = self._boxes_in(bounding_boxes, {"input_shape": (height, width, 1)})
        zeros, ones = np.zeros(n, np.float32), np.ones(n, np.float32)
        turned = affine_transform(boxes["boxes"], as_array(transformation["angle"], np.float32),
                                  zeros, zeros, ones, zeros, zeros, height, width)
        return self._boxes_out(boxes, turned, height, width)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def rotation_rows(degrees, height, width):
    """(n, 8) rows reading each image turned by ``degrees`` (counter-clockwise as shown)
    about its centre ((W − 1)/2, (H − 1)/2)."""
    theta = np.deg2rad(np.asarray(degrees, np.float64))
    cos, sin = np.cos(theta), np.sin(theta)
    cx, cy = (width - 1) / 2, (height - 1) / 2
    return affine_rows(cos, -sin, cx - cx * cos + cy * sin, sin, cos, cy - cx * sin - cy * cos)
