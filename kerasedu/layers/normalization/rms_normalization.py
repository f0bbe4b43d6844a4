"""RMSNormalization: divide each sample by its root mean square over ``axis``, then scale.

    output = x / sqrt(mean(x², over axis) + epsilon) · scale

(Zhang & Sennrich, 2019). Unlike LayerNormalization it does not subtract the mean and has no
offset: it only rescales, which is cheaper and works as well in transformers. Like it, it
looks at one sample at a time, so training and inference compute the same thing.

Weights: scale (trainable, ones), of the shape of the normalized axes: (F,) for axis=-1,
(T, F) for axis=[1, 2] on (N, T, F). Shapes: output = input.
"""

from ...backend import ops
from ...layer_machinery.layer import Layer
from ..validation import number
from .layer_normalization import check_axis_argument, normalized_axes


class RMSNormalization(Layer):
    """Scale each sample to unit root mean square over ``axis``, then by a learned ``scale``."""

    def __init__(self, axis=-1, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.axis = check_axis_argument("RMSNormalization", axis)
        self.epsilon = number(epsilon, "epsilon", self, minimum=0)
        self.scale = None

    def build(self, input_shape):
        axes = normalized_axes(self, self.axis, input_shape)
        shape = tuple(input_shape[a] for a in axes)
        if None in shape:
            raise ValueError(
                f"Layer '{self.name}' needs to know the size of the normalized axes {axes} to "
                f"create its scale, but received input_shape={tuple(input_shape)}.")
        # as Keras keeps it once built (and writes it in configs): a sorted list
        self.axis = sorted(self.axis) if isinstance(self.axis, list) else [self.axis]
        self.scale = self.add_weight(name="scale", shape=shape, initializer="ones")

    def call(self, inputs):
        axes = normalized_axes(self, self.axis, inputs.shape)
        scale_shape = [inputs.shape[a] if a in axes else 1 for a in range(inputs.ndim)]
        scale = ops.reshape(self.scale, scale_shape)
        return ops.rms_normalization(inputs, scale=scale, axis=tuple(axes),
                                     epsilon=self.epsilon)

    def compute_output_shape(self, input_shape):
        normalized_axes(self, self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon}
