"""kerasedu.activations: values against numpy formulas, float64 gradients, get/serialize."""

import math
import warnings

import numpy as np
import pytest

from kerasedu import activations
from kerasedu.backend import Tensor, Variable, gradients
from kerasedu.backend.gradcheck import assert_gradients_match
from kerasedu.serialization import custom_object_scope, register_serializable

# Away from every kink of the piecewise activations (0, ±0.5, ±1, ±3, 6).
POINTS = np.array([-3.4, -2.7, -1.3, -0.4, 0.35, 0.8, 1.6, 2.45, 3.7, 6.8])
MATRIX = np.array([[-1.2, 0.4, 2.1, -0.3], [0.7, -2.2, 0.15, 1.3], [3.1, 2.9, -0.6, 0.05]])


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softplus(x):
    return np.log1p(np.exp(x))


def erf(x):
    return np.vectorize(math.erf)(x)


def sparsemax_by_bisection(row):
    """The τ with Σ max(row − τ, 0) = 1, found by bisection; returns max(row − τ, 0)."""
    low, high = row.min() - 1, row.max()
    for _ in range(200):
        tau = (low + high) / 2
        low, high = (tau, high) if np.maximum(row - tau, 0).sum() > 1 else (low, tau)
    return np.maximum(row - (low + high) / 2, 0)


ELEMENTWISE = {
    "relu": lambda x: np.maximum(x, 0),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.2 * x),
    "relu6": lambda x: np.minimum(np.maximum(x, 0), 6),
    "elu": lambda x: np.where(x > 0, x, np.exp(x) - 1),
    "selu": lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(x)),
    "celu": lambda x: np.where(x > 0, x, np.expm1(x)),
    "sigmoid": sigmoid,
    "hard_sigmoid": lambda x: np.clip((x + 3) / 6, 0, 1),
    "log_sigmoid": lambda x: np.log(sigmoid(x)),
    "tanh": np.tanh,
    "hard_tanh": lambda x: np.clip(x, -1, 1),
    "softplus": softplus,
    "softsign": lambda x: x / (1 + np.abs(x)),
    "silu": lambda x: x * sigmoid(x),
    "swish": lambda x: x / (1 + np.exp(-x)),
    "hard_silu": lambda x: x * np.clip(x + 3, 0, 6) / 6,
    "hard_swish": lambda x: x * np.clip(x / 6 + 0.5, 0, 1),
    "gelu": lambda x: 0.5 * x * (1 + erf(x / np.sqrt(2))),
    "mish": lambda x: x * np.tanh(softplus(x)),
    "squareplus": lambda x: (x + np.sqrt(x * x + 4)) / 2,
    "tanh_shrink": lambda x: x - np.tanh(x),
    "hard_shrink": lambda x: np.where(np.abs(x) > 0.5, x, 0),
    "soft_shrink": lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.5, 0),
    "sparse_plus": lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
    "sparse_sigmoid": lambda x: np.clip((x + 1) / 2, 0, 1),
    "linear": lambda x: x,
    "exponential": np.exp,
}

ALONG_AXIS = {
    "softmax": lambda x: np.exp(x) / np.exp(x).sum(-1, keepdims=True),
    "log_softmax": lambda x: x - np.log(np.exp(x).sum(-1, keepdims=True)),
    "glu": lambda x: x[:, :2] * sigmoid(x[:, 2:]),
    "sparsemax": lambda x: np.stack([sparsemax_by_bisection(row) for row in x]),
}


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise_values_match_formula(name):
    result = activations.get(name)(POINTS)
    np.testing.assert_allclose(np.asarray(result), ELEMENTWISE[name](POINTS), rtol=1e-12,
                               atol=1e-12)


@pytest.mark.parametrize("name", sorted(ALONG_AXIS))
def test_along_axis_values_match_formula(name):
    result = activations.get(name)(MATRIX)
    np.testing.assert_allclose(np.asarray(result), ALONG_AXIS[name](MATRIX), rtol=1e-9,
                               atol=1e-9)


@pytest.mark.parametrize("name", sorted(set(ELEMENTWISE) - {"linear"}))
def test_elementwise_gradients(name):
    assert_gradients_match(activations.get(name), POINTS)


def test_linear_gradient_is_one():
    x = Variable(POINTS, dtype="float64")
    y = activations.linear(x) * 1.0
    np.testing.assert_array_equal(gradients(y, x), np.ones_like(POINTS))


@pytest.mark.parametrize("name", sorted(ALONG_AXIS))
def test_along_axis_gradients(name):
    assert_gradients_match(activations.get(name), MATRIX)


def test_gelu_approximate_uses_tanh_formula():
    inner = np.sqrt(2 / np.pi) * (POINTS + 0.044715 * POINTS ** 3)
    expected = 0.5 * POINTS * (1 + np.tanh(inner))
    np.testing.assert_allclose(np.asarray(activations.gelu(POINTS, approximate=True)), expected,
                               rtol=1e-12)
    assert_gradients_match(lambda x: activations.gelu(x, approximate=True), POINTS)
    assert not np.allclose(np.asarray(activations.gelu(POINTS)), expected)


RELU_X = np.array([-10.0, -5.0, 0.0, 5.0, 10.0])


