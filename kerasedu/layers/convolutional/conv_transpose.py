"""Conv1DTranspose, Conv2DTranspose, Conv3DTranspose: convolutions run backwards, to upsample.

A convolution maps a large input to a small output; its transpose maps small to large with the
same connections reversed: every input value is multiplied by the kernel and added into the
output window it would have come from. (It is the gradient of a convolution with respect to
its input, used as a layer; sometimes called "deconvolution", which it is not.)

    outputs = activation(conv_transpose(inputs, kernel) + bias)

Shapes (channels_last; channels_first puts the channels after the batch axis):

* inputs   (batch, *spatial, C_in)
* kernel   (*kernel_size, filters, C_in)      (note: filters before C_in)
* bias     (filters,)
* outputs  (batch, *out_spatial, filters)

Per spatial axis (n input, k kernel, s stride, d dilation, dk = d·(k − 1) + 1):

    output_padding=None:   "valid"  out = n·s + max(dk − s, 0)        "same"  out = n·s
    output_padding=op:     out = (n − 1)·s + dk − 2·p + op,  p = 0 ("valid") or dk // 2 ("same")

Several output lengths map back to the same n under a strided convolution; ``output_padding``
(each value smaller than its stride) picks one.
"""

from ... import activations
from ...backend import ops
from ...backend.ops import geometry
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..weight_options import add_configured_weight, set_weight_options
from . import arguments as args


class BaseConvTranspose(Layer):
    """Shared code of the transposed convolution layers."""

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid",
                 output_padding=None, data_format=None, dilation_rate=1, activation=None,
                 use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = args.positive_int(self, filters, "filters")
        args.set_window_options(self, rank, kernel_size, strides, dilation_rate, padding)
        self.output_padding = None if output_padding is None else args.int_tuple(
            self, output_padding, rank, "output_padding", minimum=0)
        if self.output_padding is not None:
            for axis, (op, s) in enumerate(zip(self.output_padding, self.strides)):
                if op >= s:
                    raise args.layer_error(
                        self, f"`output_padding` must be strictly less than `strides` along every "
                              f"axis, but along axis {axis} output_padding is {op} and strides "
                              f"is {s}. Received: output_padding={self.output_padding}, "
                              f"strides={self.strides}. Lower output_padding (or leave it None).")
        self.data_format = args.data_format(self, data_format)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        set_weight_options(self, "kernel", kernel_initializer,
                           kernel_regularizer, kernel_constraint)
        set_weight_options(self, "bias", bias_initializer,
                           bias_regularizer, bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)
        channels = args.known_channels(self, input_shape, self.data_format)
        self.kernel = add_configured_weight(
            self, "kernel", self.kernel_size + (self.filters, channels))
        self.bias = add_configured_weight(self, "bias", (self.filters,)) \
            if self.use_bias else None
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={args.channel_axis(self.data_format): channels})

    def call(self, inputs):
        outputs = ops.conv_transpose(inputs, self.kernel, self.strides, self.padding,
                                     self.output_padding, self.data_format, self.dilation_rate)
        if self.bias is not None:
            bias = self.bias
            if self.data_format == "channels_first":
                bias = ops.reshape(bias, (bias.shape[0],) + (1,) * self.rank)
            outputs = ops.add(outputs, bias)
        return outputs if self.activation is None else self.activation(outputs)

    def compute_output_shape(self, input_shape):
        args.check_rank(self, input_shape, self.rank)
        ops_ = self.output_padding or (None,) * self.rank
        spatial = tuple(
            None if n is None else geometry.conv_transpose_geometry(
                n, k, s, d, self.padding, op)[0]
            for n, k, s, d, op in zip(args.spatial_dims(input_shape, self.data_format),
                                      self.kernel_size, self.strides, self.dilation_rate, ops_))
        return args.with_spatial(input_shape, spatial, self.filters, self.data_format)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "output_padding": self.output_padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": serialize_keras_object(self.kernel_initializer),
            "bias_initializer": serialize_keras_object(self.bias_initializer),
            "kernel_regularizer": serialize_keras_object(self.kernel_regularizer),
            "bias_regularizer": serialize_keras_object(self.bias_regularizer),
            "activity_regularizer": serialize_keras_object(self.activity_regularizer),
            "kernel_constraint": serialize_keras_object(self.kernel_constraint),
            "bias_constraint": serialize_keras_object(self.bias_constraint),
        }


class Conv1DTranspose(BaseConvTranspose):
    """Transposed 1-D convolution: (batch, steps, C) -> (batch, longer steps, filters)."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(1, filters, kernel_size, strides, padding, output_padding, data_format,
                         dilation_rate, activation, use_bias, kernel_initializer,
                         bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, **kwargs)


class Conv2DTranspose(BaseConvTranspose):
    """Transposed 2-D convolution: (batch, rows, cols, C) -> (batch, larger rows, cols, filters)."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 output_padding=None, data_format=None, dilation_rate=(1, 1), activation=None,
                 use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(2, filters, kernel_size, strides, padding, output_padding, data_format,
                         dilation_rate, activation, use_bias, kernel_initializer,
                         bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, **kwargs)


class Conv3DTranspose(BaseConvTranspose):
    """Transposed 3-D convolution over volumes. (Keras puts data_format before output_padding
    in this one signature; so does kerasedu.)"""

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid",
                 data_format=None, output_padding=None, dilation_rate=(1, 1, 1),
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(3, filters, kernel_size, strides, padding, output_padding, data_format,
                         dilation_rate, activation, use_bias, kernel_initializer,
                         bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, **kwargs)


Convolution1DTranspose = Conv1DTranspose
Convolution2DTranspose = Deconvolution2D = Conv2DTranspose
Convolution3DTranspose = Deconvolution3D = Conv3DTranspose
