"""Convolution through im2col + matmul: forward against the direct definition, gradients against
central differences, transposed convolution as the adjoint, dtypes kept."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu.backend.ops import geometry as shapes
from kerasedu.backend.ops.conv_products import (conv, conv_grad_input, conv_grad_kernel,
                                                conv_patches, conv_transpose,
                                                conv_transpose_grad_input,
                                                conv_transpose_grad_kernel)
from kerasedu.backend.ops.geometry import conv_transpose_shapes as conv_transpose_geometry
from references import conv_reference, conv_transpose_reference, numerical_gradient

CASES = [
    # spatial, kernel_size, strides, dilation, padding, cin, cout, groups
    ((9,), (3,), (1,), (1,), "causal", 2, 3, 1),
    ((10,), (2,), (3,), (1,), ((2, 1),), 4, 6, 2),
    ((7, 6), (3, 2), (2, 1), (1, 2), ((1, 1), (0, 2)), 4, 6, 2),
    ((6, 6), (3, 3), (1, 1), (1, 1), "same", 3, 5, 1),
    ((5, 7), (2, 3), (2, 2), (1, 1), "same", 3, 6, 3),
    ((6, 5), (3, 3), (1, 1), (2, 1), "valid", 4, 4, 4),  # depthwise: groups = channels
    ((4, 5, 4), (2, 3, 2), (1, 2, 1), (1, 1, 2), "same", 2, 3, 1),
]


def _rng(seed=0):
    return np.random.default_rng(seed)


def _pads(case):
    spatial, k, s, d, padding = case[:5]
    return shapes.conv_padding(spatial, k, s, d, padding) if isinstance(padding, str) else padding


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_forward_matches_the_definition(case, dtype, implementation):
    spatial, k, s, d, padding, cin, cout, groups = case
    x = _rng().normal(size=(2, *spatial, cin)).astype(dtype)
    kernel = _rng(1).normal(size=(*k, cin // groups, cout)).astype(dtype)
    y = conv(x, kernel, s, d, padding, groups)
    assert y.dtype == dtype
    expected = conv_reference(x.astype(np.float64), kernel.astype(np.float64), s, d, _pads(case),
                              groups)
    tolerance = 1e-4 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(y, expected, rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize("case", CASES)
def test_gradients_match_central_differences(case, implementation):
    spatial, k, s, d, padding, cin, cout, groups = case
    x = _rng(2).normal(size=(2, *spatial, cin))
    kernel = _rng(3).normal(size=(*k, cin // groups, cout))
    y, patches = conv(x, kernel, s, d, padding, groups, return_patches=True)
    weights = _rng(4).normal(size=y.shape)     # loss = Σ weights · y, so dy = weights

    grad_x = conv_grad_input(weights, kernel, x.shape, s, d, padding, groups)
    grad_w = conv_grad_kernel(weights, x, kernel.shape, s, d, padding, groups)
    grad_w_saved = conv_grad_kernel(weights, None, kernel.shape, s, d, padding, groups, patches)

    def loss_x(v):
        return np.sum(weights * conv(v, kernel, s, d, padding, groups))

    def loss_w(v):
        return np.sum(weights * conv(x, v, s, d, padding, groups))

    np.testing.assert_allclose(grad_x, numerical_gradient(loss_x, x), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(grad_w, numerical_gradient(loss_w, kernel), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(grad_w_saved, grad_w, rtol=1e-12, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(rank=st.integers(1, 3), seed=st.integers(0, 2**16), data=st.data())
def test_random_geometries_forward_and_adjoint(rank, seed, data):
    """Forward against the definition, and <conv(x), dy> = <x, grad_input(dy)> for any geometry."""
    spatial = data.draw(st.tuples(*[st.integers(1, 6)] * rank))
    k = data.draw(st.tuples(*[st.integers(1, 3)] * rank))
    s = data.draw(st.tuples(*[st.integers(1, 3)] * rank))
    d = data.draw(st.tuples(*[st.integers(1, 2)] * rank))
    pads = data.draw(st.tuples(*[st.tuples(st.integers(0, 2), st.integers(0, 2))] * rank))
    groups, cg, cout_g = data.draw(st.tuples(*[st.integers(1, 3)] * 3))
    out = shapes.conv_output_spatial_shape(spatial, k, s, d, pads)
    if min(out) < 1:
        return
    rng = _rng(seed)
    x = rng.normal(size=(2, *spatial, groups * cg))
    kernel = rng.normal(size=(*k, cg, groups * cout_g))
    y = conv(x, kernel, s, d, pads, groups)
    np.testing.assert_allclose(y, conv_reference(x, kernel, s, d, pads, groups), rtol=1e-10,
                               atol=1e-10)
    dy = rng.normal(size=y.shape)
    dx = conv_grad_input(dy, kernel, x.shape, s, d, pads, groups)
    assert np.isclose(np.sum(x * dx), np.sum(y * dy), rtol=1e-10)


def test_float32_stays_float32_and_dtypes_must_agree(implementation):
    x = np.ones((1, 5, 5, 2), np.float32)
    kernel = np.ones((3, 3, 2, 4), np.float32)
    y, patches = conv(x, kernel, padding="same", return_patches=True)
    assert y.dtype == patches.dtype == np.float32
    assert conv_grad_input(y, kernel, x.shape, padding="same").dtype == np.float32
    assert conv_grad_kernel(y, x, kernel.shape, padding="same").dtype == np.float32
    assert y[0, 2, 2, 0] == 18 and y[0, 0, 0, 0] == 8     # 9 cells · 2 channels; corner: 4 · 2
    with pytest.raises(TypeError, match="share one dtype"):
        conv(x, kernel.astype(np.float64))
    with pytest.raises(ValueError, match="does not fit an input"):
        conv(x, np.ones((3, 3, 3, 4), np.float32))


def test_patches_layout_is_rows_by_window_and_columns_like_the_kernel():
    x = np.arange(2 * 4 * 3, dtype=np.float64).reshape(2, 4, 3)       # N=2, W=4, C=3
    patches = conv_patches(x, (2,))
    assert patches.shape == (1, 2 * 3, 2 * 3)
    # row (n=1, o=2) holds x[1, 2:4, :] flattened as (k, c)
    np.testing.assert_array_equal(patches[0, 5], x[1, 2:4].ravel())


TRANSPOSE_CASES = [
    # spatial, kernel_size, strides, dilation, padding, output_padding, cin, cout, groups
    ((4,), (3,), (2,), (1,), "valid", None, 2, 3, 1),
    ((5, 4), (3, 3), (2, 2), (1, 1), "same", None, 3, 2, 1),
    ((3, 4), (4, 3), (2, 3), (1, 1), "same", (1, 2), 2, 4, 1),
    ((4, 3), (2, 2), (1, 1), (2, 1), "valid", None, 4, 2, 2),
    ((2, 3, 2), (2, 2, 3), (2, 1, 2), (1, 1, 1), "valid", (1, 0, 0), 2, 3, 1),
]


@pytest.mark.parametrize("case", TRANSPOSE_CASES)
def test_transposed_convolution(case, implementation):
    spatial, k, s, d, padding, op, cin, cout, groups = case
    rng = _rng(5)
    x = rng.normal(size=(2, *spatial, cin))
    kernel = rng.normal(size=(*k, cout // groups, cin))
    y = conv_transpose(x, kernel, s, d, padding, op, groups)
    _, _, pads, out = conv_transpose_geometry(spatial, k, s, d, padding, op)
    for axis in range(len(spatial)):    # Keras' output lengths
        length, _ = shapes.conv_transpose_geometry(spatial[axis], k[axis], s[axis], d[axis],
                                                   padding, None if op is None else op[axis])
        assert y.shape[1 + axis] == out[axis] == length
    expected = conv_transpose_reference(x, kernel, s, d, [b for b, _ in pads], out, groups)
    np.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-12)

    weights = rng.normal(size=y.shape)
    grad_x = conv_transpose_grad_input(weights, kernel, x.shape, s, d, padding, op, groups)
    grad_w = conv_transpose_grad_kernel(weights, x, kernel.shape, s, d, padding, op, groups)

    def loss_x(v):
        return np.sum(weights * conv_transpose(v, kernel, s, d, padding, op, groups))

    def loss_w(v):
        return np.sum(weights * conv_transpose(x, v, s, d, padding, op, groups))

    np.testing.assert_allclose(grad_x, numerical_gradient(loss_x, x), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(grad_w, numerical_gradient(loss_w, kernel), rtol=1e-6, atol=1e-7)


def test_transposed_convolution_with_explicit_padding_inverts_the_convolution_shape():
    x = np.ones((1, 5, 4, 3), np.float32)
    kernel = np.ones((3, 3, 3, 2), np.float32)
    pads = ((1, 1), (0, 1))
    y = conv(x, kernel, 2, 1, pads)
    back = conv_transpose(y, kernel, 2, 1, pads)
    assert back.shape == (1, 5, 4, 3) and back.dtype == np.float32
    # back = conv_grad_input(y): the same numbers
    np.testing.assert_array_equal(back, conv_grad_input(y, kernel, x.shape, 2, 1, pads))
