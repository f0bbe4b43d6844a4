"""Noise layers: identity in inference, the right noise in training, seeds, gradients,
errors and symbolic shapes."""

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu import layers
from kerasedu.backend import gradients
from kerasedu.backend.ops.nn import SELU_ALPHA, SELU_SCALE
from kerasedu.backend.tensor import Variable
from kerasedu.engine import Input, Sequential

RNG = np.random.default_rng(0)
SATURATION = -SELU_ALPHA * SELU_SCALE


def data(*shape, dtype="float32"):
    return RNG.normal(size=shape).astype(dtype)


def make(name, seed=None, **kwargs):
    arguments = {"GaussianNoise": {"stddev": 0.5}, "GaussianDropout": {"rate": 0.3},
                 "AlphaDropout": {"rate": 0.2}}[name]
    return getattr(layers, name)(**{**arguments, **kwargs}, seed=seed)


NAMES = ["GaussianNoise", "GaussianDropout", "AlphaDropout"]


@pytest.mark.parametrize("name", NAMES)
def test_identity_outside_training(name):
    layer = make(name)
    x = data(4, 5)
    np.testing.assert_array_equal(layer(x).numpy(), x)
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x)
    assert not np.array_equal(layer(x, training=True).numpy(), x)


@pytest.mark.parametrize("name", NAMES)
def test_training_flag_from_a_model(name):
    model = Sequential([Input(shape=(5,)), make(name)])
    x = data(4, 5)
    np.testing.assert_array_equal(model(x).numpy(), x)
    assert not np.array_equal(model(x, training=True).numpy(), x)


@pytest.mark.parametrize("name", NAMES)
def test_seeded_layers_repeat_and_calls_differ(name):
    x = data(3, 4)
    first, second = make(name, seed=7), make(name, seed=7)
    a, b = first(x, training=True).numpy(), second(x, training=True).numpy()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first(x, training=True).numpy(), a)   # a new draw each call


@pytest.mark.parametrize("name, zero", [("GaussianNoise", {"stddev": 0.0}),
                                        ("GaussianDropout", {"rate": 0.0}),
                                        ("AlphaDropout", {"rate": 0.0})])
def test_zero_noise_is_identity(name, zero):
    x = data(3, 4)
    np.testing.assert_array_equal(make(name, **zero)(x, training=True).numpy(), x)


def test_gaussian_noise_statistics():
    x = data(400, 500)
    noise = make("GaussianNoise", seed=1, stddev=0.3)(x, training=True).numpy() - x
    assert abs(noise.mean()) < 0.005
    assert abs(noise.std() - 0.3) < 0.005


@pytest.mark.parametrize("rate", [0.1, 0.5])
def test_gaussian_dropout_multiplies_by_n_1_rate_over_1_minus_rate(rate):
    x = np.full((400, 500), 2.0, "float32")
    factor = make("GaussianDropout", seed=1, rate=rate)(x, training=True).numpy() / x
    assert abs(factor.mean() - 1) < 0.01
    assert abs(factor.std() - math.sqrt(rate / (1 - rate))) < 0.01


@pytest.mark.parametrize("rate", [0.1, 0.4])
def test_alpha_dropout_formula_and_self_normalization(rate):
    x = RNG.normal(size=(400, 500)).astype("float32")
    out = make("AlphaDropout", seed=3, rate=rate)(x, training=True).numpy()
    a = ((1 - rate) * (1 + rate * SATURATION ** 2)) ** -0.5
    b = -a * SATURATION * rate
    kept = np.isclose(out, a * x + b, rtol=1e-5, atol=1e-6)
    dropped = np.isclose(out, a * SATURATION + b, rtol=1e-5, atol=1e-6)
    assert np.all(kept | dropped)
    assert abs(dropped.mean() - rate) < 0.01
    assert abs(out.mean()) < 0.01 and abs(out.std() - 1) < 0.01    # still zero mean, unit var


