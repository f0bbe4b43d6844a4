"""LocallyConnected1D/2D (Keras 2 semantics, implementation 1): the seed notes' shapes and
parameter counts, hand-worked values that pin down the weight layout, agreement with a Conv
when every position shares one kernel, float64 gradients, shapes, configs and errors."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu import Input, Sequential, layers
from kerasedu.layers.local import LocallyConnected1D, LocallyConnected2D

from .conv_layer_checks import (assert_layer_gradients, assert_symbolic_matches_eager,
                                channels_first)

rng = np.random.default_rng(2)


def test_seed_note_examples():
    model = Sequential()
    model.add(LocallyConnected2D(64, (3, 3), input_shape=(32, 32, 3)))
    assert model.output_shape == (None, 30, 30, 64)
    assert model.count_params() == (30 * 30) * (3 * 3 * 3 * 64) + (30 * 30) * 64
    model.add(LocallyConnected2D(32, (3, 3)))
    assert model.output_shape == (None, 28, 28, 32)
    layer = LocallyConnected1D(64, 3, input_shape=(10, 32))
    model = Sequential([layer])
    assert model.output_shape == (None, 8, 64)
    assert [tuple(w.shape) for w in layer.weights] == [(8, 3 * 32, 64), (8, 64)]
    assert layer.count_params() == 8 * 96 * 64 + 8 * 64


def test_1d_values_by_hand():
    layer = LocallyConnected1D(1, 2, dtype="float64")
    layer.build((1, 4, 1))
    layer.set_weights([np.array([[[1.0], [0.0]], [[0.0], [1.0]], [[1.0], [1.0]]]),
                       np.array([[0.5], [0.0], [-1.0]])])
    x = np.array([1.0, 2.0, 3.0, 4.0]).reshape(1, 4, 1)
    # windows [1, 2], [2, 3], [3, 4] meet their own kernels [1, 0], [0, 1], [1, 1]
    np.testing.assert_allclose(layer(x).numpy().ravel(), [1.5, 3.0, 6.0])


def test_row_order_of_the_kernel_follows_keras2():
    x = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]).reshape(1, 3, 2)   # (steps, channels)
    kernel = np.zeros((2, 4, 1))
    kernel[0, :, 0] = [1, 10, 100, 1000]
    last = LocallyConnected1D(1, 2, use_bias=False, dtype="float64")
    last.build(x.shape)
    last.set_weights([kernel])
    # channels_last rows are (offset, channel): window 0 is [x0c0, x0c1, x1c0, x1c1] = [1, 2, 3, 4]
    assert last(x).numpy()[0, 0, 0] == 1 + 20 + 300 + 4000
    first = LocallyConnected1D(1, 2, use_bias=False, data_format="channels_first",
                               dtype="float64")
    first.build((1, 2, 3))
    first.set_weights([kernel])
    # channels_first rows are (channel, offset): [x0c0, x1c0, x0c1, x1c1] = [1, 3, 2, 4]
    out = first(channels_first(x)).numpy()
    assert out.shape == (1, 1, 2) and out[0, 0, 0] == 1 + 30 + 200 + 4000


def test_2d_values_by_hand():
    x = np.arange(1.0, 10.0).reshape(1, 3, 3, 1)
    layer = LocallyConnected2D(1, (2, 2), dtype="float64")
    layer.build(x.shape)
    kernel = np.zeros((4, 4, 1))
    for position in range(4):            # positions row-major: (0, 0), (0, 1), (1, 0), (1, 1)
        kernel[position, position, 0] = 1.0   # each picks a different offset of its window
    bias = np.array([[0.0, 0.5], [1.0, 1.5]]).reshape(2, 2, 1)
    layer.set_weights([kernel, bias])
    # window (i, j) picks x[i + a, j + b] with offset (a, b) = (i, j): x[0, 0], x[0, 2], x[2, 0],
    # x[2, 2] = 1, 3, 7, 9, plus the bias
    np.testing.assert_allclose(layer(x).numpy()[0, ..., 0], [[1, 3.5], [8, 10.5]])


def test_2d_channels_first_bias_layout():
    layer = LocallyConnected2D(3, 2, data_format="channels_first")
    layer.build((1, 2, 4, 5))
    assert [tuple(w.shape) for w in layer.weights] == [(12, 8, 3), (3, 3, 4)]
    layer.set_weights([np.zeros((12, 8, 3)), np.arange(36.0).reshape(3, 3, 4)])
    np.testing.assert_allclose(layer(np.ones((1, 2, 4, 5), "float32")).numpy()[0],
                               np.arange(36.0).reshape(3, 3, 4))


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_shared_kernels_reproduce_a_convolution(data_format):
    x = rng.normal(size=(2, 7, 6, 3)).astype("float32")
    conv = layers.Conv2D(4, (3, 2), strides=(2, 1), data_format=data_format)
    local = LocallyConnected2D(4, (3, 2), strides=(2, 1), data_format=data_format)
    given_x = x if data_format == "channels_last" else channels_first(x)
    expected = conv(given_x).numpy()
    kernel, bias = conv.get_weights()
    if data_format == "channels_first":          # Keras 2's rows: (channel, offsets)
        kernel = np.moveaxis(kernel, 2, 0)
    positions = 3 * 5
    local.build(given_x.shape)
    bias_shape = local.weights[1].shape
    local_bias = np.broadcast_to(bias, (3, 5, 4)) if data_format == "channels_last" else \
        np.broadcast_to(bias[:, None, None], (4, 3, 5))
    assert tuple(bias_shape) == local_bias.shape
    local.set_weights([np.broadcast_to(kernel.reshape(1, -1, 4), (positions, 18, 4)),
                       local_bias])
    np.testing.assert_allclose(local(given_x).numpy(), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("make, shape", [
    (lambda: LocallyConnected1D(2, 3, strides=2, activation="tanh", dtype="float64"), (2, 7, 2)),
    (lambda: LocallyConnected1D(2, 2, data_format="channels_first", dtype="float64"),
     (2, 2, 4)),
    (lambda: LocallyConnected2D(2, (2, 3), dtype="float64"), (1, 3, 4, 2)),
    (lambda: LocallyConnected2D(2, 2, strides=2, data_format="channels_first",
                                dtype="float64"), (1, 2, 4, 4)),
])
def test_gradients(make, shape):
    assert_layer_gradients(make, rng.normal(size=shape))


@settings(max_examples=25, deadline=None)
@given(rank=st.sampled_from([1, 2]), first=st.booleans(), data=st.data())
def test_symbolic_shapes_match_eager(rank, first, data):
    kernel = tuple(data.draw(st.integers(1, 3)) for _ in range(rank))
    strides = tuple(data.draw(st.integers(1, 3)) for _ in range(rank))
    spatial = tuple(data.draw(st.integers(k, k + 4)) for k in kernel)
    channels = data.draw(st.integers(1, 3))
    shape = (2, channels) + spatial if first else (2,) + spatial + (channels,)
    cls = LocallyConnected1D if rank == 1 else LocallyConnected2D
    data_format = "channels_first" if first else "channels_last"
    out = assert_symbolic_matches_eager(lambda: cls(3, kernel, strides, data_format=data_format),
                                        shape)
    expected = tuple((n - k) // s + 1 for n, k, s in zip(spatial, kernel, strides))
    assert (out[2:] if first else out[1:-1]) == expected


def test_config_round_trip_and_import_paths():
    layer = LocallyConnected2D(4, (3, 2), strides=2, activation="relu",
                               kernel_regularizer="l2")
    config = layer.get_config()
    assert list(config)[3:] == ["filters", "kernel_size", "strides", "padding", "data_format",
                                "activation", "use_bias", "kernel_initializer",
                                "bias_initializer", "kernel_regularizer", "bias_regularizer",
                                "activity_regularizer", "kernel_constraint", "bias_constraint",
                                "implementation"]
    assert LocallyConnected2D.from_config(config).get_config() == config
    assert layers.LocallyConnected1D is LocallyConnected1D
    assert type(layers.deserialize(layers.serialize(layer))) is LocallyConnected2D
    assert LocallyConnected2D(1, 1).name.startswith("locally_connected2d")


@pytest.mark.parametrize("make, message", [
    (lambda: LocallyConnected2D(4, 3, implementation=2), "implementation=1"),
    (lambda: LocallyConnected1D(4, 3, padding="same"), "padding"),
    (lambda: LocallyConnected2D(0, 3), "filters"),
    (lambda: LocallyConnected2D(4, (3, 0)), "kernel_size"),
    (lambda: LocallyConnected1D(4, 3, strides=-1), "strides"),
])
def test_construction_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_build_errors():
    with pytest.raises(ValueError, match="spatial sizes of the input must be known"):
        LocallyConnected1D(4, 3)(Input(shape=(None, 2)))
    with pytest.raises(ValueError, match="does not fit the input"):
        LocallyConnected2D(4, 5)(Input(shape=(4, 8, 2)))
    layer = LocallyConnected2D(2, 2)
    layer(np.ones((1, 4, 4, 1), "float32"))
    with pytest.raises(ValueError, match="expected axis -1"):
        layer(np.ones((1, 4, 4, 2), "float32"))
