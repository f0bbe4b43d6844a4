"""RandomPerspective: tilt each image as if seen from a random viewpoint, during training.

Each image is warped with probability p ~ U[factor): its four corners (0, 0), (W−1, 0),
(0, H−1), (W−1, H−1) move to end points

    end = start + start · d,       d ~ U[−scale/2, scale/2)  per corner and coordinate,

(so the top-left corner stays where it is, as in Keras), and every output pixel is read
through the projective map that sends the end points back to the start points
(:func:`ops.image.perspective_transform`). Pixels from outside the image take
``fill_value``. ``factor`` is a number f in [0, 1] (p ~ U[0, f)) or a pair; ``scale`` in
[0, 1] is the strength of the distortion. Segmentation masks are warped with the images
(nearest pixel). A bounding box's four corners are sent through the inverse map (start
points to end points); the new box is the smallest upright one around them, clipped to the
image. At inference everything passes unchanged. Shapes unchanged; images come out as
floats.

``get_random_transformation`` gives, as Keras 3, {"apply_perspective": (N,) bools,
"start_points", "end_points": (N, 4, 2), "input_shape": the shape of the images}, which
``transform_images`` applies.
"""

import numbers

import numpy as np

from ....backend import ops
from ....backend.ops.image.transforms import homography
from ....backend.ops.random import SeedGenerator
from ..image_layer import AFFINE_INTERPOLATIONS, choice, fill_number
from ..random_affine import WarpingLayer, as_array, image_size
from .draws import per_image, uniform_array


class RandomPerspective(WarpingLayer):
    """Warp each image (with probability drawn from ``factor``) by a random perspective."""

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear", fill_value=0.0,
                 seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        if isinstance(scale, bool) or not isinstance(scale, numbers.Real) \
                or not 0.0 <= scale <= 1.0:
            raise ValueError(f"{self._who()}The `scale` argument should be a number in the "
                             f"range [0, 1] (how far the corners may move, as a fraction of "
                             f"the image). Received: scale={scale!r}")
        self.scale = scale
        self.interpolation = choice(interpolation, AFFINE_INTERPOLATIONS, "interpolation", self)
        self.fill_value = fill_number(fill_value, self)
        self.seed = seed
        self.generator = SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        shape = tuple(images.shape)
        n = shape[0]
        height, width = image_size(shape, self.data_format)
        probability = uniform_array(self, (n,), *self.factor, seed)
        apply = uniform_array(self, (n,), 0.0, 1.0, seed) < probability
        shift = uniform_array(self, (n, 4, 2), -0.5 * self.scale, 0.5 * self.scale, seed)
        start = np.array([[0.0, 0.0], [width - 1, 0.0], [0.0, height - 1],
                          [width - 1, height - 1]], np.float32)
        start = np.repeat(start[None], n, axis=0)
        end = (start + start * shift).astype(np.float32)
        return {"apply_perspective": apply, "start_points": start, "end_points": end,
                "input_shape": shape}

    def _warp(self, images, transformation, interpolation):
        warped = ops.image.perspective_transform(
            images, transformation["start_points"], transformation["end_points"],
            interpolation=interpolation, fill_value=self.fill_value,
            data_format=self.data_format)
        apply = as_array(transformation["apply_perspective"], bool)
        return ops.where(per_image(apply, images.ndim), warped, images)

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        if not training or transformation is None:
            return bounding_boxes
        boxes, height, width = self._boxes_in(bounding_boxes, transformation)
        xyxy = as_array(boxes["boxes"], self.compute_dtype)
        forward = np.linalg.inv(homography_matrices(transformation))      # (N, 3, 3)
        x1, y1, x2, y2 = np.split(xyxy, 4, axis=-1)
        corners = [project(forward, x, y) for x, y in ((x1, y1), (x2, y2), (x1, y2), (x2, y1))]
        xs = np.stack([c[0] for c in corners], axis=-1)
        ys = np.stack([c[1] for c in corners], axis=-1)
        moved = np.stack([xs.min(-1), ys.min(-1), xs.max(-1), ys.max(-1)], axis=-1)
        apply = as_array(transformation["apply_perspective"], bool).reshape(-1, 1, 1)
        moved = np.where(apply, moved, xyxy).astype(self.compute_dtype)
        return self._boxes_out(boxes, moved, height, width)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "scale": self.scale,
                "interpolation": self.interpolation, "fill_value": self.fill_value,
                "seed": self.seed}


def homography_matrices(transformation):
    """(N, 3, 3) matrices of the maps from output pixels to input points (end points to
    start points), in the layer's dtype as Keras computes them."""
    start = as_array(transformation["start_points"], np.float32).reshape(-1, 4, 2)
    end = as_array(transformation["end_points"], np.float32).reshape(-1, 4, 2)
    rows = as_array(homography(start, end), np.float32)
    return np.concatenate([rows, np.ones((len(rows), 1), np.float32)], -1).reshape(-1, 3, 3)


def project(matrices, x, y):
    """Points (x, y), each (N, B, 1) (or (B, 1)), sent through the projective ``matrices``
    (N, 3, 3): (x', y') each (N, B)."""
    points = np.concatenate([x, y, np.ones_like(x)], axis=-1)             # (N, B, 3)
    mapped = np.swapaxes(matrices @ np.swapaxes(points, -1, -2), -1, -2)
    return mapped[..., 0] / mapped[..., 2], mapped[..., 1] / mapped[..., 2]
