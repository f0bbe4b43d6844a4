"""GroupQueryAttention: grouped heads equal multi-head attention with each key/value head
repeated, float64 gradients, config round trips and bad arguments."""

import numpy as np
import pytest

import kerasedu
from kerasedu import layers

from .weight_gradients import assert_layer_weight_gradients

RNG = np.random.default_rng(0)


def test_equals_multi_head_attention_with_repeated_key_value_heads():
    grouped = layers.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2,
                                         bias_initializer="uniform", dtype="float64")
    mha = layers.MultiHeadAttention(num_heads=4, key_dim=3, dtype="float64")
    query, value = RNG.normal(size=(2, 5, 6)), RNG.normal(size=(2, 7, 6))
    grouped.build(query.shape, value.shape)
    mha.build(query.shape, value.shape)
    weights = grouped.get_weights()     # query k, b; key k, b; value k, b; output k, b
    repeat = [np.repeat(w, 2, axis=1 if w.ndim == 3 else 0) for w in weights[2:6]]
    mha.set_weights(weights[:2] + repeat + weights[6:])
    for kwargs in ({}, dict(use_causal_mask=True), dict(return_attention_scores=True)):
        ours, reference = grouped(query, value, **kwargs), mha(query, value, **kwargs)
        for a, b in zip(*(x if isinstance(x, tuple) else (x,) for x in (ours, reference))):
            np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-12, atol=1e-12)


def test_both_names_and_keras_weight_names():
    assert layers.GroupQueryAttention is layers.GroupedQueryAttention
    layer = layers.GroupQueryAttention(2, 4, 1, use_gate=True, name="gqa")
    layer.build((None, 3, 5), (None, 4, 5))
    assert [(w.path, tuple(w.shape)) for w in layer.weights] == [
        ("gqa/query/kernel", (5, 4, 2)), ("gqa/query/bias", (4, 2)),
        ("gqa/key/kernel", (5, 1, 2)), ("gqa/key/bias", (1, 2)),
        ("gqa/gate/kernel", (5, 4, 2)), ("gqa/gate/bias", (4, 2)),
        ("gqa/value/kernel", (5, 1, 2)), ("gqa/value/bias", (1, 2)),
        ("gqa/attention_output/kernel", (4, 2, 5)), ("gqa/attention_output/bias", (5,))]
    assert kerasedu.layers.serialize(layer)["class_name"] == "GroupQueryAttention"
    config = layer.get_config()
    assert layers.GroupQueryAttention.from_config(config).get_config() == config


def test_float64_gradients_reach_inputs_and_every_projection():
    layer = layers.GroupQueryAttention(2, 2, 1, use_gate=True, bias_initializer="uniform",
                                       dtype="float64")
    layer.build((1, 3, 3), (1, 2, 3))
    assert_layer_weight_gradients(
        layer, [RNG.normal(size=(1, 3, 3)), RNG.normal(size=(1, 2, 3))],
        call=lambda layer, q, v: layer(q, v, use_causal_mask=True))


@pytest.mark.parametrize("kwargs, words", [
    (dict(head_dim=2, num_query_heads=3, num_key_value_heads=2), "divisible"),
    (dict(head_dim=0, num_query_heads=2, num_key_value_heads=1), "head_dim"),
    (dict(head_dim=2, num_query_heads=2.0, num_key_value_heads=1), "num_query_heads"),
    (dict(head_dim=2, num_query_heads=2, num_key_value_heads=1, sliding_window=-1),
     "sliding_window"),
])
def test_bad_arguments_fail_at_once(kwargs, words):
    with pytest.raises(ValueError, match=words):
        layers.GroupQueryAttention(**kwargs)
