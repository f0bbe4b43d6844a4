"""Simulated students of problem set 6 (recurrent layers, a cell of one's own, the loop over
time), in the format of classroom/students/ (``KINDS = {name: (edit, failing, why)}``).

Right answers written two more ways (one with ``state_size = [units]``), and one mistake at a
time: Bidirectional's concat not doubled, a GRU counted with one bias, use_bias ignored, a cell
whose kernel is stored transposed, a cell whose state never enters, a loop that ignores the
mask, and a loop that hands the work to layers.RNN.
"""

from .answers import answers, mistake

_SHAPES = ("test_recurrent_shapes", "test_bidirectional_shapes")
_COUNTS = ("test_param_counts", "test_param_counts_options")
_CELL = ("test_cell_weights", "test_cell_outputs", "test_cell_training")
_LOOP = ("test_loop", "test_loop_mask")
_ALL = _SHAPES + _COUNTS + _CELL + _LOOP

# Right, with lists of shapes built by a loop, a dictionary of gates, a cell whose state_size
# is [units] and whose call uses Tensor operators, and a loop that blends with a float mask.
_LISTS = {
    "shapes_impl": '''
def recurrent_output_shape(input_shape, layer, units, return_sequences=False,
                           return_state=False):
    batch, steps, _ = input_shape
    output = [batch, steps, units] if return_sequences else [batch, units]
    if not return_state:
        return output
    states = {"LSTM": 2}.get(layer, 1)
    return [output] + [[batch, units] for _ in range(states)]


def bidirectional_output_shape(input_shape, layer, units, return_sequences=False,
                               return_state=False, merge_mode="concat"):
    batch, steps, _ = input_shape
    width = 2 * units if merge_mode == "concat" else units
    output = [batch, steps, width] if return_sequences else [batch, width]
    outputs = [output] if merge_mode is not None else [output, output]
    if return_state:
        states = 2 if layer == "LSTM" else 1
        outputs += [[batch, units]] * (2 * states)
    return outputs if len(outputs) > 1 else outputs[0]
''',
    "params_impl": '''
GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


def recurrent_param_count(input_shape, layer, units, use_bias=True, reset_after=True):
    features = input_shape[2]
    weights = features * units + units * units
    if use_bias:
        weights += units * (2 if layer == "GRU" and reset_after else 1)
    return GATES[layer] * weights
''',
    "cell_impl": '''
class SimpleCell(Layer):
    """One SimpleRNN step: h_t = activation(x_t · kernel + h_{t-1} · recurrent_kernel + bias)."""

    def __init__(self, units, activation="tanh", **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.state_size = [units]

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel",
                                      initializer="glorot_uniform")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units),
                                                name="recurrent_kernel",
                                                initializer="orthogonal")
        self.bias = self.add_weight(shape=(self.units,), name="bias", initializer="zeros")

    def call(self, inputs, states):
        previous = states[0]
        h = self.activation(inputs @ self.kernel + previous @ self.recurrent_kernel + self.bias)
        return h, [h]
''',
    "loop_impl": '''
def rnn_loop(cell, sequences, mask=None, return_sequences=False):
    sizes = list(cell.state_size) if isinstance(cell.state_size, (list, tuple)) \\
        else [cell.state_size]
    batch = sequences.shape[0]
    states = [ops.zeros((batch, size)) for size in sizes]
    output = ops.zeros((batch, sizes[0]))
    outputs = []
    for t in range(sequences.shape[1]):
        step_output, step_states = cell(sequences[:, t], states)
        if mask is not None:
            keep = ops.cast(ops.expand_dims(mask[:, t], 1), "float32")
            step_output = keep * step_output + (1 - keep) * output
            step_states = [keep * new + (1 - keep) * old
                           for new, old in zip(step_states, states)]
        output, states = step_output, list(step_states)
        outputs.append(output)
    if return_sequences:
        return ops.stack(outputs, axis=1)
    return output
''',
}

