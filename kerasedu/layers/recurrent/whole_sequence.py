"""What the built-in recurrent layers hand to a whole-sequence op (``ops.lstm_sequence``, ...).

Each of SimpleRNN, GRU and LSTM overrides ``RNN.inner_loop``: it first asks for its whole
sequence in one op, and takes the generic step-by-step loop when the op raises
``NotImplementedError`` (no faster implementation registered, or one that cannot run these
activations). Only the layer's own cell class qualifies (a subclass may change ``call``), and
only activations known by identity, passed to the op by name.
"""

from ... import activations
from ...backend import ops
from .dropout_masks import stacked_masks

_BY_NAME = {"tanh": (activations.tanh, ops.tanh), "sigmoid": (activations.sigmoid, ops.sigmoid),
            "relu": (activations.relu, ops.relu), "linear": (activations.linear, ops.linear),
            "hard_sigmoid": (activations.hard_sigmoid, ops.hard_sigmoid)}


def activation_name(function):
    """The name a whole-sequence op knows ``function`` by, or None."""
    for name, known in _BY_NAME.items():
        if any(function is k for k in known):
            return name
    return None


def sequence_arguments(layer, sequences, states, mask, training):
    """Keyword arguments of the whole-sequence op for ``layer``'s cell, or None when the cell
    is not the layer's own class or uses an activation the ops do not know."""
    cell = layer.cell
    if type(cell) is not layer.cell_class:
        return None
    activation = activation_name(cell.activation)
    if activation is None:
        return None
    arguments = dict(mask=mask, go_backwards=layer.go_backwards,
                     return_sequences=layer.return_sequences,
                     zero_output_for_mask=layer.zero_output_for_mask, activation=activation)
    if cell.recurrent_activation is not None:
        arguments["recurrent_activation"] = activation_name(cell.recurrent_activation)
        if arguments["recurrent_activation"] is None:
            return None
    dp_mask = rec_dp_mask = None
    if training and (cell.dropout or cell.recurrent_dropout):
        dp_mask, rec_dp_mask = cell._masks(sequences[:, 0], states[0], training)
    arguments.update(dropout_mask=stacked_masks(dp_mask),
                     recurrent_dropout_mask=stacked_masks(rec_dp_mask))
    return arguments


def run_whole_sequence(layer, sequence_op, sequences, states, mask, training, **options):
    """``(output, new_states)`` from ``sequence_op`` run over the whole sequence, or None when
    ``layer`` does not qualify or the op raises ``NotImplementedError`` (then the caller takes
    the step-by-step loop). ``options`` are passed to the op as they are (GRU's
    ``reset_after``)."""
    arguments = sequence_arguments(layer, sequences, states, mask, training)
    if arguments is None:
        return None
    cell = layer.cell
    try:
        output, *new_states = sequence_op(
            sequences, cell.kernel, cell.recurrent_kernel, cell.bias, *states,
            **arguments, **options)
    except NotImplementedError:
        return None
    return output, new_states