def test_alpha_dropout_noise_shape_shares_decisions():
    x = RNG.normal(size=(6, 50, 4)).astype("float32")
    out = layers.AlphaDropout(0.5, noise_shape=(None, 1, 4), seed=0)(x, training=True).numpy()
    a = ((1 - 0.5) * (1 + 0.5 * SATURATION ** 2)) ** -0.5
    dropped = np.isclose(out, a * SATURATION - a * SATURATION * 0.5, atol=1e-6)
    assert np.all(dropped == dropped[:, :1, :])     # the same decision at every timestep
    assert 0 < dropped.mean() < 1


def test_noise_gradients_follow_the_drawn_noise():
    x = Variable(data(3, 4, dtype="float64"), dtype="float64")
    out = make("GaussianNoise", dtype="float64")(x, training=True)
    np.testing.assert_array_equal(gradients(out, x), np.ones((3, 4)))
    out = make("GaussianDropout", dtype="float64")(x, training=True)
    np.testing.assert_allclose(gradients(out, x), out.numpy() / x.numpy(), rtol=1e-10)
    rate = 0.2
    out = make("AlphaDropout", dtype="float64", rate=rate)(x, training=True)
    a = ((1 - rate) * (1 + rate * SATURATION ** 2)) ** -0.5
    keep = np.isclose(out.numpy(), a * x.numpy() - a * SATURATION * rate)
    np.testing.assert_allclose(gradients(out, x), a * keep, rtol=1e-10)
    np.testing.assert_array_equal(gradients(make("AlphaDropout")(x), x), np.ones((3, 4)))


@pytest.mark.parametrize("name", NAMES)
def test_masks_pass_through(name):
    masked = layers.Masking()(np.array([[[1.0], [0.0]]], "float32"))
    out = make(name)(masked, training=True)
    np.testing.assert_array_equal(out._keras_mask.numpy(), [[True, False]])


@pytest.mark.parametrize("name", NAMES)
def test_config_round_trip(name):
    layer = make(name, seed=3)
    config = layer.get_config()
    assert list(config)[:3] == ["name", "trainable", "dtype"] and config["seed"] == 3
    assert type(layer).from_config(config).get_config() == config
    assert layers.deserialize(layers.serialize(layer)).get_config() == config


def test_alpha_dropout_config_keeps_noise_shape():
    config = layers.AlphaDropout(0.1, noise_shape=(None, 1, 4)).get_config()
    assert config["noise_shape"] == [None, 1, 4]


def test_keras2_import_path():
    from kerasedu.layers.noise import AlphaDropout, GaussianDropout, GaussianNoise
    assert (GaussianNoise, GaussianDropout, AlphaDropout) == (
        layers.GaussianNoise, layers.GaussianDropout, layers.AlphaDropout)


def test_errors():
    with pytest.raises(ValueError, match="Expected a float value between 0 and 1. Received: "
                                         "stddev=1.5"):
        layers.GaussianNoise(1.5)
    with pytest.raises(ValueError, match="stddev=-0.1"):
        layers.GaussianNoise(-0.1)
    for cls in (layers.GaussianDropout, layers.AlphaDropout):
        with pytest.raises(ValueError, match="Invalid value received for argument `rate`"):
            cls(1.0)
        with pytest.raises(ValueError, match="rate=-0.5"):
            cls(-0.5)
    with pytest.raises(ValueError, match="needs one entry per axis"):
        layers.AlphaDropout(0.1, noise_shape=(None, 1))(data(2, 3, 4), training=True)


@settings(max_examples=20, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), batch=st.integers(1, 3),
       name=st.sampled_from(NAMES), training=st.booleans())
def test_symbolic_shape_matches_eager(shape, batch, name, training):
    symbolic = make(name)(Input(shape=tuple(shape)))
    eager = make(name)(data(batch, *shape), training=training)
    assert symbolic.shape == (None,) + eager.shape[1:]
