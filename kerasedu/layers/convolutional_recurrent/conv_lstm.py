"""ConvLSTM1D/2D/3D: an LSTM whose matrix products are convolutions (Shi et al., 2015).

The states h and c are feature maps instead of vectors, so the layer keeps the spatial layout
of a sequence of images (a video, a radar sweep). With * for convolution:

    a = x_t * kernel + h_{t-1} * recurrent_kernel + bias        (4·filters channels: i, f, c, o)
    i, f, o = recurrent_activation(a_i, a_f, a_o);  g = activation(a_c)
    c_t = f · c_{t-1} + i · g;                      h_t = o · activation(c_t)

The input convolution uses the layer's strides, padding and dilation; the recurrent one keeps
the state's size (stride 1, padding "same"). Shapes (channels_last, 2-D): inputs
(N, T, rows, cols, C) -> (N, out_rows, out_cols, filters), or (N, T, out_rows, out_cols,
filters) with return_sequences; kernel (kh, kw, C, 4·filters), recurrent_kernel
(kh, kw, filters, 4·filters), bias (4·filters,).
"""

import numpy as np

from ... import initializers
from ...backend import config, ops
from ...backend.ops import geometry
from ...backend.ops.conv import standardize_padding
from ..recurrent.base_cell import RecurrentCell
from ..validation import int_tuple
from ..recurrent.base_rnn import RNN, cell_arguments


class ConvLSTMCell(RecurrentCell):
    """One ConvLSTM step on (N, *spatial, C) inputs (channels_last) or (N, C, *spatial)."""

    gates = 4
    _config_keys = ("filters", "kernel_size", "strides", "padding", "data_format",
                    "dilation_rate", "activation", "recurrent_activation", "use_bias",
                    "kernel_initializer", "recurrent_initializer", "bias_initializer",
                    "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer",
                    "bias_regularizer", "kernel_constraint", "recurrent_constraint",
                    "bias_constraint", "dropout", "recurrent_dropout", "seed")

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        super().__init__(filters, activation, recurrent_activation, use_bias,
                         kernel_initializer, recurrent_initializer, bias_initializer,
                         kernel_regularizer, recurrent_regularizer, bias_regularizer,
                         kernel_constraint, recurrent_constraint, bias_constraint, dropout,
                         recurrent_dropout, seed, **kwargs)
        self.rank = rank
        self.filters = self.units
        self.kernel_size = int_tuple(kernel_size, rank, "kernel_size", layer=self)
        self.strides = int_tuple(strides, rank, "strides", layer=self)
        self.padding = standardize_padding(padding)
        self.data_format = config.standardize_data_format(data_format)
        self.dilation_rate = int_tuple(dilation_rate, rank, "dilation_rate", layer=self)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"Layer '{self.name}': specifying `strides > 1` is not compatible with "
                f"`dilation_rate > 1`. Please provide `strides=1` or `dilation_rate=1`. "
                f"Received: strides={self.strides} and dilation_rate={self.dilation_rate}")
        self.unit_forget_bias = bool(unit_forget_bias)
        self.dropout_mask_count = 4
        self.state_size = [self.filters, self.filters]
        self.spatial_dims = None

    def _channel_axis(self):
        return -1 if self.data_format == "channels_last" else 1

    def build(self, input_shape):
        input_shape = tuple(input_shape)
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"Layer '{self.name}' expects steps of rank {self.rank + 2} (batch, "
                f"{self.rank} spatial axes, channels); received input_shape={input_shape}.")
        if self.data_format == "channels_last":
            spatial, channels = input_shape[1:-1], input_shape[-1]
        else:
            spatial, channels = input_shape[2:], input_shape[1]
        if None in spatial:
            raise ValueError(
                f"ConvLSTM layers only support static input shapes for the spatial "
                f"dimension. Received invalid input shape: input_shape={input_shape} "
                f"(layer '{self.name}').")
        if channels is None:
            raise ValueError(
                f"The channel dimension of the inputs should be defined. Found None. Full "
                f"input shape received: input_shape={input_shape} (layer '{self.name}').")
        self.spatial_dims = tuple(spatial)
        self.input_dim = channels
        self.kernel = self.add_weight(
            shape=self.kernel_size + (channels, 4 * self.filters),
            initializer=self.kernel_initializer, name="kernel",
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=self.kernel_size + (self.filters, 4 * self.filters),
            initializer=self.recurrent_initializer, name="recurrent_kernel",
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint)
        initializer = None
        if self.use_bias and self.unit_forget_bias:
            base, filters = self.bias_initializer, self.filters

            def initializer(shape, dtype=None):
                return np.concatenate([base((filters,), dtype=dtype),
                                       initializers.get("ones")((filters,), dtype=dtype),
                                       base((2 * filters,), dtype=dtype)])
        self._add_bias((4 * self.filters,), initializer)

    def _state_spatial(self):
        return tuple(geometry.named_output_length(n, k, s, d, self.padding)
                     for n, k, s, d in zip(self.spatial_dims, self.kernel_size, self.strides,
                                           self.dilation_rate))

    def _with_channels(self, batch, spatial, channels):
        if self.data_format == "channels_last":
            return (batch, *spatial, channels)
        return (batch, channels, *spatial)

    def get_initial_state(self, batch_size=None):
        shape = self._with_channels(batch_size, self._state_spatial(), self.filters)
        return [ops.zeros(shape, dtype=self.dtype), ops.zeros(shape, dtype=self.dtype)]

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        spatial = input_shape[1:-1] if self.data_format == "channels_last" else input_shape[2:]
        out = tuple(None if n is None else
                    geometry.named_output_length(n, k, s, d, self.padding)
                    for n, k, s, d in zip(spatial, self.kernel_size, self.strides,
                                          self.dilation_rate))
        return self._with_channels(input_shape[0], out, self.filters)

    def _convolve(self, x, kernel, masks, strides, padding, dilation):
        axis = self._channel_axis()
        if masks is None:
            return ops.conv(x, kernel, strides=strides, padding=padding,
                            data_format=self.data_format, dilation_rate=dilation)
        blocks = ops.split(kernel, 4, axis=-1)
        return ops.concatenate(
            [ops.conv(x * m, k, strides=strides, padding=padding, data_format=self.data_format,
                      dilation_rate=dilation) for m, k in zip(masks, blocks)], axis=axis)

    def call(self, inputs, states, training=False):
        h_tm1, c_tm1 = states[0], states[1]
        dp_mask, rec_dp_mask = self._masks(inputs, h_tm1, training)
        z = (self._convolve(inputs, self.kernel, dp_mask, self.strides, self.padding,
                            self.dilation_rate)
             + self._convolve(h_tm1, self.recurrent_kernel, rec_dp_mask, 1, "same", 1))
        if self.bias is not None:
            shape = ((1,) * (self.rank + 1) + (4 * self.filters,)
                     if self.data_format == "channels_last"
                     else (1, 4 * self.filters) + (1,) * self.rank)
            z = z + ops.reshape(self.bias, shape)
        a_i, a_f, a_c, a_o = ops.split(z, 4, axis=self._channel_axis())
        i = self.recurrent_activation(a_i)
        f = self.recurrent_activation(a_f)
        c = f * c_tm1 + i * self.activation(a_c)
        o = self.recurrent_activation(a_o)
        h = o * self.activation(c)
        return h, [h, c]

    def _config_values(self):
        values = super()._config_values()
        values.update(filters=self.filters, kernel_size=self.kernel_size, strides=self.strides,
                      padding=self.padding, data_format=self.data_format,
                      dilation_rate=self.dilation_rate, unit_forget_bias=self.unit_forget_bias)
        return values


