"""The small-product kernel: out = a · b_tᵀ against a float64 reference, its numpy twin, and
non-finite values."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu.accelerated.small_matmul import matmul_transposed


def _check(a, b_t, out):
    reference = a.astype(np.float64) @ b_t.astype(np.float64).T
    scale = np.abs(a).astype(np.float64) @ np.abs(b_t).astype(np.float64).T
    eps = np.finfo(a.dtype).eps
    assert np.all(np.abs(out - reference) <= 4 * a.shape[1] * eps * scale + 1e-30)


@settings(max_examples=60, deadline=None)
@given(m=st.integers(0, 13), n=st.integers(0, 13), depth=st.integers(0, 40),
       dtype=st.sampled_from([np.float32, np.float64]), seed=st.integers(0, 99))
def test_numba_kernel_and_twin_match_a_float64_product(m, n, depth, dtype, seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(m, depth)).astype(dtype)
    b_t = rng.normal(size=(n, depth)).astype(dtype)
    for implementation in (matmul_transposed.numba, matmul_transposed.numpy):
        out = np.full((m, n), np.nan, dtype)
        implementation(a, b_t, out)
        assert out.dtype == dtype
        _check(a, b_t, out)


@pytest.mark.parametrize("m, n, depth", [(32, 512, 128), (32, 128, 512), (30, 384, 128)])
def test_recurrent_step_shapes(m, n, depth):
    rng = np.random.default_rng(1)
    a = rng.normal(size=(m, depth)).astype(np.float32)
    b_t = rng.normal(size=(n, depth)).astype(np.float32)
    out = np.empty((m, n), np.float32)
    matmul_transposed.numba(a, b_t, out)
    _check(a, b_t, out)


def test_a_strided_output_block_is_written_in_place():
    rng = np.random.default_rng(2)
    a, b_t = rng.normal(size=(6, 5)), rng.normal(size=(3, 5))
    out = np.zeros((6, 9))
    matmul_transposed.numba(a, b_t, out[:, 3:6])
    np.testing.assert_allclose(out[:, 3:6], a @ b_t.T, rtol=1e-12)
    assert not out[:, :3].any() and not out[:, 6:].any()


def test_nan_and_inf_spread_as_in_numpy():
    a = np.ones((5, 6), np.float32)
    b_t = np.ones((7, 6), np.float32)
    a[1, 2] = np.nan
    a[4, 0] = np.inf
    b_t[3, 5] = -np.inf
    got = np.empty((5, 7), np.float32)
    matmul_transposed.numba(a, b_t, got)
    with np.errstate(invalid="ignore"):          # inf · 0 terms: numpy reports them
        expected = a @ b_t.T
    assert np.array_equal(np.isnan(got), np.isnan(expected))
    assert np.array_equal(got[np.isfinite(expected)], expected[np.isfinite(expected)])
    assert np.array_equal(got[np.isinf(expected)], expected[np.isinf(expected)])
