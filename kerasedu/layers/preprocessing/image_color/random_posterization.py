"""RandomPosterization: keep only the top bits of each 8-bit channel value, during training.

Written on 8-bit values (the images are moved from ``value_range`` to [0, 255] and back):

    output = ⌊x / 2^s⌋ · 2^s,     s = 8 − b,     b ~ U{lower, ..., upper} bits kept

one b per image. ``factor`` is a whole number of bits f in [1, 8] (b drawn from 1 to f) or a
pair (lower, upper); (4, 4) always keeps 4 bits (16 levels per channel), 8 keeps everything.
At inference the images pass unchanged. Shapes unchanged; outputs are floats.

``get_random_transformation`` gives {"shift_factor": s}, shape (N,), as Keras does.

(Keras 3.15 draws b from lower to upper − 1 when the two differ, so that factor=(1, 8)
never keeps 8 bits.)
"""

import numbers

from ....backend import ops
from ..image_layer import as_float_images
from .color_layer import FactorColorLayer, per_image, to_range


class RandomPosterization(FactorColorLayer):
    """Reduce each image's colours to a random number of bits per channel."""

    _FACTOR_BOUNDS = (1, 8)

    def _set_factor(self, factor):
        whole = factor if isinstance(factor, (tuple, list)) else [factor]
        if len(whole) not in (1, 2) or not all(
                isinstance(b, numbers.Integral) and not isinstance(b, bool) and 1 <= b <= 8
                for b in whole):
            raise ValueError(
                f"{self._who()}The `factor` argument should be a whole number of bits (or a "
                f"list of two) in the range [1, 8]. Received: factor={factor!r}. For example "
                f"factor=(4, 4) keeps 4 bits per channel (16 levels).")
        super()._set_factor(factor)
        self.factor = tuple(int(b) for b in self.factor)

    def get_random_transformation(self, images, training=True, seed=None):
        lower, upper = self.factor
        bits = ops.random.randint((images.shape[0],), lower, upper + 1, dtype="int32",
                                  seed=self.generator if seed is None else seed)
        return {"shift_factor": 8 - bits}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training:
            return images
        step = ops.cast(ops.power(2.0, ops.cast(per_image(transformation["shift_factor"]),
                                                 images.dtype)), images.dtype)
        eight_bit = ops.clip(to_range(images, self.value_range, (0, 255)), 0, 255)
        return to_range(ops.floor(eight_bit / step) * step, (0, 255), self.value_range)
