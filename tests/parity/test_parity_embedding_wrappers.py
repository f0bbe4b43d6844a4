"""Embedding, Bidirectional and TimeDistributed against real Keras 3: outputs with the same
weights, masks, weight layout, get_config keys and parameter counts."""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from kerasedu import layers as ours  # noqa: E402

pytestmark = [pytest.mark.parity, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

RNG = np.random.default_rng(0)
X = RNG.normal(size=(3, 5, 4)).astype("float32")
IDS = np.array([[3, 1, 4, 0, 0], [2, 0, 0, 0, 0], [1, 2, 3, 4, 1]])


def as_list(outputs):
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


def assert_outputs_equal(mine, theirs, rtol=1e-5, atol=2e-6):
    mine, theirs = as_list(mine), as_list(theirs)
    assert len(mine) == len(theirs)
    for a, b in zip(mine, theirs):
        np.testing.assert_allclose(a.numpy(), np.asarray(b), rtol=rtol, atol=atol)


def copy_weights(mine, theirs):
    assert [tuple(w.shape) for w in mine.weights] == [tuple(w.shape) for w in theirs.weights]
    assert [w.name for w in mine.weights] == [w.name for w in theirs.weights]
    weights = [np.asarray(w) + RNG.normal(size=w.shape).astype("float32") * 0.3
               for w in theirs.get_weights()]
    theirs.set_weights(weights)
    mine.set_weights(weights)


# ---------------------------------------------------------------------- Embedding

def test_embedding_matches_keras():
    theirs = keras.layers.Embedding(6, 3, mask_zero=True)
    mine = ours.Embedding(6, 3, mask_zero=True)
    theirs.build(IDS.shape)
    mine.build(IDS.shape)
    copy_weights(mine, theirs)
    assert_outputs_equal(mine(IDS), theirs(IDS))
    np.testing.assert_array_equal(mine(IDS)._keras_mask.numpy(),
                                  np.asarray(theirs.compute_mask(IDS)))
    assert set(theirs.get_config()) - set(mine.get_config()) <= {"quantization_config"}
    assert set(mine.get_config()) <= set(theirs.get_config())
    assert mine.get_config()["embeddings_initializer"]["config"] == \
        theirs.get_config()["embeddings_initializer"]["config"]
    assert mine.count_params() == theirs.count_params()


def test_embedding_flatten_dense_summary_matches_keras():
    theirs = keras.Sequential([keras.Input((200,)), keras.layers.Embedding(4000, 32),
                               keras.layers.Flatten(), keras.layers.Dense(1)])
    mine = ours.Embedding(input_dim=4000, output_dim=32, input_length=200)
    from kerasedu.engine import Sequential
    model = Sequential()
    model.add(mine)
    model.add(ours.Flatten())
    model.add(ours.Dense(1))
    assert model.output_shape == theirs.output_shape == (None, 1)
    assert model.layers[1].output_shape == (None, 6400)
    assert model.count_params() == theirs.count_params()


# ---------------------------------------------------------------------- Bidirectional

@pytest.mark.parametrize("merge_mode", ["concat", "sum", "mul", "ave", None])
def test_bidirectional_merge_modes_match_keras(merge_mode):
    theirs = keras.layers.Bidirectional(keras.layers.GRU(3, return_sequences=True),
                                        merge_mode=merge_mode)
    mine = ours.Bidirectional(ours.GRU(3, return_sequences=True), merge_mode=merge_mode)
    theirs.build(X.shape)
    mine.build(X.shape)
    copy_weights(mine, theirs)
    assert_outputs_equal(mine(X), theirs(X))
    assert set(mine.get_config()) == set(theirs.get_config())
    assert mine.count_params() == theirs.count_params()


@pytest.mark.parametrize("class_name", ["LSTM", "SimpleRNN"])
def test_bidirectional_states_and_masks_match_keras(class_name):
    theirs = keras.layers.Bidirectional(getattr(keras.layers, class_name)(
        3, return_sequences=True, return_state=True))
    mine = ours.Bidirectional(getattr(ours, class_name)(3, return_sequences=True,
                                                        return_state=True))
    theirs.build(X.shape)
    mine.build(X.shape)
    copy_weights(mine, theirs)
    mask = IDS != 0
    assert_outputs_equal(mine(X, mask=mask), theirs(X, mask=mask))
    count = 4 if class_name == "LSTM" else 2
    states = [RNG.normal(size=(3, 3)).astype("float32") for _ in range(count)]
    assert_outputs_equal(mine(X, initial_state=states), theirs(X, initial_state=states))
    last_theirs = keras.layers.Bidirectional(getattr(keras.layers, class_name)(3))
    last_mine = ours.Bidirectional(getattr(ours, class_name)(3))
    last_theirs.build(X.shape)
    last_mine.build(X.shape)
    copy_weights(last_mine, last_theirs)
    assert_outputs_equal(last_mine(X, mask=mask), last_theirs(X, mask=mask))


def test_bidirectional_in_a_masked_model_matches_keras():
    theirs = keras.Sequential([keras.Input((5,), dtype="int32"),
                               keras.layers.Embedding(5, 4, mask_zero=True),
                               keras.layers.Bidirectional(keras.layers.LSTM(
                                   3, return_sequences=True)),
                               keras.layers.Bidirectional(keras.layers.GRU(2),
                                                          merge_mode="ave")])
    from kerasedu.engine import Sequential
    mine = Sequential([ours.Embedding(5, 4, mask_zero=True),
                       ours.Bidirectional(ours.LSTM(3, return_sequences=True)),
                       ours.Bidirectional(ours.GRU(2), merge_mode="ave")])
    mine(IDS)
    mine.set_weights([np.asarray(w) for w in theirs.get_weights()])
    assert_outputs_equal(mine(IDS), theirs(IDS))


# ---------------------------------------------------------------------- TimeDistributed

def test_time_distributed_dense_matches_keras():
    theirs = keras.layers.TimeDistributed(keras.layers.Dense(6, activation="tanh"))
    mine = ours.TimeDistributed(ours.Dense(6, activation="tanh"))
    theirs.build(X.shape)
    mine.build(X.shape)
    copy_weights(mine, theirs)
    assert_outputs_equal(mine(X), theirs(X))
    assert set(mine.get_config()) == set(theirs.get_config())
    assert mine.compute_output_shape((None, 5, 4)) == theirs.compute_output_shape((None, 5, 4))
    assert mine.count_params() == theirs.count_params()


def test_time_distributed_conv2d_matches_keras():
    if getattr(ours, "Conv2D", None) is None:
        pytest.skip("Conv2D is not available in this checkout")
    x = RNG.normal(size=(2, 3, 7, 6, 2)).astype("float32")
    theirs = keras.layers.TimeDistributed(keras.layers.Conv2D(3, 3, strides=2,
                                                              padding="same"))
    mine = ours.TimeDistributed(ours.Conv2D(3, 3, strides=2, padding="same"))
    theirs.build(x.shape)
    mine.build(x.shape)
    copy_weights(mine, theirs)
    assert_outputs_equal(mine(x), theirs(x), atol=1e-5)
    assert mine.compute_output_shape((None, 3, 7, 6, 2)) == \
        theirs.compute_output_shape((None, 3, 7, 6, 2))
