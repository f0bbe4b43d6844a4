"""MultiHeadAttention: values against a numpy transcription of the formula over many shapes,
float64 gradients through every projection, masks, symbolic calls and bad arguments."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kerasedu
from kerasedu import layers

from .weight_gradients import assert_layer_weight_gradients

RNG = np.random.default_rng(0)


def reference(layer, query, value, key, mask=None):
    """The module docstring's formula in numpy, from the layer's weights."""
    def project(dense, x):
        out = np.einsum(dense.equation, x, dense.kernel.numpy())
        return out + dense.bias.numpy() if dense.bias is not None else out
    q, k, v = (project(layer.query_dense, query), project(layer.key_dense, key),
               project(layer.value_dense, value))
    scores = np.einsum("btnh,bsnh->bnts", q, k) / np.sqrt(layer.key_dim)
    if mask is not None:
        scores = np.where(mask[:, None], scores, -1e9)
    weights = np.exp(scores - scores.max(-1, keepdims=True))
    weights /= weights.sum(-1, keepdims=True)
    heads = np.einsum("bnts,bsnh->btnh", weights, v)
    return project(layer.output_dense, heads), weights


@settings(max_examples=25, deadline=None)
@given(heads=st.integers(1, 3), key_dim=st.integers(1, 4), value_dim=st.integers(1, 4),
       t=st.integers(1, 4), s=st.integers(1, 4), width=st.integers(1, 5),
       scores=st.booleans(), masked=st.booleans(), seed=st.integers(0, 2**16))
def test_values_follow_the_formula(heads, key_dim, value_dim, t, s, width, scores, masked,
                                   seed):
    rng = np.random.default_rng(seed)
    layer = layers.MultiHeadAttention(heads, key_dim, value_dim, bias_initializer="uniform",
                                      dtype="float64")
    query, value, key = (rng.normal(size=(2, t, width)), rng.normal(size=(2, s, width + 1)),
                         rng.normal(size=(2, s, width)))
    mask = rng.uniform(size=(2, t, s)) > 0.3 if masked else None
    if masked:
        mask[..., rng.integers(s)] = True      # every query position may attend somewhere
    output = layer(query, value, key, attention_mask=mask, return_attention_scores=scores)
    expected, expected_weights = reference(layer, query, value, key, mask)
    if scores:
        output, weights = output
        assert weights.shape == (2, heads, t, s)
        np.testing.assert_allclose(weights.numpy(), expected_weights, rtol=1e-9, atol=1e-12)
    assert output.shape == (2, t, width) == layer.compute_output_shape(query.shape,
                                                                        value.shape)
    np.testing.assert_allclose(output.numpy(), expected, rtol=1e-9, atol=1e-12)


def test_weights_have_keras_names_shapes_and_order():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=4, use_gate=True,
                                      name="mha")
    layer.build((None, 5, 6), (None, 7, 8), (None, 7, 9))
    assert [(w.path, tuple(w.shape)) for w in layer.weights] == [
        ("mha/query/kernel", (6, 2, 3)), ("mha/query/bias", (2, 3)),
        ("mha/key/kernel", (9, 2, 3)), ("mha/key/bias", (2, 3)),
        ("mha/gate/kernel", (6, 2, 4)), ("mha/gate/bias", (2, 4)),
        ("mha/value/kernel", (8, 2, 4)), ("mha/value/bias", (2, 4)),
        ("mha/attention_output/kernel", (2, 4, 6)), ("mha/attention_output/bias", (6,))]


@pytest.mark.parametrize("kwargs, call_kwargs", [
    (dict(num_heads=2, key_dim=2), {}),
    (dict(num_heads=2, key_dim=2, use_gate=True, output_shape=3),
     dict(use_causal_mask=True, return_attention_scores=True)),
    (dict(num_heads=1, key_dim=2, attention_axes=(1, 2)), {}),
])
def test_float64_gradients_reach_inputs_and_every_projection(kwargs, call_kwargs):
    rank4 = "attention_axes" in kwargs
    shape = (1, 2, 2, 3) if rank4 else (1, 3, 3)
    layer = layers.MultiHeadAttention(**kwargs, bias_initializer="uniform", dtype="float64")
    layer.build(shape, shape)

    def call(layer, query, value):
        out = layer(query, value, **call_kwargs)
        return out[0] if isinstance(out, tuple) else out
    assert_layer_weight_gradients(layer, [RNG.normal(size=shape), RNG.normal(size=shape)],
                                  call=call)


def test_masks_ride_through_a_functional_model():
    ids = kerasedu.Input((5,), dtype="int32")
    x = layers.Embedding(10, 4, mask_zero=True)(ids)
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=2)
    attended, scores = mha(x, x, return_attention_scores=True)
    assert attended.shape == (None, 5, 4) and scores.shape == (None, 2, 5, 5)
    assert attended._keras_mask.shape == (None, 5)
    model = kerasedu.Model(ids, [attended, scores])
    tokens = np.array([[3, 4, 0, 0, 0], [1, 2, 3, 4, 5]])
    output, weights = model(tokens)
    np.testing.assert_array_equal(weights.numpy()[0, :, :2, 2:], 0)   # no weight on padding
    embedded = model.layers[1](tokens)          # carries the padding mask, as in the model
    eager, _ = mha(embedded, embedded, return_attention_scores=True)
    np.testing.assert_allclose(output.numpy(), eager.numpy(), rtol=1e-6)


def test_dropout_is_seeded_and_only_in_training():
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    first = layers.MultiHeadAttention(2, 2, dropout=0.5, seed=1)
    second = layers.MultiHeadAttention.from_config(first.get_config())
    first.build(x.shape, x.shape)
    second.build(x.shape, x.shape)
    second.set_weights(first.get_weights())
    np.testing.assert_array_equal(first(x, x, training=True).numpy(),
                                  second(x, x, training=True).numpy())
    assert not np.allclose(first(x, x, training=True).numpy(), first(x, x).numpy())


def test_keyword_and_positional_calls_agree():
    layer = layers.MultiHeadAttention(2, 3)
    q, v = RNG.normal(size=(2, 3, 4)), RNG.normal(size=(2, 5, 4))
    np.testing.assert_array_equal(layer(query=q, value=v).numpy(), layer(q, v).numpy())
    np.testing.assert_array_equal(layer(q, v, key=v).numpy(), layer(q, v, v).numpy())


@pytest.mark.parametrize("kwargs, words", [
    (dict(num_heads=0, key_dim=2), "num_heads"),
    (dict(num_heads=2, key_dim=1.5), "key_dim"),
    (dict(num_heads=2, key_dim=2, value_dim=-1), "value_dim"),
    (dict(num_heads=2, key_dim=2, dropout=2.0), "dropout"),
    (dict(num_heads=2, key_dim=2, output_shape=8.0), "output_shape"),
    (dict(num_heads=2, key_dim=2, attention_axes="time"), "attention_axes"),
    (dict(num_heads=2, key_dim=2, sliding_window=0), "sliding_window"),
    (dict(num_heads=2, key_dim=2, flash_attention=True), "flash_attention"),
])
def test_bad_arguments_fail_at_once(kwargs, words):
    with pytest.raises(ValueError, match=words):
        layers.MultiHeadAttention(**kwargs, name="mha")


def test_bad_calls_name_the_layer():
    layer = layers.MultiHeadAttention(2, 2, name="mha")
    with pytest.raises(ValueError, match="'mha'.*needs a query and a value"):
        layer(np.ones((1, 2, 3)))
    with pytest.raises(ValueError, match="'mha'.*must be equal"):
        layer(np.ones((1, 2, 3)), np.ones((1, 4, 3)), np.ones((1, 5, 3)))
    assert not layer.built and not layer.weights          # nothing half-built is left
