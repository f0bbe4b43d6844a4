"""ops.add of a vector along the last axis (a bias add) goes through the add_row_vector kernel
when large enough; the sums equal numpy's exactly, in either operand order, and the gradient is
unchanged."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu.backend import Variable, ops
from kerasedu.backend.autodiff import gradients
from kerasedu.backend.kernels.row_vector import SMALLEST, add_values


@settings(max_examples=40, deadline=None)
@given(leading=st.lists(st.integers(1, 40), min_size=1, max_size=3), n=st.integers(1, 70),
       dtype=st.sampled_from([np.float32, np.float64]), seed=st.integers(0, 999))
def test_equal_to_numpy_in_both_orders(leading, n, dtype, seed):
    rng = np.random.default_rng(seed)
    matrix = rng.normal(size=(*leading, n)).astype(dtype)
    vector = rng.normal(size=n).astype(dtype)
    for a, b in ((matrix, vector), (vector, matrix)):
        result = add_values(a, b)
        assert result.dtype == dtype and result.shape == matrix.shape
        np.testing.assert_array_equal(result, a + b)


def test_other_operands_fall_back_to_numpy():
    rows = np.arange(2 * SMALLEST, dtype=np.float32).reshape(-1, 8)
    vector = np.arange(8, dtype=np.float32)
    np.testing.assert_array_equal(add_values(rows.T.copy().T, vector), rows + vector)  # not C
    np.testing.assert_array_equal(add_values(rows[:, ::2], vector[:4]), rows[:, ::2] + vector[:4])
    mixed = add_values(rows, vector.astype(np.float64))                 # numpy's promotion
    assert mixed.dtype == np.float64
    np.testing.assert_array_equal(mixed, rows + vector.astype(np.float64))
    np.testing.assert_array_equal(add_values(rows, 2.0), rows + 2.0)


def test_bias_add_op_value_and_gradients(implementation):
    rng = np.random.default_rng(0)
    x = Variable(rng.normal(size=(32, 8, 8, 16)), dtype="float64")
    bias = Variable(rng.normal(size=16), dtype="float64")
    y = ops.add(x, bias)
    np.testing.assert_array_equal(y.value, x.value + bias.value)
    weights = rng.normal(size=y.shape)
    grad_x, grad_bias = gradients(ops.sum(ops.multiply(y, weights)), [x, bias])
    np.testing.assert_allclose(grad_x, weights, rtol=1e-12)
    np.testing.assert_allclose(grad_bias, weights.sum(axis=(0, 1, 2)), rtol=1e-12)
