"""Recurrent layers against real Keras 3: outputs and states with the same weights (masks,
go_backwards, return_state, initial states, stateful calls), weight layout, get_config keys
and parameter counts."""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from kerasedu import layers as ours  # noqa: E402
from kerasedu.backend import ops  # noqa: E402
from kerasedu.engine import Sequential  # noqa: E402

pytestmark = [pytest.mark.parity, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

RNG = np.random.default_rng(0)
X = RNG.normal(size=(3, 6, 4)).astype("float32")
MASK = np.ones((3, 6), dtype=bool)
MASK[0, 4:] = False
MASK[1, :2] = False
MASK[2, 3] = False

LAYERS = {
    "SimpleRNN": ("SimpleRNN", {}),
    "LSTM": ("LSTM", {}),
    "GRU": ("GRU", {}),
    "GRU_reset_before_no_bias": ("GRU", {"reset_after": False, "use_bias": False}),
    "LSTM_relu_hard_sigmoid": ("LSTM", {"activation": "relu",
                                        "recurrent_activation": "hard_sigmoid"}),
    "SimpleRNN_selu": ("SimpleRNN", {"activation": "selu"}),
}
OPTIONS = {
    "last": {},
    "sequences_state": {"return_sequences": True, "return_state": True},
    "backwards_state": {"go_backwards": True, "return_sequences": True, "return_state": True},
}


def as_list(outputs):
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


def assert_outputs_equal(mine, theirs, rtol=1e-5, atol=2e-6):
    mine, theirs = as_list(mine), as_list(theirs)
    assert len(mine) == len(theirs)
    for a, b in zip(mine, theirs):
        np.testing.assert_allclose(np.asarray(a.numpy()), np.asarray(b), rtol=rtol, atol=atol)


def pair(class_name, shape, **kwargs):
    """The Keras layer (called once, so built) and ours, built, with Keras' weights."""
    theirs = getattr(keras.layers, class_name)(**kwargs)
    theirs.build(shape)
    mine = getattr(ours, class_name)(**kwargs)
    mine.build(shape)
    assert [tuple(w.shape) for w in mine.weights] == [tuple(w.shape) for w in theirs.weights]
    assert [w.name for w in mine.weights] == [w.name for w in theirs.weights]
    weights = [np.asarray(w) for w in theirs.get_weights()]
    weights = [w + RNG.normal(size=w.shape).astype("float32") * 0.3 for w in weights]
    theirs.set_weights(weights)
    mine.set_weights(weights)
    return mine, theirs


@pytest.mark.parametrize("case", sorted(LAYERS))
@pytest.mark.parametrize("option", sorted(OPTIONS))
def test_layer_matches_keras_with_and_without_a_mask(case, option):
    class_name, kwargs = LAYERS[case]
    mine, theirs = pair(class_name, X.shape, units=5, **kwargs, **OPTIONS[option])
    assert_outputs_equal(mine(X), theirs(X))
    assert_outputs_equal(mine(X, mask=MASK), theirs(X, mask=MASK))


@pytest.mark.parametrize("class_name", ["SimpleRNN", "LSTM", "GRU"])
def test_config_keys_and_parameter_counts_match_keras(class_name):
    mine, theirs = pair(class_name, X.shape, units=3, return_sequences=True)
    assert set(mine.get_config()) == set(theirs.get_config())
    assert mine.count_params() == theirs.count_params()
    for key in ("units", "activation", "return_sequences", "dropout", "unroll"):
        assert mine.get_config()[key] == theirs.get_config()[key]
    cell_mine = getattr(ours, class_name + "Cell")(3)
    cell_theirs = getattr(keras.layers, class_name + "Cell")(3)
    assert set(cell_mine.get_config()) == set(cell_theirs.get_config())


def test_default_initial_weights_follow_keras_layout():
    mine = ours.LSTM(4)
    mine.build((None, 3, 2))
    kernel, recurrent, bias = (w.numpy() for w in mine.weights)
    np.testing.assert_allclose(recurrent @ recurrent.T, np.eye(4), atol=1e-5)
    np.testing.assert_array_equal(bias, np.r_[np.zeros(4), np.ones(4), np.zeros(8)])
    theirs = keras.layers.LSTM(4)
    theirs.build((None, 3, 2))
    np.testing.assert_array_equal(bias, np.asarray(theirs.weights[2]))


@pytest.mark.parametrize("class_name", ["LSTM", "GRU", "SimpleRNN"])
def test_initial_state_matches_keras(class_name):
    mine, theirs = pair(class_name, X.shape, units=5, return_sequences=True,
                        return_state=True)
    count = 2 if class_name == "LSTM" else 1
    states = [RNG.normal(size=(3, 5)).astype("float32") for _ in range(count)]
    assert_outputs_equal(mine(X, initial_state=states, mask=MASK),
                         theirs(X, initial_state=states, mask=MASK))
    symbolic_inputs = [keras.Input((6, 4))] + [keras.Input((5,)) for _ in states]
    keras_model = keras.Model(symbolic_inputs,
                              theirs(symbolic_inputs[0], initial_state=symbolic_inputs[1:]))
    from kerasedu.engine import Input, Model
    our_inputs = [Input(shape=(6, 4))] + [Input(shape=(5,)) for _ in states]
    our_model = Model(our_inputs, mine(our_inputs[0], initial_state=our_inputs[1:]))
    assert_outputs_equal(our_model([X, *states]), keras_model([X, *states]))


@pytest.mark.parametrize("class_name", ["LSTM", "GRU"])
def test_stateful_calls_match_keras(class_name):
    mine, theirs = pair(class_name, (3, 3, 4), units=4, stateful=True, return_sequences=True)
    for part in (X[:, :3], X[:, 3:]):
        assert_outputs_equal(mine(part), theirs(part))
    mine.reset_states()
    theirs.reset_states()
    assert_outputs_equal(mine(X[:, 3:]), theirs(X[:, 3:]))


def test_masking_from_embedding_and_masking_layer_matches_keras():
    ids = np.array([[3, 1, 4, 0, 0], [2, 0, 0, 0, 0], [1, 2, 3, 4, 1]])
    keras_model = keras.Sequential([keras.Input((5,), dtype="int32"),
                                    keras.layers.Embedding(5, 3, mask_zero=True),
                                    keras.layers.LSTM(4, return_sequences=True),
                                    keras.layers.GRU(2)])
    our_model = Sequential([ours.Embedding(5, 3, mask_zero=True),
                            ours.LSTM(4, return_sequences=True), ours.GRU(2)])
    our_model(ids)
    our_model.set_weights([np.asarray(w) for w in keras_model.get_weights()])
    assert_outputs_equal(our_model(ids), keras_model(ids))
    x = X.copy()
    x[0, 2:] = 0.0
    keras_masked = keras.Sequential([keras.Input((6, 4)), keras.layers.Masking(),
                                     keras.layers.SimpleRNN(3, return_sequences=True)])
    our_masked = Sequential([ours.Masking(), ours.SimpleRNN(3, return_sequences=True)])
    our_masked(x)
    our_masked.set_weights([np.asarray(w) for w in keras_masked.get_weights()])
    assert_outputs_equal(our_masked(x), keras_masked(x))


@pytest.mark.parametrize("cell_name", ["SimpleRNNCell", "GRUCell", "LSTMCell"])
def test_rnn_of_cells_and_stacked_cells_match_keras(cell_name):
    theirs = keras.layers.RNN([getattr(keras.layers, cell_name)(3),
                               keras.layers.LSTMCell(2)], return_sequences=True,
                              go_backwards=True)
    mine = ours.RNN([getattr(ours, cell_name)(3), ours.LSTMCell(2)], return_sequences=True,
                    go_backwards=True)
    theirs.build(X.shape)
    mine.build(X.shape)
    mine.set_weights([np.asarray(w) for w in theirs.get_weights()])
    assert_outputs_equal(mine(X, mask=MASK), theirs(X, mask=MASK))
    assert set(mine.get_config()) == set(theirs.get_config())
    single = ours.RNN(getattr(ours, cell_name)(3))
    single_theirs = keras.layers.RNN(getattr(keras.layers, cell_name)(3))
    single_theirs.build(X.shape)
    single.build(X.shape)
    single.set_weights([np.asarray(w) for w in single_theirs.get_weights()])
    assert_outputs_equal(single(X), single_theirs(X))


def test_minimal_rnn_cell_matches_keras():
    class KerasCell(keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units, self.state_size = units, units

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units))
            self.recurrent_kernel = self.add_weight(shape=(self.units, self.units))

        def call(self, inputs, states):
            output = keras.ops.matmul(inputs, self.kernel) + keras.ops.matmul(
                states[0], self.recurrent_kernel)
            return output, [output]

    class OurCell(ours.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units, self.state_size = units, units

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units))
            self.recurrent_kernel = self.add_weight(shape=(self.units, self.units))

        def call(self, inputs, states):
            output = ops.matmul(inputs, self.kernel) + ops.matmul(states[0],
                                                                  self.recurrent_kernel)
            return output, [output]

    theirs = keras.layers.RNN(KerasCell(3), return_sequences=True)
    mine = ours.RNN(OurCell(3), return_sequences=True)
    theirs.build(X.shape)
    mine.build(X.shape)
    mine.set_weights([np.asarray(w) for w in theirs.get_weights()])
    assert_outputs_equal(mine(X, mask=MASK), theirs(X, mask=MASK))


