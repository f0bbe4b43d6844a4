"""im2col/col2im by gather and scatter-add (kernels/patches.py): equal to the loop kernels on
random geometries, under numba and under the numpy twins, and right on a case worked by hand."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu.backend.kernels.im2col import col2im, im2col
from kerasedu.backend.kernels.patches import (gather_patches, gather_windows, scatter_add_windows,
                                              scatter_patches, window_positions)

from test_im2col import DTYPES, _random, _tolerance, geometries


@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=60, deadline=None)
@given(geometry=geometries(), seed=st.integers(0, 2**16))
def test_gather_and_scatter_equal_the_loop_kernels(dtype, geometry, seed):
    x_shape, cols_shape, s, d, pb = geometry
    x = _random(x_shape, dtype, seed)
    expected, got = np.full(cols_shape, np.nan, dtype), np.full(cols_shape, np.nan, dtype)
    im2col(expected, x, s, d, pb)
    gather_patches(got, x, s, d, pb)
    np.testing.assert_array_equal(got, expected)

    cols = _random(cols_shape, dtype, seed + 1)
    start = _random(x_shape, dtype, seed + 2)
    expected, got = start.copy(), start.copy()
    col2im(expected, cols, s, d, pb)
    scatter_patches(got, cols, s, d, pb)
    np.testing.assert_allclose(got, expected, **_tolerance(dtype))


@pytest.mark.parametrize("channels", [1, 3])
def test_one_group_goes_through_the_window_kernels(implementation, channels):
    # conv-like geometry with padding on both sides, stride 2 and dilation 2 on the last axis
    x = _random((2, 1, 5, 6, channels), np.float64, 0)
    cols_shape = (1, 2, 1, 5, 3, 1, 3, 2, channels)
    s, d, pb = (1, 1, 2), (1, 1, 2), (0, 1, 1)
    expected, got = np.empty(cols_shape), np.empty(cols_shape)
    im2col.numpy(expected, x, s, d, pb)
    gather_patches(got, x, s, d, pb)
    np.testing.assert_array_equal(got, expected)
    cols = _random(cols_shape, np.float64, 1)
    expected, got = np.zeros(x.shape), np.zeros(x.shape)
    col2im.numpy(expected, cols, s, d, pb)
    scatter_patches(got, cols, s, d, pb)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("channels", [1, 2])
def test_window_kernel_twins_agree_on_random_windows(channels):
    rng = np.random.default_rng(channels)
    table = rng.normal(size=(3, 7, channels))
    window = rng.integers(0, 7, size=11).astype(np.int64)     # repeated positions included
    a, b = np.empty((3, 11, channels)), np.empty((3, 11, channels))
    gather_windows.numba(a, table, window)
    gather_windows.numpy(b, table, window)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a, table[:, window])
    patches = rng.normal(size=(3, 11, channels))
    a, b = table.copy(), table.copy()
    scatter_add_windows.numba(a, window, patches)
    scatter_add_windows.numpy(b, window, patches)
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    expected = table.copy()
    for r, position in enumerate(window):
        expected[:, position] += patches[:, r]
    np.testing.assert_allclose(a, expected, rtol=1e-12, atol=1e-12)


def test_window_positions_by_hand():
    # W = 4, kernel 2 with dilation 2, stride 1, one cell of padding before: the padded row is
    # [0, x0, x1, x2, x3] plus one cell after so that the last window (start 1) fits
    windows = window_positions((1, 1, 3), (1, 1, 2), (1, 1, 4), (1, 1, 1), (1, 1, 2), (0, 0, 1))
    assert windows.padding == ((0, 0), (0, 0), (1, 0))
    assert windows.padded_spatial == (1, 1, 5)
    assert windows.window.tolist() == [0, 2, 1, 3, 2, 4]
    assert not windows.window.flags.writeable
    x = np.arange(1, 5, dtype=np.float32).reshape(1, 1, 1, 4, 1)
    cols = np.empty((1, 1, 1, 1, 3, 1, 1, 2, 1), np.float32)
    gather_patches(cols, x, (1, 1, 1), (1, 1, 2), (0, 0, 1))
    assert cols.reshape(3, 2).tolist() == [[0, 2], [1, 3], [2, 4]]
    back = np.zeros_like(x)
    scatter_patches(back, cols, (1, 1, 1), (1, 1, 2), (0, 0, 1))
    assert back.ravel().tolist() == [1, 4, 3, 4]
