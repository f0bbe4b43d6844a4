"""Symbolic masks are graph tensors: compute_mask runs on the KerasTensors and its ops are
recorded, so ops work on a mask, a model can output or use it, and such a model runs with the
masks eager calls compute, saves and loads. A compute_mask that needs values is run by a
ComputedMask operation when the graph runs."""

import numpy as np
import pytest

from kerasedu import Input, Model, Sequential, layers, ops
from kerasedu.backend import config
from kerasedu.layer_machinery.computed_mask import ComputedMask
from kerasedu.models import clone_model, load_model

TOKENS = np.array([[3, 1, 0, 0], [2, 0, 0, 0], [4, 4, 4, 1]])
SERIES = np.random.default_rng(0).normal(size=(3, 5, 2)).astype("float32")
SERIES[0, 3:] = 0.0
SERIES[1, 1:] = 0.0
SERIES[2, 2] = 0.0
OTHER = np.random.default_rng(1).normal(size=(3, 5, 2)).astype("float32")
OTHER[:, 4] = 0.0


@pytest.fixture(autouse=True)
def fresh_names():
    config.clear_session()


def made_by(tensor):
    return type(tensor._keras_history[0]).__name__


def test_embedding_mask_is_a_not_equal_operation_on_the_tokens():
    tokens = Input((4,), dtype="int32")
    mask = layers.Embedding(5, 2, mask_zero=True)(tokens)._keras_mask
    assert (made_by(mask), mask.shape, mask.dtype) == ("NotEqual", (None, 4), "bool")
    node = mask._keras_history[0]._inbound_nodes[0]
    assert node.input_tensors == [tokens] and node.extra_args == (0,)


def test_ops_on_a_symbolic_mask_compute_when_the_model_runs():
    tokens = Input((4,), dtype="int32")
    embedding = layers.Embedding(5, 3, mask_zero=True)
    vectors = embedding(tokens)
    weights = ops.expand_dims(ops.cast(vectors._keras_mask, "float32"), -1)
    masked = layers.Multiply()([vectors, weights])
    lengths = ops.sum(ops.cast(vectors._keras_mask, "int32"), axis=-1)
    model = Model(tokens, [masked, vectors * weights, lengths, ~vectors._keras_mask])
    out, product, counted, padding = model(TOKENS)
    expected = embedding.embeddings.numpy()[TOKENS] * (TOKENS != 0)[..., None]
    np.testing.assert_allclose(out.numpy(), expected)
    np.testing.assert_allclose(product.numpy(), expected)
    np.testing.assert_array_equal(counted.numpy(), [2, 1, 4])
    np.testing.assert_array_equal(padding.numpy(), TOKENS == 0)
    assert [layer.name for layer in model.layers] == ["input_layer", "embedding", "multiply"]


def test_masking_mask_is_any_of_not_equal():
    series = Input((5, 2))
    mask = layers.Masking(0.0)(series)._keras_mask
    assert made_by(mask) == "Any" and mask._keras_history[0].options == {
        "axis": -1, "keepdims": False}
    np.testing.assert_array_equal(Model(series, mask)(SERIES).numpy(),
                                  np.any(SERIES != 0.0, axis=-1))


def _masked(x):
    return layers.Masking(0.0)(x)


