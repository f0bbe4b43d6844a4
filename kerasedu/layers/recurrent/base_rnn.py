"""RNN: run a cell over the timesteps of a sequence.

A *cell* computes one timestep: ``output, new_states = cell.call(x_t, states)``. Any object
with that ``call`` and a ``state_size`` attribute (an int, or a list with one size per state)
is a cell; the Keras guide's example is

    class MinimalRNNCell(Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.state_size = units
        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
            self.recurrent_kernel = self.add_weight(shape=(self.units, self.units),
                                                    name="recurrent_kernel")
        def call(self, inputs, states):
            output = ops.matmul(inputs, self.kernel) + ops.matmul(states[0],
                                                                  self.recurrent_kernel)
            return output, [output]

    layer = RNN(MinimalRNNCell(32))          # (N, T, D) -> (N, 32)

``RNN.inner_loop`` runs over time calling the cell with backend ops, so the tape differentiates
the whole unrolled computation: a student's cell trains with no backward code. The built-in
layers (SimpleRNN, GRU, LSTM) override ``inner_loop`` to try a whole-sequence op first
(:mod:`kerasedu.backend.ops.recurrent`), as Keras 3's do; where no faster implementation is
registered, or it cannot run the cell's activations, they fall back on this loop. Both routes
compute the same values.

Shapes: inputs (N, T, ...) -> output (N, output_size), or (N, T, output_size) with
``return_sequences``; with ``return_state`` the final states follow: [output, *states].

Options, as in Keras:

* ``go_backwards`` reads the sequence from the end; outputs come in that reading order.
* ``mask`` (from Embedding(mask_zero=True), Masking, or passed explicitly), shape (N, T):
  on masked steps the states are carried over unchanged and the output repeats the previous
  output (zeros instead with ``zero_output_for_mask``).
* ``initial_state``: a list of tensors, passed as ``layer(x, initial_state=[h, c])``,
  ``layer(x, [h, c])`` or Keras 2's ``layer([x, h, c])``; symbolic tensors work too.
* ``stateful=True`` keeps the final states of each batch as the initial states of the next
  (``reset_states()`` zeroes them); the batch size comes from ``batch_input_shape`` /
  ``batch_size`` or from the first call.
* ``dropout`` / ``recurrent_dropout`` (on the built-in cells): masks drawn once per sequence.
* ``unroll`` is accepted for compatibility; the results are the same either way.
"""

import inspect

import numpy as np

from ...backend import ops
from ...backend.tensor import Variable
from ...layer_machinery import nest
from ...layer_machinery.layer import Layer
from ...layer_machinery.shapes import is_shape
from ...serialization import serialize_keras_object
from ..serialization import deserialize
from .dropout_masks import DropoutRNNCell

_RNN_CONFIG_KEYS = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll",
                    "zero_output_for_mask")


def cell_arguments(kwargs):
    """The layer arguments a built-in layer hands on to its cell (dtype and trainable)."""
    return {k: kwargs[k] for k in ("dtype", "trainable") if k in kwargs}


def _accepts(function, argument):
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
    return argument in parameters or any(p.kind == p.VAR_KEYWORD for p in parameters.values())


def _sequence_shape(input_shape):
    """The shape of the sequence input, from its shape or a list [sequence, *state shapes]."""
    if is_shape(input_shape):
        return tuple(input_shape)
    return tuple(input_shape[0])


