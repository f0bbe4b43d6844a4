"""The kernels with Keras' named paddings give what Keras 3's ops give on the same arrays."""

import numpy as np
import pytest

from kerasedu.backend.ops.conv_products import conv, conv_transpose
from kerasedu.backend.ops.pooling import average_pool_values as avg_pool
from kerasedu.backend.ops.pooling import max_pool_values as max_pool

pytestmark = pytest.mark.parity


@pytest.mark.parametrize("spatial, k, s, d, padding, cin, cout", [
    ((9,), (3,), (2,), (1,), "same", 2, 3),
    ((10,), (3,), (1,), (2,), "causal", 2, 3),
    ((7, 8), (3, 2), (2, 3), (1, 1), "same", 3, 4),
    ((6, 7), (3, 3), (1, 1), (2, 1), "valid", 2, 4),
    ((4, 5, 6), (2, 3, 2), (1, 2, 2), (1, 1, 1), "same", 2, 3),
])
@pytest.mark.parametrize("groups", [1, 2])
def test_conv(keras, spatial, k, s, d, padding, cin, cout, groups):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, *spatial, cin * groups)).astype(np.float32)
    kernel = rng.normal(size=(*k, cin, cout * groups)).astype(np.float32)
    if padding == "causal":   # Keras' Conv1D pads dk − 1 zeros in front, then convolves "valid"
        x_keras = np.pad(x, [(0, 0), (d[0] * (k[0] - 1), 0), (0, 0)])
        expected = keras.ops.conv(x_keras, kernel, s, "valid", "channels_last", d)
    else:
        expected = keras.ops.conv(x, kernel, s, padding, "channels_last", d)
    expected = keras.ops.convert_to_numpy(expected)
    np.testing.assert_allclose(conv(x, kernel, s, d, padding, groups), expected,
                               rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("spatial, k, s, d, padding, op", [
    ((4,), (3,), (2,), (1,), "same", None),
    ((5,), (4,), (3,), (1,), "valid", None),
    ((4, 5), (3, 3), (2, 2), (1, 1), "same", None),
    ((4, 5), (4, 3), (2, 3), (1, 1), "same", (1, 2)),
    ((3, 4), (3, 2), (2, 2), (1, 1), "valid", (1, 0)),
    ((5, 4), (5, 4), (1, 1), (1, 1), "same", None),
    ((4, 4), (3, 3), (1, 1), (2, 2), "same", None),
    ((2, 3, 3), (3, 2, 3), (2, 1, 2), (1, 1, 1), "same", None),
])
def test_conv_transpose(keras, spatial, k, s, d, padding, op):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, *spatial, 3)).astype(np.float32)
    kernel = rng.normal(size=(*k, 2, 3)).astype(np.float32)
    expected = keras.ops.convert_to_numpy(keras.ops.conv_transpose(
        x, kernel, s, padding, op, "channels_last", d))
    y = conv_transpose(x, kernel, s, d, padding, op)
    assert y.shape == expected.shape
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("spatial, pool, s, padding", [
    ((7,), (2,), (2,), "same"),
    ((7, 5), (3, 2), (2, 2), "same"),
    ((7, 5), (3, 3), (1, 2), "same"),
    ((6, 6), (2, 2), None, "valid"),
    ((5, 4, 3), (2, 3, 2), (2, 1, 2), "same"),
])
def test_pooling(keras, spatial, pool, s, padding):
    x = np.random.default_rng(2).normal(size=(2, *spatial, 3)).astype(np.float32)
    keras_strides = pool if s is None else s
    np.testing.assert_array_equal(
        max_pool(x, pool, s, padding)[0],
        keras.ops.convert_to_numpy(keras.ops.max_pool(x, pool, keras_strides, padding)))
    np.testing.assert_allclose(
        avg_pool(x, pool, s, padding),
        keras.ops.convert_to_numpy(keras.ops.average_pool(x, pool, keras_strides, padding)),
        rtol=1e-6, atol=1e-6)
