"""kerasedu.grading sequence checks (problem set 6): right shapes, counts, cells and loops pass;
each mistake fails with a message that says what to fix."""

import pytest
from grading_helpers import assert_fails_teaching, raises_teaching

from kerasedu import activations, layers, ops
from kerasedu.layers import Layer


# ---------------------------------------------------------------------- shapes and counts

def recurrent_shape(input_shape, layer, units, return_sequences=False, return_state=False):
    batch, steps = input_shape[0], input_shape[1]
    output = (batch, steps, units) if return_sequences else (batch, units)
    if not return_state:
        return output
    return [output] + [(batch, units)] * (2 if layer == "LSTM" else 1)


def bidirectional_shape(input_shape, layer, units, return_sequences=False, return_state=False,
                        merge_mode="concat"):
    shapes = recurrent_shape(input_shape, layer, units, return_sequences, return_state)
    output, states = (shapes[0], shapes[1:]) if return_state else (shapes, [])
    if merge_mode == "concat":
        output = output[:-1] + (2 * units,)
    outputs = [output, output] if merge_mode is None else [output]
    if not return_state and merge_mode is not None:
        return output
    return outputs + states + states


def param_count(input_shape, layer, units, use_bias=True, reset_after=True):
    gates = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}[layer]
    biases = (2 if layer == "GRU" and reset_after else 1) if use_bias else 0
    return gates * units * (input_shape[-1] + units + biases)


def one_state_for_all(input_shape, layer, units, return_sequences=False, return_state=False):
    shapes = recurrent_shape(input_shape, layer, units, return_sequences, return_state)
    return shapes[:2] if return_state else shapes


def state_as_tuple(input_shape, layer, units, return_sequences=False, return_state=False):
    return recurrent_shape(input_shape, layer, units, return_sequences, False)


def concat_not_doubled(input_shape, layer, units, return_sequences=False, return_state=False,
                       merge_mode="concat"):
    return recurrent_shape(input_shape, layer, units, return_sequences, return_state)


def one_gru_bias(input_shape, layer, units, use_bias=True, reset_after=True):
    return param_count(input_shape, layer, units, use_bias, reset_after=False)


def float_count(input_shape, layer, units, use_bias=True, reset_after=True):
    return float(param_count(input_shape, layer, units, use_bias, reset_after))


# ---------------------------------------------------------------------- cells

class Cell(Layer):
    def __init__(self, units, activation="tanh", **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], self.units))
        self.recurrent_kernel = self.add_weight(name="recurrent_kernel",
                                                shape=(self.units, self.units),
                                                initializer="orthogonal")
        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros")

    def call(self, inputs, states):
        h = self.activation(ops.matmul(inputs, self.kernel)
                            + ops.matmul(states[0], self.recurrent_kernel) + self.bias)
        return h, [h]


class NoStateSize(Cell):
    def __init__(self, units, **kwargs):
        super().__init__(units, **kwargs)
        del self.state_size


class MisnamedWeight(Cell):
    def build(self, input_shape):
        super().build(input_shape)
        self.recurrent_kernel.name = "U"


class NoBias(Cell):
    def call(self, inputs, states):
        h = self.activation(ops.matmul(inputs, self.kernel)
                            + ops.matmul(states[0], self.recurrent_kernel))
        return h, [h]


class Forgetful(Cell):
    def call(self, inputs, states):
        h = self.activation(ops.matmul(inputs, self.kernel) + self.bias)
        return h, [h]


class AlwaysTanh(Cell):
    def call(self, inputs, states):
        h = ops.tanh(ops.matmul(inputs, self.kernel)
                     + ops.matmul(states[0], self.recurrent_kernel) + self.bias)
        return h, [h]


class NumpyCell(Cell):
    def call(self, inputs, states):
        h, _ = super().call(inputs, states)
        return h, [ops.convert_to_tensor(h.numpy())]


class DetachedCell(Cell):
    def call(self, inputs, states):
        h, _ = super().call(inputs, states)
        h = ops.convert_to_tensor(h.numpy())
        return h, [h]


class OutputOnly(Cell):
    def call(self, inputs, states):
        h, _ = super().call(inputs, states)
        return h


class Borrowed(layers.SimpleRNNCell):
    pass


# ---------------------------------------------------------------------- loops

