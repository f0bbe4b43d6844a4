"""DepthwiseConv1D, DepthwiseConv2D: every input channel convolved on its own.

Each input channel c gets ``depth_multiplier`` (M) kernels of its own; output channel c·M + m is
input channel c convolved with kernel m. Channels are never mixed (a SeparableConv adds the
1×1 convolution that mixes them).

    outputs = activation(depthwise_conv(inputs, kernel) + bias)

Shapes (channels_last; channels_first puts the channels after the batch axis):

* inputs   (batch, *spatial, C)
* kernel   (*kernel_size, C, M)
* bias     (C·M,)
* outputs  (batch, *out_spatial, C·M), out_spatial as for Conv (see :mod:`.base_conv`)

It costs C·M·K multiplications per output position instead of the C·F·K of a Conv with F
filters.
"""

from ... import activations
from ...backend import ops
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..weight_options import add_configured_weight, set_weight_options
from . import arguments as args


class BaseDepthwiseConv(Layer):
    """Shared code of DepthwiseConv1D and DepthwiseConv2D."""

    def __init__(self, rank, kernel_size, strides=1, padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.depth_multiplier = args.positive_int(self, depth_multiplier, "depth_multiplier")
        args.set_window_options(self, rank, kernel_size, strides, dilation_rate, padding)
        self.data_format = args.data_format(self, data_format)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        set_weight_options(self, "depthwise", depthwise_initializer,
                           depthwise_regularizer, depthwise_constraint)
        set_weight_options(self, "bias", bias_initializer,
                           bias_regularizer, bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        channels = args.known_channels(self, input_shape, self.data_format)
        self.kernel = add_configured_weight(
            self, "depthwise", self.kernel_size + (channels, self.depth_multiplier), name="kernel")
        self.bias = add_configured_weight(
            self, "bias", (channels * self.depth_multiplier,)) if self.use_bias else None
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={args.channel_axis(self.data_format): channels})

    @property
    def depthwise_kernel(self):
        """Keras 2's name for the kernel."""
        return self.kernel

    def call(self, inputs):
        outputs = ops.depthwise_conv(inputs, self.kernel, self.strides, self.padding,
                                     self.data_format, self.dilation_rate)
        if self.bias is not None:
            bias = self.bias
            if self.data_format == "channels_first":
                bias = ops.reshape(bias, (bias.shape[0],) + (1,) * self.rank)
            outputs = ops.add(outputs, bias)
        return outputs if self.activation is None else self.activation(outputs)

    def compute_output_shape(self, input_shape):
        args.check_rank(self, input_shape, self.rank)
        spatial = args.conv_output_spatial(self, input_shape, self.kernel_size, self.strides,
                                           self.padding, self.dilation_rate, self.data_format)
        channels = tuple(input_shape)[args.channel_axis(self.data_format)]
        return args.with_spatial(input_shape, spatial,
                                 None if channels is None else channels * self.depth_multiplier,
                                 self.data_format)

    def get_config(self):
        return {
            **super().get_config(),
            "depth_multiplier": self.depth_multiplier,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": serialize_keras_object(self.depthwise_initializer),
            "bias_initializer": serialize_keras_object(self.bias_initializer),
            "depthwise_regularizer": serialize_keras_object(self.depthwise_regularizer),
            "bias_regularizer": serialize_keras_object(self.bias_regularizer),
            "activity_regularizer": serialize_keras_object(self.activity_regularizer),
            "depthwise_constraint": serialize_keras_object(self.depthwise_constraint),
            "bias_constraint": serialize_keras_object(self.bias_constraint),
        }


class DepthwiseConv1D(BaseDepthwiseConv):
    """Depthwise 1-D convolution: (batch, steps, C) -> (batch, new_steps, C·depth_multiplier)."""

    def __init__(self, kernel_size, strides=1, padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(1, kernel_size, strides, padding, depth_multiplier, data_format,
                         dilation_rate, activation, use_bias, depthwise_initializer,
                         bias_initializer, depthwise_regularizer, bias_regularizer,
                         activity_regularizer, depthwise_constraint, bias_constraint, **kwargs)


class DepthwiseConv2D(BaseDepthwiseConv):
    """Depthwise 2-D convolution: (batch, rows, cols, C) -> (batch, r', c', C·depth_multiplier)."""

    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(2, kernel_size, strides, padding, depth_multiplier, data_format,
                         dilation_rate, activation, use_bias, depthwise_initializer,
                         bias_initializer, depthwise_regularizer, bias_regularizer,
                         activity_regularizer, depthwise_constraint, bias_constraint, **kwargs)
