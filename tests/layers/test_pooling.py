"""Pooling layers: shapes (symbolic against eager), hand-worked values, float64 gradients,
global pooling options and masks, configs, Keras 2 import paths, and the errors."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu import Input, Sequential, layers
from kerasedu.layers import pooling

from .conv_layer_checks import (assert_layer_gradients, assert_symbolic_matches_eager,
                                channels_first)

rng = np.random.default_rng(1)
F64 = dict(dtype="float64")

POOLS = {("max", 1): layers.MaxPooling1D, ("max", 2): layers.MaxPooling2D,
         ("max", 3): layers.MaxPooling3D, ("average", 1): layers.AveragePooling1D,
         ("average", 2): layers.AveragePooling2D, ("average", 3): layers.AveragePooling3D}
GLOBALS = {("max", 1): layers.GlobalMaxPooling1D, ("max", 2): layers.GlobalMaxPooling2D,
           ("max", 3): layers.GlobalMaxPooling3D, ("average", 1): layers.GlobalAveragePooling1D,
           ("average", 2): layers.GlobalAveragePooling2D,
           ("average", 3): layers.GlobalAveragePooling3D}


def test_values_by_hand():
    x = np.arange(1.0, 10.0, dtype="float32").reshape(1, 3, 3, 1)
    average = layers.AveragePooling2D(2, padding="same")(x).numpy()[0, ..., 0]
    np.testing.assert_allclose(average, [[3, 4.5], [7.5, 9]])     # padding is not averaged
    np.testing.assert_allclose(layers.MaxPooling2D(2, padding="same")(x).numpy()[0, ..., 0],
                               [[5, 6], [8, 9]])
    np.testing.assert_allclose(layers.MaxPooling2D(2, strides=1)(x).numpy()[0, ..., 0],
                               [[5, 6], [8, 9]])
    np.testing.assert_allclose(layers.AveragePooling2D(2, strides=1)(x).numpy()[0, ..., 0],
                               [[3, 4], [6, 7]])
    steps = np.array([3.0, -1.0, 4.0, 1.0, 5.0], "float32").reshape(1, 5, 1)
    np.testing.assert_allclose(layers.MaxPooling1D(2)(steps).numpy().ravel(), [3, 4])
    np.testing.assert_allclose(layers.AveragePooling1D(2, padding="same")(steps).numpy().ravel(),
                               [1, 2.5, 5])
    np.testing.assert_allclose(layers.GlobalMaxPooling1D()(steps).numpy(), [[5]])
    np.testing.assert_allclose(layers.GlobalAveragePooling1D()(steps).numpy(), [[2.4]])


def test_defaults_and_data_formats():
    layer = layers.MaxPooling2D()
    assert layer.pool_size == (2, 2) and layer.strides == (2, 2) and layer.padding == "valid"
    assert layers.AveragePooling3D().pool_size == (2, 2, 2)
    assert layers.MaxPooling1D(3).strides == (3,)
    x = rng.normal(size=(2, 5, 7, 3)).astype("float32")
    for cls in (layers.MaxPooling2D, layers.AveragePooling2D):
        last = cls((2, 3), strides=(1, 2), padding="same")(x).numpy()
        first = cls((2, 3), strides=(1, 2), padding="same",
                    data_format="channels_first")(channels_first(x)).numpy()
        np.testing.assert_allclose(first, channels_first(last), rtol=1e-6)


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("mode, rank", sorted(GLOBALS))
def test_global_pooling(mode, rank, data_format, keepdims):
    x = rng.normal(size=(2,) + (3, 4, 2)[:rank] + (5,)).astype("float32")
    layer = GLOBALS[mode, rank](data_format=data_format, keepdims=keepdims)
    given_x = x if data_format == "channels_last" else channels_first(x)
    axes = tuple(range(1, rank + 1))
    expected = x.max(axis=axes, keepdims=keepdims) if mode == "max" else \
        x.mean(axis=axes, keepdims=keepdims)
    if keepdims and data_format == "channels_first":
        expected = channels_first(expected)
    np.testing.assert_allclose(layer(given_x).numpy(), expected, rtol=1e-6, atol=1e-6)
    assert layer(Input(shape=given_x.shape[1:])).shape == (None,) + expected.shape[1:]


def test_global_average_pooling1d_averages_unmasked_steps():
    x = np.array([[[1.0], [3.0], [100.0]], [[2.0], [4.0], [6.0]]], "float32")
    mask = np.array([[True, True, False], [True, True, True]])
    layer = layers.GlobalAveragePooling1D()
    np.testing.assert_allclose(layer(x, mask=mask).numpy(), [[2.0], [4.0]])
    first = layers.GlobalAveragePooling1D(data_format="channels_first", keepdims=True)
    np.testing.assert_allclose(first(channels_first(x), mask=mask).numpy(), [[[2.0]], [[4.0]]])
    model = Sequential([Input(shape=(3, 2)), layers.Masking(0.0), layers.GlobalAveragePooling1D()])
    steps = np.array([[[1.0, 2.0], [3.0, 6.0], [0.0, 0.0]]], "float32")
    np.testing.assert_allclose(model(steps).numpy(), [[2.0, 4.0]])


@pytest.mark.parametrize("mode, rank", sorted(POOLS))
@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_pooling_gradients(mode, rank, padding, data_format):
    spatial = (5, 4, 3)[:rank]
    shape = (2,) + spatial + (2,) if data_format == "channels_last" else (2, 2) + spatial
    make = lambda: POOLS[mode, rank](2, strides=(1, 2, 2)[:rank], padding=padding,  # noqa: E731
                                     data_format=data_format, **F64)
    assert_layer_gradients(make, rng.normal(size=shape))


@pytest.mark.parametrize("mode, rank", sorted(GLOBALS))
def test_global_pooling_gradients(mode, rank):
    shape = (2,) + (3, 2, 2)[:rank] + (2,)
    assert_layer_gradients(lambda: GLOBALS[mode, rank](**F64), rng.normal(size=shape))
    assert_layer_gradients(lambda: GLOBALS[mode, rank](data_format="channels_first",
                                                       keepdims=True, **F64),
                           rng.normal(size=shape))


@settings(max_examples=40, deadline=None)
@given(mode=st.sampled_from(["max", "average"]), rank=st.sampled_from([1, 2, 3]),
       data=st.data())
def test_pooling_symbolic_shapes_match_eager(mode, rank, data):
    pool = tuple(data.draw(st.integers(1, 3)) for _ in range(rank))
    strides = data.draw(st.one_of(st.none(), st.tuples(*[st.integers(1, 3)] * rank)))
    padding = data.draw(st.sampled_from(["valid", "same"]))
    data_format = data.draw(st.sampled_from(["channels_last", "channels_first"]))
    spatial = tuple(data.draw(st.integers(k, k + 5)) for k in pool)
    channels, batch = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    shape = ((batch,) + spatial + (channels,) if data_format == "channels_last"
             else (batch, channels) + spatial)
    make = lambda: POOLS[mode, rank](pool, strides, padding, data_format)  # noqa: E731
    out = assert_symbolic_matches_eager(make, shape)
    s = strides or pool
    out_spatial = out[1:-1] if data_format == "channels_last" else out[2:]
    expected = tuple((n - k) // st_ + 1 if padding == "valid" else -(-n // st_)
                     for n, k, st_ in zip(spatial, pool, s))
    assert out_spatial == expected


@settings(max_examples=20, deadline=None)
@given(mode=st.sampled_from(["max", "average"]), rank=st.sampled_from([1, 2, 3]),
       keepdims=st.booleans(), first=st.booleans(),
       sizes=st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4),
                       st.integers(1, 3)))
def test_global_pooling_symbolic_shapes_match_eager(mode, rank, keepdims, first, sizes):
    spatial, channels = sizes[:rank], sizes[3]
    shape = (2, channels) + spatial if first else (2,) + spatial + (channels,)
    data_format = "channels_first" if first else "channels_last"
    assert_symbolic_matches_eager(
        lambda: GLOBALS[mode, rank](data_format=data_format, keepdims=keepdims), shape)


@pytest.mark.parametrize("layer", [
    layers.MaxPooling1D(3, strides=1, padding="same"),
    layers.MaxPooling2D((2, 3), data_format="channels_first"),
    layers.AveragePooling3D(2, strides=(1, 2, 1)),
    layers.GlobalAveragePooling2D(keepdims=True),
    layers.GlobalMaxPooling3D(data_format="channels_first"),
], ids=lambda layer: type(layer).__name__)
def test_config_round_trip(layer):
    config = layer.get_config()
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    assert type(layers.deserialize(layers.serialize(layer))) is type(layer)


def test_pooling_config_keys():
    assert list(layers.MaxPooling2D().get_config())[3:] == ["pool_size", "padding", "strides",
                                                            "data_format"]
    assert list(layers.GlobalMaxPooling1D().get_config())[3:] == ["data_format", "keepdims"]


def test_keras2_import_paths_and_aliases():
    from kerasedu.layers.pooling import (AvgPool2D, GlobalAvgPool1D, GlobalMaxPool2D, MaxPool2D,
                                         MaxPooling2D)
    assert MaxPooling2D is layers.MaxPooling2D is MaxPool2D is layers.MaxPool2D
    assert AvgPool2D is layers.AveragePooling2D and layers.AvgPool3D is layers.AveragePooling3D
    assert GlobalMaxPool2D is layers.GlobalMaxPooling2D
    assert GlobalAvgPool1D is layers.GlobalAveragePooling1D is pooling.GlobalAvgPool1D
    assert layers.MaxPool1D is layers.MaxPooling1D and layers.GlobalAvgPool3D is \
        layers.GlobalAveragePooling3D
    assert layers.GlobalAveragePooling2D().name.startswith("global_average_pooling2d")
    assert layers.MaxPooling3D().name.startswith("max_pooling3d")


@pytest.mark.parametrize("make, message", [
    (lambda: layers.MaxPooling2D(0), "pool_size"),
    (lambda: layers.MaxPooling2D(-2), "pool_size"),
    (lambda: layers.AveragePooling1D(2, strides=0), "strides"),
    (lambda: layers.MaxPooling2D((2, 2, 2)), "pool_size"),
    (lambda: layers.MaxPooling2D(padding="full"), "padding"),
    (lambda: layers.GlobalMaxPooling2D(data_format="NCHW"), "data_format"),
])
def test_construction_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_pool_larger_than_input_fails_at_build():
    with pytest.raises(ValueError, match=r"max_pooling2d.*pool does not fit.*padding='same'"):
        layers.MaxPooling2D(3)(Input(shape=(2, 5, 1)))
    with pytest.raises(ValueError, match="pool does not fit"):
        layers.AveragePooling1D(4)(np.ones((1, 3, 1), "float32"))
    assert layers.MaxPooling2D(3, padding="same")(Input(shape=(2, 5, 1))).shape == \
        (None, 1, 2, 1)
    with pytest.raises(ValueError, match="expected ndim=4"):
        layers.MaxPooling2D()(np.ones((1, 4, 4), "float32"))
