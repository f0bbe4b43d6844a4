"""AlphaDropout: dropout that keeps self-normalizing (SELU) activations normalized.

Plain dropout sets values to 0, which shifts the mean and variance that SELU networks rely on.
AlphaDropout sets dropped values to SELU's lower limit instead,

    α' = −scale · alpha ≈ −1.7581      (alpha ≈ 1.6733, scale ≈ 1.0507, SELU's constants)

and then applies the affine map a·x + b that restores zero mean and unit variance for inputs
that have them:

    a = ((1 − rate) · (1 + rate · α'²))^(−1/2)        b = −a · α' · rate

    training:  output = a · (x · keep + α' · (1 − keep)) + b,   keep ~ Bernoulli(1 − rate)
    inference: output = x

``noise_shape`` (one entry per input axis, None meaning the input's size) shares one keep
decision along the axes where it is 1. No weights. Shapes: output = input.
"""

import numbers

from ...backend import ops
from ...backend.ops.nn import SELU_ALPHA, SELU_SCALE
from ...backend.ops.random import SeedGenerator
from ...layer_machinery.layer import Layer


class AlphaDropout(Layer):
    """Drop a fraction ``rate`` of the inputs to SELU's saturation value, keeping the mean
    and variance, in training only."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not 0 <= rate < 1:
            raise ValueError(
                f"Invalid value received for argument `rate`. Expected a float value between "
                f"0 and 1 (1 excluded: with every value dropped the correction a = ((1 - rate)"
                f"(1 + rate·α'²))^(-1/2) would be infinite). Received: rate={rate!r}")
        self.rate = rate
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed
        self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self._build_at_init()

    def _concrete_noise_shape(self, inputs):
        if self.noise_shape is None:
            return tuple(inputs.shape)
        if len(self.noise_shape) != inputs.ndim:
            raise ValueError(
                f"Layer '{self.name}': noise_shape={self.noise_shape} needs one entry per axis "
                f"of the input, which has shape {tuple(inputs.shape)}.")
        return tuple(size if n is None else n for n, size in zip(self.noise_shape, inputs.shape))

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        saturation = -SELU_ALPHA * SELU_SCALE
        draws = ops.random.uniform(self._concrete_noise_shape(inputs), dtype=inputs.dtype,
                                   seed=self.seed_generator)
        keep = ops.cast(ops.greater_equal(draws, self.rate), inputs.dtype)
        a = ((1 - self.rate) * (1 + self.rate * saturation ** 2)) ** -0.5
        b = -a * saturation * self.rate
        dropped_to_saturation = ops.add(ops.multiply(inputs, keep),
                                        ops.multiply(ops.subtract(1.0, keep), saturation))
        return ops.add(ops.multiply(dropped_to_saturation, a), b)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed,
                "noise_shape": None if self.noise_shape is None else list(self.noise_shape)}
