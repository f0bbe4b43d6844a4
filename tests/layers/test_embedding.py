"""Embedding: lookups, masks, Keras 2's input_length, initial weights, gradients, errors,
configuration and symbolic shapes."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kerasedu
from kerasedu import layers
from kerasedu.backend import gradients, ops
from kerasedu.backend.gradcheck import assert_gradients_match
from kerasedu.engine import Input, Sequential
from kerasedu.layers import embeddings

RNG = np.random.default_rng(0)


def test_lookup_rows_and_default_initializer():
    layer = layers.Embedding(10, 3)
    ids = np.array([[1, 9, 1], [0, 2, 5]])
    out = layer(ids)
    table = layer.embeddings.numpy()
    np.testing.assert_array_equal(out.numpy(), table[ids])
    assert out.dtype == np.float32 and out.shape == (2, 3, 3)
    assert np.all(np.abs(table) <= 0.05) and table.std() > 0.01
    assert out._keras_mask is None
    np.testing.assert_array_equal(layer(ids.astype("float32")).numpy(), table[ids])


def test_mask_zero_marks_padding():
    layer = layers.Embedding(6, 2, mask_zero=True)
    ids = np.array([[4, 2, 0, 0], [1, 0, 3, 0]])
    out = layer(ids)
    np.testing.assert_array_equal(out._keras_mask.numpy(), ids != 0)
    np.testing.assert_array_equal(layer.compute_mask(ids).numpy(), ids != 0)
    assert layers.Embedding(6, 2).compute_mask(ids) is None
    assert layer.supports_masking and not layers.Embedding(6, 2).supports_masking


def test_input_length_gives_flatten_its_shape():
    model = Sequential()
    model.add(layers.Embedding(input_dim=4000, output_dim=32, input_length=200))
    model.add(layers.Flatten())
    assert model.output_shape == (None, 6400)
    assert model.input_shape == (None, 200)
    model.add(layers.Dense(1, activation="sigmoid"))
    assert model.count_params() == 4000 * 32 + 6400 + 1
    assert model(RNG.integers(0, 4000, size=(2, 200))).shape == (2, 1)
    explicit = Sequential([layers.Embedding(50, 4, input_length=9, input_shape=(7,))])
    assert explicit.output_shape == (None, 7, 4)
    assert embeddings.Embedding is layers.Embedding


def test_initial_weights_keras2_and_keras3_forms():
    matrix = RNG.normal(size=(5, 2)).astype("float32")
    keras2 = layers.Embedding(5, 2, weights=[matrix], trainable=False)
    keras3 = layers.Embedding(5, 2, weights=matrix)
    for layer in (keras2, keras3):
        np.testing.assert_array_equal(layer(np.array([[4, 0]])).numpy(), matrix[[[4, 0]]])
    assert keras2.trainable_weights == [] and len(keras2.non_trainable_weights) == 1
    with pytest.raises(ValueError, match=r"must have shape \(input_dim, output_dim\)"):
        layers.Embedding(5, 3, weights=[matrix])


def test_gradients_only_reach_the_rows_that_were_used():
    layer = layers.Embedding(7, 3, dtype="float64")
    ids = np.array([[1, 1, 4], [6, 1, 0]])
    layer.build(None)
    weights = RNG.normal(size=(2, 3, 3))
    grad = gradients(layer(ids), layer.embeddings, weights)
    expected = np.zeros((7, 3))
    np.add.at(expected, ids.ravel(), weights.reshape(-1, 3))
    np.testing.assert_allclose(grad, expected)

    def run(table):
        original = layer.embeddings
        object.__setattr__(layer, "embeddings", table)
        try:
            return layer(ids)
        finally:
            object.__setattr__(layer, "embeddings", original)
    assert_gradients_match(run, RNG.normal(size=(7, 3)))


def test_regularizer_constraint_and_training():
    layer = layers.Embedding(4, 2, embeddings_regularizer="l2", embeddings_constraint="non_neg")
    layer(np.array([[1, 2]]))
    assert len(layer.losses) == 1
    expected = 0.01 * np.sum(layer.embeddings.numpy() ** 2)
    np.testing.assert_allclose(float(layer.losses[0].numpy()), expected, rtol=1e-5)
    model = Sequential([Input(shape=(3,)), layers.Embedding(4, 2), layers.Flatten(),
                        layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    before = model.layers[0].embeddings.numpy()
    model.fit(np.array([[1, 1, 2]]), np.array([[1.0]]), epochs=1, verbose=0)
    after = model.layers[0].embeddings.numpy()
    assert np.array_equal(before[[0, 3]], after[[0, 3]])
    assert not np.array_equal(before[[1, 2]], after[[1, 2]])


def test_errors_name_the_layer():
    with pytest.raises(ValueError, match="input_dim"):
        layers.Embedding(0, 3)
    with pytest.raises(ValueError, match="output_dim"):
        layers.Embedding(3, -1)
    with pytest.raises(ValueError, match="Layer 'words' received index 5"):
        layers.Embedding(5, 2, name="words")(np.array([[1, 5]]))
    with pytest.raises(ValueError, match="index -1"):
        layers.Embedding(5, 2)(np.array([[-1]]))


def test_config_round_trip_and_keys():
    layer = layers.Embedding(8, 3, mask_zero=True, embeddings_regularizer="l1")
    config = layer.get_config()
    assert set(config) == {"name", "trainable", "dtype", "input_dim", "output_dim",
                           "embeddings_initializer", "embeddings_regularizer",
                           "activity_regularizer", "embeddings_constraint", "mask_zero"}
    assert config["embeddings_initializer"]["class_name"] == "RandomUniform"
    clone = layers.Embedding.from_config(config)
    assert clone.mask_zero and clone.input_dim == 8
    restored = kerasedu.layers.deserialize(kerasedu.layers.serialize(layer))
    assert isinstance(restored, layers.Embedding)


@settings(max_examples=20, deadline=None)
@given(batch=st.integers(1, 3), sample=st.lists(st.integers(1, 4), min_size=1, max_size=3),
       width=st.integers(1, 5))
def test_symbolic_shapes_match_eager(batch, sample, width):
    symbolic = layers.Embedding(10, width)(Input(shape=tuple(sample))).shape
    eager = layers.Embedding(10, width)(RNG.integers(0, 10, size=(batch, *sample)))
    assert symbolic == (None, *sample, width) == (None,) + tuple(eager.shape[1:])


def test_lookup_uses_the_differentiable_op():
    layer = layers.Embedding(3, 2)
    out = layer(np.array([[0, 2]]))
    assert out._op == "embedding_lookup"
    np.testing.assert_array_equal(
        ops.embedding_lookup(layer.embeddings, np.array([[0, 2]])).numpy(), out.numpy())
