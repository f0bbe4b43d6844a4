"""RandomTranslation: shift each image by a random offset, during training.

``height_factor`` is a fraction of the height: a number f draws the vertical shift from
U[−f, f)·H, a pair (a, b) from U[a, b)·H (each in [−1, 1]; positive shifts move the image
down). ``width_factor`` does the same horizontally (positive: to the right). The output pixel
(x, y) is read from

    x_in = x − t_x,      y_in = y − t_y,

and the band uncovered by the shift is filled by ``fill_mode`` (see :mod:`.random_affine`).
Segmentation masks move with the images (nearest pixel); bounding boxes move by (t_x, t_y)
and are clipped to the image. At inference everything passes unchanged. Shapes unchanged.

``get_random_transformation`` gives, as Keras 3, {"translations": (N, 2) shifts (t_x, t_y)
in pixels, "input_shape": the shape of the images}.
"""

import numpy as np

from .image_layer import factor_range
from .random_affine import RandomAffineTransform, affine_rows, as_array


class RandomTranslation(RandomAffineTransform):
    """Shift each image by a random fraction of its height and width."""

    def __init__(self, height_factor, width_factor, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed,
                         fill_value=fill_value, data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.width_factor = width_factor
        self._height_range = factor_range(height_factor, "height_factor", self, (-1, 1))
        self._width_range = factor_range(width_factor, "width_factor", self, (-1, 1))

    def _random_parameters(self, n, height, width, seed, shape):
        shift_y = self._uniform(n, *self._height_range, seed) * height
        shift_x = self._uniform(n, *self._width_range, seed) * width
        return {"translations": np.stack([shift_x, shift_y], axis=1).astype(np.float32),
                "input_shape": shape}

    def _matrix(self, transformation):
        shifts = as_array(transformation["translations"]).reshape(-1, 2)
        return affine_rows(1, 0, -shifts[:, 0], 0, 1, -shifts[:, 1])

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        if not training or transformation is None:
            return bounding_boxes
        boxes, height, width = self._boxes_in(bounding_boxes, transformation)
        xyxy = as_array(boxes["boxes"], np.float32)
        shifts = as_array(transformation["translations"], xyxy.dtype)
        shift_x, shift_y = shifts[..., 0:1], shifts[..., 1:2]           # (N, 1) each
        if xyxy.ndim == 3:
            shift_x, shift_y = shift_x[..., None], shift_y[..., None]
        x1, y1, x2, y2 = np.split(xyxy, 4, axis=-1)
        moved = np.concatenate([x1 + shift_x, y1 + shift_y, x2 + shift_x, y2 + shift_y],
                               axis=-1)
        return self._boxes_out(boxes, moved, height, width)

    def get_config(self):
        return {**super().get_config(), "height_factor": self.height_factor,
                "width_factor": self.width_factor}