def test_zero_output_for_mask_matches_keras():
    theirs = keras.layers.RNN(keras.layers.GRUCell(3), return_sequences=True,
                              zero_output_for_mask=True)
    mine = ours.RNN(ours.GRUCell(3), return_sequences=True, zero_output_for_mask=True)
    theirs.build(X.shape)
    mine.build(X.shape)
    mine.set_weights([np.asarray(w) for w in theirs.get_weights()])
    assert_outputs_equal(mine(X, mask=MASK), theirs(X, mask=MASK))
    fused = ours.GRU(3, return_sequences=True, zero_output_for_mask=True)
    fused.build(X.shape)
    fused.set_weights(mine.get_weights())
    assert_outputs_equal(fused(X, mask=MASK), theirs(X, mask=MASK))


@pytest.mark.parametrize("class_name, shape, kwargs", [
    ("ConvLSTM1D", (2, 3, 7, 2), dict(filters=2, kernel_size=3, strides=2,
                                       return_state=True)),
    ("ConvLSTM2D", (2, 3, 2, 6, 5), dict(filters=2, kernel_size=(3, 2), padding="same",
                                          return_sequences=True, go_backwards=True,
                                          data_format="channels_first")),
])
def test_conv_lstm_matches_keras(class_name, shape, kwargs):
    x = RNG.normal(size=shape).astype("float32")
    mine, theirs = pair(class_name, shape, **kwargs)
    assert_outputs_equal(mine(x), theirs(x), rtol=1e-5, atol=1e-5)
    assert set(mine.get_config()) == set(theirs.get_config())
    assert mine.count_params() == theirs.count_params()


def test_unroll_and_dropout_inference_match_keras():
    mine, theirs = pair("LSTM", X.shape, units=3, unroll=True, dropout=0.5,
                        recurrent_dropout=0.5)
    assert_outputs_equal(mine(X), theirs(X))
    assert_outputs_equal(mine(X, training=False), theirs(X, training=False))
