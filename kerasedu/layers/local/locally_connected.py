"""LocallyConnected1D, LocallyConnected2D: convolutions whose weights are not shared.

A Conv2D applies the same kernel at every position. A locally connected layer has a separate
kernel for each output position: same windows, same output shape, many more weights. Keras 3
dropped these layers; kerasedu follows Keras 2.x (``implementation=1``, padding "valid").

For every output position p (there are P of them) with input window x_p flattened to a vector:

    outputs[:, p, :] = activation(x_p @ kernel[p] + bias[p])

Shapes, channels_last (the data_format default; channels_first moves C after the batch axis):

* LocallyConnected1D   inputs (batch, steps, C) -> (batch, new_steps, filters)
* LocallyConnected2D   inputs (batch, rows, cols, C) -> (batch, new_rows, new_cols, filters)

with new_n = floor((n − k) / s) + 1 per spatial axis. Weight layout (Keras 2, implementation 1):

* kernel  (P, K·C, filters), P = number of output positions in row-major order (row, then
  column), K = prod(kernel_size). Row r of kernel[p] multiplies window value
  (kernel offsets..., channel) flattened with the channel innermost for channels_last, and
  (channel, kernel offsets...) with the channel outermost for channels_first.
* bias    LocallyConnected1D: (new_steps, filters);
          LocallyConnected2D: (new_rows, new_cols, filters), or (filters, new_rows, new_cols)
          for channels_first.

Example: ``LocallyConnected2D(64, (3, 3), input_shape=(32, 32, 3))`` outputs (None, 30, 30, 64)
and has (30·30)·(3·3·3·64) + (30·30)·64 = 1,612,800 parameters; a Conv2D with the same
arguments has 1,792. The input's spatial sizes must be known when the layer is built.
"""

import numpy as np

from ... import activations
from ...backend import ops
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..convolutional import arguments as args
from ..weight_options import add_configured_weight, set_weight_options


class BaseLocallyConnected(Layer):
    """Shared code of LocallyConnected1D and LocallyConnected2D."""

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 implementation=1, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = args.positive_int(self, filters, "filters")
        self.kernel_size = args.int_tuple(self, kernel_size, rank, "kernel_size")
        self.strides = args.int_tuple(self, strides, rank, "strides")
        self.padding = args.padding_name(self, padding, ("valid",))
        if implementation != 1:
            raise args.layer_error(
                self, f"only implementation=1 is provided (Keras 2's default weight layout, "
                      f"described in the kerasedu.layers.local docstring). Received: "
                      f"implementation={implementation!r}.")
        self.implementation = 1
        self.data_format = args.data_format(self, data_format)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        set_weight_options(self, "kernel", kernel_initializer,
                           kernel_regularizer, kernel_constraint)
        set_weight_options(self, "bias", bias_initializer,
                           bias_regularizer, bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)

    def output_spatial(self, input_shape):
        """(new_n, ...) per spatial axis; the kernel must fit."""
        return args.conv_output_spatial(self, input_shape, self.kernel_size, self.strides,
                                        "valid", (1,) * self.rank, self.data_format)

    def build(self, input_shape):
        args.check_rank(self, input_shape, self.rank)
        spatial = args.spatial_dims(input_shape, self.data_format)
        if any(n is None for n in spatial):
            raise args.layer_error(
                self, f"the spatial sizes of the input must be known, since every output "
                      f"position has its own weights. Received input_shape="
                      f"{tuple(input_shape)}. Give Input a fully defined shape.")
        channels = args.known_channels(self, input_shape, self.data_format)
        out = self.output_spatial(input_shape)
        positions = int(np.prod(out))
        self.kernel = add_configured_weight(
            self, "kernel", (positions, int(np.prod(self.kernel_size)) * channels, self.filters))
        if self.rank == 1:
            bias_shape = (out[0], self.filters)
        elif self.data_format == "channels_last":
            bias_shape = out + (self.filters,)
        else:
            bias_shape = (self.filters,) + out
        self.bias = add_configured_weight(self, "bias", bias_shape) \
            if self.use_bias else None
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={args.channel_axis(self.data_format): channels})

    def call(self, inputs):
        first = self.data_format == "channels_first"
        if first:                                    # work channels_last: (N, *spatial, C)
            inputs = ops.transpose(inputs, (0,) + tuple(range(2, self.rank + 2)) + (1,))
        batch, channels = inputs.shape[0], inputs.shape[-1]
        patches = ops.extract_patches(inputs, self.kernel_size, self.strides,
                                      data_format="channels_last")   # (N, *out, K·C)
        out = patches.shape[1:-1]
        positions, k = int(np.prod(out)), int(np.prod(self.kernel_size))
        if first:                                    # rows ordered (channel, offsets...)
            patches = ops.reshape(patches, (batch, positions, k, channels))
            patches = ops.transpose(patches, (0, 1, 3, 2))
        patches = ops.reshape(patches, (batch, positions, k * channels))
        # One matrix product per position: (P, N, K·C) @ (P, K·C, filters) -> (P, N, filters)
        outputs = ops.matmul(ops.transpose(patches, (1, 0, 2)), self.kernel)
        outputs = ops.reshape(ops.transpose(outputs, (1, 0, 2)), (batch,) + out + (self.filters,))
        if self.bias is not None:
            bias = self.bias                         # (*out, filters) ...
            if first and self.rank == 2:             # ... or (filters, rows, cols)
                bias = ops.transpose(bias, (1, 2, 0))
            outputs = ops.add(outputs, bias)
        if first:
            outputs = ops.transpose(outputs, (0, self.rank + 1) + tuple(range(1, self.rank + 1)))
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        args.check_rank(self, input_shape, self.rank)
        return args.with_spatial(input_shape, self.output_spatial(input_shape), self.filters,
                                 self.data_format)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": serialize_keras_object(self.kernel_initializer),
            "bias_initializer": serialize_keras_object(self.bias_initializer),
            "kernel_regularizer": serialize_keras_object(self.kernel_regularizer),
            "bias_regularizer": serialize_keras_object(self.bias_regularizer),
            "activity_regularizer": serialize_keras_object(self.activity_regularizer),
            "kernel_constraint": serialize_keras_object(self.kernel_constraint),
            "bias_constraint": serialize_keras_object(self.bias_constraint),
            "implementation": self.implementation,
        }


class LocallyConnected1D(BaseLocallyConnected):
    """Unshared 1-D convolution: (batch, steps, C) -> (batch, new_steps, filters).

    ``LocallyConnected1D(64, 3, input_shape=(10, 32))`` outputs (None, 8, 64), with a kernel
    (8, 96, 64) and a bias (8, 64).
    """

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 implementation=1, **kwargs):
        super().__init__(1, filters, kernel_size, strides, padding, data_format, activation,
                         use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                         bias_regularizer, activity_regularizer, kernel_constraint,
                         bias_constraint, implementation, **kwargs)


class LocallyConnected2D(BaseLocallyConnected):
    """Unshared 2-D convolution: (batch, rows, cols, C) -> (batch, new_rows, new_cols, filters)."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 implementation=1, **kwargs):
        super().__init__(2, filters, kernel_size, strides, padding, data_format, activation,
                         use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                         bias_regularizer, activity_regularizer, kernel_constraint,
                         bias_constraint, implementation, **kwargs)
