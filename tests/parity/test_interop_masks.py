"""Models that output or use symbolic masks, built alike in kerasedu and Keras 3: the same graph
of operations (Embedding's NotEqual, Masking's NotEqual and Any, the ops written on the mask),
the same summary, and ``.keras`` files that open in the other library with equal predictions
and masks."""

import re

import numpy as np
import pytest

import kerasedu

from interop_helpers import library, predict, randomize

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(7)
TOKENS = np.array([[3, 1, 5, 0, 0], [2, 0, 0, 0, 0], [4, 4, 4, 1, 6], [7, 2, 0, 0, 0]])
SERIES = RNG.normal(size=(4, 5, 2)).astype("float32")
SERIES[0, 3:] = 0.0
SERIES[1, 1:] = 0.0
OTHER = RNG.normal(size=(4, 5, 2)).astype("float32")
OTHER[2, 4] = 0.0


def ops_of(module):
    return module.ops


def mask_ops(keras, which):
    """Embedding -> LSTM over the sequence; the mask weights the states before pooling, and
    the model outputs the mask itself."""
    module, L = library(keras, which)
    ops = ops_of(module)
    tokens = module.Input((5,), dtype="int32")
    vectors = L.Embedding(8, 3, mask_zero=True)(tokens)
    states = L.LSTM(2, return_sequences=True)(vectors)
    weights = ops.expand_dims(ops.cast(states._keras_mask, "float32"), -1)
    pooled = L.GlobalAveragePooling1D()(L.Multiply()([states, weights]))
    return module.Model(tokens, [pooled, states._keras_mask])


def merged_masks(keras, which):
    """Two Masking inputs joined along time, read by a Bidirectional GRU; the joined mask and
    an Add of the two masked inputs' masks are outputs too."""
    module, L = library(keras, which)
    first, second = module.Input((5, 2)), module.Input((5, 2))
    left, right = L.Masking()(first), L.Masking()(second)
    joined = L.Concatenate(axis=1)([left, right])
    read = L.Bidirectional(L.GRU(2))(joined)
    summed = L.Add()([left, right])
    return module.Model([first, second], [read, joined._keras_mask, summed._keras_mask])


def attention_mask(keras, which):
    """Self-attention over embedded tokens: the output's mask is the query's."""
    module, L = library(keras, which)
    tokens = module.Input((5,), dtype="int32")
    vectors = L.Embedding(8, 4, mask_zero=True)(tokens)
    attended = L.Attention()([vectors, vectors])
    return module.Model(tokens, [L.GlobalAveragePooling1D()(attended), attended._keras_mask])


def multi_head(keras, which):
    """Self-attention with MultiHeadAttention: the Embedding's mask reaches it as the query's
    and the value's masks, and rides on its output, through a Rescaling."""
    module, L = library(keras, which)
    tokens = module.Input((5,), dtype="int32")
    vectors = L.Embedding(8, 4, mask_zero=True)(tokens)
    attended = L.Rescaling(0.5)(L.MultiHeadAttention(2, 2)(vectors, vectors))
    return module.Model(tokens, [L.GlobalAveragePooling1D()(attended), attended._keras_mask])


def time_distributed(keras, which):
    """Masking -> TimeDistributed(Dense) -> LSTM: the mask passes through the wrapper."""
    module, L = library(keras, which)
    series = module.Input((5, 2))
    steps = L.TimeDistributed(L.Dense(3))(L.Masking()(series))
    return module.Model(series, [L.LSTM(2)(steps), steps._keras_mask])


MODELS = {"mask_ops": (mask_ops, TOKENS), "merged_masks": (merged_masks, [SERIES, OTHER]),
          "attention_mask": (attention_mask, TOKENS), "multi_head": (multi_head, TOKENS),
          "time_distributed": (time_distributed, SERIES)}


def assert_same_outputs(mine, theirs, x):
    for left, right in zip(predict(mine, x), predict(theirs, x), strict=True):
        if left.dtype == bool or right.dtype == bool:
            np.testing.assert_array_equal(left, right)
        else:
            np.testing.assert_allclose(left, right, rtol=2e-5, atol=2e-5)


