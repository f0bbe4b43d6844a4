"""LSTM: long short-term memory (Hochreiter and Schmidhuber, 1997).

Two states, h (the output) and c (the cell, or carry). With a = x_t · kernel + h_{t-1} ·
recurrent_kernel + bias split into four blocks in Keras' gate order i, f, c, o:

    i = recurrent_activation(a_i)      input gate: how much new content to write
    f = recurrent_activation(a_f)      forget gate: how much of c_{t-1} to keep
    g = activation(a_c)                the candidate content
    o = recurrent_activation(a_o)      output gate
    c_t = f · c_{t-1} + i · g
    h_t = o · activation(c_t)

Shapes: inputs (N, T, D) -> (N, units) or (N, T, units); kernel (D, 4·units), recurrent_kernel
(units, 4·units), bias (4·units,). ``unit_forget_bias=True`` starts the forget-gate bias at 1,
so that a fresh LSTM remembers by default (Jozefowicz et al., 2015).
"""

import numpy as np

from ... import initializers
from ...backend import ops
from .base_cell import RecurrentCell
from .base_rnn import RNN, cell_arguments
from .whole_sequence import run_whole_sequence


class LSTMCell(RecurrentCell):
    """One LSTM step: ``call(x_t, [h_{t-1}, c_{t-1}]) -> (h_t, [h_t, c_t])``."""

    gates = 4
    _config_keys = ("units", "activation", "recurrent_activation", "use_bias",
                    "unit_forget_bias", "kernel_initializer", "recurrent_initializer",
                    "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
                    "bias_regularizer", "kernel_constraint", "recurrent_constraint",
                    "bias_constraint", "dropout", "recurrent_dropout", "seed")

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, **kwargs):
        kwargs.pop("implementation", None)
        super().__init__(units, activation, recurrent_activation, use_bias, kernel_initializer,
                         recurrent_initializer, bias_initializer, kernel_regularizer,
                         recurrent_regularizer, bias_regularizer, kernel_constraint,
                         recurrent_constraint, bias_constraint, dropout, recurrent_dropout,
                         seed, **kwargs)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = [self.units, self.units]

    def build(self, input_shape):
        self._add_kernels(self._check_input(input_shape))
        initializer = None
        if self.use_bias and self.unit_forget_bias:
            base, units = self.bias_initializer, self.units

            def initializer(shape, dtype=None):
                return np.concatenate([base((units,), dtype=dtype),
                                       initializers.get("ones")((units,), dtype=dtype),
                                       base((2 * units,), dtype=dtype)])
        self._add_bias((4 * self.units,), initializer)

    def call(self, inputs, states, training=False):
        h_tm1, c_tm1 = states[0], states[1]
        dp_mask, rec_dp_mask = self._masks(inputs, h_tm1, training)
        z = (self._project(inputs, self.kernel, dp_mask)
             + self._project(h_tm1, self.recurrent_kernel, rec_dp_mask))
        if self.bias is not None:
            z = z + self.bias
        a_i, a_f, a_c, a_o = ops.split(z, 4, axis=-1)
        i = self.recurrent_activation(a_i)
        f = self.recurrent_activation(a_f)
        c = f * c_tm1 + i * self.activation(a_c)
        o = self.recurrent_activation(a_o)
        h = o * self.activation(c)
        return h, [h, c]


class LSTM(RNN):
    """Long short-term memory layer; returns h (and [h, c] as states with return_state)."""

    cell_class = LSTMCell

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, unroll=False,
                 **kwargs):
        kwargs.pop("implementation", None)
        kwargs.pop("use_cudnn", None)
        cell = LSTMCell(
            units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, **cell_arguments(kwargs),
            name="lstm_cell")
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)

    def inner_loop(self, sequences, states, mask, training=False):
        """The whole sequence in one op when one is available, else the cell step by step."""
        result = run_whole_sequence(self, ops.lstm_sequence, sequences, states, mask, training)
        if result is not None:
            return result
        return super().inner_loop(sequences, states, mask, training)

    def get_config(self):
        return self._layer_config()
