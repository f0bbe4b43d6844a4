"""The embedding lookup op: rows gathered, gradients scattered (repeated indices add up),
numba against the numpy twins, and clear index errors."""

import numpy as np
import pytest

from kerasedu.backend import Variable, gradients, ops
from kerasedu.backend.gradcheck import assert_gradients_match

RNG = np.random.default_rng(0)


def test_embedding_lookup_gathers_rows_and_scatters_gradients():
    table = RNG.normal(size=(6, 3))
    indices = np.array([[0, 5, 5], [2, 0, 5]])
    out = ops.embedding_lookup(table, indices)
    np.testing.assert_array_equal(out.numpy(), table[indices])
    variable = Variable(table, dtype="float64")
    weights = RNG.normal(size=(2, 3, 3))
    grad = gradients(ops.embedding_lookup(variable, indices), variable, weights)
    expected = np.zeros_like(table)
    np.add.at(expected, indices.reshape(-1), weights.reshape(-1, 3))
    np.testing.assert_allclose(grad, expected)
    assert np.all(grad[[1, 3, 4]] == 0)
    assert_gradients_match(lambda t: ops.embedding_lookup(t, indices), table)


def test_embedding_lookup_twins_and_index_checks(monkeypatch):
    table = RNG.normal(size=(5, 2)).astype(np.float32)
    indices = np.array([4, 1, 1, 0])
    compiled = ops.embedding_lookup(table, indices).numpy()
    monkeypatch.setenv("KERASEDU_KERNELS", "numpy")
    np.testing.assert_array_equal(ops.embedding_lookup(table, indices).numpy(), compiled)
    monkeypatch.delenv("KERASEDU_KERNELS")
    np.testing.assert_array_equal(ops.embedding_lookup(table, indices.astype(float)).numpy(),
                                  table[indices])
    assert ops.embedding_lookup(table, np.zeros((2, 0), int)).shape == (2, 0, 2)
    with pytest.raises(ValueError, match="index 5 is out of range"):
        ops.embedding_lookup(table, np.array([5]))
    with pytest.raises(ValueError, match="out of range"):
        ops.embedding_lookup(table, np.array([-1]))
    with pytest.raises(ValueError, match="whole numbers"):
        ops.embedding_lookup(table, np.array([0.5]))
