"""The convolution and pooling ops: float64 gradients against finite differences, values against
the definitions, data formats, dtypes, Keras 2 backend names, and the errors."""

import numpy as np
import pytest

from kerasedu import backend as K
from kerasedu.backend import gradients, ops
from kerasedu.backend.gradcheck import assert_gradients_match
from kerasedu.backend.ops.upsampling import (interpolation_matrix, upsample_bilinear,
                                             upsample_nearest)
from kerasedu.backend.tensor import Variable


def _rng(seed=0):
    return np.random.default_rng(seed)


def _channels_first(x):
    return np.ascontiguousarray(np.moveaxis(x, -1, 1))


CONV_CASES = [
    # input shape (channels_last), kernel shape, strides, padding, dilation
    ((2, 7, 3), (3, 3, 2), 1, "causal", 2),
    ((2, 8, 2), (2, 2, 3), 3, "same", 1),
    ((1, 6, 5, 2), (3, 3, 2, 3), 2, "same", 1),
    ((1, 6, 6, 2), (3, 2, 2, 2), 1, "valid", (2, 1)),
    ((1, 5, 5, 4), (3, 3, 2, 4), (1, 2), "same", 1),          # groups = 2
    ((1, 4, 4, 3, 2), (2, 3, 2, 2, 2), (1, 2, 1), "same", 1),
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("x_shape, k_shape, strides, padding, dilation", CONV_CASES)
def test_conv_gradients(x_shape, k_shape, strides, padding, dilation, data_format):
    x, w = _rng(1).normal(size=x_shape), _rng(2).normal(size=k_shape)
    if data_format == "channels_first":
        x = _channels_first(x)
    assert_gradients_match(
        lambda a, b: ops.conv(a, b, strides, padding, data_format, dilation), x, w)


def test_conv_matches_the_definition_and_data_formats_agree():
    x, w = _rng(3).normal(size=(2, 6, 5, 3)), _rng(4).normal(size=(3, 2, 3, 4))
    y = ops.conv(x, w, strides=(2, 1), padding="valid").numpy()
    expected = np.zeros((2, 2, 4, 4))
    for i in range(2):
        for j in range(4):
            window = x[:, 2 * i:2 * i + 3, j:j + 2, :]
            expected[:, i, j, :] = np.einsum("nhwc,hwcf->nf", window, w)
    np.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-12)
    y_first = ops.conv(_channels_first(x), w, (2, 1), "valid", "channels_first").numpy()
    np.testing.assert_allclose(y_first, _channels_first(y), rtol=1e-12, atol=1e-12)


def test_conv_same_and_causal_padding_positions():
    x = np.arange(1.0, 6.0).reshape(1, 5, 1)
    w = np.array([1.0, 10.0, 100.0]).reshape(3, 1, 1)
    same = ops.conv(x, w, padding="same").numpy().ravel()
    causal = ops.conv(x, w, padding="causal").numpy().ravel()
    np.testing.assert_allclose(same, [210, 321, 432, 543, 54])     # one zero on each side
    np.testing.assert_allclose(causal, [100, 210, 321, 432, 543])  # two zeros in front


def test_float32_stays_float32_through_forward_and_backward():
    x = Variable(_rng().normal(size=(2, 5, 5, 2)), dtype="float32")
    w = Variable(_rng(1).normal(size=(3, 3, 2, 3)), dtype="float32")
    for y in (ops.conv(x, w, padding="same"), ops.max_pool(x, 2), ops.average_pool(x, 2),
              ops.conv_transpose(x, Variable(np.ones((2, 2, 3, 2)), dtype="float32"), 2),
              ops.extract_patches(x, 2)):
        assert y.dtype == np.float32
        grads = gradients(ops.sum(y), [x])
        assert grads[0].dtype == np.float32


