"""ELU: the exponential linear unit as a layer.

    f(x) = x                    if x > 0
    f(x) = alpha · (eˣ − 1)     otherwise          (default alpha = 1.0)

Smooth at 0 when alpha = 1, and saturating at −alpha for very negative x. The exponential is
taken of min(x, 0), so large positive inputs never overflow. No weights. Shapes: output = input.
"""

from ...backend import ops
from ...layer_machinery.layer import Layer
from ..validation import number


class ELU(Layer):
    """x for x > 0, alpha · (exp(x) − 1) otherwise."""

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = number(alpha, "alpha", self)
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs):
        negative = ops.multiply(ops.expm1(ops.minimum(inputs, 0.0)), self.alpha)
        return ops.where(ops.greater(inputs, 0), inputs, negative)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha}