# Each case: layers on two masked sequences (x, y); the mask of what they return, computed in a
# model from the symbolic mask, must be the mask eager calls put on the output.
CASES = {
    "Dense": lambda x, y: layers.Dense(3)(x),
    "Dropout": lambda x, y: layers.Dropout(0.5)(x),
    "Rescaling": lambda x, y: layers.Rescaling(2.0)(x),
    "Normalization": lambda x, y: layers.Normalization(mean=0.5, variance=4.0)(x),
    "LayerNormalization": lambda x, y: layers.LayerNormalization()(x),
    "TimeDistributed": lambda x, y: layers.TimeDistributed(layers.Dense(2))(x),
    "LSTM sequences": lambda x, y: layers.LSTM(2, return_sequences=True)(x),
    "GRU states": lambda x, y: layers.GRU(2, return_sequences=True, return_state=True)(x)[0],
    "Bidirectional": lambda x, y: layers.Bidirectional(
        layers.SimpleRNN(2, return_sequences=True))(x),
    "Add": lambda x, y: layers.Add()([x, y]),
    "Concatenate time": lambda x, y: layers.Concatenate(axis=1)([x, layers.Dense(2)(y)]),
    "Concatenate features": lambda x, y: layers.Concatenate()([x, y]),
    "Attention": lambda x, y: layers.Attention()([x, y]),
    "MultiHeadAttention": lambda x, y: layers.MultiHeadAttention(2, 2)(x, y),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_symbolic_masks_are_the_masks_eager_calls_make(case):
    build = CASES[case]
    first, second = Input((5, 2)), Input((5, 2))
    output = build(_masked(first), _masked(second))
    mask = output._keras_mask
    assert mask._keras_history is not None
    model = Model([first, second], mask)
    config.clear_session()
    eager = build(_masked(SERIES), _masked(OTHER))._keras_mask
    np.testing.assert_array_equal(model([SERIES, OTHER]).numpy(), eager.numpy())


def test_layers_that_end_the_time_axis_drop_the_mask():
    series = Input((5, 2))
    assert layers.LSTM(2)(_masked(series))._keras_mask is None
    assert layers.GlobalAveragePooling1D()(_masked(series))._keras_mask is None


class FirstFeature(layers.Layer):
    """A layer whose compute_mask is written with ops: it runs on KerasTensors."""

    def call(self, inputs):
        return inputs

    def compute_mask(self, inputs, mask=None):
        return ops.greater(inputs[..., 0], 0.0)


class NumpyMask(layers.Layer):
    """A layer whose compute_mask needs values (numpy): it cannot run on KerasTensors."""

    def call(self, inputs):
        return inputs

    def compute_mask(self, inputs, mask=None):
        return np.asarray(inputs)[..., 0] > 0


def test_a_custom_compute_mask_written_with_ops_is_recorded(tmp_path):
    series = Input((5, 2))
    mask = FirstFeature()(series)._keras_mask
    assert made_by(mask) == "Greater"
    model = Model(series, ops.cast(mask, "float32"))
    model.save(tmp_path / "first.keras")
    loaded = load_model(tmp_path / "first.keras",
                        custom_objects={"FirstFeature": FirstFeature})
    np.testing.assert_array_equal(loaded(SERIES).numpy(), SERIES[..., 0] > 0)


def test_a_compute_mask_that_needs_values_runs_when_the_model_runs(tmp_path):
    series = Input((5, 2))
    output = NumpyMask()(series)
    mask = output._keras_mask
    assert isinstance(mask._keras_history[0], ComputedMask)
    assert (mask.shape, mask.dtype, mask._keras_history[0].name) == \
        ((None, 5), "bool", "numpy_mask_mask")
    model = Model(series, 2.0 * ops.cast(mask, "float32"))
    np.testing.assert_array_equal(model(SERIES).numpy(), 2.0 * (SERIES[..., 0] > 0))
    assert [layer.name for layer in model.layers] == ["input_layer"]   # not the operation
    with pytest.raises(ValueError, match=r"'numpy_mask' \(NumpyMask\).*compute_mask.*"
                                         r"kerasedu\.ops"):
        model.save(tmp_path / "refused.keras")
    assert not (tmp_path / "refused.keras").exists()


def test_a_layer_taking_a_computed_mask_leaves_it_out_of_its_node(tmp_path):
    series = Input((5, 2))
    lstm = layers.LSTM(2)
    model = Model(series, lstm(layers.Dense(2)(NumpyMask()(series))))
    assert "mask" not in lstm._inbound_nodes[0].kwargs
    eager = lstm(layers.Dense(2)(NumpyMask()(SERIES)), mask=SERIES[..., 0] > 0)
    model.save(tmp_path / "saved.keras")
    loaded = load_model(tmp_path / "saved.keras", custom_objects={"NumpyMask": NumpyMask})
    np.testing.assert_allclose(loaded(SERIES).numpy(), model(SERIES).numpy(), atol=1e-6)
    assert not np.allclose(model(SERIES).numpy(), eager.numpy())   # other Dense weights


def test_a_layer_taking_the_mask_records_it_as_keras_does():
    tokens = Input((4,), dtype="int32")
    vectors = layers.Embedding(6, 3, mask_zero=True)(tokens)
    lstm = layers.LSTM(2)
    model = Model(tokens, lstm(layers.Dropout(0.1)(vectors)))
    assert lstm._inbound_nodes[0].kwargs["mask"] is vectors._keras_mask
    assert [op.name for op in model._operations] == \
        ["input_layer", "embedding", "dropout", "not_equal", "lstm"]
    assert [layer.name for layer in model.layers] == \
        ["input_layer", "embedding", "dropout", "lstm"]
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert "not_equal" in text and "(NotEqual)" in text and "Connected to" in text
    sequential = Sequential([Input((4,), dtype="int32"), layers.Embedding(6, 3, mask_zero=True),
                             layers.Dropout(0.1), layers.LSTM(2)])
    sequential.set_weights(model.get_weights())
    assert [w.shape for w in sequential.weights] == [w.shape for w in model.weights]
    np.testing.assert_allclose(model(TOKENS).numpy(), sequential(TOKENS).numpy(), atol=1e-6)
    unmasked = Sequential([Input((4,), dtype="int32"), layers.Embedding(6, 3),
                           layers.LSTM(2)])
    unmasked.set_weights(model.get_weights())
    assert not np.allclose(model(TOKENS).numpy(), unmasked(TOKENS).numpy())


def _masked_model():
    tokens = Input((4,), dtype="int32")
    vectors = layers.Embedding(6, 3, mask_zero=True)(tokens)
    states = layers.LSTM(2, return_sequences=True)(vectors)
    weights = ops.expand_dims(ops.cast(states._keras_mask, "float32"), -1)
    pooled = layers.GlobalAveragePooling1D()(layers.Multiply()([states, weights]))
    return Model(tokens, [pooled, states._keras_mask])


def _assert_same_outputs(model, other):
    for mine, theirs in zip(model(TOKENS), other(TOKENS), strict=True):
        np.testing.assert_allclose(mine.numpy(), theirs.numpy(), atol=1e-6)


def test_a_model_using_masks_round_trips_config_clone_and_file(tmp_path):
    model = _masked_model()
    assert model.compute_output_shape((None, 4)) == [(None, 2), (None, 4)]
    pooled, mask = model(TOKENS)
    np.testing.assert_array_equal(mask.numpy(), TOKENS != 0)
    states = model.layers[2](model.layers[1](TOKENS))
    np.testing.assert_allclose(pooled.numpy(), np.mean(
        states.numpy() * (TOKENS != 0)[..., None], axis=1), atol=1e-6)
    classes = [layer["class_name"] for layer in model.get_config()["layers"]]
    assert classes == ["InputLayer", "NotEqual", "Embedding", "Cast", "LSTM", "ExpandDims",
                       "Multiply", "GlobalAveragePooling1D"]         # Keras 3's order
    rebuilt = Model.from_config(model.get_config())
    rebuilt.set_weights(model.get_weights())
    clone = clone_model(model)
    clone.set_weights(model.get_weights())
    model.save(tmp_path / "masked.keras")
    loaded = load_model(tmp_path / "masked.keras")
    for other in (rebuilt, clone, loaded):
        _assert_same_outputs(model, other)
        assert [layer.name for layer in other.layers] == [layer.name for layer in model.layers]
        assert other.output_names == ["global_average_pooling1d", "not_equal"]
