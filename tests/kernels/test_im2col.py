"""im2col and col2im: numba equals the numpy twin, col2im is im2col's adjoint, values are right."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu.backend.kernels.im2col import col2im, im2col

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


@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=40, deadline=None)
@given(geometry=geometries(), seed=st.integers(0, 2**16))
def test_im2col_twins_agree(dtype, geometry, seed):
    x_shape, cols_shape, s, d, pb = geometry
    x = _random(x_shape, dtype, seed)
    a, b = np.full(cols_shape, np.nan, dtype), np.full(cols_shape, np.nan, dtype)
    im2col.numba(a, x, s, d, pb)
    im2col.numpy(b, x, s, d, pb)
    assert a.dtype == dtype
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=40, deadline=None)
@given(geometry=geometries(), seed=st.integers(0, 2**16))
def test_col2im_twins_agree_and_are_the_adjoint(dtype, geometry, seed):
    x_shape, cols_shape, s, d, pb = geometry
    cols = _random(cols_shape, dtype, seed)
    start = _random(x_shape, dtype, seed + 1)
    a, b = start.copy(), start.copy()
    col2im.numba(a, cols, s, d, pb)
    col2im.numpy(b, cols, s, d, pb)
    np.testing.assert_allclose(a, b, **_tolerance(dtype))
    # <im2col(x), cols> == <x, col2im(cols)>, and col2im adds to what was there
    x = _random(x_shape, np.float64, seed + 2)
    patches = np.empty(cols_shape)
    im2col(patches, x, s, d, pb)
    back = np.zeros(x_shape)
    col2im(back, cols.astype(np.float64), s, d, pb)
    assert np.isclose(np.sum(patches * cols), np.sum(x * back), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(a - start, back, **_tolerance(dtype))


@pytest.mark.parametrize("name", ["im2col", "col2im"])
def test_twins_agree_on_the_examples_with_random_values(name):
    k = {"im2col": im2col, "col2im": col2im}[name]
    for seed, args in enumerate(k.example_arguments()):
        args = [_random(a.shape, a.dtype, seed) if isinstance(a, np.ndarray) else a for a in args]
        a = [v.copy() if isinstance(v, np.ndarray) else v for v in args]
        b = [v.copy() if isinstance(v, np.ndarray) else v for v in args]
        k.numba(*a)
        k.numpy(*b)
        np.testing.assert_allclose(a[0], b[0], **_tolerance(args[0].dtype))


def test_im2col_values_by_hand():
    # one sample, W = 4, kernel 2 with dilation 2, stride 1, one cell of padding before
    x = np.arange(1, 5, dtype=np.float32).reshape(1, 1, 1, 4, 1)
    cols = np.empty((1, 1, 1, 1, 3, 1, 1, 2, 1), np.float32)
    im2col(cols, x, (1, 1, 1), (1, 1, 2), (0, 0, 1))
    # windows start at -1, 0, 1 and read positions (start, start + 2)
    assert cols.reshape(3, 2).tolist() == [[0, 2], [1, 3], [2, 4]]
    back = np.zeros_like(x)
    col2im(back, cols, (1, 1, 1), (1, 1, 2), (0, 0, 1))
    # position 1 is read by two windows (value 2 each), position -1 is padding and dropped
    assert back.ravel().tolist() == [1, 4, 3, 4]