class ConvLSTM(RNN):
    """Shared code of ConvLSTM1D/2D/3D (``rank`` spatial axes)."""

    cell_class = ConvLSTMCell
    rank = None

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, **kwargs):
        # Keras's base class takes the number of spatial axes as `rank=`; the subclasses fix it.
        object.__setattr__(self, "rank", kwargs.pop("rank", self.rank))
        if self.rank not in (1, 2, 3):
            raise ValueError(
                f"ConvLSTM needs rank=1, 2 or 3 (the number of spatial axes), received "
                f"rank={self.rank!r}. Use ConvLSTM1D, ConvLSTM2D or ConvLSTM3D.")
        cell = ConvLSTMCell(
            self.rank, filters, kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation,
            recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, seed=seed,
            **cell_arguments(kwargs), name="conv_lstm_cell")
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.min_ndim = self.max_ndim = self.rank + 3

    def compute_output_shape(self, input_shape):
        shape = tuple(input_shape[0]) if isinstance(input_shape, list) else tuple(input_shape)
        batch, steps = shape[0], shape[1]
        state = self.cell.compute_output_shape((batch,) + shape[2:])
        output = (batch, steps) + state[1:] if self.return_sequences else state
        return [output, state, state] if self.return_state else output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        return [output_mask, None, None] if self.return_state else output_mask

    def get_config(self):
        return self._layer_config()


class ConvLSTM1D(ConvLSTM):
    """ConvLSTM over sequences of 1-D signals: (N, T, steps, C)."""
    rank = 1


class ConvLSTM2D(ConvLSTM):
    """ConvLSTM over sequences of images: (N, T, rows, cols, C)."""
    rank = 2


class ConvLSTM3D(ConvLSTM):
    """ConvLSTM over sequences of volumes: (N, T, d1, d2, d3, C)."""
    rank = 3