@pytest.mark.parametrize("kwargs, expected", [
    ({}, [0, 0, 0, 5, 10]),
    ({"negative_slope": 0.5}, [-5, -2.5, 0, 5, 10]),
    ({"max_value": 5.0}, [0, 0, 0, 5, 5]),
    ({"threshold": 5.0}, [0, 0, 0, 0, 10]),
    ({"negative_slope": 0.5, "threshold": 5.0}, [-7.5, -5, -2.5, 0, 10]),
    ({"negative_slope": 0.5, "max_value": 6.0}, [-5, -2.5, 0, 5, 6]),
    ({"threshold": -2.0, "max_value": 8.0}, [0, 0, 0, 5, 8]),
    ({"alpha": 0.1}, [-1, -0.5, 0, 5, 10]),
])
def test_relu_options(kwargs, expected):
    np.testing.assert_allclose(np.asarray(activations.relu(RELU_X, **kwargs)), expected)


def test_relu_options_gradient():
    x = np.array([-7.3, -3.1, 2.2, 4.1, 6.5, 9.0])
    assert_gradients_match(
        lambda t: activations.relu(t, negative_slope=0.3, max_value=8.0, threshold=3.0), x)


def test_parametrised_activations():
    np.testing.assert_allclose(np.asarray(activations.elu(POINTS, alpha=0.5)),
                               np.where(POINTS > 0, POINTS, 0.5 * np.expm1(POINTS)))
    np.testing.assert_allclose(np.asarray(activations.leaky_relu(POINTS, negative_slope=0.01)),
                               np.where(POINTS > 0, POINTS, 0.01 * POINTS))
    np.testing.assert_allclose(np.asarray(activations.celu(POINTS, alpha=2.0)),
                               np.where(POINTS > 0, POINTS, 2 * np.expm1(POINTS / 2)))
    np.testing.assert_allclose(np.asarray(activations.threshold(POINTS, 1.0, -7.0)),
                               np.where(POINTS > 1, POINTS, -7.0))
    np.testing.assert_allclose(np.asarray(activations.squareplus(POINTS, b=1)),
                               (POINTS + np.sqrt(POINTS ** 2 + 1)) / 2)


def test_softmax_along_other_axis_sums_to_one_and_is_stable():
    out = np.asarray(activations.softmax(MATRIX, axis=0))
    np.testing.assert_allclose(out.sum(axis=0), np.ones(4))
    huge = np.array([[1000.0, 1001.0, 1002.0]])
    np.testing.assert_allclose(np.asarray(activations.softmax(huge)),
                               np.asarray(activations.softmax(huge - 1000.0)))
    np.testing.assert_allclose(np.asarray(activations.log_softmax(huge)),
                               [[-2.40760596, -1.40760596, -0.40760596]])


def test_sparsemax_gives_exact_zeros_and_sums_to_one():
    out = np.asarray(activations.sparsemax(np.array([[3.0, 1.0, 0.2], [0.1, 0.2, 0.3]])))
    np.testing.assert_allclose(out, [[1.0, 0.0, 0.0], [0.23333333, 1 / 3, 0.43333333]],
                               rtol=1e-6)


def test_outputs_are_tensors_that_keep_float32():
    x = np.linspace(-2, 2, 5, dtype="float32")
    for name in sorted(set(ELEMENTWISE) - {"linear"}):
        out = activations.get(name)(x)
        assert isinstance(out, Tensor), name
        assert out.dtype == np.float32, name


def test_extreme_inputs_stay_finite_without_warnings():
    x = np.array([[-1e4, -100.0, -20.0, 0.0, 20.0, 100.0, 1e4, 3.0]], dtype="float32")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, function in activations.ALL_OBJECTS_DICT.items():
            if name in ("exponential", "threshold"):
                continue
            assert np.isfinite(np.asarray(function(x))).all(), name


def test_glu_needs_an_even_axis():
    with pytest.raises(ValueError, match="even"):
        activations.glu(np.ones((2, 3)))


# get / serialize / deserialize.

def test_get_every_name_returns_the_function():
    for name, function in activations.ALL_OBJECTS_DICT.items():
        assert activations.get(name) is function
        assert getattr(activations, name) is function


def test_get_none_callable_and_dict():
    assert activations.get(None) is activations.linear

    def double(x):
        return x * 2

    assert activations.get(double) is double
    assert activations.get({"class_name": "function", "config": "tanh"}) is activations.tanh


def test_get_unknown_name_lists_the_valid_ones_and_suggests():
    with pytest.raises(ValueError, match="Unknown activation function: 'Relu'") as info:
        activations.get("Relu")
    assert "Did you mean 'relu'" in str(info.value)
    assert "softmax" in str(info.value) and "leaky_relu" in str(info.value)
    with pytest.raises(ValueError, match="Could not interpret activation"):
        activations.get(42)


def test_serialize_round_trips_every_builtin():
    for name in activations.ALL_OBJECTS_DICT:
        function = activations.get(name)
        serialized = activations.serialize(function)
        assert serialized == function.__name__
        assert activations.deserialize(serialized) is function
    assert activations.serialize(activations.swish) == "silu"
    assert activations.serialize(activations.hard_swish) == "hard_silu"


def test_custom_activation_serialization():
    @register_serializable(package="test_activations")
    def scaled_tanh(x):
        return activations.tanh(x) * 2

    assert activations.serialize(scaled_tanh) == "test_activations>scaled_tanh"
    assert activations.deserialize("test_activations>scaled_tanh") is scaled_tanh

    def cube(x):
        return x * x * x

    assert activations.serialize(cube) == "cube"
    with custom_object_scope({"cube": cube}):
        assert activations.get("cube") is cube
    with pytest.raises(ValueError, match="lambda"):
        activations.serialize(lambda x: x)