# Right, shapes as tuples built from the unidirectional one, and a loop that reads the whole
# mask once.
_TUPLES = {
    "shapes_impl": '''
def recurrent_output_shape(input_shape, layer, units, return_sequences=False,
                           return_state=False):
    batch, steps = input_shape[:2]
    output = (batch, steps, units) if return_sequences else (batch, units)
    if return_state:
        return [output, *[(batch, units)] * (2 if layer == "LSTM" else 1)]
    return output


def bidirectional_output_shape(input_shape, layer, units, return_sequences=False,
                               return_state=False, merge_mode="concat"):
    one = recurrent_output_shape(input_shape, layer, units, return_sequences, return_state)
    output, states = (one[0], one[1:]) if return_state else (one, [])
    if merge_mode == "concat":
        output = (*output[:-1], output[-1] * 2)
    if merge_mode is None:
        return [output, output, *states, *states]
    return [output, *states, *states] if return_state else output
''',
    "loop_impl": '''
def rnn_loop(cell, sequences, mask=None, return_sequences=False):
    size = cell.state_size
    sizes = size if isinstance(size, (list, tuple)) else [size]
    n, steps = sequences.shape[0], sequences.shape[1]
    states = [ops.zeros((n, s)) for s in sizes]
    last = ops.zeros((n, sizes[0]))
    every = []
    for t in range(steps):
        out, new_states = cell(sequences[:, t], states)
        if mask is not None:
            real = ops.expand_dims(mask[:, t], axis=-1)
            out = ops.where(real, out, last)
            new_states = [ops.where(real, a, b) for a, b in zip(new_states, states)]
        last, states = out, list(new_states)
        every.append(out)
    return ops.stack(every, axis=1) if return_sequences else last
''',
}

KINDS = {
    "full": (answers({}), (), "every answer right, as in the solution"),
    "full_state_size_list": (answers(_LISTS), (),
                             "right, with state_size = [units], shapes as lists, Tensor "
                             "operators in the cell and a loop that blends with a float mask"),
    "full_tuples": (answers(_TUPLES), (),
                    "right, Bidirectional's shapes derived from the one-way ones, a loop that "
                    "names things its own way"),
    "blank": (lambda code: {}, _ALL, "the released notebook as it is"),
    "concat_not_doubled": (mistake("shapes_impl", (
        "output = output[:-1] + (2 * units,)", "output = output[:-1] + (units,)")),
        ("test_bidirectional_shapes",), "Bidirectional's concat keeps units features"),
    "gru_one_bias": (mistake("params_impl", ('elif layer == "GRU" and reset_after:',
                                             'elif layer == "GRU" and False:')),
                     _COUNTS, "a GRU counted with one bias row, even with reset_after=True, the "
                              "default"),
    "use_bias_ignored": (mistake("params_impl", ("    if not use_bias:\n        biases = 0\n"
                                                 "    elif", "    if")),
                         ("test_param_counts_options",), "use_bias=False still counts biases"),
    "cell_transposed_kernel": (mistake("cell_impl", (
        "shape=(input_shape[-1], self.units),", "shape=(self.units, input_shape[-1]),"), (
        "ops.matmul(inputs, self.kernel)", "ops.matmul(inputs, ops.transpose(self.kernel))")),
        ("test_cell_weights",), "the cell's kernel stored as (units, features), used "
                                "transposed: the layout is wrong, the arithmetic right"),
    "cell_ignores_state": (mistake("cell_impl", (
        "\n                            + ops.matmul(states[0], self.recurrent_kernel)", "")),
        ("test_cell_outputs",),
        "the cell never uses the previous state: each output sees one step (its gradients "
        "are right for what it computes, so training is not charged again)"),
    "loop_ignores_mask": (mistake("loop_impl", ("        if mask is not None:\n",
                                                "        if False:\n")),
                          ("test_loop_mask",), "the loop runs every step, padding included"),
    "loop_calls_rnn": (answers({"loop_impl": '''
def rnn_loop(cell, sequences, mask=None, return_sequences=False):
    return layers.RNN(cell, return_sequences=return_sequences)(sequences, mask=mask)
'''}), _LOOP, "hands the loop to layers.RNN, which the problem asks to write"),
    "stderr_debug": (mistake("cell_impl", (
        "        h = self.activation(",
        "        import sys\n        print('debug: step', inputs.shape, file=sys.stderr)\n"
        "        h = self.activation(")),
        (), "right, with a debug print to stderr left in the cell's call"),
}
