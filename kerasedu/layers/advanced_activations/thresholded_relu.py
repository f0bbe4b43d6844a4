"""ThresholdedReLU: pass values above ``theta``, zero the rest (Keras 2; gone from Keras 3).

    f(x) = x    if x > theta
    f(x) = 0    otherwise          (default theta = 1.0)

Keras 3 removed this layer; ``ReLU(threshold=theta)`` computes the same thing. No weights.
Shapes: output = input.
"""

from ...backend import ops
from ...layer_machinery.layer import Layer


class ThresholdedReLU(Layer):
    """x where x > theta, else 0."""

    def __init__(self, theta=1.0, **kwargs):
        super().__init__(**kwargs)
        if theta is None:
            raise ValueError(
                f"Theta of a Thresholded ReLU layer cannot be None, expecting a float. "
                f"Received: {theta}")
        if theta < 0:
            raise ValueError(
                f"The theta value of a Thresholded ReLU layer should be >=0. Received: {theta}")
        self.theta = float(theta)
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs):
        return ops.where(ops.greater(inputs, self.theta), inputs, 0.0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "theta": self.theta}