def test_gradient_skipped_for_constant_input():
    w = Variable(_rng(1).normal(size=(3, 3, 2, 3)))
    x = _rng().normal(size=(2, 5, 5, 2))
    grad_x, grad_w = gradients(ops.sum(ops.conv(x, w)), [ops.convert_to_tensor(x), w])
    assert grad_x is None and grad_w.shape == w.shape


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_depthwise_and_separable_gradients(data_format):
    x = _rng(5).normal(size=(1, 5, 4, 3))
    depthwise, pointwise = _rng(6).normal(size=(3, 2, 3, 2)), _rng(7).normal(size=(1, 1, 6, 2))
    if data_format == "channels_first":
        x = _channels_first(x)
    assert_gradients_match(lambda a, b: ops.depthwise_conv(a, b, 1, "same", data_format, 1),
                           x, depthwise)
    assert_gradients_match(
        lambda a, b, c: ops.separable_conv(a, b, c, (2, 1), "valid", data_format, 1),
        x, depthwise, pointwise)


def test_depthwise_conv_is_one_convolution_per_channel():
    x, w = _rng(8).normal(size=(2, 6, 3)), _rng(9).normal(size=(3, 3, 2))
    y = ops.depthwise_conv(x, w).numpy()
    for c in range(3):
        for m in range(2):
            single = ops.conv(x[..., c:c + 1], w[:, c:c + 1, m:m + 1]).numpy()
            np.testing.assert_allclose(y[..., 2 * c + m], single[..., 0], atol=1e-12)


