"""GaussianDropout: multiply the inputs by Gaussian noise centred on 1, in training only.

    training:  output = x · ε,   ε ~ N(1, rate / (1 − rate))
    inference: output = x

The variance rate/(1 − rate) is that of Dropout's multiplier mask/(1 − rate), so the two
regularize alike, and as with Dropout the expected output equals the input, so inference needs
no rescaling. The gradient is scaled by the same ε. No weights. Shapes: output = input.
"""

import math
import numbers

from ...backend import ops
from ...backend.ops.random import SeedGenerator
from ...layer_machinery.layer import Layer


class GaussianDropout(Layer):
    """Multiply by N(1, rate/(1 − rate)) noise during training; ``rate`` in [0, 1)."""

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not 0 <= rate < 1:
            raise ValueError(
                f"Invalid value received for argument `rate`. Expected a float value between "
                f"0 and 1 (1 excluded: the noise's standard deviation sqrt(rate / (1 - rate)) "
                f"would be infinite). Received: rate={rate!r}")
        self.rate = rate
        self.seed = seed
        self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        stddev = math.sqrt(self.rate / (1.0 - self.rate))
        noise = ops.random.normal(inputs.shape, mean=1.0, stddev=stddev, dtype=inputs.dtype,
                                  seed=self.seed_generator)
        return ops.multiply(inputs, noise)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