def load(keras, which, path):
    return (kerasedu.models.load_model(path) if which == "kerasedu"
            else keras.saving.load_model(path))


def unnumbered(name):
    return re.sub(r"_\d+$", "", name)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_the_graph_holds_the_same_operations_as_keras(name, keras):
    build, data = MODELS[name]
    mine, theirs = build(keras, "kerasedu"), build(keras, "keras")
    assert [type(op).__name__ for op in mine._operations] == \
        [type(op).__name__ for op in theirs._operations]
    assert [unnumbered(op.name) for op in mine._operations] == \
        [unnumbered(op.name) for op in theirs._operations]
    assert [unnumbered(n) for n in mine.output_names] == \
        [unnumbered(n) for n in theirs.output_names]
    mine.set_weights(randomize(theirs))
    assert_same_outputs(mine, theirs, data)


@pytest.mark.parametrize("source", ["kerasedu", "keras"])
@pytest.mark.parametrize("name", sorted(MODELS))
def test_models_with_masks_open_in_the_other_library(name, source, keras, tmp_path):
    target = "keras" if source == "kerasedu" else "kerasedu"
    build, data = MODELS[name]
    model = build(keras, source)
    randomize(model)
    model.save(tmp_path / "masks.keras")
    loaded = load(keras, target, tmp_path / "masks.keras")
    assert_same_outputs(loaded, model, data)
    loaded.save(tmp_path / "back.keras")
    assert_same_outputs(load(keras, source, tmp_path / "back.keras"), model, data)


def _summary(model):
    lines = []
    model.summary(print_fn=lambda text, *args, **kwargs: lines.append(text),
                  line_length=108)
    return re.sub(r"_\d+\b", "", "\n".join(lines))


def test_embedding_lstm_summary_lists_the_mask_operation_as_keras_does(keras):
    def build(which):
        module, L = library(keras, which)
        tokens = module.Input((5,), dtype="int32")
        x = L.Embedding(8, 3, mask_zero=True, name="embedding")(tokens)
        return module.Model(tokens, L.LSTM(2, name="lstm")(L.Dropout(0.1, name="drop")(x)),
                            name="masked")

    mine, theirs = _summary(build("kerasedu")), _summary(build("keras"))
    rows = [line for line in mine.splitlines() if "(" in line and "│" in line]
    assert [line.split("│")[1].strip() for line in rows if line.split("│")[1].strip()] == \
        [line.split("│")[1].strip() for line in theirs.splitlines()
         if "(" in line and "│" in line and line.split("│")[1].strip()]
    assert "not_equal (NotEqual)" in mine and "not_equal[0][0]" in mine


def test_layers_record_the_masks_they_take_where_keras_does(keras):
    """Keras 3 records the mask a layer takes from its input when the layer is called on that
    one tensor alone (then Bidirectional, LSTM and TimeDistributed are connected to the mask's
    operation); with a keyword argument, or several tensors, it does not."""
    def build(which):
        module, L = library(keras, which)
        series = module.Input((5, 2))
        x = L.Masking()(series)
        alone = L.Bidirectional(L.LSTM(2, return_sequences=True))(x)
        told = L.LSTM(2, return_sequences=True)(x, training=False)
        both = L.TimeDistributed(L.Dense(2))(L.Concatenate()([alone, told]))
        return module.Model(series, [L.LSTM(2)(both), L.GRU(2)(told, training=True)])

    mine, theirs = build("kerasedu"), build("keras")
    connections = {}
    for which, model in (("kerasedu", mine), ("keras", theirs)):
        connections[which] = sorted(
            (unnumbered(layer["name"]),
             sorted(unnumbered(key) for key in layer["inbound_nodes"][0]["kwargs"]
                    if key.endswith("mask")))
            for layer in model.get_config()["layers"] if layer["inbound_nodes"])
    assert connections["kerasedu"] == connections["keras"]
    mine.set_weights(randomize(theirs))
    assert_same_outputs(mine, theirs, SERIES)
