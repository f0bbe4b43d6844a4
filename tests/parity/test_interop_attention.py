"""The attention layers move between kerasedu and Keras 3: models holding them, with random
weights, saved by one library (``.keras`` and ``.weights.h5``) and opened by the other,
predict the same; the weights keep Keras's names, shapes and order."""

import numpy as np
import pytest

import kerasedu

from interop_helpers import assert_same_predictions, library, randomize

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(7)
LENGTH, VOCABULARY, WIDTH = 6, 12, 8


def transformer_block(keras, which):
    """Token ids -> Embedding(mask_zero) -> self-attention (causal) + residual -> RMS and
    layer normalization -> feed-forward -> masked pooling -> class scores."""
    module, L = library(keras, which)
    ids = module.Input((LENGTH,), dtype="int32")
    x = L.Embedding(VOCABULARY, WIDTH, mask_zero=True)(ids)
    attended = L.MultiHeadAttention(num_heads=2, key_dim=4, dropout=0.1, use_gate=True)(
        x, x, use_causal_mask=True)
    x = L.LayerNormalization()(L.Add()([x, attended]))
    x = L.RMSNormalization()(x)
    x = L.EinsumDense("abc,cd->abd", (None, WIDTH), bias_axes="d", activation="relu")(x)
    x = L.GlobalAveragePooling1D()(x)
    return module.Model(ids, L.Dense(3)(x))


def cross_attention(keras, which):
    """Two sequences, a key of its own and an attention mask given as a model input;
    Attention, AdditiveAttention and GroupQueryAttention on the same pair."""
    module, L = library(keras, which)
    query = module.Input((4, 5))
    value = module.Input((6, 3))
    key = module.Input((6, 5))
    mask = module.Input((4, 6), dtype="bool")
    mha = L.MultiHeadAttention(num_heads=3, key_dim=2, output_shape=4)(
        query, value, key, attention_mask=mask)
    dot = L.Attention(use_scale=True, score_mode="concat")([query, value, key])
    additive = L.AdditiveAttention()([query, value, key])
    grouped = L.GroupQueryAttention(head_dim=2, num_query_heads=4, num_key_value_heads=2,
                                    use_gate=True)(query, L.Dense(5)(value), key)
    return module.Model([query, value, key, mask],
                        L.Concatenate()([mha, dot, additive, grouped]))


MODELS = {"transformer_block": transformer_block, "cross_attention": cross_attention}


def data(case):
    if case == "transformer_block":
        ids = RNG.integers(1, VOCABULARY, size=(3, LENGTH)).astype("int32")
        ids[0, 4:] = 0
        ids[1, 2:] = 0
        return ids
    mask = RNG.uniform(size=(3, 4, 6)) > 0.3
    mask[:, :, 0] = True
    return [RNG.normal(size=(3, 4, 5)).astype("float32"),
            RNG.normal(size=(3, 6, 3)).astype("float32"),
            RNG.normal(size=(3, 6, 5)).astype("float32"), mask]


def weight_names(model):
    """(path below the layer, shape) of every weight: layer names are numbered as layers
    are made, so only the part below them is compared ('query/kernel')."""
    return [(w.path.split("/", 1)[1], tuple(w.shape)) for w in model.weights]


@pytest.mark.parametrize("source", ["kerasedu", "keras"])
@pytest.mark.parametrize("case", sorted(MODELS))
def test_round_trip(case, source, keras, tmp_path):
    target = "keras" if source == "kerasedu" else "kerasedu"
    model = MODELS[case](keras, source)
    randomize(model)
    twin = MODELS[case](keras, target)
    assert weight_names(model) == weight_names(twin)
    x = data(case)
    model.save(tmp_path / "m.keras")
    loaded = (keras.saving.load_model if target == "keras" else kerasedu.models.load_model)(
        tmp_path / "m.keras")
    assert_same_predictions(model, loaded, x)
    model.save_weights(tmp_path / "m.weights.h5")
    twin.load_weights(tmp_path / "m.weights.h5")
    assert_same_predictions(model, twin, x)
