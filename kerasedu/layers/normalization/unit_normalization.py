"""UnitNormalization: scale each sample to unit L2 norm along ``axis``.

    output = x / ‖x‖₂        with ‖x‖₂ = sqrt(Σ x²) over ``axis`` (default -1)

so that every output vector has length 1 (Σ output² = 1 along ``axis``). A norm below 1e-12 is
treated as 1e-12, which keeps all-zero vectors at zero. No weights. Shapes: output = input.
"""

from ...backend import ops
from ...layer_machinery.layer import Layer
from .layer_normalization import check_axis_argument, normalized_axes

_NORM_EPSILON = 1e-12


class UnitNormalization(Layer):
    """Divide each sample by its L2 norm along ``axis`` (an int or a list of ints)."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = check_axis_argument("UnitNormalization", axis)
        self.supports_masking = True
        self._build_at_init()

    def call(self, inputs):
        axes = tuple(normalized_axes(self, self.axis, inputs.shape))
        squared_norm = ops.sum(ops.square(inputs), axis=axes, keepdims=True)
        return ops.divide(inputs, ops.sqrt(ops.maximum(squared_norm, _NORM_EPSILON ** 2)))

    def compute_output_shape(self, input_shape):
        normalized_axes(self, self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