def state_sizes(cell):
    return list(cell.state_size) if isinstance(cell.state_size, (list, tuple)) \
        else [cell.state_size]


def rnn_loop(cell, sequences, mask=None, return_sequences=False, carry=True, as_numpy=False):
    sizes = state_sizes(cell)
    batch = sequences.shape[0]
    states = [ops.zeros((batch, size)) for size in sizes]
    output, outputs = ops.zeros((batch, sizes[0])), []
    for t in range(sequences.shape[1]):
        new_output, new_states = cell(sequences[:, t], states)
        if mask is not None:
            keep = ops.expand_dims(mask[:, t], -1)
            previous = output if carry else ops.zeros_like(output)
            new_output = ops.where(keep, new_output, previous)
            new_states = [ops.where(keep, new, old) for new, old in zip(new_states, states)]
        output, states = new_output, list(new_states)
        outputs.append(output)
    result = ops.stack(outputs, axis=1) if return_sequences else output
    return result.numpy() if as_numpy else result


def ignores_mask(cell, sequences, mask=None, return_sequences=False):
    return rnn_loop(cell, sequences, None, return_sequences)


def zeros_on_masked_steps(cell, sequences, mask=None, return_sequences=False):
    return rnn_loop(cell, sequences, mask, return_sequences, carry=False)


def numpy_loop(cell, sequences, mask=None, return_sequences=False):
    return rnn_loop(cell, sequences, mask, return_sequences, as_numpy=True)


# ---------------------------------------------------------------------- tests

def test_right_answers_pass(grading):
    grading.check_recurrent_shapes(recurrent_shape, seed=1, count=100)
    grading.check_recurrent_shapes(bidirectional_shape, bidirectional=True, seed=2, count=100)
    grading.check_recurrent_param_counts(param_count, seed=3, count=100)
    grading.check_cell_weights(Cell, (None, 5, 3), 4)
    for return_sequences in (False, True):
        grading.check_cell_outputs(Cell, (None, 5, 3), 4, return_sequences=return_sequences)
    grading.check_cell_outputs(Cell, (2, None, 6), 3, kwargs={"activation": "relu"}, seed=3)
    grading.check_cell_training(Cell, (None, 5, 3), 4)
    for layer in ("SimpleRNN", "LSTM", "GRU"):
        for padding in ("post", "pre", None):
            grading.check_rnn_loop(rnn_loop, layer, 3, padding=padding, return_sequences=True)
            grading.check_rnn_loop(rnn_loop, layer, 2, padding=padding, seed=1)


def test_random_cases_cover_every_option(grading):
    """The hidden random cases of problem set 6 (seed 2, 300 cases) try every combination."""
    cases = grading.recurrent_checks.random_recurrent_cases(seed=2, count=300, bidirectional=True)
    seen = {(a["layer"], a["return_sequences"], a["return_state"], a["merge_mode"])
            for _, a in cases}
    assert len(seen) == 3 * 2 * 2 * 5
    shapes = [s for s, _ in cases]
    assert any(s[0] is not None for s in shapes) and any(s[1] is None for s in shapes)
    counted = grading.recurrent_checks.random_param_cases(seed=3, count=200)
    assert {a.get("reset_after") for _, a in counted if a["layer"] == "GRU"} == {True, False}
    assert {a["use_bias"] for _, a in counted} == {True, False}


