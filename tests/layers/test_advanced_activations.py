"""Advanced activation layers: formulas, PReLU's weights, Softmax masks, errors, gradients and
symbolic shapes."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu import layers
from kerasedu.backend import gradients
from kerasedu.backend.gradcheck import assert_gradients_match, numerical_gradient
from kerasedu.backend.tensor import Tensor
from kerasedu.engine import Input

RNG = np.random.default_rng(0)
X = np.array([[-7.0, -3.0, -1.0, -0.5, -0.1, 0.0, 0.1, 0.5],
              [0.9, 1.0, 1.5, 2.5, 3.0, 4.2, 6.0, 8.5]], "float32")


def reference_relu(x, max_value=None, negative_slope=0.0, threshold=0.0):
    positive = np.where(x > threshold, x, 0.0) if threshold else np.maximum(x, 0.0)
    if max_value is not None:
        positive = np.minimum(positive, max_value)
    return positive - negative_slope * np.maximum(threshold - x, 0.0)


@pytest.mark.parametrize("kwargs", [{}, {"max_value": 6.0}, {"negative_slope": 0.1},
                                    {"threshold": 1.0}, {"max_value": 2.5, "threshold": 0.5},
                                    {"negative_slope": 0.2, "max_value": 4.0,
                                     "threshold": 1.0}])
def test_relu(kwargs):
    np.testing.assert_allclose(layers.ReLU(**kwargs)(X).numpy(), reference_relu(X, **kwargs),
                               rtol=1e-6)


def test_leaky_relu_default_and_keras2_alpha():
    np.testing.assert_allclose(layers.LeakyReLU()(X).numpy(), np.where(X > 0, X, 0.3 * X))
    keras2 = layers.LeakyReLU(alpha=0.1)
    assert keras2.negative_slope == 0.1 and "alpha" not in keras2.get_config()
    np.testing.assert_allclose(keras2(X).numpy(), np.where(X > 0, X, 0.1 * X))
    np.testing.assert_allclose(layers.LeakyReLU(negative_slope=0.05)(X).numpy(),
                               np.where(X > 0, X, 0.05 * X))


@pytest.mark.parametrize("alpha", [1.0, 0.3])
def test_elu(alpha):
    big = np.array([[1000.0, -1000.0]], "float32")              # no overflow warnings
    np.testing.assert_allclose(layers.ELU(alpha)(X).numpy(),
                               np.where(X > 0, X, alpha * np.expm1(X)), rtol=1e-6)
    np.testing.assert_allclose(layers.ELU(alpha)(big).numpy(), [[1000.0, -alpha]])


def test_thresholded_relu_keras2_semantics():
    np.testing.assert_array_equal(layers.ThresholdedReLU()(X).numpy(), np.where(X > 1.0, X, 0))
    np.testing.assert_array_equal(layers.ThresholdedReLU(theta=0.0)(X).numpy(),
                                  np.where(X > 0, X, 0))
    assert layers.ThresholdedReLU(2).get_config()["theta"] == 2.0


def test_prelu_weights_and_values():
    layer = layers.PReLU()
    x = RNG.normal(size=(3, 4, 5)).astype("float32")
    np.testing.assert_array_equal(layer(x).numpy(), np.maximum(x, 0))    # alpha starts at 0
    assert [w.path for w in layer.weights] == [f"{layer.name}/alpha"]
    assert layer.alpha.shape == (4, 5) and layer.alpha.trainable
    alpha = RNG.uniform(0.1, 0.5, size=(4, 5)).astype("float32")
    layer.set_weights([alpha])
    np.testing.assert_allclose(layer(x).numpy(), np.where(x > 0, x, alpha * x), rtol=1e-6)


def test_prelu_shared_axes():
    layer = layers.PReLU(shared_axes=[1, 2])
    x = RNG.normal(size=(2, 3, 4, 5)).astype("float32")
    layer(x)
    assert layer.alpha.shape == (1, 1, 5) and layer.count_params() == 5
    assert layers.PReLU(shared_axes=1)(x) is not None
    unknown_steps = layers.PReLU(shared_axes=1)(Input(shape=(None, 5)))
    assert unknown_steps.shape == (None, None, 5)
    with pytest.raises(ValueError, match="every non-batch axis must have a known size"):
        layers.PReLU()(Input(shape=(None, 5)))
    with pytest.raises(ValueError, match="expected axis 3 of input shape to have value 5"):
        layer(RNG.normal(size=(2, 3, 4, 6)))


def test_prelu_regularizer_constraint_and_initializer():
    layer = layers.PReLU(alpha_initializer="ones", alpha_regularizer="l2",
                         alpha_constraint="non_neg")
    layer(np.ones((2, 3), "float32"))
    np.testing.assert_array_equal(layer.alpha.numpy(), np.ones(3))
    assert len(layer.losses) == 1 and layer.alpha.constraint is not None


def test_softmax():
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    e = np.exp(x - x.max(-1, keepdims=True))
    np.testing.assert_allclose(layers.Softmax()(x).numpy(), e / e.sum(-1, keepdims=True),
                               rtol=1e-6)
    out = layers.Softmax(axis=1)(x).numpy()
    np.testing.assert_allclose(out.sum(1), 1.0, rtol=1e-6)
    out = layers.Softmax(axis=[1, 2])(x).numpy()
    e = np.exp(x)
    np.testing.assert_allclose(out, e / e.sum((1, 2), keepdims=True), rtol=1e-5)


def test_softmax_mask():
    x = RNG.normal(size=(2, 4)).astype("float32")
    mask = np.array([[True, True, False, True], [False, False, False, False]])
    out = layers.Softmax()(x, mask=mask).numpy()
    e = np.where(mask, np.exp(x), 0)
    np.testing.assert_allclose(out[0], e[0] / e[0].sum(), rtol=1e-6)
    np.testing.assert_array_equal(out[1], 0.0)       # all masked: zeros, not a uniform guess
    float_mask = layers.Softmax()(x, mask=mask.astype("float32")).numpy()
    np.testing.assert_array_equal(float_mask, out)
    row_mask = layers.Softmax()(x, mask=np.array([True, False, True, True])).numpy()
    assert np.all(row_mask[:, 1] == 0) and np.allclose(row_mask.sum(-1), 1)
    with pytest.raises(ValueError, match="The `mask` must be broadcastable to `inputs`"):
        layers.Softmax()(x, mask=np.ones((2, 3), bool))


def test_softmax_takes_the_mask_of_its_input():
    x = np.array([[[1.0, 2.0], [0.0, 0.0], [3.0, 1.0]]], "float32")    # (1, 3, 2)
    scores = layers.Masking()(x)                                           # mask (1, 3)
    out = layers.Softmax(axis=1)(scores, mask=scores._keras_mask[:, :, None])
    assert np.all(out.numpy()[:, 1, :] == 0)
    np.testing.assert_allclose(out.numpy().sum(1), 1.0, rtol=1e-6)
    with pytest.raises(ValueError, match="must be broadcastable"):    # as in Keras 3: a
        layers.Softmax()(scores)        # (1, 3) timestep mask does not align with (1, 3, 2)


@pytest.mark.parametrize("layer", [
    layers.ReLU(max_value=2.0, negative_slope=0.1, threshold=0.5), layers.LeakyReLU(0.2),
    layers.ELU(0.5), layers.PReLU(shared_axes=[1]), layers.ThresholdedReLU(0.5),
    layers.Softmax(axis=[1, 2])], ids=lambda layer: type(layer).__name__)
def test_config_round_trip(layer):
    config = layer.get_config()
    assert list(config)[:3] == ["name", "trainable", "dtype"]
    assert type(layer).from_config(config).get_config() == config
    assert layers.deserialize(layers.serialize(layer)).get_config() == config


def test_keras2_import_path():
    from kerasedu.layers.advanced_activations import (ELU, LeakyReLU, PReLU, ReLU, Softmax,
                                                      ThresholdedReLU)
    assert (ELU, LeakyReLU, PReLU, ReLU, Softmax, ThresholdedReLU) == (
        layers.ELU, layers.LeakyReLU, layers.PReLU, layers.ReLU, layers.Softmax,
        layers.ThresholdedReLU)
    assert layers.ReLU().name.startswith("re_lu") and layers.PReLU().name.startswith("p_re_lu")


def test_errors():
    with pytest.raises(ValueError, match="max_value of a ReLU layer cannot be a negative value"):
        layers.ReLU(max_value=-1)
    with pytest.raises(ValueError, match="negative_slope of a ReLU layer cannot be None or a "
                                         "negative value"):
        layers.ReLU(negative_slope=-0.1)
    with pytest.raises(ValueError, match="threshold of a ReLU layer cannot be None"):
        layers.ReLU(threshold=None)
    with pytest.raises(ValueError, match="negative_slope value of a Leaky ReLU layer"):
        layers.LeakyReLU(alpha=-1)
    with pytest.raises(ValueError, match="Theta of a Thresholded ReLU layer cannot be None"):
        layers.ThresholdedReLU(None)
    with pytest.raises(ValueError, match="should be >=0. Received: -1"):
        layers.ThresholdedReLU(-1)
    with pytest.raises(ValueError, match="shared_axes=\\[0\\] contains axis 0"):
        layers.PReLU(shared_axes=[0])(np.ones((2, 3), "float32"))
    with pytest.raises(TypeError, match="int or a list of ints"):
        layers.Softmax(axis="last")


# Gradients (float64). Inputs stay away from the kinks, where finite differences straddle two
# pieces.

SMOOTH = np.array([[-2.3, -1.2, -0.7, -0.3, 0.3, 0.7, 1.3, 2.4, 3.1]])


@pytest.mark.parametrize("layer", [
    layers.ReLU(dtype="float64"), layers.ReLU(max_value=2.0, negative_slope=0.1,
                                              threshold=0.5, dtype="float64"),
    layers.LeakyReLU(dtype="float64"), layers.ELU(0.7, dtype="float64"),
    layers.ThresholdedReLU(1.0, dtype="float64"), layers.Softmax(dtype="float64"),
    layers.Softmax(axis=[0, 1], dtype="float64")], ids=lambda layer: type(layer).__name__)
def test_input_gradients(layer):
    assert_gradients_match(lambda t: layer(t), SMOOTH)


def test_softmax_gradient_with_mask():
    layer = layers.Softmax(dtype="float64")
    mask = np.array([[True, False, True, True, False, True, True, True, True]])
    assert_gradients_match(lambda t: layer(t, mask=mask), SMOOTH)


def test_prelu_gradients_for_input_and_alpha():
    layer = layers.PReLU(shared_axes=[1], dtype="float64")
    x = np.array([[[-1.3, 0.4], [0.8, -0.6], [-2.1, 1.7]]])          # (1, 3, 2)
    layer.build(x.shape)
    layer.set_weights([np.array([[0.25, 0.6]])])
    assert_gradients_match(lambda t: layer(t), x)
    weighting = RNG.normal(size=x.shape)
    analytic = gradients(layer(Tensor(x)), layer.alpha, output_gradient=weighting)

    def weighted(alpha):
        layer.alpha.assign(alpha)
        return float(np.sum(weighting * layer(Tensor(x)).numpy()))
    numerical = numerical_gradient(weighted, np.array([[0.25, 0.6]]))
    np.testing.assert_allclose(analytic, numerical, rtol=1e-6)
    np.testing.assert_allclose(analytic, np.sum(weighting * np.minimum(x, 0), axis=(0, 1))[None])


# Symbolic and eager shapes agree.

@settings(max_examples=20, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), batch=st.integers(1, 3),
       name=st.sampled_from(["ReLU", "LeakyReLU", "ELU", "PReLU", "ThresholdedReLU",
                             "Softmax"]))
def test_symbolic_shape_matches_eager(shape, batch, name):
    symbolic = getattr(layers, name)()(Input(shape=tuple(shape)))
    eager = getattr(layers, name)()(RNG.normal(size=(batch, *shape)).astype("float32"))
    assert symbolic.shape == (None,) + eager.shape[1:]
