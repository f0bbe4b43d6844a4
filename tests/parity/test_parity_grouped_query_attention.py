"""Parity with real Keras 3: GroupQueryAttention, same weights (names, shapes, order), same
outputs, attention weights and loss gradients; configs and build configs."""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from kerasedu import layers  # noqa: E402

from gradient_parity import assert_same_loss_gradients, copy_weights  # noqa: E402

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(8)

CASES = {   # constructor arguments, call arguments
    "grouped": (dict(head_dim=3, num_query_heads=4, num_key_value_heads=2), {}),
    "multi_query_causal": (dict(head_dim=2, num_query_heads=3, num_key_value_heads=1),
                           dict(use_causal_mask=True)),
    "gate_no_bias_masks": (dict(head_dim=2, num_query_heads=2, num_key_value_heads=2,
                                use_gate=True, use_bias=False),
                           dict(value_mask=np.array([[1, 1, 1, 0, 0], [1, 0, 1, 1, 1]], bool),
                                query_mask=np.array([[1, 1, 0, 1], [1, 1, 1, 1]], bool))),
    "sliding_window": (dict(head_dim=2, num_query_heads=4, num_key_value_heads=2,
                            sliding_window=2),
                       dict(attention_mask=np.tril(np.ones((2, 4, 5), bool), 2))),
}


@pytest.mark.parametrize("scores", [False, True])
@pytest.mark.parametrize("case", sorted(CASES))
def test_outputs_and_gradients_match_keras(case, scores):
    kwargs, call_kwargs = CASES[case]
    ours = layers.GroupQueryAttention(**kwargs)
    theirs = keras.layers.GroupQueryAttention(**kwargs)
    shapes = [(2, 4, 6), (2, 5, 6), (2, 5, 3)]
    ours.build(*shapes)
    theirs.build(*shapes)
    copy_weights(ours, theirs, RNG)
    inputs = [RNG.normal(size=s).astype("float32") for s in shapes]
    assert_same_loss_gradients(ours, theirs, inputs, RNG, return_attention_scores=scores,
                               **call_kwargs)
    if scores:
        np.testing.assert_allclose(
            ours(*inputs, return_attention_scores=True, **call_kwargs)[1].numpy(),
            np.asarray(theirs(*inputs, return_attention_scores=True, **call_kwargs)[1]),
            rtol=1e-5, atol=1e-6)


def test_config_build_config_and_weights_are_keras():
    kwargs = dict(head_dim=2, num_query_heads=4, num_key_value_heads=2, dropout=0.1,
                  use_gate=True, sliding_window=3, seed=5, kernel_regularizer="l2", name="g")
    ours, theirs = layers.GroupQueryAttention(**kwargs), keras.layers.GroupQueryAttention(**kwargs)
    x = np.ones((2, 3, 5), "float32")
    ours(x, x)
    theirs(x, x)
    assert {k: v for k, v in ours.get_config().items() if k != "dtype"} == \
        {k: v for k, v in theirs.get_config().items() if k != "dtype"}
    assert ours.get_build_config() == theirs.get_build_config()
    assert [(w.path, tuple(w.shape)) for w in ours.weights] == \
        [(w.path, tuple(w.shape)) for w in theirs.weights]
