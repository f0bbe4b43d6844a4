"""Masking: mark timesteps whose features all equal ``mask_value`` as padding.

For inputs (N, T, F) the mask is (N, T): True where any feature differs from mask_value. Masked
timesteps are zeroed, and layers downstream that support masking (RNNs) skip them.
"""

from ...backend import ops
from ...layer_machinery.layer import Layer
from ..validation import number


class Masking(Layer):
    """Skip timesteps equal to ``mask_value`` in every feature."""

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        number(mask_value, "mask_value", self, finite=False)
        self.mask_value = mask_value
        self.supports_masking = True
        self._build_at_init()

    def compute_mask(self, inputs, mask=None):
        return ops.any(ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = ops.any(ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        return inputs * ops.cast(keep, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}
