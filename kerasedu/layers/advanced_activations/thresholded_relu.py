"""ThresholdedReLU: pass values above ``theta``, zero the rest (Keras 2; gone from Keras 3).

    f(x) = x    if x > theta
    f(x) = 0    otherwise          (default theta = 1.0)

Keras 3 removed this layer; ``ReLU(threshold=theta)`` computes the same thing. No weights.
Shapes: output = input.
"""

from ...backend import ops
from ...layer_machinery.layer import Layer
from ..validation import number


class ThresholdedReLU(Layer):
    """x where x > theta, else 0."""

    def __init__(self, theta=1.0, **kwargs):
        super().__init__(**kwargs)
        self.theta = number(
            theta, "theta", self, minimum=0,
            refusal=lambda value: f"Theta of a Thresholded ReLU layer cannot be None, expecting "
                                  f"a float. Received: {value}" if value is None else
                                  f"The theta value of a Thresholded ReLU layer should be >=0. "
                                  f"Received: {value}")
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs):
        return ops.where(ops.greater(inputs, self.theta), inputs, 0.0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "theta": self.theta}
