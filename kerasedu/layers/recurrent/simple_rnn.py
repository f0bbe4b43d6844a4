"""SimpleRNN: the plainest recurrence,

    h_t = activation(x_t · kernel + h_{t-1} · recurrent_kernel + bias)

Shapes: inputs (N, T, D) -> outputs (N, units), or (N, T, units) with return_sequences;
kernel (D, units), recurrent_kernel (units, units), bias (units,). The cell computes one step;
the layer runs it over the sequence (in one whole-sequence op when it can, see RNN).
"""

from ...backend import ops
from .base_cell import RecurrentCell
from .base_rnn import RNN, cell_arguments
from .whole_sequence import run_whole_sequence


class SimpleRNNCell(RecurrentCell):
    """One SimpleRNN step: ``call(x_t, [h_{t-1}]) -> (h_t, [h_t])``."""

    gates = 1
    _config_keys = ("units", "activation", "use_bias", "kernel_initializer",
                    "recurrent_initializer", "bias_initializer", "kernel_regularizer",
                    "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
                    "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
                    "seed")

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        super().__init__(units, activation, None, use_bias, kernel_initializer,
                         recurrent_initializer, bias_initializer, kernel_regularizer,
                         recurrent_regularizer, bias_regularizer, kernel_constraint,
                         recurrent_constraint, bias_constraint, dropout, recurrent_dropout,
                         seed, **kwargs)
        self.state_size = self.units

    def build(self, input_shape):
        self._add_kernels(self._check_input(input_shape))
        self._add_bias((self.units,))

    def call(self, sequence, states, training=False):
        prev_output = states[0] if isinstance(states, (list, tuple)) else states
        dp_mask, rec_dp_mask = self._masks(sequence, prev_output, training)
        h = self._project(sequence, self.kernel, dp_mask)
        if self.bias is not None:
            h = h + self.bias
        if rec_dp_mask is not None:
            prev_output = prev_output * rec_dp_mask
        output = self.activation(h + ops.matmul(prev_output, self.recurrent_kernel))
        new_state = [output] if isinstance(states, (list, tuple)) else output
        return output, new_state


class SimpleRNN(RNN):
    """Fully connected RNN whose output is fed back as the next step's state."""

    cell_class = SimpleRNNCell

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, seed=None, **kwargs):
        cell = SimpleRNNCell(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, **cell_arguments(kwargs),
            name="simple_rnn_cell")
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)

    def inner_loop(self, sequences, states, mask, training=False):
        """The whole sequence in one op when one is available, else the cell step by step."""
        result = run_whole_sequence(self, ops.simple_rnn_sequence, sequences, states, mask,
                                    training)
        if result is not None:
            return result
        return super().inner_loop(sequences, states, mask, training)

    def get_config(self):
        config = self._layer_config()
        config.pop("seed")
        return config
