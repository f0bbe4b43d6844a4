"""Parity with real Keras 3: noise layers and advanced activation layers.

The noise layers draw from different random generators (numpy here, JAX in Keras), so their
training outputs are compared through what the noise must satisfy: the same set of possible
values (AlphaDropout's a·x + b and a·α' + b), and the same statistics.
"""

import os
import re

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from kerasedu import layers  # noqa: E402
from kerasedu.backend.ops.nn import SELU_ALPHA, SELU_SCALE  # noqa: E402

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(3)
X = np.array([[-7.0, -3.0, -1.0, -0.5, -0.1, 0.0, 0.1, 0.5],
              [0.9, 1.0, 1.5, 2.5, 3.0, 4.2, 6.0, 8.5]], "float32")


def pair(name, **kwargs):
    return getattr(layers, name)(**kwargs), getattr(keras.layers, name)(**kwargs)


def assert_same_config_keys(ours, theirs):
    assert set(ours.get_config()) == set(theirs.get_config())
    assert re.sub(r"_\d+$", "", ours.name) == re.sub(r"_\d+$", "", theirs.name)


# Noise layers.

NOISE = [("GaussianNoise", {"stddev": 0.3}), ("GaussianDropout", {"rate": 0.3}),
         ("AlphaDropout", {"rate": 0.2}), ("AlphaDropout", {"rate": 0.2,
                                                            "noise_shape": (None, 1)})]


@pytest.mark.parametrize("name, kwargs", NOISE)
def test_noise_inference_and_config(name, kwargs):
    ours, theirs = pair(name, seed=1, **kwargs)
    x = RNG.normal(size=(4, 6)).astype("float32")
    np.testing.assert_array_equal(ours(x).numpy(), np.asarray(theirs(x)))
    np.testing.assert_array_equal(ours(x, training=False).numpy(), x)
    assert_same_config_keys(ours, theirs)
    for key, value in theirs.get_config().items():
        if key not in ("name", "dtype"):
            mine = ours.get_config()[key]
            assert (tuple(mine) if isinstance(mine, list) else mine) == value, key
    assert ours.weights == [] and len(theirs.weights) == 0


def test_alpha_dropout_outputs_take_the_same_values():
    rate = 0.3
    x = RNG.normal(size=(200, 50)).astype("float32")
    ours, theirs = pair("AlphaDropout", rate=rate, seed=0)
    mine, keras_out = ours(x, training=True).numpy(), np.asarray(theirs(x, training=True))
    saturation = -SELU_ALPHA * SELU_SCALE
    a = ((1 - rate) * (1 + rate * saturation ** 2)) ** -0.5
    b = -a * saturation * rate
    for out in (mine, keras_out):
        kept = np.isclose(out, a * x + b, rtol=1e-5, atol=1e-5)
        dropped = np.isclose(out, a * saturation + b, rtol=1e-5, atol=1e-5)
        assert np.all(kept | dropped)
        assert abs(dropped.mean() - rate) < 0.02


@pytest.mark.parametrize("name, kwargs, statistic", [
    ("GaussianNoise", {"stddev": 0.4}, lambda out, x: (out - x).std()),
    ("GaussianDropout", {"rate": 0.4}, lambda out, x: (out / x).std()),
    ("AlphaDropout", {"rate": 0.4}, lambda out, x: out.std()),
])
def test_noise_statistics_match(name, kwargs, statistic):
    x = RNG.normal(size=(300, 300)).astype("float32")
    x[np.abs(x) < 1e-3] = 1.0                 # GaussianDropout's statistic divides by x
    ours, theirs = pair(name, seed=5, **kwargs)
    mine = statistic(ours(x, training=True).numpy(), x)
    expected = statistic(np.asarray(theirs(x, training=True)), x)
    assert abs(mine - expected) < 0.02 * max(1.0, expected)


# Advanced activations.

RELU_CASES = [{}, {"max_value": 6.0}, {"negative_slope": 0.1}, {"threshold": 1.0},
              {"max_value": 2.5, "threshold": 0.5},
              {"negative_slope": 0.2, "max_value": 4.0, "threshold": 1.0}]


@pytest.mark.parametrize("name, kwargs", [("ReLU", k) for k in RELU_CASES] + [
    ("LeakyReLU", {}), ("LeakyReLU", {"negative_slope": 0.05}), ("ELU", {}),
    ("ELU", {"alpha": 0.4}), ("Softmax", {}), ("Softmax", {"axis": 0}),
])
def test_activation_outputs_and_configs(name, kwargs):
    ours, theirs = pair(name, **kwargs)
    np.testing.assert_allclose(ours(X).numpy(), np.asarray(theirs(X)), rtol=1e-5, atol=1e-6)
    assert_same_config_keys(ours, theirs)
    for key, value in kwargs.items():
        assert ours.get_config()[key] == theirs.get_config()[key]


def test_leaky_relu_keras2_alpha_means_negative_slope():
    ours = layers.LeakyReLU(alpha=0.2)
    theirs = keras.layers.LeakyReLU(negative_slope=0.2)
    np.testing.assert_allclose(ours(X).numpy(), np.asarray(theirs(X)), rtol=1e-6)
    assert ours.get_config()["negative_slope"] == theirs.get_config()["negative_slope"]


def test_thresholded_relu_equals_keras3_relu_with_threshold():
    for theta in (0.0, 1.0, 2.5):
        np.testing.assert_allclose(layers.ThresholdedReLU(theta)(X).numpy(),
                                   np.asarray(keras.layers.ReLU(threshold=theta)(X)))


@pytest.mark.parametrize("shape, shared_axes", [((2, 3, 4), None), ((2, 3, 4, 5), [1, 2]),
                                                ((2, 3, 4), 1)])
def test_prelu(shape, shared_axes):
    ours, theirs = pair("PReLU", shared_axes=shared_axes)
    ours.build(shape)
    theirs.build(shape)
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights] == ["alpha"]
    assert ours.alpha.shape == tuple(theirs.alpha.shape)
    assert ours.count_params() == theirs.count_params()
    alpha = RNG.uniform(0.1, 0.9, size=ours.alpha.shape).astype("float32")
    ours.set_weights([alpha])
    theirs.set_weights([alpha])
    x = RNG.normal(size=shape).astype("float32")
    np.testing.assert_allclose(ours(x).numpy(), np.asarray(theirs(x)), rtol=1e-6)
    assert list(ours.get_config()) == list(theirs.get_config())
    assert ours.get_config()["shared_axes"] == theirs.get_config()["shared_axes"]
    assert ours.get_config()["alpha_initializer"]["class_name"] == \
        theirs.get_config()["alpha_initializer"]["class_name"]


@pytest.mark.parametrize("axis, mask", [
    (-1, np.array([[True, True, False, True], [False, True, True, True]])),
    (-1, np.array([[True, False, False, False], [False, False, False, False]])),
    (-1, np.array([0.0, 1.0, 0.9, 0.2], "float32")),
    ([1, 2], None), (1, None),
])
def test_softmax_axes_and_masks(axis, mask):
    x = RNG.normal(size=(2, 3, 4)).astype("float32") if mask is None else \
        RNG.normal(size=(2, 4)).astype("float32")
    ours, theirs = pair("Softmax", axis=axis)
    kwargs = {} if mask is None else {"mask": mask}
    np.testing.assert_allclose(ours(x, **kwargs).numpy(), np.asarray(theirs(x, **kwargs)),
                               rtol=1e-5, atol=1e-7)
