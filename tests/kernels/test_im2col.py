"""im2col and col2im (kernels/im2col.py): equal to a reference written with slices on random
geometries (groups, strides, dilation, padding), under numba and under the numpy twins;
col2im is im2col's adjoint; the scatter kernel's twins agree; cases worked by hand."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kerasedu.backend.kernels.im2col import col2im, im2col, scatter_add_windows, window_positions

DTYPES = [np.float32, np.float64]


def _tolerance(dtype):
    return dict(rtol=1e-5, atol=1e-5) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-12)


@st.composite
def geometries(draw):
    """Random (x shape, cols shape, strides, dilation, pad_before) on three spatial axes."""
    groups, cg, n = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
    spatial, out, k, s, d, pb = [], [], [], [], [], []
    for _ in range(3):
        size, kk = draw(st.integers(1, 6)), draw(st.integers(1, 3))
        ss, dd = draw(st.integers(1, 3)), draw(st.integers(1, 2))
        before, after = draw(st.integers(0, 2)), draw(st.integers(0, 2))
        span = size + before + after - dd * (kk - 1) - 1
        if span < 0:
            kk, dd, span = 1, 1, size + before + after - 1
        spatial.append(size), out.append(span // ss + 1), k.append(kk)
        s.append(ss), d.append(dd), pb.append(before)
    x_shape = (n, *spatial, groups * cg)
    cols_shape = (groups, n, *out, *k, cg)
    return x_shape, cols_shape, tuple(s), tuple(d), tuple(pb)


def _random(shape, dtype, seed):
    return np.random.default_rng(seed).normal(size=shape).astype(dtype)


def reference_im2col(x, cols_shape, strides, dilation, pad_before):
    """cols from x with one slice of the zero-padded input per kernel offset."""
    groups, out, k, cg = cols_shape[0], cols_shape[2:5], cols_shape[5:8], cols_shape[8]
    after = [max((o - 1) * s + d * (kk - 1) + 1 - size - p, 0)
             for o, kk, s, d, p, size in zip(out, k, strides, dilation, pad_before, x.shape[1:4])]
    padded = np.pad(x, [(0, 0)] + list(zip(pad_before, after)) + [(0, 0)])
    cols = np.empty(cols_shape, x.dtype)
    for offset in np.ndindex(*k):
        window = tuple(slice(kk * d, kk * d + (o - 1) * s + 1, s)
                       for o, kk, s, d in zip(out, offset, strides, dilation))
        for g in range(groups):
            cols[(g, slice(None), Ellipsis) + offset + (slice(None),)] = \
                padded[(slice(None),) + window + (slice(g * cg, (g + 1) * cg),)]
    return cols


@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])   # the setting stays
@given(geometry=geometries(), seed=st.integers(0, 2**16))
def test_im2col_equals_the_reference_and_col2im_is_its_adjoint(implementation, dtype, geometry,
                                                               seed):
    x_shape, cols_shape, s, d, pb = geometry
    x = _random(x_shape, dtype, seed)
    cols = np.full(cols_shape, np.nan, dtype)
    im2col(cols, x, s, d, pb)
    np.testing.assert_array_equal(cols, reference_im2col(x, cols_shape, s, d, pb))
    # <im2col(x), g> == <x, col2im(g)>, and col2im adds to what was there
    g = _random(cols_shape, dtype, seed + 1)
    start = _random(x_shape, dtype, seed + 2)
    back = start.copy()
    col2im(back, g, s, d, pb)
    assert np.isclose(np.sum(cols.astype(np.float64) * g), np.sum(x * (back - start),
                                                                  dtype=np.float64),
                      **_tolerance(dtype))


@pytest.mark.parametrize("channels", [1, 3])
def test_scatter_kernel_twins_agree_on_random_windows(channels):
    rng = np.random.default_rng(channels)
    table = rng.normal(size=(3, 7, channels))
    window = rng.integers(0, 7, size=11).astype(np.int64)     # repeated positions included
    patches = rng.normal(size=(3, 11, channels))
    a, b = table.copy(), table.copy()
    scatter_add_windows.numba(a, window, patches)
    scatter_add_windows.numpy(b, window, patches)
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    expected = table.copy()
    for r, position in enumerate(window):
        expected[:, position] += patches[:, r]
    np.testing.assert_allclose(a, expected, rtol=1e-12, atol=1e-12)


def test_values_by_hand(implementation):
    # W = 4, kernel 2 with dilation 2, stride 1, one cell of padding before: the padded row is
    # [0, x0, x1, x2, x3] plus one cell after so that the last window (start 1) fits
    windows = window_positions((1, 1, 3), (1, 1, 2), (1, 1, 4), (1, 1, 1), (1, 1, 2), (0, 0, 1))
    assert windows.padding == ((0, 0), (0, 0), (1, 0))
    assert windows.padded_spatial == (1, 1, 5)
    assert windows.window.tolist() == [0, 2, 1, 3, 2, 4]
    assert not windows.window.flags.writeable
    x = np.arange(1, 5, dtype=np.float32).reshape(1, 1, 1, 4, 1)
    cols = np.empty((1, 1, 1, 1, 3, 1, 1, 2, 1), np.float32)
    im2col(cols, x, (1, 1, 1), (1, 1, 2), (0, 0, 1))
    # windows start at -1, 0, 1 and read positions (start, start + 2)
    assert cols.reshape(3, 2).tolist() == [[0, 2], [1, 3], [2, 4]]
    back = np.zeros_like(x)
    col2im(back, cols, (1, 1, 1), (1, 1, 2), (0, 0, 1))
    # position 1 is read by two windows (value 2 each), position -1 is padding and dropped
    assert back.ravel().tolist() == [1, 4, 3, 4]
