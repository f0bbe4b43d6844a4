"""RandomRotation: turn each image by a random angle about its centre, during training.

``factor`` is a fraction of a full turn: a number f draws the angle from U[−f, f)·360°,
a pair (a, b) from U[a, b)·360° (positive angles turn counter-clockwise as the image is
shown, rows downwards). ``factor=0.25`` turns by up to a quarter turn either way;
``factor=(0.5, 0.5)`` always turns by half a turn.

The output pixel (x, y) is read from the input point rotated back by θ about the centre
(cx, cy) = ((W − 1)/2, (H − 1)/2):

    x_in = cos θ·(x − cx) − sin θ·(y − cy) + cx,   y_in = sin θ·(x − cx) + cos θ·(y − cy) + cy

Corners that come from outside the image are filled by ``fill_mode`` (see
:mod:`.random_affine`). At inference the images pass unchanged. Shapes unchanged.
"""

import numpy as np

from .image_layer import factor_range
from .random_affine import RandomAffineTransform, affine_rows


class RandomRotation(RandomAffineTransform):
    """Rotate each image by a random angle (a fraction ``factor`` of a full turn)."""

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed,
                         fill_value=fill_value, data_format=data_format, **kwargs)
        self.factor = factor_range(factor, "factor", self, (-1, 1))

    def _random_parameters(self, n, height, width, seed):
        degrees = self._uniform(n, self.factor[0] * 360.0, self.factor[1] * 360.0, seed)
        theta = np.deg2rad(degrees)
        cos, sin = np.cos(theta), np.sin(theta)
        cx, cy = (width - 1) / 2, (height - 1) / 2
        matrix = affine_rows(cos, -sin, cx - cx * cos + cy * sin,
                             sin, cos, cy - cx * sin - cy * cos)
        return {"angle": degrees, "matrix": matrix}

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}
