"""GaussianNoise: add zero-mean Gaussian noise to the inputs, in training only.

    training:  output = x + ε,   ε ~ N(0, stddev²), a new draw for every value and every call
    inference: output = x

A regularizer (and a form of data augmentation for real-valued inputs): the model cannot rely
on exact input values. The noise is a constant for the gradient, so dL/dx = dL/doutput.
No weights. Shapes: output = input.
"""

import numbers

from ...backend import ops
from ...backend.ops.random import SeedGenerator
from ...layer_machinery.layer import Layer


class GaussianNoise(Layer):
    """Add N(0, stddev²) noise during training; ``seed`` makes the draws reproducible."""

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(stddev, bool) or not isinstance(stddev, numbers.Real) \
                or not 0 <= stddev <= 1:
            raise ValueError(
                f"Invalid value received for argument `stddev`. Expected a float value "
                f"between 0 and 1. Received: stddev={stddev!r}")
        self.stddev = stddev
        self.seed = seed
        self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs, training=False):
        if not training or self.stddev == 0:
            return inputs
        noise = ops.random.normal(inputs.shape, mean=0.0, stddev=self.stddev,
                                  dtype=inputs.dtype, seed=self.seed_generator)
        return ops.add(inputs, noise)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
