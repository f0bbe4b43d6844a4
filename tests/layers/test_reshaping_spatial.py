"""Cropping1D/2D/3D, UpSampling1D/2D/3D and ZeroPadding1D/2D/3D: values, shapes (symbolic
against eager), float64 gradients, argument forms, configs, import paths and errors."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu import Input, layers
from kerasedu.layers import convolutional

from .conv_layer_checks import (assert_layer_gradients, assert_symbolic_matches_eager,
                                channels_first)

rng = np.random.default_rng(3)
F64 = dict(dtype="float64")


def test_reference_examples():
    x = rng.normal(size=(2, 10, 10, 3)).astype("float32")
    assert layers.Cropping2D(((1, 2), (0, 1)))(x).shape == (2, 7, 9, 3)
    np.testing.assert_array_equal(layers.Cropping2D(((1, 2), (0, 1)))(x).numpy(), x[:, 1:8, 0:9])
    padded = layers.ZeroPadding2D(((1, 2), (3, 4)))(x[:, :5, :5]).numpy()
    assert padded.shape == (2, 8, 12, 3)
    np.testing.assert_array_equal(padded[:, 1:6, 3:8], x[:, :5, :5])
    assert np.count_nonzero(padded) == np.count_nonzero(x[:, :5, :5])
    small = np.arange(4.0, dtype="float32").reshape(1, 2, 2, 1)
    np.testing.assert_array_equal(layers.UpSampling2D()(small).numpy()[0, ..., 0],
                                  [[0, 0, 1, 1], [0, 0, 1, 1], [2, 2, 3, 3], [2, 2, 3, 3]])


def test_one_dimensional_layers():
    x = np.arange(12.0, dtype="float32").reshape(1, 4, 3)
    np.testing.assert_array_equal(layers.Cropping1D((1, 2))(x).numpy(), x[:, 1:2])
    np.testing.assert_array_equal(layers.Cropping1D()(x).numpy(), x[:, 1:3])
    np.testing.assert_array_equal(layers.UpSampling1D(3)(x).numpy(), x.repeat(3, axis=1))
    padded = layers.ZeroPadding1D((2, 1))(x).numpy()
    assert padded.shape == (1, 7, 3) and np.all(padded[:, :2] == 0) and np.all(padded[:, -1] == 0)
    np.testing.assert_array_equal(layers.ZeroPadding1D(data_format="channels_first")(
        channels_first(x)).numpy(), channels_first(np.pad(x, ((0, 0), (1, 1), (0, 0)))))


def test_three_dimensional_layers_and_channels_first():
    x = rng.normal(size=(2, 4, 5, 6, 2)).astype("float32")
    np.testing.assert_array_equal(layers.Cropping3D()(x).numpy(), x[:, 1:3, 1:4, 1:5])
    np.testing.assert_array_equal(
        layers.Cropping3D(((0, 1), 2, (1, 0)), data_format="channels_first")(
            channels_first(x)).numpy(), channels_first(x[:, 0:3, 2:3, 1:6]))
    np.testing.assert_array_equal(layers.UpSampling3D((1, 2, 3))(x).numpy(),
                                  x.repeat(2, axis=2).repeat(3, axis=3))
    np.testing.assert_array_equal(
        layers.ZeroPadding3D(1, data_format="channels_first")(channels_first(x)).numpy(),
        channels_first(np.pad(x, ((0, 0), (1, 1), (1, 1), (1, 1), (0, 0)))))


def test_argument_forms():
    assert layers.ZeroPadding2D(2).padding == ((2, 2), (2, 2))
    assert layers.ZeroPadding2D((1, 3)).padding == ((1, 1), (3, 3))
    assert layers.ZeroPadding1D(2).padding == (2, 2)
    assert layers.Cropping2D(1).cropping == ((1, 1), (1, 1))
    assert layers.Cropping2D(((1, 2), 3)).cropping == ((1, 2), (3, 3))
    assert layers.Cropping1D(2).cropping == (2, 2)
    assert layers.UpSampling2D(3).size == (3, 3) and layers.UpSampling1D().size == 2


def test_bilinear_upsampling_by_hand():
    x = np.array([[0.0, 4.0], [8.0, 12.0]], "float32").reshape(1, 2, 2, 1)
    y = layers.UpSampling2D(interpolation="bilinear")(x).numpy()[0, ..., 0]
    # half-pixel centres: rows read source rows -0.25 (clamped to 0), 0.25, 0.75, 1.25 (to 1)
    np.testing.assert_allclose(y, [[0, 1, 3, 4], [2, 3, 5, 6], [6, 7, 9, 10], [8, 9, 11, 12]])
    first = layers.UpSampling2D((2, 3), data_format="channels_first", interpolation="bilinear")
    last = layers.UpSampling2D((2, 3), interpolation="bilinear")
    x = rng.normal(size=(2, 3, 4, 2)).astype("float32")
    np.testing.assert_allclose(first(channels_first(x)).numpy(), channels_first(last(x).numpy()),
                               rtol=1e-6)


GRADIENT_CASES = {
    "cropping1d": (lambda: layers.Cropping1D((1, 2), **F64), (2, 6, 2)),
    "cropping2d": (lambda: layers.Cropping2D(((1, 0), (2, 1)), **F64), (1, 4, 5, 2)),
    "cropping3d_first": (lambda: layers.Cropping3D(1, data_format="channels_first", **F64),
                         (1, 2, 3, 4, 3)),
    "upsampling1d": (lambda: layers.UpSampling1D(3, **F64), (2, 3, 2)),
    "upsampling2d": (lambda: layers.UpSampling2D((2, 3), **F64), (1, 2, 3, 2)),
    "upsampling2d_bilinear_first": (lambda: layers.UpSampling2D(
        2, data_format="channels_first", interpolation="bilinear", **F64), (1, 2, 3, 2)),
    "upsampling2d_bicubic": (lambda: layers.UpSampling2D(
        (2, 3), interpolation="bicubic", **F64), (1, 3, 2, 2)),
    "upsampling2d_lanczos5_first": (lambda: layers.UpSampling2D(
        2, data_format="channels_first", interpolation="lanczos5", **F64), (1, 2, 3, 2)),
    "upsampling3d": (lambda: layers.UpSampling3D((2, 1, 2), **F64), (1, 2, 2, 2, 1)),
    "zero_padding1d": (lambda: layers.ZeroPadding1D((0, 2), **F64), (2, 3, 2)),
    "zero_padding2d_first": (lambda: layers.ZeroPadding2D(((1, 2), (0, 1)),
                                                          data_format="channels_first", **F64),
                             (1, 2, 3, 3)),
    "zero_padding3d": (lambda: layers.ZeroPadding3D(((1, 0), (0, 1), (1, 1)), **F64),
                       (1, 2, 2, 2, 1)),
}


@pytest.mark.parametrize("case", sorted(GRADIENT_CASES))
def test_gradients(case):
    make, shape = GRADIENT_CASES[case]
    assert_layer_gradients(make, rng.normal(size=shape))


CROPPING = {1: layers.Cropping1D, 2: layers.Cropping2D, 3: layers.Cropping3D}
UPSAMPLING = {1: layers.UpSampling1D, 2: layers.UpSampling2D, 3: layers.UpSampling3D}
PADDING = {1: layers.ZeroPadding1D, 2: layers.ZeroPadding2D, 3: layers.ZeroPadding3D}


@settings(max_examples=40, deadline=None)
@given(kind=st.sampled_from(["crop", "up", "pad"]), rank=st.sampled_from([1, 2, 3]),
       first=st.booleans(), data=st.data())
def test_symbolic_shapes_match_eager(kind, rank, first, data):
    pairs = tuple((data.draw(st.integers(0, 2)), data.draw(st.integers(0, 2)))
                  for _ in range(rank))
    factors = tuple(data.draw(st.integers(1, 3)) for _ in range(rank))
    spatial = tuple(data.draw(st.integers(b + a + 1, b + a + 4)) for b, a in pairs)
    channels = data.draw(st.integers(1, 3))
    first = first and (rank > 1 or kind == "pad")      # Cropping1D, UpSampling1D: no data_format
    data_format = "channels_first" if first else "channels_last"
    shape = (2, channels) + spatial if first else (2,) + spatial + (channels,)
    options = {} if rank == 1 and kind != "pad" else {"data_format": data_format}
    if kind == "crop":
        make = lambda: CROPPING[rank](pairs[0] if rank == 1 else pairs, **options)  # noqa: E731
        expected = tuple(n - b - a for n, (b, a) in zip(spatial, pairs))
    elif kind == "pad":
        make = lambda: PADDING[rank](pairs[0] if rank == 1 else pairs, **options)  # noqa: E731
        expected = tuple(n + b + a for n, (b, a) in zip(spatial, pairs))
    else:
        if rank == 2 and data.draw(st.booleans()):
            options["interpolation"] = "bilinear"
        make = lambda: UPSAMPLING[rank](factors[0] if rank == 1 else factors,  # noqa: E731
                                        **options)
        expected = tuple(n * f for n, f in zip(spatial, factors))
    out = assert_symbolic_matches_eager(make, shape)
    assert (out[2:] if first else out[1:-1]) == expected


def test_unknown_sizes_stay_unknown():
    assert layers.Cropping2D(1)(Input(shape=(None, 5, 2))).shape == (None, None, 3, 2)
    assert layers.UpSampling2D(2)(Input(shape=(None, 5, 2))).shape == (None, None, 10, 2)
    assert layers.ZeroPadding1D(2)(Input(shape=(None, 2))).shape == (None, None, 2)


@pytest.mark.parametrize("layer, keys", [
    (layers.Cropping1D((1, 2)), ["cropping"]),
    (layers.Cropping2D(((1, 2), (3, 4)), data_format="channels_first"),
     ["cropping", "data_format"]),
    (layers.Cropping3D(), ["cropping", "data_format"]),
    (layers.UpSampling1D(3), ["size"]),
    (layers.UpSampling2D(2, interpolation="bilinear"), ["size", "data_format", "interpolation"]),
    (layers.UpSampling3D((1, 2, 3)), ["size", "data_format"]),
    (layers.ZeroPadding1D(2), ["padding", "data_format"]),
    (layers.ZeroPadding2D(((1, 2), (3, 4))), ["padding", "data_format"]),
    (layers.ZeroPadding3D(1), ["padding", "data_format"]),
], ids=lambda value: type(value).__name__ if not isinstance(value, list) else "")
def test_configs(layer, keys):
    config = layer.get_config()
    assert list(config)[3:] == keys
    assert type(layer).from_config(config).get_config() == config
    assert type(layers.deserialize(layers.serialize(layer))) is type(layer)


def test_keras2_import_paths():
    from kerasedu.layers.convolutional import Cropping2D, UpSampling2D, ZeroPadding2D
    assert Cropping2D is layers.Cropping2D and UpSampling2D is layers.UpSampling2D
    assert ZeroPadding2D is convolutional.ZeroPadding2D
    assert layers.UpSampling2D().name.startswith("up_sampling2d")
    assert layers.ZeroPadding3D().name.startswith("zero_padding3d")


@pytest.mark.parametrize("make, message", [
    (lambda: layers.Cropping2D(-1), "cropping"),
    (lambda: layers.Cropping2D(((1, 2), (3, -4))), "cropping"),
    (lambda: layers.Cropping2D((1, 2, 3)), "cropping"),
    (lambda: layers.Cropping1D((1, 2, 3)), "cropping"),
    (lambda: layers.ZeroPadding2D(((1, 2, 3), (1, 1))), "padding"),
    (lambda: layers.ZeroPadding3D(-1), "padding"),
    (lambda: layers.UpSampling2D(0), "size"),
    (lambda: layers.UpSampling1D(-2), "size"),
    (lambda: layers.UpSampling2D(interpolation="area"), "interpolation"),
])
def test_construction_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_cropping_everything_away_fails_at_build():
    with pytest.raises(ValueError, match="cropping.*should be smaller"):
        layers.Cropping2D(((2, 2), (0, 0)))(Input(shape=(4, 5, 1)))
    with pytest.raises(ValueError, match="should be smaller"):
        layers.Cropping1D((3, 3))(np.ones((1, 5, 1), "float32"))
    with pytest.raises(ValueError, match="expected ndim=4"):
        layers.ZeroPadding2D()(np.ones((1, 5, 1), "float32"))
