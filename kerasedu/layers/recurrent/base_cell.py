"""What SimpleRNNCell, GRUCell and LSTMCell share: their arguments, weights and configuration.

A cell computes one timestep: ``call(inputs, states) -> (output, new_states)`` with inputs
(N, D) and states a list of (N, units) tensors. The RNN layer runs it over the sequence.

Every built-in cell has G gates side by side in its weights (SimpleRNN 1, GRU 3, LSTM 4):
kernel (D, G·units), recurrent_kernel (units, G·units), bias (G·units,) (GRU with
reset_after: (2, 3·units), one row for the input side, one for the recurrent side).
"""

from ... import activations, constraints, initializers, regularizers
from ...backend import ops
from ...backend.ops.random import SeedGenerator
from ...layer_machinery.layer import Layer
from ...serialization import serialize_keras_object
from ..validation import positive_int, rate
from .dropout_masks import DropoutRNNCell


class RecurrentCell(Layer, DropoutRNNCell):
    """Base class of the built-in cells (not used on its own)."""

    gates = 1
    _config_keys = ()

    def __init__(self, units, activation="tanh", recurrent_activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.units = positive_int(units, "units")
        self.activation = activations.get(activation)
        self.recurrent_activation = (None if recurrent_activation is None
                                     else activations.get(recurrent_activation))
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = rate(dropout, "dropout", self)
        self.recurrent_dropout = rate(recurrent_dropout, "recurrent_dropout", self)
        self.seed = seed
        self.seed_generator = SeedGenerator(seed)
        # With recurrent dropout Keras switches to one matrix product per gate, each gate with
        # its own masks (its "implementation 1"); otherwise one mask serves every gate.
        self.dropout_mask_count = self.gates if (self.recurrent_dropout and self.gates > 1) \
            else None

    @property
    def output_size(self):
        return self.units

    def _check_input(self, input_shape):
        if len(input_shape) < 2 or input_shape[-1] is None:
            raise ValueError(
                f"Layer '{self.name}' needs inputs of shape (batch, features) with a known "
                f"number of features; received input_shape={tuple(input_shape)}. An RNN passes "
                f"each timestep of a (batch, timesteps, features) input to its cell.")
        return input_shape[-1]

    def _add_kernels(self, input_dim):
        self.kernel = self.add_weight(
            shape=(input_dim, self.gates * self.units), initializer=self.kernel_initializer,
            name="kernel", regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.gates * self.units),
            initializer=self.recurrent_initializer, name="recurrent_kernel",
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint)

    def _add_bias(self, shape, initializer=None):
        self.bias = self.add_weight(
            shape=shape, initializer=initializer or self.bias_initializer, name="bias",
            regularizer=self.bias_regularizer, constraint=self.bias_constraint,
        ) if self.use_bias else None

    def _masks(self, inputs, h_tm1, training):
        """(input masks, state masks) for this step: None, a tensor, or one tensor per gate."""
        use = bool(training)
        dp = self.get_dropout_mask(inputs) if use and 0 < self.dropout < 1 else None
        rdp = (self.get_recurrent_dropout_mask(h_tm1)
               if use and 0 < self.recurrent_dropout < 1 else None)
        return dp, rdp

    def _project(self, x, weight, masks, gates=None):
        """x · weight, where gate g's block of columns sees x · masks[g] when masks are given."""
        if masks is None:
            return ops.matmul(x, weight)
        if not isinstance(masks, (list, tuple)):
            return ops.matmul(x * masks, weight)
        gates = gates or len(masks)
        blocks = ops.split(weight, gates, axis=-1)
        return ops.concatenate([ops.matmul(x * m, w) for m, w in zip(masks, blocks)], axis=-1)

    def get_initial_state(self, batch_size=None):
        """Zeros, one (batch_size, units) tensor per state."""
        sizes = self.state_size if isinstance(self.state_size, (list, tuple)) \
            else [self.state_size]
        return [ops.zeros((batch_size, size), dtype=self.dtype) for size in sizes]

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.units)

    def _config_values(self):
        """Every value a cell's configuration may hold (each cell lists the keys it uses)."""
        values = {
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": (None if self.recurrent_activation is None
                                     else activations.serialize(self.recurrent_activation)),
            "use_bias": self.use_bias,
            "kernel_initializer": serialize_keras_object(self.kernel_initializer),
            "recurrent_initializer": serialize_keras_object(self.recurrent_initializer),
            "bias_initializer": serialize_keras_object(self.bias_initializer),
            "kernel_regularizer": serialize_keras_object(self.kernel_regularizer),
            "recurrent_regularizer": serialize_keras_object(self.recurrent_regularizer),
            "bias_regularizer": serialize_keras_object(self.bias_regularizer),
            "kernel_constraint": serialize_keras_object(self.kernel_constraint),
            "recurrent_constraint": serialize_keras_object(self.recurrent_constraint),
            "bias_constraint": serialize_keras_object(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }
        extra = {k: getattr(self, k) for k in ("unit_forget_bias", "reset_after")
                 if hasattr(self, k)}
        values.update(extra)
        return values

    def get_config(self):
        values = self._config_values()
        return {**super().get_config(), **{k: values[k] for k in self._config_keys}}
