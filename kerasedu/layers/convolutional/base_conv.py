"""BaseConv: what Conv1D, Conv2D and Conv3D share.

A convolution slides ``filters`` small kernels over the spatial axes of its input; at every
position each kernel takes a weighted sum of the window under it, across all input channels
(or the channels of its group):

    outputs = activation(conv(inputs, kernel) + bias)

Shapes for ``rank`` spatial axes, channels_last (channels_first puts C after the batch axis):

* inputs   (batch, *spatial, C_in)
* kernel   (*kernel_size, C_in / groups, filters)
* bias     (filters,)
* outputs  (batch, *out_spatial, filters)

with, per spatial axis (n input, k kernel, s stride, d dilation, dk = d·(k − 1) + 1):

    "valid":            out = floor((n − dk) / s) + 1
    "same", "causal":   out = ceil(n / s)           ("causal" is Conv1D only)

``groups`` splits the input channels into that many groups, each convolved with its own
filters / groups filters. Strides > 1 together with dilation > 1 is refused, and so is a
kernel that does not fit under "valid" padding.
"""

from ... import activations
from ...backend import ops
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..weight_options import add_configured_weight, set_weight_options
from . import arguments as args


class BaseConv(Layer):
    """Shared constructor, build, call and shape arithmetic of the convolution layers."""

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = args.positive_int(self, filters, "filters")
        self.groups = args.positive_int(self, groups, "groups")
        if self.filters % self.groups:
            raise args.layer_error(
                self, f"the number of filters must be evenly divisible by the number of groups. "
                      f"Received: groups={groups}, filters={filters}.")
        allowed = ("valid", "same", "causal") if rank == 1 else ("valid", "same")
        args.set_window_options(self, rank, kernel_size, strides, dilation_rate, padding,
                                allowed)
        self.data_format = args.data_format(self, data_format)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        set_weight_options(self, "kernel", kernel_initializer,
                           kernel_regularizer, kernel_constraint)
        set_weight_options(self, "bias", bias_initializer,
                           bias_regularizer, bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)        # checks the rank and that the kernel fits
        channels = args.known_channels(self, input_shape, self.data_format)
        if channels % self.groups:
            raise args.layer_error(
                self, f"the number of input channels must be evenly divisible by the number of "
                      f"groups. Received groups={self.groups}, but the input has {channels} "
                      f"channels (full input shape {tuple(input_shape)}).")
        self.kernel = add_configured_weight(
            self, "kernel", self.kernel_size + (channels // self.groups, self.filters))
        self.bias = add_configured_weight(self, "bias", (self.filters,)) \
            if self.use_bias else None
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={args.channel_axis(self.data_format): channels})

    def convolution_op(self, inputs, kernel):
        """The convolution itself (SeparableConv and the others override it)."""
        return ops.conv(inputs, kernel, self.strides, self.padding, self.data_format,
                        self.dilation_rate)

    def add_bias(self, outputs, bias):
        """outputs + bias, the bias along the channel axis."""
        return ops.bias_add(outputs, bias, self.data_format)

    def call(self, inputs):
        outputs = self.convolution_op(inputs, self.kernel)
        if self.bias is not None:
            outputs = self.add_bias(outputs, self.bias)
        return outputs if self.activation is None else self.activation(outputs)

    def output_channels(self, input_shape):
        """The number of output channels (``filters`` here)."""
        return self.filters

    def compute_output_shape(self, input_shape):
        args.check_rank(self, input_shape, self.rank)
        spatial = args.conv_output_spatial(self, input_shape, self.kernel_size, self.strides,
                                           self.padding, self.dilation_rate, self.data_format)
        return args.with_spatial(input_shape, spatial, self.output_channels(input_shape),
                                 self.data_format)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "groups": self.groups,
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
