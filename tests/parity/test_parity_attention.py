"""Parity with real Keras 3: Attention and AdditiveAttention, same weights, same outputs,
attention weights and loss gradients, with every kind of mask; symbolic shapes and configs."""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

import kerasedu  # noqa: E402
from kerasedu import layers  # noqa: E402

from gradient_parity import assert_same_loss_gradients, copy_weights  # noqa: E402

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(5)
B, TQ, TV, DIM, VALUE_DIM = 2, 3, 4, 5, 3

CONFIGS = {
    "dot": ("Attention", {}),
    "dot_scaled": ("Attention", dict(use_scale=True)),
    "concat": ("Attention", dict(score_mode="concat")),
    "concat_scaled": ("Attention", dict(score_mode="concat", use_scale=True)),
    "additive": ("AdditiveAttention", {}),
    "additive_unscaled": ("AdditiveAttention", dict(use_scale=False)),
}
MASKS = {
    "none": {},
    "query_and_value": dict(mask=[np.array([[1, 1, 0], [1, 0, 1]], bool),
                                  np.array([[1, 1, 0, 0], [0, 1, 1, 1]], bool)]),
    "value_only": dict(mask=[None, np.array([[1, 0, 1, 1], [1, 1, 1, 0]], bool)]),
    "causal": dict(use_causal_mask=True),
    "causal_and_value": dict(use_causal_mask=True,
                             mask=[None, np.array([[1, 1, 1, 0], [1, 0, 1, 1]], bool)]),
}


def pair(config):
    class_name, kwargs = CONFIGS[config]
    return getattr(layers, class_name)(**kwargs), getattr(keras.layers, class_name)(**kwargs)


def as_list(xs):
    return (list(xs),)


# Every score mode with every kind of mask; a separate key (its own projection of the
# values) with the query and value masks, where it matters most.
CASES = [(config, masks, False) for config in sorted(CONFIGS) for masks in sorted(MASKS)] + \
    [(config, "query_and_value", True) for config in sorted(CONFIGS)]


@pytest.mark.parametrize("config, masks, with_key", CASES)
def test_outputs_scores_and_gradients_match_keras(config, masks, with_key):
    ours, theirs = pair(config)
    query = RNG.normal(size=(B, TQ, DIM)).astype("float32")
    value = RNG.normal(size=(B, TV, DIM if not with_key else VALUE_DIM)).astype("float32")
    inputs = [query, value] + ([RNG.normal(size=(B, TV, DIM)).astype("float32")]
                               if with_key else [])
    shapes = [x.shape for x in inputs]
    ours.build(shapes)
    theirs.build(shapes)
    if ours.weights:
        copy_weights(ours, theirs, RNG)
    kwargs = MASKS[masks]
    output, scores = ours(inputs, return_attention_scores=True, **kwargs)
    keras_output, keras_scores = theirs(inputs, return_attention_scores=True, **kwargs)
    np.testing.assert_allclose(scores.numpy(), np.asarray(keras_scores), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(output.numpy(), np.asarray(keras_output), rtol=1e-5, atol=1e-6)
    assert_same_loss_gradients(ours, theirs, inputs, RNG, pack=as_list, **kwargs)


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_config_and_weights_are_keras(config):
    ours, theirs = pair(config)
    ours.build([(None, TQ, DIM), (None, TV, DIM)])
    theirs.build([(None, TQ, DIM), (None, TV, DIM)])
    assert [(w.name, tuple(w.shape)) for w in ours.weights] == \
        [(w.name, tuple(w.shape)) for w in theirs.weights]
    assert without_dtype(ours.get_config()) == without_dtype(theirs.get_config())


def without_dtype(config):
    return {k: v for k, v in config.items() if k not in ("dtype", "name")}


@pytest.mark.parametrize("config", ["dot", "additive"])
def test_masks_from_embeddings_in_a_functional_model_match_keras(config, tmp_path):
    """Padding masks made by Embedding(mask_zero=True) reach the layer in both libraries,
    and the model moves between them through a .keras file."""
    def build(library, layers_module):
        query_ids = library.Input((TQ,), dtype="int32")
        value_ids = library.Input((TV,), dtype="int32")
        embed = layers_module.Embedding(10, DIM, mask_zero=True)
        class_name, kwargs = CONFIGS[config]
        attended = getattr(layers_module, class_name)(**kwargs)(
            [embed(query_ids), embed(value_ids)])
        pooled = layers_module.GlobalAveragePooling1D()(attended)   # uses the query mask
        return library.Model([query_ids, value_ids], pooled)

    ours, theirs = build(kerasedu, layers), build(keras, keras.layers)
    values = [RNG.normal(size=tuple(w.shape)).astype("float32") for w in ours.weights]
    ours.set_weights(values)
    theirs.set_weights(values)
    ids = [np.array([[3, 1, 0], [2, 0, 0]], "int32"), np.array([[4, 0, 2, 0], [1, 1, 0, 0]],
                                                              "int32")]
    np.testing.assert_allclose(ours(ids).numpy(), np.asarray(theirs(ids)), rtol=1e-5,
                               atol=1e-6)
    ours.save(tmp_path / "ours.keras")
    np.testing.assert_allclose(np.asarray(keras.saving.load_model(tmp_path / "ours.keras")(ids)),
                               ours(ids).numpy(), rtol=1e-5, atol=1e-6)
    theirs.save(tmp_path / "theirs.keras")
    np.testing.assert_allclose(kerasedu.models.load_model(tmp_path / "theirs.keras")(ids).numpy(),
                               np.asarray(theirs(ids)), rtol=1e-5, atol=1e-6)
