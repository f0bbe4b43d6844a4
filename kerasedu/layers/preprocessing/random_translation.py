"""RandomTranslation: shift each image by a random offset, during training.

``height_factor`` is a fraction of the height: a number f draws the vertical shift from
U[−f, f)·H, a pair (a, b) from U[a, b)·H (each in [−1, 1]; positive shifts move the image
down). ``width_factor`` does the same horizontally (positive: to the right). The output pixel
(x, y) is read from

    x_in = x − t_x,      y_in = y − t_y,

and the band uncovered by the shift is filled by ``fill_mode`` (see :mod:`.random_affine`).
At inference the images pass unchanged. Shapes unchanged.
"""

from .image_layer import factor_range
from .random_affine import RandomAffineTransform, affine_rows


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

    def _random_parameters(self, n, height, width, seed):
        shift_y = self._uniform(n, *self._height_range, seed) * height
        shift_x = self._uniform(n, *self._width_range, seed) * width
        matrix = affine_rows(1, 0, -shift_x, 0, 1, -shift_y)
        return {"translations": (shift_x, shift_y), "matrix": matrix}

    def get_config(self):
        return {**super().get_config(), "height_factor": self.height_factor,
                "width_factor": self.width_factor}
