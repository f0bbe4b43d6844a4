"""Attention and AdditiveAttention: values worked in numpy, float64 gradients, masks carried
through a model, symbolic shapes, seeded dropout and bad arguments."""

import numpy as np
import pytest

import kerasedu
from kerasedu import layers

from .weight_gradients import assert_layer_weight_gradients

RNG = np.random.default_rng(0)


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def test_dot_attention_with_masks_by_hand():
    query, value = RNG.normal(size=(2, 3, 4)), RNG.normal(size=(2, 5, 4))
    query_mask = np.array([[1, 1, 0], [1, 1, 1]], bool)
    value_mask = np.array([[1, 1, 1, 0, 0], [1, 0, 1, 1, 1]], bool)
    layer = layers.Attention(use_scale=True, dtype="float64")
    layer.build([query.shape, value.shape])
    layer.scale.assign(0.7)
    output, weights = layer([query, value], mask=[query_mask, value_mask],
                            return_attention_scores=True)
    scores = 0.7 * query @ value.transpose(0, 2, 1) - 1e9 * ~value_mask[:, None, :]
    expected_weights = softmax(scores)
    expected = (expected_weights @ value) * query_mask[..., None]
    np.testing.assert_allclose(weights.numpy(), expected_weights, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(output.numpy(), expected, rtol=1e-12, atol=1e-12)
    assert np.array_equal(output._keras_mask.numpy(), query_mask)


def test_causal_mask_keeps_each_position_from_the_future():
    x = RNG.normal(size=(1, 4, 2))
    _, weights = layers.Attention(dtype="float64")([x, x], use_causal_mask=True,
                                                   return_attention_scores=True)
    assert np.all(np.triu(weights.numpy()[0], k=1) == 0)
    np.testing.assert_allclose(weights.numpy().sum(-1), 1.0)


def test_additive_scores_by_hand():
    query, value, key = (RNG.normal(size=(2, 3, 4)), RNG.normal(size=(2, 5, 2)),
                         RNG.normal(size=(2, 5, 4)))
    layer = layers.AdditiveAttention(dtype="float64")
    output = layer([query, value, key])
    scale = layer.scale.numpy()
    scores = np.sum(scale * np.tanh(query[:, :, None, :] + key[:, None, :, :]), axis=-1)
    np.testing.assert_allclose(output.numpy(), softmax(scores) @ value, rtol=1e-12)


@pytest.mark.parametrize("make, kwargs", [
    (lambda: layers.Attention(use_scale=True, dtype="float64"), {}),
    (lambda: layers.Attention(use_scale=True, score_mode="concat", dtype="float64"),
     dict(use_causal_mask=True)),
    (lambda: layers.AdditiveAttention(dtype="float64"),
     dict(mask=[np.array([[1, 0, 1]], bool), np.array([[1, 1, 0, 1]], bool)])),
])
def test_float64_gradients_reach_query_value_key_and_weights(make, kwargs):
    layer = make()
    shapes = [(1, 3, 2), (1, 4, 3), (1, 4, 2)]
    layer.build(shapes)
    for weight in layer.weights:
        weight.assign(RNG.uniform(0.5, 1.5, size=weight.shape))
    assert_layer_weight_gradients(layer, [RNG.normal(size=s) for s in shapes],
                                  call=lambda layer, *xs: layer(list(xs), **kwargs))


def test_symbolic_calls_give_outputs_scores_and_the_query_mask():
    query_ids, value_ids = kerasedu.Input((3,), dtype="int32"), kerasedu.Input((5,), dtype="int32")
    embed = layers.Embedding(10, 4, mask_zero=True)
    output, scores = layers.Attention()([embed(query_ids), embed(value_ids)],
                                        return_attention_scores=True)
    assert output.shape == (None, 3, 4) and scores.shape == (None, 3, 5)
    assert output._keras_mask.shape == (None, 3)
    model = kerasedu.Model([query_ids, value_ids], [output, scores])
    out, weights = model([np.array([[1, 2, 0]]), np.array([[3, 0, 0, 4, 5]])])
    np.testing.assert_array_equal(weights.numpy()[0, :, [1, 2]], 0)
    np.testing.assert_array_equal(out.numpy()[0, 2], 0)


def test_dropout_only_in_training_and_seeded():
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    first = layers.Attention(dropout=0.5, seed=3)
    second = layers.Attention(dropout=0.5, seed=3)
    np.testing.assert_array_equal(first([x, x], training=True).numpy(),
                                  second([x, x], training=True).numpy())
    np.testing.assert_allclose(first([x, x]).numpy(), layers.Attention()([x, x]).numpy())
    _, weights = first([x, x], training=True, return_attention_scores=True)
    assert np.any(weights.numpy() == 0)


def test_config_round_trip():
    for layer in (layers.Attention(use_scale=True, score_mode="concat", dropout=0.1, seed=2),
                  layers.AdditiveAttention(use_scale=False, dropout=0.2)):
        config = layer.get_config()
        assert type(layer).from_config(config).get_config() == config


@pytest.mark.parametrize("kwargs, words", [
    (dict(score_mode="general"), "score_mode"),
    (dict(dropout=1.5), "dropout"),
    (dict(dropout="half"), "dropout"),
])
def test_bad_arguments_fail_at_once(kwargs, words):
    with pytest.raises(ValueError, match=words):
        layers.Attention(**kwargs)


def test_bad_calls_name_the_layer():
    x = np.ones((1, 2, 2), "float32")
    with pytest.raises(ValueError, match="'att'.*list of inputs"):
        layers.Attention(name="att")(x)
    with pytest.raises(ValueError, match="'att'.*length 2 or 3"):
        layers.Attention(name="att")([x])
    with pytest.raises(ValueError, match="'att'.*mask must be a list"):
        layers.Attention(name="att")([x, x], mask=np.ones((1, 2), bool))
