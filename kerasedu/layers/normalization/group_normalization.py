"""GroupNormalization: normalize each sample over groups of channels.

The C channels (along ``axis``) are split into ``groups`` groups of C/groups consecutive
channels. For each sample and each group, the mean and (biased) variance are taken over the
group's channels and all the other non-batch axes (for (N, H, W, C) images: over H, W and the
group's channels), and

    output = gamma_c · (x − mean_group) / sqrt(var_group + epsilon) + beta_c

with gamma and beta per channel, shape (C,). Like LayerNormalization it works on each sample
alone. ``groups=1`` normalizes over all channels together (LayerNormalization over every
non-batch axis); ``groups=C`` (or -1) normalizes each channel alone (instance normalization).
C must be a multiple of ``groups``. Shapes: output = input.
"""

import numbers

from ...backend import ops
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..validation import number
from ..weight_options import add_configured_weight, set_weight_options


class GroupNormalization(Layer):
    """Normalize each sample over groups of channels (``groups`` of them), then scale/shift."""

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        if isinstance(groups, bool) or not isinstance(groups, numbers.Integral) or (
                groups <= 0 and groups != -1):
            raise ValueError(
                f"Received an invalid value for argument `groups`, expected a positive "
                f"integer (or `-1` for instance normalization). Received: groups={groups!r}")
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
            raise TypeError(
                f"GroupNormalization expects an integer `axis`, the channel axis. Received: "
                f"axis={axis!r}")
        self.groups = int(groups)
        self.axis = int(axis)
        self.epsilon = number(epsilon, "epsilon", self, minimum=0)
        self.center = bool(center)
        self.scale = bool(scale)
        set_weight_options(self, "beta", beta_initializer, beta_regularizer, beta_constraint)
        set_weight_options(self, "gamma", gamma_initializer, gamma_regularizer,
                           gamma_constraint)
        self.supports_masking = True
        self.gamma = self.beta = None

    def _channel_axis(self, input_shape):
        rank = len(input_shape)
        if not -rank <= self.axis < rank or self.axis % rank == 0:
            raise ValueError(
                f"Axis {self.axis} is out of bounds for input shape {tuple(input_shape)}. "
                f"Layer '{self.name}' needs the channel axis, between 1 and {rank - 1} (or "
                f"-1 for the last axis); axis 0 is the batch.")
        return self.axis % rank

    def _groups_for(self, channels):
        return channels if self.groups == -1 else self.groups

    def build(self, input_shape):
        axis = self._channel_axis(input_shape)
        channels = input_shape[axis]
        if channels is None:
            raise ValueError(
                f"Axis {self.axis} of input tensor should have a defined dimension but the "
                f"layer received an input with shape {tuple(input_shape)}.")
        groups = self._groups_for(channels)
        if channels < groups or channels % groups:
            raise ValueError(
                f"Layer '{self.name}' splits {channels} channels into groups={groups} groups, "
                f"but the number of channels must be a multiple of the number of groups (and "
                f"at least as large). Choose groups among the divisors of {channels}.")
        if self.scale:
            self.gamma = add_configured_weight(self, "gamma", (channels,))
        if self.center:
            self.beta = add_configured_weight(self, "beta", (channels,))
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: channels})

    def call(self, inputs):
        shape = tuple(inputs.shape)
        axis = self._channel_axis(shape)
        channels = shape[axis]
        groups = self._groups_for(channels)
        # (N, ..., C, ...) -> (N, ..., groups, C/groups, ...): one axis for the group.
        grouped_shape = shape[:axis] + (groups, channels // groups) + shape[axis + 1:]
        grouped = ops.reshape(inputs, grouped_shape)
        reduce = tuple(i for i in range(1, len(grouped_shape)) if i != axis)
        centered = ops.subtract(grouped, ops.mean(grouped, axis=reduce, keepdims=True))
        variance = ops.mean(ops.square(centered), axis=reduce, keepdims=True)
        normalized = ops.divide(centered, ops.sqrt(ops.add(variance, self.epsilon)))
        outputs = ops.reshape(normalized, shape)
        per_channel = [1] * len(shape)
        per_channel[axis] = channels
        if self.gamma is not None:
            outputs = ops.multiply(outputs, ops.reshape(self.gamma, per_channel))
        if self.beta is not None:
            outputs = ops.add(outputs, ops.reshape(self.beta, per_channel))
        return outputs

    def compute_output_shape(self, input_shape):
        self._channel_axis(input_shape)
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": serialize_keras_object(self.beta_initializer),
            "gamma_initializer": serialize_keras_object(self.gamma_initializer),
            "beta_regularizer": serialize_keras_object(self.beta_regularizer),
            "gamma_regularizer": serialize_keras_object(self.gamma_regularizer),
            "beta_constraint": serialize_keras_object(self.beta_constraint),
            "gamma_constraint": serialize_keras_object(self.gamma_constraint),
        }
