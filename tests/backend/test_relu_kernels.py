"""relu through its kernels (kerasedu/backend/kernels/relu.py): the same values as numpy's
maximum, bit for bit (NaN, ±0 and infinities included), the same gradient, under numba and the
numpy twins, and numpy's own expressions for small or non-contiguous arrays."""

import numpy as np
import pytest

from kerasedu.backend import Variable, ops
from kerasedu.backend.autodiff import gradients
from kerasedu.backend.kernels.relu import SMALLEST, relu_gradient, relu_values

SPECIAL = [-1.5, -0.0, 0.0, 2.0, np.nan, np.inf, -np.inf, 1e-45]


def _inputs(dtype, size=2 * SMALLEST):
    rng = np.random.default_rng(0)
    x = rng.normal(size=size).astype(dtype)
    x[:len(SPECIAL)] = SPECIAL
    return x.reshape(-1, 8)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_values_and_gradients_bit_for_bit(implementation, dtype):
    x = _inputs(dtype)
    y = relu_values(x)
    expected = np.maximum(x, np.zeros_like(x))
    assert y.dtype == dtype
    np.testing.assert_array_equal(y, expected)
    np.testing.assert_array_equal(np.signbit(y), np.signbit(expected))
    g = np.random.default_rng(1).normal(size=x.shape).astype(dtype)
    g[0, :2] = [np.nan, 1.0]                    # NaN·0 stays NaN, as in numpy's product
    np.testing.assert_array_equal(relu_gradient(g, y), g * (y > 0))


def test_small_and_strided_arrays_take_numpy():
    x = _inputs(np.float32)
    for values in (x[:2], x[:, ::2], np.arange(-2 * SMALLEST, 2 * SMALLEST).reshape(-1, 8)):
        np.testing.assert_array_equal(relu_values(values),
                                      np.maximum(values, np.zeros_like(values)))
    g = np.ones_like(x)[:, ::2]
    np.testing.assert_array_equal(relu_gradient(g, x[:, ::2]), g * (x[:, ::2] > 0))


def test_relu_op_gradient_float64(implementation):
    x = Variable(np.random.default_rng(2).normal(size=(64, 40)), dtype="float64")
    weights = np.random.default_rng(3).normal(size=x.shape)
    (grad,) = gradients(ops.sum(ops.multiply(ops.relu(x), weights)), [x])
    np.testing.assert_array_equal(grad, weights * (x.value > 0))
