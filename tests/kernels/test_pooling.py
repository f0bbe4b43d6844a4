"""Max and average pooling: twins agree, values match the direct definition, padding is excluded,
gradients are routed to the maximum / shared over the window."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu.backend.kernels.pool_loops import (avg_pool_backward, avg_pool_forward,
                                              max_pool_backward, max_pool_forward)
from kerasedu.backend.ops.geometry import pool_geometry
from kerasedu.backend.ops.pooling import average_pool_gradient as avg_pool_grad
from kerasedu.backend.ops.pooling import average_pool_values as avg_pool
from kerasedu.backend.ops.pooling import max_pool_gradient as max_pool_grad
from kerasedu.backend.ops.pooling import max_pool_values as max_pool
from references import numerical_gradient, pool_reference

DTYPES = [np.float32, np.float64]


def _tolerance(dtype):
    return dict(rtol=1e-5, atol=1e-6) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-12)


@st.composite
def pool_geometries(draw):
    """(x shape, pool_size, strides, pads) on 1–3 spatial axes; pads smaller than the pool."""
    rank = draw(st.integers(1, 3))
    spatial, k, s, pads = [], [], [], []
    for _ in range(rank):
        kk = draw(st.integers(1, 3))
        size = draw(st.integers(kk, 7))
        spatial.append(size), k.append(kk), s.append(draw(st.integers(1, 3)))
        pads.append((draw(st.integers(0, kk - 1)), draw(st.integers(0, kk - 1))))
    x_shape = (draw(st.integers(1, 2)), *spatial, draw(st.integers(1, 3)))
    return x_shape, tuple(k), tuple(s), tuple(pads)


def _ties(shape, dtype, seed):
    """Small integers, so that windows often hold several equal maxima."""
    return np.random.default_rng(seed).integers(-3, 4, size=shape).astype(dtype)


def _both(k, *args):
    """Run a kernel's numba and numpy versions on copies of ``args``; return both argument lists."""
    a = [v.copy() if isinstance(v, np.ndarray) else v for v in args]
    b = [v.copy() if isinstance(v, np.ndarray) else v for v in args]
    k.numba(*a)
    k.numpy(*b)
    return a, b


def _kernel_arguments(x_shape, k, s, pads):
    lift = 3 - len(k)
    x3 = (x_shape[0],) + (1,) * lift + tuple(x_shape[1:-1]) + (x_shape[-1],)
    _, _, _, out = pool_geometry(x_shape[1:-1], k, s, pads)
    out3 = (x_shape[0],) + (1,) * lift + out + (x_shape[-1],)
    return x3, out3, (1,) * lift + k, (1,) * lift + s, (0,) * lift + tuple(b for b, _ in pads)


@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=40, deadline=None)
@given(geometry=pool_geometries(), seed=st.integers(0, 2**16))
def test_pooling_twins_agree(dtype, geometry, seed):
    x3, out3, k, s, pb = _kernel_arguments(*geometry)
    x = _ties(x3, dtype, seed)
    a, b = _both(max_pool_forward, np.zeros(out3, dtype), np.zeros(out3, np.int64), x, k, s, pb)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    grad_out = _ties(out3, dtype, seed + 1)
    c, d = _both(max_pool_backward, np.zeros(x3, dtype), grad_out, a[1])
    np.testing.assert_allclose(c[0], d[0], **_tolerance(dtype))
    a, b = _both(avg_pool_forward, np.zeros(out3, dtype), x, k, s, pb)
    np.testing.assert_allclose(a[0], b[0], **_tolerance(dtype))
    a, b = _both(avg_pool_backward, np.zeros(x3, dtype), grad_out, k, s, pb)
    np.testing.assert_allclose(a[0], b[0], **_tolerance(dtype))


@pytest.mark.parametrize("name", ["max_pool_forward", "max_pool_backward", "avg_pool_forward",
                                  "avg_pool_backward"])
def test_twins_agree_on_the_examples(name):
    k = {f.name: f for f in (max_pool_forward, max_pool_backward, avg_pool_forward,
                             avg_pool_backward)}[name]
    for args in k.example_arguments():
        a, b = _both(k, *args)
        for u, v in zip(a, b):
            if isinstance(u, np.ndarray):
                np.testing.assert_allclose(u, v, **_tolerance(u.dtype))