class RNN(Layer):
    """Base class for recurrent layers: runs ``cell`` over the time axis (axis 1)."""

    cell_class = None     # the built-in layers set the class of their cell
    min_ndim = 3
    max_ndim = 3

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, zero_output_for_mask=False, **kwargs):
        if "input_dim" in kwargs and not {"input_shape", "batch_input_shape"} & set(kwargs):
            # Keras 2: LSTM(32, input_dim=8, input_length=10) means input_shape=(10, 8).
            kwargs["input_shape"] = (kwargs.pop("input_length", None), kwargs.pop("input_dim"))
        kwargs.pop("input_length", None)
        if isinstance(cell, (list, tuple)):
            from .stacked_cells import StackedRNNCells
            cell = StackedRNNCells(cell)
        if not callable(getattr(cell, "call", None)):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: "
                             f"cell={cell!r}")
        state_size = getattr(cell, "state_size", None)
        if state_size is None:
            raise ValueError(
                f"The RNN cell should have a `state_size` attribute (single integer or list "
                f"of integers, one integer per RNN state). Received: cell={cell!r}")
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.supports_masking = True
        self.states = None
        self._state_structure = None

    @property
    def state_size(self):
        """The cell's state sizes as a list (one entry per state)."""
        size = self.cell.state_size
        return list(size) if isinstance(size, (list, tuple)) else [size]

    # ------------------------------------------------------------------ calling

    def __call__(self, *args, **kwargs):
        """``layer(x)``; with initial states ``layer(x, initial_state=[...])``,
        ``layer(x, [...])`` or ``layer([x, ...])``.

        Initial states travel with the sequence as one list input, so that symbolic
        initial states become inputs of the layer's node in a functional model.
        """
        if not args and "inputs" not in kwargs:
            raise ValueError(f"Layer '{self.name}' was called without inputs.")
        inputs = args[0] if args else kwargs.pop("inputs")
        initial_state = kwargs.pop("initial_state", None)
        if kwargs.pop("constants", None) is not None:
            raise ValueError(
                f"Layer '{self.name}': `constants` are not supported. Concatenate the constant "
                f"to every timestep of the input instead.")
        if len(args) > 2:
            raise TypeError(f"Layer '{self.name}' takes the sequence and, optionally, the "
                            f"initial states; received {len(args)} positional arguments.")
        if len(args) == 2:
            if initial_state is not None:
                raise TypeError(f"Layer '{self.name}' received initial states both as a "
                                f"positional argument and as initial_state=.")
            initial_state = args[1]
        if isinstance(inputs, (list, tuple)):
            if initial_state is not None or not inputs:
                raise ValueError(
                    f"Layer '{self.name}' expects one sequence tensor; received a list of "
                    f"{len(inputs)} and initial_state={initial_state!r}.")
            if len(inputs) == 1:
                inputs = inputs[0]
            else:
                inputs, initial_state = inputs[0], list(inputs[1:])
        if initial_state is not None:
            states = nest.flatten(initial_state)
            inputs = [inputs, *states]
        return super().__call__(inputs, **kwargs)

    def _split_inputs(self, inputs):
        if isinstance(inputs, (list, tuple)):
            return inputs[0], list(inputs[1:])
        return inputs, None

    def _check_rank(self, shape):
        if not self.min_ndim <= len(shape) <= self.max_ndim:
            expected = (f"ndim={self.min_ndim}" if self.min_ndim == self.max_ndim
                        else f"min_ndim={self.min_ndim}")
            raise ValueError(
                f"Input 0 of layer '{self.name}' is incompatible with the layer: expected "
                f"{expected}, found ndim={len(shape)}. Full shape received: {tuple(shape)}. "
                f"Recurrent layers read (batch, timesteps, features) sequences: if the input "
                f"comes from another recurrent layer, give that layer return_sequences=True; "
                f"otherwise reshape the input, or add the timestep axis (e.g. with Reshape or "
                f"an Embedding).")

    # ------------------------------------------------------------------ building

    def build(self, input_shape):
        sequence_shape = _sequence_shape(input_shape)
        self._check_rank(sequence_shape)
        step_shape = (sequence_shape[0],) + tuple(sequence_shape[2:])
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell._maybe_build(step_shape)
        if self.stateful and self.states is None:
            batch = sequence_shape[0]
            if batch is None and self._batch_input_shape is not None:
                batch = self._batch_input_shape[0]
            if batch is not None:
                self._create_state_variables(batch)

    def get_initial_state(self, batch_size):
        """The states at the start of a sequence: zeros (or what the cell's own
        ``get_initial_state`` returns), one tensor per state."""
        make = getattr(self.cell, "get_initial_state", None)
        if make is not None:
            states = make(batch_size=batch_size)
            return list(states) if isinstance(states, (list, tuple)) else [states]
        return [ops.zeros((batch_size, size), dtype=self.dtype) for size in self.state_size]

    def _create_state_variables(self, batch_size):
        initial = self.get_initial_state(batch_size)
        self._state_structure = initial
        # The carried states are not weights (as in Keras 3): set without tracking.
        object.__setattr__(self, "states", [
            Variable(np.array(ops.convert_to_tensor(s).value), dtype=self.dtype,
                     trainable=False, name="rnn_state") for s in nest.flatten(initial)])

    def reset_states(self, states=None):
        """Stateful layers: set the carried states to zeros, or to ``states`` (a list)."""
        if not self.stateful:
            raise AttributeError(f"Layer '{self.name}' must be stateful (stateful=True) to "
                                 f"reset its states.")
        if self.states is None:
            return
        if states is None:
            for variable in self.states:
                variable.assign(np.zeros(variable.shape, dtype=variable.dtype))
            return
        values = states if isinstance(states, (list, tuple)) else [states]
        values = [np.asarray(getattr(v, "value", v)) for v in nest.flatten(values)]
        if len(values) != len(self.states):
            raise ValueError(f"Layer '{self.name}' expects {len(self.states)} states, but it "
                             f"received {len(values)} state values.")
        for variable, value in zip(self.states, values):
            if value.shape != tuple(variable.shape):
                raise ValueError(
                    f"State {variable.name} of layer '{self.name}' has shape "
                    f"{tuple(variable.shape)}; the value passed has shape {value.shape}.")
        for variable, value in zip(self.states, values):
            variable.assign(value)

    reset_state = reset_states

    # ------------------------------------------------------------------ shapes and masks

    def compute_output_shape(self, input_shape):
        sequence_shape = _sequence_shape(input_shape)
        batch, length = sequence_shape[0], sequence_shape[1]
        state_shapes = []
        for size in self.state_size:
            if isinstance(size, (list, tuple)):
                state_shapes.append([(batch, s) for s in size])
            else:
                state_shapes.append((batch, size))
        output_size = getattr(self.cell, "output_size", None)
        if output_size is None:
            output_size = self.state_size[0]
        if not isinstance(output_size, (int, np.integer)):
            raise ValueError(f"Layer '{self.name}': the cell's output_size must be an "
                             f"integer; received {output_size!r}.")
        output = (batch, length, output_size) if self.return_sequences else (batch, output_size)
        return [output, *state_shapes] if self.return_state else output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            states = nest.flatten(self._state_structure or self.state_size)
            return [output_mask] + [None] * len(states)
        return output_mask

    # ------------------------------------------------------------------ the computation

    def call(self, inputs, mask=None, training=None):
        sequences, initial_state = self._split_inputs(inputs)
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        self._check_rank(sequences.shape)
        batch = sequences.shape[0]
        states = self._starting_states(batch, initial_state)
        try:
            result = self.inner_loop(sequences, states, mask, training)
        finally:
            _reset_dropout_masks(self.cell)
        output, final_states = result
        if self.stateful:
            for variable, value in zip(self.states, nest.flatten(final_states)):
                variable.assign(value.value)
        if self.return_state:
            return [output, *final_states]
        return output

    def _starting_states(self, batch, initial_state):
        if initial_state is None:
            if self.stateful:
                if self.states is None:
                    self._create_state_variables(batch)
                expected = tuple(self.states[0].shape)[0]
                if expected != batch:
                    raise ValueError(
                        f"If an RNN is stateful, the batch size of the input sequences must be "
                        f"the same as the batch size of the initial state.\n- Expected batch "
                        f"size: {expected}\n- Received batch size: {batch}\n(layer "
                        f"'{self.name}'; call reset_states() does not change it: create the "
                        f"layer with the batch size you train with.)")
                flat = [ops.stop_gradient(v) for v in self.states]
                return nest.pack_like(self._state_structure, flat)
            return self.get_initial_state(batch)
        template = self.get_initial_state(batch)
        given = [ops.cast(s, self.dtype) if ops.convert_to_tensor(s).dtype != self.dtype
                 else ops.convert_to_tensor(s) for s in nest.flatten(initial_state)]
        if len(given) != len(nest.flatten(template)):
            raise ValueError(
                f"An initial_state was passed that is not compatible with `cell.state_size`: "
                f"layer '{self.name}' has {len(nest.flatten(template))} states, but "
                f"{len(given)} initial states were passed.")
        for state, expected in zip(given, nest.flatten(template)):
            if tuple(state.shape) != tuple(ops.convert_to_tensor(expected).shape):
                raise ValueError(
                    f"Layer '{self.name}': an initial state has shape {tuple(state.shape)}, "
                    f"but the cell's state has shape "
                    f"{tuple(ops.convert_to_tensor(expected).shape)}.")
        return nest.pack_like(template, given)

    def _call_cell(self, x_t, states, training):
        cell = self.cell
        if isinstance(cell, Layer):
            return cell(x_t, states, training=training)
        kwargs = {"training": training} if _accepts(cell.call, "training") else {}
        return cell.call(x_t, states, **kwargs)

    def inner_loop(self, sequences, states, mask, training=False):
        """(output, final states): the cell called at each timestep with backend ops."""
        steps = sequences.shape[1]
        order = range(steps - 1, -1, -1) if self.go_backwards else range(steps)
        keep = None if mask is None else np.asarray(getattr(mask, "value", mask)).astype(bool)
        outputs = []
        for t in order:
            output, new_states = self._call_cell(sequences[:, t], states, training)
            if not isinstance(new_states, (list, tuple)):
                new_states = [new_states]
            if keep is not None:
                row = keep[:, t]
                flat_old = nest.flatten(states)
                if self.zero_output_for_mask:
                    previous = ops.zeros_like(output)
                else:
                    previous = states[-1][0] if isinstance(states[0], (list, tuple)) \
                        else states[0]
                output = ops.where(_rows(row, output), output, previous)
                flat_new = [ops.where(_rows(row, new), new, old)
                            for new, old in zip(nest.flatten(new_states), flat_old)]
                new_states = nest.pack_like(new_states, flat_new)
            outputs.append(output)
            states = list(new_states)
        if self.return_sequences:
            return ops.stack(outputs, axis=1), states
        return outputs[-1], states

    # ------------------------------------------------------------------ configuration

    def _layer_config(self):
        """Keras' configuration of the built-in layers: the RNN options plus the cell's."""
        cell_config = self.cell.get_config()
        for key in ("name", "trainable", "dtype"):
            cell_config.pop(key, None)
        return {**Layer.get_config(self), **{k: getattr(self, k) for k in _RNN_CONFIG_KEYS},
                **cell_config,
                "activity_regularizer": serialize_keras_object(self.activity_regularizer)}

    def get_config(self):
        return {**super().get_config(), **{k: getattr(self, k) for k in _RNN_CONFIG_KEYS},
                "cell": serialize_keras_object(self.cell)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = config["dtype"].get("config", {}).get("name")
        if cls.cell_class is not None:
            return cls(**config)
        cell = config.pop("cell")
        if isinstance(cell, dict):
            cell = deserialize(cell, custom_objects=custom_objects)
        return cls(cell, **config)


def _rows(row_mask, like):
    """A (N,) bool mask shaped (N, 1, ...) to broadcast against ``like``."""
    return row_mask.reshape((-1,) + (1,) * (len(like.shape) - 1))


def _reset_dropout_masks(cell):
    if isinstance(cell, DropoutRNNCell):
        cell.reset_dropout_mask()
        cell.reset_recurrent_dropout_mask()
    for inner in getattr(cell, "cells", ()):
        _reset_dropout_masks(inner)

