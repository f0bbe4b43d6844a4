"""GRU: the gated recurrent unit (Cho et al., 2014), one state h.

With the input projection x_t · kernel + b_in and the recurrent projection h_{t-1} ·
recurrent_kernel (+ b_rec) each split into three blocks in Keras' order z, r, h:

    z  = recurrent_activation(x_z + h_z)       update gate: keep the old state or take the new
    r  = recurrent_activation(x_r + h_r)       reset gate: how much of h_{t-1} the candidate sees
    hh = activation(x_h + r · h_h)             reset_after=True  (Keras 3 default, CuDNN-style)
    hh = activation(x_h + (r · h_{t-1}) · U_h)  reset_after=False (the original paper)
    h_t = z · h_{t-1} + (1 − z) · hh

Shapes: kernel (D, 3·units), recurrent_kernel (units, 3·units); bias (2, 3·units) with
reset_after (row 0 for the input side, row 1 for the recurrent side), else (3·units,).
"""

from ...backend import ops
from .base_cell import RecurrentCell
from .base_rnn import RNN, cell_arguments
from .whole_sequence import run_whole_sequence


class GRUCell(RecurrentCell):
    """One GRU step: ``call(x_t, h_{t-1}) -> (h_t, h_t)`` (states as a list if given as one)."""

    gates = 3
    _config_keys = ("units", "activation", "recurrent_activation", "use_bias",
                    "kernel_initializer", "recurrent_initializer", "bias_initializer",
                    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                    "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
                    "recurrent_dropout", "reset_after", "seed")

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, reset_after=True,
                 seed=None, **kwargs):
        kwargs.pop("implementation", None)
        super().__init__(units, activation, recurrent_activation, use_bias, kernel_initializer,
                         recurrent_initializer, bias_initializer, kernel_regularizer,
                         recurrent_regularizer, bias_regularizer, kernel_constraint,
                         recurrent_constraint, bias_constraint, dropout, recurrent_dropout,
                         seed, **kwargs)
        self.reset_after = bool(reset_after)
        self.state_size = self.units

    def build(self, input_shape):
        self._add_kernels(self._check_input(input_shape))
        self._add_bias((2, 3 * self.units) if self.reset_after else (3 * self.units,))

    def call(self, inputs, states, training=False):
        nested = isinstance(states, (list, tuple))
        h_tm1 = states[0] if nested else states
        dp_mask, rec_dp_mask = self._masks(inputs, h_tm1, training)
        input_bias = recurrent_bias = None
        if self.bias is not None:
            if self.reset_after:
                input_bias, recurrent_bias = self.bias[0], self.bias[1]
            else:
                input_bias = self.bias
        x = self._project(inputs, self.kernel, dp_mask)
        if input_bias is not None:
            x = x + input_bias
        x_z, x_r, x_h = ops.split(x, 3, axis=-1)
        masks = rec_dp_mask if isinstance(rec_dp_mask, (list, tuple)) or rec_dp_mask is None \
            else [rec_dp_mask] * 3
        u = self.units
        if self.reset_after:
            rec = self._project(h_tm1, self.recurrent_kernel, masks, gates=3)
            if recurrent_bias is not None:
                rec = rec + recurrent_bias
            h_z, h_r, h_h = ops.split(rec, 3, axis=-1)
            z = self.recurrent_activation(x_z + h_z)
            r = self.recurrent_activation(x_r + h_r)
            hh = self.activation(x_h + r * h_h)
        else:
            rec = self._project(h_tm1, self.recurrent_kernel[:, :2 * u],
                                None if masks is None else masks[:2], gates=2)
            h_z, h_r = ops.split(rec, 2, axis=-1)
            z = self.recurrent_activation(x_z + h_z)
            r = self.recurrent_activation(x_r + h_r)
            h_candidate = h_tm1 if masks is None else h_tm1 * masks[2]
            hh = self.activation(x_h + ops.matmul(r * h_candidate,
                                                  self.recurrent_kernel[:, 2 * u:]))
        h = z * h_tm1 + (1 - z) * hh
        return h, ([h] if nested else h)


class GRU(RNN):
    """Gated recurrent unit layer."""

    cell_class = GRUCell

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, reset_after=True, **kwargs):
        kwargs.pop("implementation", None)
        kwargs.pop("use_cudnn", None)
        cell = GRUCell(
            units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, reset_after=reset_after,
            seed=seed, **cell_arguments(kwargs), name="gru_cell")
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)

    def inner_loop(self, sequences, states, mask, training=False):
        """The whole sequence in one op when one is available, else the cell step by step."""
        result = run_whole_sequence(self, ops.gru_sequence, sequences, states, mask, training,
                                    reset_after=self.cell.reset_after)
        if result is not None:
            return result
        return super().inner_loop(sequences, states, mask, training)

    def get_config(self):
        return self._layer_config()
