"""LayerNormalization: normalize each sample over its features.

For every sample (and every position of the axes not in ``axis``):

    output = gamma · (x − mean) / sqrt(var + epsilon) + beta

with the mean and (biased) variance taken over ``axis`` (default -1, the features), within one
sample. Unlike BatchNormalization it never looks at other samples, so training and inference
compute the same thing and there are no moving statistics.

Weights: gamma (trainable, ones) and beta (trainable, zeros), each of the shape of the
normalized axes: (F,) for axis=-1, (T, F) for axis=[1, 2] on (N, T, F). Shapes: output = input.

``rms_scaling=True`` is a deprecated Keras 3 option kept for compatibility: it computes
x · gamma / sqrt(var + epsilon) with no centering and no beta (it divides by the standard
deviation, not by the root mean square its name suggests).
"""

import numbers

from ...backend import ops
from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..validation import number
from ..weight_options import add_configured_weight, set_weight_options


def check_axis_argument(layer_name, axis):
    """``axis`` as an int or a list of ints, or a TypeError naming the layer."""
    if isinstance(axis, (list, tuple)) and all(
            isinstance(a, numbers.Integral) and not isinstance(a, bool) for a in axis):
        return [int(a) for a in axis]
    if isinstance(axis, numbers.Integral) and not isinstance(axis, bool):
        return int(axis)
    raise TypeError(
        f"Expected an int or a list/tuple of ints for the argument 'axis' of {layer_name}, "
        f"but received: {axis!r}")


def normalized_axes(layer, axis, input_shape):
    """The axes in ``axis`` as sorted non-negative ints, checked against ``input_shape``."""
    rank = len(input_shape)
    axes = [axis] if isinstance(axis, int) else list(axis)
    for a in axes:
        if not -rank <= a < rank:
            raise ValueError(
                f"Axis {a} is out of bounds for input shape {tuple(input_shape)}. Received: "
                f"axis={axis}. Layer '{layer.name}' accepts axes between {-rank} and "
                f"{rank - 1} for inputs of rank {rank}.")
    return sorted({a % rank for a in axes})


class LayerNormalization(Layer):
    """Normalize each sample to zero mean and unit variance over ``axis``, then scale/shift."""

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 rms_scaling=False, **kwargs):
        super().__init__(**kwargs)
        self.axis = check_axis_argument("LayerNormalization", axis)
        self.epsilon = number(epsilon, "epsilon", self, minimum=0)
        self.center = bool(center)
        self.scale = bool(scale)
        self.rms_scaling = bool(rms_scaling)
        set_weight_options(self, "beta", beta_initializer, beta_regularizer, beta_constraint)
        set_weight_options(self, "gamma", gamma_initializer, gamma_regularizer,
                           gamma_constraint)
        self.supports_masking = True
        self.gamma = self.beta = None

    def build(self, input_shape):
        axes = normalized_axes(self, self.axis, input_shape)
        if isinstance(self.axis, int):
            self.axis = [self.axis]   # as Keras keeps it once built (and writes it in configs)
        shape = tuple(input_shape[a] for a in axes)
        if None in shape:
            raise ValueError(
                f"Layer '{self.name}' needs to know the size of the normalized axes {axes} to "
                f"create its weights, but received input_shape={tuple(input_shape)}.")
        if self.scale or self.rms_scaling:
            self.gamma = add_configured_weight(self, "gamma", shape)
        if self.center and not self.rms_scaling:
            self.beta = add_configured_weight(self, "beta", shape)

    def call(self, inputs):
        axes = tuple(normalized_axes(self, self.axis, inputs.shape))
        broadcast_shape = [inputs.shape[a] if a in axes else 1 for a in range(inputs.ndim)]

        def broadcast(weight):
            return ops.reshape(ops.cast(weight, inputs.dtype), broadcast_shape)

        mean = ops.mean(inputs, axis=axes, keepdims=True)
        centered = ops.subtract(inputs, mean)
        variance = ops.mean(ops.square(centered), axis=axes, keepdims=True)
        inverse_std = ops.divide(1.0, ops.sqrt(ops.add(variance, self.epsilon)))
        if self.rms_scaling:
            outputs = ops.multiply(inputs, inverse_std)
            return outputs if self.gamma is None else ops.multiply(outputs, broadcast(self.gamma))
        outputs = ops.multiply(centered, inverse_std)
        if self.gamma is not None:
            outputs = ops.multiply(outputs, broadcast(self.gamma))
        if self.beta is not None:
            outputs = ops.add(outputs, broadcast(self.beta))
        return outputs

    def compute_output_shape(self, input_shape):
        normalized_axes(self, self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            "beta_initializer": serialize_keras_object(self.beta_initializer),
            "gamma_initializer": serialize_keras_object(self.gamma_initializer),
            "beta_regularizer": serialize_keras_object(self.beta_regularizer),
            "gamma_regularizer": serialize_keras_object(self.gamma_regularizer),
            "beta_constraint": serialize_keras_object(self.beta_constraint),
            "gamma_constraint": serialize_keras_object(self.gamma_constraint),
        }
