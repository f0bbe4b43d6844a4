"""RandomShear: slant each image by a random amount along x and y, during training.

``x_factor`` and ``y_factor`` are fractions of the image: a number f in [0, 1] stands for the
pair (−f, f); for a pair (a, b) the shear is drawn from U[a, b) and its sign flipped at random
(one coin per image for both axes), so (0.1, 0.3) shears by 0.1 to 0.3 either way. The
output pixel (x, y) is read from

    x_in = x + s_x·y,      y_in = s_y·x + y

so with s_x = 0.3 each row moves 0.3 pixels sideways per row below the top. The points that
come from outside the image are filled by ``fill_mode`` (see :mod:`..random_affine`; "reflect"
by default). Segmentation masks are sheared with the images (nearest pixel). Bounding boxes
are moved as Keras 3 moves them, in coordinates relative to the image size (u = x/W,
v = y/H): the x edges by −s_x·v taken at the box's top or bottom edge, then the y edges by
−s_y·u at its left or right edge (whichever keeps the box around the object), and clipped to
the image. At inference everything passes unchanged. Shapes unchanged; images come out as
floats.

``get_random_transformation`` gives, as Keras 3, {"shear_factor": (N, 2) array of
(s_x, s_y), "input_shape": the shape of the images}, which ``transform_images`` applies.
"""

import numpy as np

from ..image_layer import factor_range
from ..random_affine import RandomAffineTransform, affine_rows, as_array


class RandomShear(RandomAffineTransform):
    """Shear each image along x and y by random fractions of its size."""

    def __init__(self, x_factor=0.0, y_factor=0.0, interpolation="bilinear",
                 fill_mode="reflect", fill_value=0.0, data_format=None, seed=None, **kwargs):
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed,
                         fill_value=fill_value, data_format=data_format, **kwargs)
        self.x_factor = symmetric_range(x_factor, "x_factor", self)
        self.y_factor = symmetric_range(y_factor, "y_factor", self)

    def _random_parameters(self, n, height, width, seed, shape):
        sign = np.where(self._uniform(n, 0.0, 1.0, seed) > 0.5, -1.0, 1.0)
        shear_y = self._uniform(n, *self.y_factor, seed)
        shear_x = self._uniform(n, *self.x_factor, seed)
        return {"shear_factor": (np.stack([shear_x, shear_y], axis=1)
                                 * sign[:, None]).astype(np.float32),
                "input_shape": shape}

    def _matrix(self, transformation):
        shear = as_array(transformation["shear_factor"]).reshape(-1, 2)
        return affine_rows(1, shear[:, 0], 0, shear[:, 1], 1, 0)

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        if not training or transformation is None:
            return bounding_boxes
        boxes, height, width = self._boxes_in(bounding_boxes, transformation, "rel_xyxy")
        sheared = shear_relative_boxes(as_array(boxes["boxes"], self.compute_dtype),
                                       as_array(transformation["shear_factor"],
                                                self.compute_dtype))
        return self._boxes_out(boxes, sheared, height, width, "rel_xyxy")

    def get_config(self):
        return {**super().get_config(), "x_factor": self.x_factor, "y_factor": self.y_factor}


def shear_relative_boxes(boxes, shear):
    """rel_xyxy ``boxes`` (N, B, 4) (or (B, 4)) moved by the shears (N, 2) as Keras 3 moves
    them: x edges first (by −s_x·y, at the top edge for s_x < 0, else the bottom), then y
    edges (by −s_y·x, at the new left or right edge)."""
    shear_x, shear_y = shear[..., 0:1], shear[..., 1:2]                  # (N, 1) each
    x1, y1, x2, y2 = (boxes[..., i] for i in range(4))
    x1, x2 = (np.where(shear_x < 0, x1 - shear_x * y1, x1 - shear_x * y2),
              np.where(shear_x < 0, x2 - shear_x * y2, x2 - shear_x * y1))
    y1, y2 = (np.where(shear_y > 0, y1 - shear_y * x2, y1 - shear_y * x1),
              np.where(shear_y > 0, y2 - shear_y * x1, y2 - shear_y * x2))
    return np.stack([x1, y1, x2, y2], axis=-1).astype(boxes.dtype)


def symmetric_range(factor, name, layer):
    """(lower, upper): a number f in [0, 1] gives (−f, f); a pair (a, b) in [−1, 1] (the
    config's form of a number, (−f, f)) is sorted."""
    if isinstance(factor, (tuple, list)):
        return factor_range(factor, name, layer, (-1, 1))
    low, high = factor_range(factor, name, layer, (0, 1))
    return (-high, high)
