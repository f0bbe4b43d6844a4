"""RandomGaussianBlur: blur a random share of the images with a Gaussian, during training.

For each image a probability p ~ U[lower, upper) and a threshold t ~ U[0, 1) are drawn; when
t < p the image is blurred, each channel convolved ("same", zero padding) with the
normalized kernel

    g(i, j) ∝ exp(−i²/(2σ₁²) − j²/(2σ₂²)),     (σ₁, σ₂) ~ U[sigma_low, sigma_high)² + 10⁻⁶

of ``kernel_size`` taps (odd: a number or a pair), one (σ₁, σ₂) for the whole batch. The
outputs are clipped to ``value_range``. ``factor`` is a number f in [0, 1] (p drawn from
[0, f); the default 1.0 blurs half of the images on average) or a pair; ``sigma`` a number s
in [0, 1] (σ drawn from [0, s)) or a pair. At inference the images pass unchanged. Shapes
unchanged; outputs are floats.

``get_random_transformation`` gives {"should_apply_blur": (N,) booleans,
"blur_factor": (σ₁, σ₂)}, as Keras does.
"""

import numbers

from ....backend import ops
from ..image_layer import as_float_images
from .color_layer import ColorLayer, factor_pair, per_image


class RandomGaussianBlur(ColorLayer):
    """Blur each image with a random Gaussian, with a random probability."""

    _FACTOR_BOUNDS = (0, 1)
    CONFIG = ("factor", "kernel_size", "sigma")

    def __init__(self, factor=1.0, kernel_size=3, sigma=1.0, value_range=(0, 255),
                 data_format=None, seed=None, **kwargs):
        super().__init__(value_range=value_range, seed=seed, data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.kernel_size = self._odd_sizes(kernel_size)
        self.sigma = factor_pair(sigma, "sigma", self)

    def _odd_sizes(self, kernel_size):
        sizes = tuple(kernel_size) if isinstance(kernel_size, (tuple, list)) else \
            (kernel_size, kernel_size)
        if len(sizes) != 2 or not all(
                isinstance(k, numbers.Integral) and not isinstance(k, bool) and k > 0
                and k % 2 == 1 for k in sizes):
            raise ValueError(
                f"{self._who()}`kernel_size` must be an odd positive integer (or a list of "
                f"two), the number of taps of the blur. Received: kernel_size={kernel_size!r}."
                f" For example kernel_size=3 or kernel_size=(3, 5).")
        return tuple(int(k) for k in sizes)

    def get_random_transformation(self, images, training=True, seed=None):
        if not training:
            return None
        apply = self._coin_flips(images, seed)
        widths = self._draw((2,), *self.sigma, seed)
        return {"should_apply_blur": apply, "blur_factor": widths + 1e-6}

    def transform_images(self, images, transformation, training=True):
        images = as_float_images(self, images)
        if not training or transformation is None:
            return images
        widths = ops.convert_to_tensor(transformation["blur_factor"]).numpy()
        blurred = ops.image.gaussian_blur(images, kernel_size=self.kernel_size,
                                          sigma=tuple(float(s) for s in widths),
                                          data_format=self.data_format)
        chosen = ops.where(per_image(transformation["should_apply_blur"]), blurred, images)
        return ops.clip(chosen, *self.value_range)
