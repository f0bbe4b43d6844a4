"""ReversibleEmbedding: the reverse projection against h·Eᵀ (or h·R) written in numpy, float64
gradients through the inputs and both tables, masks, shapes, configs, training, bad arguments."""

import numpy as np
import pytest

import kerasedu
from kerasedu import layers

from .weight_gradients import assert_layer_weight_gradients

RNG = np.random.default_rng(3)


def built(**kwargs):
    layer = layers.ReversibleEmbedding(6, 3, **kwargs)
    layer.build()
    return layer


def test_reverse_is_the_product_with_the_transposed_table():
    layer = built()
    h = RNG.normal(size=(2, 4, 3)).astype("float32")
    table = layer.embeddings.numpy()
    np.testing.assert_allclose(layer(h, reverse=True).numpy(), h @ table.T, rtol=1e-6)
    np.testing.assert_allclose(layer(np.array([[5, 0]])).numpy(), table[[[5, 0]]])


def test_untied_reverse_uses_its_own_matrix_and_soft_cap():
    layer = built(tie_weights=False, logit_soft_cap=0.7)
    assert [w.path for w in layer.trainable_weights] == [
        f"{layer.name}/embeddings", f"{layer.name}/reverse_embeddings"]
    assert layer.reverse_embeddings.shape == (3, 6)
    h = RNG.normal(size=(4, 3)).astype("float32")
    expected = 0.7 * np.tanh(h @ layer.reverse_embeddings.numpy() / 0.7)
    np.testing.assert_allclose(layer(h, reverse=True).numpy(), expected, rtol=1e-5)


@pytest.mark.parametrize("kwargs", [dict(), dict(tie_weights=False, logit_soft_cap=1.5)],
                         ids=str)
def test_float64_gradients_through_inputs_and_tables(kwargs):
    layer = layers.ReversibleEmbedding(5, 3, dtype="float64", **kwargs)
    layer.build()
    layer.set_weights([RNG.normal(size=tuple(w.shape)) for w in layer.weights])
    assert_layer_weight_gradients(layer, [RNG.normal(size=(2, 3))],
                                  call=lambda layer, h: layer(h, reverse=True))
    ids = np.array([[1, 4, 4], [0, 2, 3]])
    assert_layer_weight_gradients(
        layer, [], call=lambda layer: layer(layer(ids), reverse=True))


def test_masks_as_in_keras():
    layer = built(mask_zero=True)
    forward = layer(np.array([[2, 0, 1]]))
    np.testing.assert_array_equal(forward._keras_mask.numpy(), [[True, False, True]])
    assert getattr(layer(forward, reverse=True), "_keras_mask", None) is None


def test_symbolic_shapes_config_and_saving(tmp_path):
    ids = kerasedu.Input((7,), dtype="int32")
    embedding = layers.ReversibleEmbedding(11, 4, tie_weights=False, reverse_dtype="float32",
                                           logit_soft_cap=20.0, name="tokens")
    logits = embedding(embedding(ids), reverse=True)
    assert tuple(logits.shape) == (None, 7, 11)
    assert embedding.compute_output_shape((2, 7)) == (2, 7, 4)
    assert embedding.compute_output_shape((2, 7, 4), reverse=True) == (2, 7, 11)
    config = embedding.get_config()
    assert (config["tie_weights"], config["reverse_dtype"], config["logit_soft_cap"]) == \
        (False, "float32", 20.0)
    assert layers.ReversibleEmbedding.from_config(config).get_config() == config
    model = kerasedu.Model(ids, logits)
    x = RNG.integers(0, 11, size=(2, 7))
    model.save(tmp_path / "lm.keras")
    loaded = kerasedu.models.load_model(tmp_path / "lm.keras")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_a_tied_language_model_trains():
    ids = kerasedu.Input((4,), dtype="int32")
    embedding = layers.ReversibleEmbedding(8, 6)
    model = kerasedu.Model(ids, embedding(embedding(ids), reverse=True))
    model.compile(kerasedu.optimizers.Adam(0.05),
                  kerasedu.losses.SparseCategoricalCrossentropy(from_logits=True))
    x = RNG.integers(0, 8, size=(16, 4))
    history = model.fit(x, x, epochs=30, verbose=0)
    assert history.history["loss"][-1] < 0.3 * history.history["loss"][0]


@pytest.mark.parametrize("kwargs, kind, words", [
    (dict(tie_weights="yes"), TypeError, "tie_weights"),
    (dict(logit_soft_cap=0), ValueError, "logit_soft_cap=0"),
    (dict(logit_soft_cap="big"), TypeError, "logit_soft_cap"),
    (dict(reverse_dtype="float99"), ValueError, "reverse_dtype"),
])
def test_bad_arguments_name_layer_value_and_fix(kwargs, kind, words):
    with pytest.raises(kind) as error:
        layers.ReversibleEmbedding(6, 3, name="vocab", **kwargs)
    message = str(error.value)
    assert "vocab" in message and words in message and "For example" in message


def test_reverse_call_on_vectors_of_the_wrong_size():
    with pytest.raises(ValueError, match=r"output_dim=3.*\(2, 5\)"):
        built()(np.ones((2, 5), "float32"), reverse=True)
