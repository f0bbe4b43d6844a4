"""RandomShear: slant each image by a random amount along x and y, during training.

``x_factor`` and ``y_factor`` are fractions of the image: a number f in [0, 1] stands for the
pair (−f, f); for a pair (a, b) the shear is drawn from U[a, b) and its sign flipped at random
(one coin per image for both axes), so (0.1, 0.3) shears by 0.1 to 0.3 either way. The
output pixel (x, y) is read from

    x_in = x + s_x·y,      y_in = s_y·x + y

so with s_x = 0.3 each row moves 0.3 pixels sideways per row below the top. The points that
come from outside the image are filled by ``fill_mode`` (see :mod:`..random_affine`; "reflect"
by default). At inference the images pass unchanged. Shapes unchanged; outputs are floats.

``get_random_transformation`` gives {"shear_factor": (N, 2) array of (s_x, s_y)}, which
``transform_images`` applies.
"""

import numpy as np

from ....backend import ops
from ..image_layer import factor_range
from ..random_affine import RandomAffineTransform, affine_rows


class RandomShear(RandomAffineTransform):
    """Shear each image along x and y by random fractions of its size."""

    def __init__(self, x_factor=0.0, y_factor=0.0, interpolation="bilinear",
                 fill_mode="reflect", fill_value=0.0, data_format=None, seed=None, **kwargs):
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed,
                         fill_value=fill_value, data_format=data_format, **kwargs)
        self.x_factor = symmetric_range(x_factor, "x_factor", self)
        self.y_factor = symmetric_range(y_factor, "y_factor", self)

    def _random_parameters(self, n, height, width, seed):
        sign = np.where(self._uniform(n, 0.0, 1.0, seed) > 0.5, -1.0, 1.0)
        shear_y = self._uniform(n, *self.y_factor, seed)
        shear_x = self._uniform(n, *self.x_factor, seed)
        return {"shear_factor": (np.stack([shear_x, shear_y], axis=1)
                                 * sign[:, None]).astype(np.float32)}

    def transform_images(self, images, transformation, training=True):
        if training and transformation is not None:
            shear = np.asarray(ops.convert_to_numpy(transformation["shear_factor"]), np.float64)
            shear = shear.reshape(-1, 2)
            transformation = {**transformation,
                              "matrix": affine_rows(1, shear[:, 0], 0, shear[:, 1], 1, 0)}
        return super().transform_images(images, transformation, training)

    def get_config(self):
        return {**super().get_config(), "x_factor": self.x_factor, "y_factor": self.y_factor}


def symmetric_range(factor, name, layer):
    """(lower, upper): a number f in [0, 1] gives (−f, f); a pair (a, b) in [−1, 1] (the
    config's form of a number, (−f, f)) is sorted."""
    if isinstance(factor, (tuple, list)):
        return factor_range(factor, name, layer, (-1, 1))
    low, high = factor_range(factor, name, layer, (0, 1))
    return (-high, high)