@settings(max_examples=40, deadline=None)
@given(geometry=pool_geometries(), seed=st.integers(0, 2**16))
def test_values_match_the_definition(geometry, seed):
    x_shape, k, s, pads = geometry
    x = np.random.default_rng(seed).normal(size=x_shape)
    y, argmax = max_pool(x, k, s, pads)
    np.testing.assert_array_equal(y, pool_reference(x, k, s, pads, lambda c: c.max(axis=1)))
    # argmax is the flat position of the maximum inside each sample's grid
    flat_x = x.reshape(x.shape[0], -1, x.shape[-1])
    flat_argmax = argmax.reshape(x.shape[0], -1, x.shape[-1])
    np.testing.assert_array_equal(
        np.take_along_axis(flat_x, flat_argmax, axis=1).reshape(y.shape), y)
    np.testing.assert_allclose(avg_pool(x, k, s, pads),
                               pool_reference(x, k, s, pads, lambda c: c.mean(axis=1)),
                               rtol=1e-12, atol=1e-12)


def test_average_pooling_with_same_padding_excludes_the_padding(implementation):
    x = np.arange(1, 10, dtype=np.float32).reshape(1, 3, 3, 1)
    y = avg_pool(x, 2, 2, "same")
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y[0, :, :, 0], [[3, 4.5], [7.5, 9]])
    grad = avg_pool_grad(np.ones_like(y), x.shape, 2, 2, "same")
    np.testing.assert_array_equal(grad[0, :, :, 0], [[0.25, 0.25, 0.5], [0.25, 0.25, 0.5],
                                                     [0.5, 0.5, 1.0]])


def test_max_pooling_backward_routes_each_gradient_to_its_maximum(implementation):
    x = np.array([[1, 5, 2, 0],
                  [3, 4, 9, 9],
                  [0, 8, 1, 2]], np.float32).reshape(1, 3, 4, 1)
    y, argmax = max_pool(x, 2, 1, "valid")          # overlapping 2×2 windows, stride 1
    np.testing.assert_array_equal(y[0, :, :, 0], [[5, 9, 9], [8, 9, 9]])
    # ties go to the first maximum in window order: windows (0,1), (0,2), (1,1), (1,2) hold both 9s
    np.testing.assert_array_equal(argmax[0, :, :, 0], [[1, 6, 6], [9, 6, 6]])
    grad_y = np.array([[1, 10, 100], [1000, 10000, 100000]], np.float32).reshape(1, 2, 3, 1)
    grad = max_pool_grad(grad_y, argmax, x.shape)
    assert grad.dtype == np.float32
    np.testing.assert_array_equal(grad[0, :, :, 0], [[0, 1, 0, 0],
                                                     [0, 0, 110110, 0],
                                                     [0, 1000, 0, 0]])


def test_max_pooling_same_padding_never_picks_the_padding(implementation):
    x = -np.arange(1, 6, dtype=np.float64).reshape(1, 5, 1)    # all negative: padding 0 would win
    y, argmax = max_pool(x, 2, 2, "same")
    np.testing.assert_array_equal(y.ravel(), [-1, -3, -5])
    np.testing.assert_array_equal(argmax.ravel(), [0, 2, 4])


@pytest.mark.parametrize("pool, strides, padding", [((2, 2), None, "valid"),
                                                    ((3, 2), (1, 2), "same"),
                                                    ((2, 3), (2, 1), ((1, 0), (1, 2)))])
def test_gradients_match_central_differences(pool, strides, padding, implementation):
    rng = np.random.default_rng(7)
    x = rng.permutation(2 * 5 * 4 * 2).astype(np.float64).reshape(2, 5, 4, 2) / 10  # no ties
    weights = rng.normal(size=avg_pool(x, pool, strides, padding).shape)
    y, argmax = max_pool(x, pool, strides, padding)
    np.testing.assert_allclose(
        max_pool_grad(weights, argmax, x.shape),
        numerical_gradient(lambda v: np.sum(weights * max_pool(v, pool, strides, padding)[0]), x),
        rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(
        avg_pool_grad(weights, x.shape, pool, strides, padding),
        numerical_gradient(lambda v: np.sum(weights * avg_pool(v, pool, strides, padding)), x),
        rtol=1e-6, atol=1e-7)


def test_one_and_three_spatial_axes_and_default_strides(implementation):
    x = np.arange(2 * 4 * 4 * 4 * 3, dtype=np.float32).reshape(2, 4, 4, 4, 3)
    y, _ = max_pool(x, 2)
    assert y.shape == (2, 2, 2, 2, 3)
    np.testing.assert_array_equal(y, x[:, 1::2, 1::2, 1::2, :])       # increasing values
    np.testing.assert_allclose(avg_pool(x[:, 0, 0], 3, 1, "same")[0, :, 0], [1.5, 3, 6, 7.5])
    with pytest.raises(ValueError, match="smaller than the pool size"):
        max_pool(x, 2, 2, ((2, 0), (0, 0), (0, 0)))
