"""ReversibleEmbedding against real Keras 3: with the same tables, the lookup, the reverse
projection (tied and untied, soft-capped, in another dtype) and a language model's round trip
ids -> vectors -> logits give the same values and the same gradients of a loss; configs."""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from kerasedu import layers  # noqa: E402
from kerasedu.backend import Variable, gradients  # noqa: E402

from gradient_parity import assert_same_loss_gradients, copy_weights  # noqa: E402

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(7)
KWARGS = [dict(), dict(logit_soft_cap=0.5),
          dict(tie_weights=False, logit_soft_cap=2.0, mask_zero=True)]


def pair(**kwargs):
    ours = layers.ReversibleEmbedding(9, 4, **kwargs)
    theirs = keras.layers.ReversibleEmbedding(9, 4, **kwargs)
    ours.build()
    theirs.build()
    copy_weights(ours, theirs, RNG, scale=1.0)
    return ours, theirs


@pytest.mark.parametrize("kwargs", KWARGS, ids=str)
def test_reverse_projection_matches_keras(kwargs):
    ours, theirs = pair(**kwargs)
    h = RNG.normal(size=(2, 3, 4)).astype("float32")
    assert_same_loss_gradients(ours, theirs, [h], RNG, reverse=True)
    assert ours.compute_output_shape((2, 3, 4), reverse=True) == \
        tuple(theirs.compute_output_shape((2, 3, 4), reverse=True))
    their_config = {k: v for k, v in theirs.get_config().items() if k != "quantization_config"}
    assert {k: v for k, v in ours.get_config().items() if k != "name"} == \
        {k: v for k, v in their_config.items() if k != "name"}


def language_model_ours(layer, ids, weighting):
    logits = layer(layer(ids), reverse=True)
    return logits.numpy(), gradients(logits, list(layer.trainable_weights),
                                     output_gradient=weighting)


def language_model_keras(layer, ids, weighting):
    import jax
    import jax.numpy as jnp

    def loss(trainable):
        hidden, _ = layer.stateless_call(trainable, [], ids)
        logits, _ = layer.stateless_call(trainable, [], hidden, reverse=True)
        return jnp.sum(logits * weighting), logits

    (_, logits), grads = jax.value_and_grad(loss, has_aux=True)(
        [v.value for v in layer.trainable_variables])
    return np.asarray(logits), [np.asarray(g) for g in grads]


@pytest.mark.parametrize("kwargs", KWARGS, ids=str)
def test_lookup_then_reverse_matches_keras(kwargs):
    ours, theirs = pair(**kwargs)
    ids = RNG.integers(0, 9, size=(2, 5)).astype("int32")
    ids[0, -2:] = 0
    forward = ours(ids)
    np.testing.assert_allclose(forward.numpy(), np.asarray(theirs(ids)), rtol=1e-6)
    their_mask = getattr(theirs(ids), "_keras_mask", None)
    my_mask = getattr(forward, "_keras_mask", None)
    assert (my_mask is None) == (their_mask is None)
    if my_mask is not None:
        np.testing.assert_array_equal(my_mask.numpy(), np.asarray(their_mask))
    weighting = RNG.normal(size=(2, 5, 9)).astype("float32")
    logits, grads = language_model_ours(ours, ids, weighting)
    their_logits, their_grads = language_model_keras(theirs, ids, weighting)
    np.testing.assert_allclose(logits, their_logits, rtol=1e-5, atol=1e-6)
    for mine, expected in zip(grads, their_grads, strict=True):
        np.testing.assert_allclose(mine, expected, rtol=1e-4, atol=1e-5)   # float32 sums


def test_reverse_dtype_matches_keras():
    ours, theirs = pair(reverse_dtype="float16", logit_soft_cap=3.0)
    h = RNG.normal(size=(3, 4)).astype("float32")
    mine, expected = ours(h, reverse=True), np.asarray(theirs(h, reverse=True))
    assert str(mine.dtype) == str(expected.dtype) == "float16"
    np.testing.assert_allclose(mine.numpy(), expected, rtol=2e-3, atol=2e-3)


def test_functional_shapes_match_keras():
    results = []
    for library in (layers, keras.layers):
        module = keras if library is keras.layers else __import__("kerasedu")
        ids = module.Input((5,), dtype="int32")
        embedding = library.ReversibleEmbedding(9, 4, tie_weights=False)
        logits = embedding(embedding(ids), reverse=True)
        model = module.Model(ids, logits)
        results.append((tuple(logits.shape), [w.path.split("/", 1)[1] for w in model.weights]))
    assert results[0] == results[1] == ((None, 5, 9), ["embeddings", "reverse_embeddings"])
