"""LeakyReLU: a relu that lets a little of the negative side through.

    f(x) = x                    if x > 0
    f(x) = negative_slope · x   otherwise          (default negative_slope = 0.3)

Keras 2 called the slope ``alpha``; ``LeakyReLU(alpha=0.1)`` is accepted and means
``LeakyReLU(negative_slope=0.1)``. No weights. Shapes: output = input.
"""

from ...backend import ops
from ...layer_machinery.layer import Layer
from ..validation import number


class LeakyReLU(Layer):
    """x for x > 0, negative_slope · x otherwise."""

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
        super().__init__(**kwargs)
        self.negative_slope = number(
            negative_slope, "negative_slope", self, minimum=0,
            refusal=lambda value: f"The negative_slope value of a Leaky ReLU layer cannot be "
                                  f"None or negative value. Expected a float. Received: "
                                  f"negative_slope={value!r}")
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs):
        return ops.where(ops.greater(inputs, 0), inputs,
                         ops.multiply(inputs, self.negative_slope))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "negative_slope": self.negative_slope}
