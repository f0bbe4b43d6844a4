"""RandomZoom: zoom each image in or out by a random amount, during training.

``height_factor`` sets the vertical zoom: a number f draws z_y from U[1 − f, 1 + f), a pair
(a, b) from U[1 + a, 1 + b) (each factor in (−1, 1]). z < 1 zooms in (the image is
enlarged, its borders cut off); z > 1 zooms out (the image shrinks, the border is filled by
``fill_mode``). ``width_factor`` does the same horizontally; with ``width_factor=None``
(the default) the image keeps its aspect ratio (z_x = z_y).

The output pixel (x, y) is read from the input point scaled about the centre:

    x_in = z_x·x + (W − 1)/2·(1 − z_x),      y_in = z_y·y + (H − 1)/2·(1 − z_y)

At inference the images pass unchanged. Shapes unchanged.
"""

from .image_layer import factor_range
from .random_affine import RandomAffineTransform, affine_rows


class RandomZoom(RandomAffineTransform):
    """Zoom each image by a random factor, in or out."""

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed,
                         fill_value=fill_value, data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.width_factor = width_factor
        self._height_range = factor_range(height_factor, "height_factor", self, (-1, 1),
                                          open_below=True)
        self._width_range = None if width_factor is None else \
            factor_range(width_factor, "width_factor", self, (-1, 1), open_below=True)

    def _random_parameters(self, n, height, width, seed):
        low, high = self._height_range
        height_zoom = self._uniform(n, 1 + low, 1 + high, seed)
        width_zoom = height_zoom
        if self._width_range is not None:
            low, high = self._width_range
            width_zoom = self._uniform(n, 1 + low, 1 + high, seed)
        matrix = affine_rows(width_zoom, 0, (width - 1) / 2 * (1 - width_zoom),
                             0, height_zoom, (height - 1) / 2 * (1 - height_zoom))
        return {"height_zoom": height_zoom, "width_zoom": width_zoom, "matrix": matrix}

    def get_config(self):
        return {**super().get_config(), "height_factor": self.height_factor,
                "width_factor": self.width_factor}