@pytest.mark.parametrize("check,fragments", [
    (lambda g: g.check_recurrent_shapes(one_state_for_all, cases=[
        ((None, 7, 10), {"layer": "LSTM", "units": 4, "return_state": True})]),
     ["one_state_for_all((None, 7, 10), layer='LSTM', units=4, return_state=True) returned "
      "[(None, 4), (None, 4)], expected [(None, 4), (None, 4), (None, 4)]",
      "(what layers.LSTM(4, return_state=True) gives", "the layer returns 3 tensors, you gave 2 "
      "shapes"]),
    (lambda g: g.check_recurrent_shapes(state_as_tuple, cases=[
        ((None, None, 2), {"layer": "GRU", "units": 5, "return_sequences": True,
                           "return_state": True})]),
     ["returned (None, None, 5), expected [(None, None, 5), (None, 5)]",
      "return a list of 2 shapes"]),
    (lambda g: g.check_recurrent_shapes(concat_not_doubled, bidirectional=True, cases=[
        ((None, 30, 8), {"layer": "LSTM", "units": 16, "return_sequences": True})]),
     ["merge_mode='concat') returned (None, 30, 16), expected (None, 30, 32) (what "
      "layers.Bidirectional(layers.LSTM(16, return_sequences=True), merge_mode='concat') gives",
      "axis 2: expected 32, received 16"]),
    (lambda g: g.check_recurrent_shapes(concat_not_doubled, bidirectional=True, cases=[
        ((None, 3, 2), {"layer": "SimpleRNN", "units": 2, "merge_mode": None})]),
     ["expected [(None, 2), (None, 2)]", "return a list of 2 shapes"]),
    (lambda g: g.check_recurrent_param_counts(one_gru_bias, cases=[
        ((None, None, 10), {"layer": "GRU", "units": 16})]),
     ["one_gru_bias((None, None, 10), layer='GRU', units=16) returned 1296, expected 1344",
      "bias (2, 48)", "The number of steps (None) never matters"]),
    (lambda g: g.check_recurrent_param_counts(float_count, cases=[
        ((None, 4, 3), {"layer": "SimpleRNN", "units": 2})]),
     ["returned 12.0 (float); it should return the number of parameters as an int"]),
    (lambda g: g.check_cell_weights(NoStateSize, (None, 5, 3), 4),
     ["NoStateSize(4).state_size is None, expected 4", "self.state_size = units"]),
    (lambda g: g.check_cell_weights(MisnamedWeight, (None, 5, 3), 4),
     ["created the wrong weights", "a weight named 'U' should be named 'recurrent_kernel'"]),
    (lambda g: g.check_cell_weights(Borrowed, (None, 5, 3), 4),
     ["Borrowed subclasses kerasedu's SimpleRNNCell"]),
    (lambda g: g.check_cell_outputs(NoBias, (None, 5, 3), 4, return_sequences=True),
     ["RNN(NoBias(4), return_sequences=True) on an input of shape (4, 5, 3) (seed 0) computes "
      "the wrong values", "Step 0 is the first wrong one", "kernel, bias and the activation"]),
    (lambda g: g.check_cell_outputs(Forgetful, (None, 5, 3), 4, return_sequences=True),
     ["Step 1 is the first wrong one, after right ones", "states[0]"]),
    (lambda g: g.check_cell_outputs(OutputOnly, (None, 5, 3), 4),
     ["RNN(OutputOnly(4), return_sequences=False) on an input of shape (4, 5, 3) (seed 0) "
      "raised", "must return the pair (output, [new_state])"]),
    (lambda g: g.check_cell_outputs(AlwaysTanh, (None, 5, 3), 4, kwargs={"activation": "relu"}),
     ["RNN(AlwaysTanh(4, activation='relu'), return_sequences=False)", "wrong values"]),
    (lambda g: g.check_cell_training(NumpyCell, (None, 5, 3), 4),
     ["The gradient with respect to the input of NumpyCell does not match finite differences",
      "converted to numpy cuts the path of the gradient"]),
    (lambda g: g.check_cell_training(DetachedCell, (None, 5, 3), 4),
     ["No gradient reaches the input of DetachedCell",
      "without converting them to numpy arrays"]),
    (lambda g: g.check_rnn_loop(ignores_mask, "LSTM", 3),
     ["ignores_mask(LSTMCell(3), sequences of shape (5, 6, 3), mask=<post-padding mask>, "
      "return_sequences=False) (seed 0) returned the wrong values",
      "has padding (its mask is [1, ", "repeat the previous output"]),
    (lambda g: g.check_rnn_loop(zeros_on_masked_steps, "GRU", 2, padding="post",
                                return_sequences=True),
     ["returned the wrong values", "keep every state as it was"]),
    (lambda g: g.check_rnn_loop(numpy_loop, "SimpleRNN", 2),
     ["returned a value of type ndarray, not a kerasedu Tensor", "ops.where, ops.stack"]),
])
def test_each_mistake_fails_with_a_message_that_teaches(grading, check, fragments):
    assert_fails_teaching(lambda: check(grading), fragments)


def test_a_loop_that_ignores_masks_passes_without_padding_only(grading):
    grading.check_rnn_loop(ignores_mask, "SimpleRNN", 3, padding=None)
    with raises_teaching("returned the wrong values"):
        grading.check_rnn_loop(ignores_mask, "SimpleRNN", 3, padding="pre")
