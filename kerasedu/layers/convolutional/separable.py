"""SeparableConv1D, SeparableConv2D: a depthwise convolution, then a 1×1 convolution.

The depthwise step convolves every input channel on its own with ``depth_multiplier`` (M)
kernels (see :mod:`.depthwise`); the pointwise step mixes the C·M resulting channels into
``filters`` outputs at each position:

    outputs = activation(conv(depthwise_conv(inputs, depthwise_kernel), pointwise_kernel) + bias)

Shapes (channels_last; channels_first puts the channels after the batch axis):

* inputs            (batch, *spatial, C)
* depthwise_kernel  (*kernel_size, C, M)
* pointwise_kernel  (1, ..., 1, C·M, filters)
* bias              (filters,)
* outputs           (batch, *out_spatial, filters), out_spatial as for Conv (:mod:`.base_conv`)

Strides, padding and dilation belong to the depthwise step. Parameters: K·C·M + C·M·filters
(+ filters), against K·C·filters for a Conv: far fewer when K is large.
"""

from ... import activations
from ...backend import ops
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..weight_options import add_configured_weight, set_weight_options
from . import arguments as args


class BaseSeparableConv(Layer):
    """Shared code of SeparableConv1D and SeparableConv2D."""

    def __init__(self, rank, depth_multiplier, filters, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.depth_multiplier = args.positive_int(self, depth_multiplier, "depth_multiplier")
        self.filters = args.positive_int(self, filters, "filters")
        args.set_window_options(self, rank, kernel_size, strides, dilation_rate, padding)
        self.data_format = args.data_format(self, data_format)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        set_weight_options(self, "depthwise", depthwise_initializer,
                           depthwise_regularizer, depthwise_constraint)
        set_weight_options(self, "pointwise", pointwise_initializer,
                           pointwise_regularizer, pointwise_constraint)
        set_weight_options(self, "bias", bias_initializer,
                           bias_regularizer, bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        channels = args.known_channels(self, input_shape, self.data_format)
        self.depthwise_kernel = add_configured_weight(
            self, "depthwise", self.kernel_size + (channels, self.depth_multiplier),
            name="depthwise_kernel")
        self.pointwise_kernel = add_configured_weight(
            self, "pointwise", (1,) * self.rank + (channels * self.depth_multiplier, self.filters),
            name="pointwise_kernel")
        self.bias = add_configured_weight(self, "bias", (self.filters,)) \
            if self.use_bias else None
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={args.channel_axis(self.data_format): channels})

    def call(self, inputs):
        outputs = ops.separable_conv(inputs, self.depthwise_kernel, self.pointwise_kernel,
                                     self.strides, self.padding, self.data_format,
                                     self.dilation_rate)
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
        return args.with_spatial(input_shape, spatial, self.filters, self.data_format)

    def get_config(self):
        return {
            **super().get_config(),
            "depth_multiplier": self.depth_multiplier,
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": serialize_keras_object(self.depthwise_initializer),
            "pointwise_initializer": serialize_keras_object(self.pointwise_initializer),
            "bias_initializer": serialize_keras_object(self.bias_initializer),
            "depthwise_regularizer": serialize_keras_object(self.depthwise_regularizer),
            "pointwise_regularizer": serialize_keras_object(self.pointwise_regularizer),
            "bias_regularizer": serialize_keras_object(self.bias_regularizer),
            "activity_regularizer": serialize_keras_object(self.activity_regularizer),
            "depthwise_constraint": serialize_keras_object(self.depthwise_constraint),
            "pointwise_constraint": serialize_keras_object(self.pointwise_constraint),
            "bias_constraint": serialize_keras_object(self.bias_constraint),
        }


class SeparableConv1D(BaseSeparableConv):
    """Separable 1-D convolution: (batch, steps, C) -> (batch, new_steps, filters)."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(1, depth_multiplier, filters, kernel_size, strides, padding,
                         data_format, dilation_rate, activation, use_bias, depthwise_initializer,
                         pointwise_initializer, bias_initializer, depthwise_regularizer,
                         pointwise_regularizer, bias_regularizer, activity_regularizer,
                         depthwise_constraint, pointwise_constraint, bias_constraint, **kwargs)


class SeparableConv2D(BaseSeparableConv):
    """Separable 2-D convolution: (batch, rows, cols, C) -> (batch, r', c', filters)."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(2, depth_multiplier, filters, kernel_size, strides, padding,
                         data_format, dilation_rate, activation, use_bias, depthwise_initializer,
                         pointwise_initializer, bias_initializer, depthwise_regularizer,
                         pointwise_regularizer, bias_regularizer, activity_regularizer,
                         depthwise_constraint, pointwise_constraint, bias_constraint, **kwargs)


SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D