TRANSPOSE_CASES = [
    # input shape, kernel shape, strides, padding, output_padding, dilation
    ((1, 4, 2), (3, 3, 2), 2, "valid", None, 1),
    ((1, 3, 2), (3, 2, 2), 3, "same", 1, 1),
    ((1, 3, 4, 2), (3, 2, 3, 2), (2, 1), "same", None, 1),
    ((1, 3, 3, 2), (2, 3, 2, 2), 2, "valid", (1, 0), 1),
    ((1, 3, 3, 2), (3, 3, 2, 2), 1, "same", None, 2),
    ((1, 2, 3, 2, 2), (2, 2, 3, 2, 2), (2, 1, 2), "same", None, 1),
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("x_shape, k_shape, strides, padding, op, dilation", TRANSPOSE_CASES)
def test_conv_transpose_gradients(x_shape, k_shape, strides, padding, op, dilation, data_format):
    x, w = _rng(10).normal(size=x_shape), _rng(11).normal(size=k_shape)
    if data_format == "channels_first":
        x = _channels_first(x)
    assert_gradients_match(
        lambda a, b: ops.conv_transpose(a, b, strides, padding, op, data_format, dilation), x, w)


def test_conv_transpose_is_the_adjoint_of_conv():
    x, w = _rng(12).normal(size=(2, 4, 5, 3)), _rng(13).normal(size=(3, 3, 2, 3))
    y = ops.conv_transpose(x, w, 2, "same").numpy()                  # (2, 8, 10, 2)
    z = _rng(14).normal(size=y.shape)
    forward = ops.conv(z, w, 2, "same").numpy()                        # back to (2, 4, 5, 3)
    np.testing.assert_allclose(np.sum(y * z), np.sum(forward * x), rtol=1e-10)


def test_output_lengths_of_conv_transpose():
    x = np.ones((1, 5, 5, 1))
    assert ops.conv_transpose(x, np.ones((3, 3, 2, 1)), 2, "valid").shape == (1, 11, 11, 2)
    assert ops.conv_transpose(x, np.ones((2, 2, 2, 1)), 3, "valid").shape == (1, 15, 15, 2)
    assert ops.conv_transpose(x, np.ones((3, 3, 2, 1)), 2, "same").shape == (1, 10, 10, 2)
    assert ops.conv_transpose(x, np.ones((3, 3, 2, 1)), 2, "same", 0).shape == (1, 9, 9, 2)
    assert ops.conv_transpose(x, np.ones((3, 3, 2, 1)), 2, "valid", 1).shape == (1, 12, 12, 2)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_extract_patches_gradient_and_values(data_format):
    x = _rng(15).normal(size=(1, 5, 4, 2))
    xin = _channels_first(x) if data_format == "channels_first" else x
    assert_gradients_match(lambda a: ops.extract_patches(a, (2, 3), (2, 1), 1, "same",
                                                         data_format), xin)
    patches = ops.extract_patches(xin, 3, 1, data_format=data_format).numpy()
    if data_format == "channels_first":
        patches = np.moveaxis(patches, 1, -1)
    np.testing.assert_allclose(patches[0, 1, 0], x[0, 1:4, 0:3, :].ravel())
    w = _rng(16).normal(size=(3, 3, 2, 4))
    np.testing.assert_allclose(patches @ w.reshape(-1, 4), ops.conv(x, w).numpy(), atol=1e-12)


POOL_CASES = [
    # input shape, pool size, strides, padding
    ((2, 7, 2), 2, None, "valid"),
    ((2, 7, 2), 3, 2, "same"),
    ((1, 5, 6, 2), (2, 3), None, "same"),
    ((1, 5, 5, 2), 3, 1, "same"),
    ((1, 6, 5, 2), (3, 2), (2, 1), "valid"),
    ((1, 3, 4, 5, 2), 2, (1, 2, 2), "same"),
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("x_shape, pool, strides, padding", POOL_CASES)
@pytest.mark.parametrize("op", [ops.max_pool, ops.average_pool])
def test_pool_gradients(op, x_shape, pool, strides, padding, data_format):
    x = _rng(17).normal(size=x_shape)
    if data_format == "channels_first":
        x = _channels_first(x)
    assert_gradients_match(lambda a: op(a, pool, strides, padding, data_format), x)


def test_average_pool_excludes_padding_and_max_pool_values():
    x = np.arange(1.0, 10.0).reshape(1, 3, 3, 1)
    np.testing.assert_allclose(ops.average_pool(x, 2, padding="same").numpy()[0, ..., 0],
                               [[3, 4.5], [7.5, 9]])
    np.testing.assert_allclose(ops.max_pool(x, 2, padding="same").numpy()[0, ..., 0],
                               [[5, 6], [8, 9]])
    np.testing.assert_allclose(ops.max_pool(x, 2, 1).numpy()[0, ..., 0], [[5, 6], [8, 9]])


def test_max_pool_gradient_goes_to_the_maximum():
    x = Variable(np.array([[1.0, 3.0], [2.0, 0.0]]).reshape(1, 2, 2, 1))
    grad = gradients(ops.max_pool(x, 2), x)
    np.testing.assert_array_equal(grad[0, ..., 0], [[0, 1], [0, 0]])


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_upsampling_gradients_and_values(data_format):
    x = _rng(18).normal(size=(1, 3, 2, 2))
    xin = _channels_first(x) if data_format == "channels_first" else x
    assert_gradients_match(lambda a: upsample_nearest(a, (2, 3), data_format), xin)
    assert_gradients_match(lambda a: upsample_bilinear(a, (2, 2), data_format), xin)
    near = upsample_nearest(ops.convert_to_tensor(x), (2, 3), "channels_last").numpy()
    np.testing.assert_array_equal(near, x.repeat(2, axis=1).repeat(3, axis=2))


def test_bilinear_interpolation_matrix():
    # half-pixel centres: outputs sit at source positions -0.25 (clamped), 0.25, 0.75, 1.25 ...
    m = interpolation_matrix(3, 2, np.float64)
    np.testing.assert_allclose(m, [[1, 0, 0], [0.75, 0.25, 0], [0.25, 0.75, 0], [0, 0.75, 0.25],
                                   [0, 0.25, 0.75], [0, 0, 1]])


def test_keras2_backend_names():
    x, w = _rng(19).normal(size=(2, 6, 6, 3)), _rng(20).normal(size=(3, 3, 3, 4))
    np.testing.assert_allclose(K.conv2d(x, w, (2, 2), "same").numpy(),
                               ops.conv(x, w, 2, "same").numpy())
    np.testing.assert_allclose(K.conv1d(x[:, 0], w[0], 1, "causal").numpy(),
                               ops.conv(x[:, 0], w[0], 1, "causal").numpy())
    x3 = _rng(21).normal(size=(1, 4, 4, 4, 2))
    w3 = _rng(22).normal(size=(2, 2, 2, 2, 3))
    np.testing.assert_allclose(K.conv3d(x3, w3).numpy(), ops.conv(x3, w3).numpy())
    dw, pw = _rng(23).normal(size=(3, 3, 3, 2)), _rng(24).normal(size=(1, 1, 6, 5))
    np.testing.assert_allclose(K.depthwise_conv2d(x, dw).numpy(),
                               ops.depthwise_conv(x, dw).numpy())
    np.testing.assert_allclose(K.separable_conv2d(x, dw, pw).numpy(),
                               ops.separable_conv(x, dw, pw).numpy())
    # Keras 2 pooling strides default to 1, not to the pool size
    assert K.pool2d(x, (2, 2)).shape == (2, 5, 5, 3)
    np.testing.assert_allclose(K.pool2d(x, (2, 2), (2, 2), pool_mode="avg").numpy(),
                               ops.average_pool(x, 2).numpy())
    assert K.pool3d(x3, (2, 2, 2), (2, 2, 2)).shape == (1, 2, 2, 2, 2)
    assert K.spatial_2d_padding(x, ((1, 2), (0, 3))).shape == (2, 9, 9, 3)
    assert K.spatial_2d_padding(_channels_first(x), data_format="channels_first").shape == \
        (2, 3, 8, 8)
    assert K.resize_images(x, 2, 3, "channels_last").shape == (2, 12, 18, 3)
    assert K.resize_images(x, 2, 2, "channels_last", "bilinear").shape == (2, 12, 12, 3)


@pytest.mark.parametrize("padding, out", [("same", 12), ("valid", 13)])
def test_keras2_conv2d_transpose_takes_the_output_shape(padding, out):
    x, w = _rng(25).normal(size=(1, 6, 6, 3)), _rng(26).normal(size=(3, 3, 2, 3))
    y = K.conv2d_transpose(x, w, (1, out, out, 2), (2, 2), padding)
    assert y.shape == (1, out, out, 2)
    z = _rng(27).normal(size=y.shape)        # the adjoint of conv2d on the output shape
    np.testing.assert_allclose(np.sum(y.numpy() * z), np.sum(K.conv2d(z, w, (2, 2), padding).numpy()
                                                             * x), rtol=1e-10)
    assert_gradients_match(
        lambda a, b: K.conv2d_transpose(a, b, (1, out, out, 2), (2, 2), padding), x, w)
    with pytest.raises(ValueError, match="does not fit"):
        K.conv2d_transpose(x, w, (1, out + 3, out, 2), (2, 2), padding)


@pytest.mark.parametrize("call, message", [
    (lambda: ops.conv(np.ones((1, 3, 3, 1)), np.ones((5, 5, 1, 1))), "does not fit the input"),
    (lambda: ops.conv(np.ones((1, 3, 3, 2)), np.ones((3, 3, 3, 1)), padding="same"),
     "does not fit inputs"),
    (lambda: ops.conv(np.ones((1, 3, 1)), np.ones((3, 1, 1)), padding="full"), "padding"),
    (lambda: ops.conv(np.ones((3, 3)), np.ones((3, 3)),), "rank 3, 4 or 5"),
    (lambda: ops.conv(np.ones((1, 3, 3, 1)), np.ones((1, 1, 1, 1)), strides=0), "strides"),
    (lambda: ops.max_pool(np.ones((1, 2, 2, 1)), 3), "pool_size"),
    (lambda: ops.conv_transpose(np.ones((1, 3, 3, 1)), np.ones((3, 3, 1, 1)), 2, "valid", 2),
     "output_padding"),
    (lambda: ops.depthwise_conv(np.ones((1, 3, 3, 2)), np.ones((3, 3, 3, 1))), "depthwise"),
])
def test_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()
