"""ReLU: the rectified linear unit as a layer, with Keras's three options.

    f(x) = min(x, max_value)                  if x > threshold   (x ≥ threshold when threshold = 0)
    f(x) = negative_slope · (x − threshold)   otherwise

Written as: positive part = x where x > threshold (else 0), clipped to [0, max_value];
minus negative_slope · relu(threshold − x). With the defaults it is max(x, 0);
max_value=6 gives relu6; negative_slope=0.3 a leaky relu. No weights. Shapes: output = input.
"""

from ...backend import ops
from ...layer_machinery.layer import Layer
from ..validation import number


def _refusal(name, what):
    return lambda value: (f"{name} of a ReLU layer cannot be {what} value. "
                          f"Received: {name}={value!r}")


class ReLU(Layer):
    """Rectified linear unit with optional cap (max_value), leak (negative_slope) and
    threshold."""

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        self.max_value = None if max_value is None else number(
            max_value, "max_value", self, minimum=0, refusal=_refusal("max_value", "a negative"))
        self.negative_slope = number(negative_slope, "negative_slope", self, minimum=0,
                                     refusal=_refusal("negative_slope", "None or a negative"))
        self.threshold = number(threshold, "threshold", self, minimum=0,
                                refusal=_refusal("threshold", "None or a negative"))
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs):
        if self.threshold != 0:
            positive = ops.where(ops.greater(inputs, self.threshold), inputs,
                                 ops.zeros_like(inputs))
        else:
            positive = ops.relu(inputs)
        if self.max_value is not None:
            positive = ops.clip(positive, 0.0, self.max_value)
        if self.negative_slope == 0:
            return positive
        below = ops.relu(ops.subtract(self.threshold, inputs))
        return ops.subtract(positive, ops.multiply(below, self.negative_slope))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "max_value": self.max_value,
                "negative_slope": self.negative_slope, "threshold": self.threshold}
