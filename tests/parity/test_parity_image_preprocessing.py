"""Parity with real Keras 3: the image preprocessing layers.

Deterministic layers (Resizing, CenterCrop), and random layers given a range of one value
(RandomRotation(factor=(0.25, 0.25)) always turns a quarter turn), give Keras's outputs. Random
layers with a real range draw from other random streams than Keras's (numpy here, JAX there),
so their training outputs are checked in tests/layers/test_image_preprocessing.py by the
properties of the transformation; here, their inference outputs and configs.
"""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from kerasedu import layers  # noqa: E402

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(7)


def pair(name, **kwargs):
    return getattr(layers, name)(**kwargs), getattr(keras.layers, name)(**kwargs)


def images(shape, dtype="float32"):
    if np.dtype(dtype).kind in "iu":
        return RNG.integers(0, 256, size=shape).astype(dtype)
    return (RNG.uniform(size=shape) * 255).astype(dtype)


def assert_same(name, x, atol=1e-4, training=None, same_dtype=True, **kwargs):
    ours, theirs = pair(name, **kwargs)
    call = {} if training is None else {"training": training}
    mine, reference = ours(x, **call), np.asarray(theirs(x, **call))
    assert mine.shape == reference.shape
    if same_dtype:
        assert mine.dtype == reference.dtype, (mine.dtype, reference.dtype)
    np.testing.assert_allclose(mine.numpy(), reference, atol=atol, rtol=1e-5)


def assert_same_config(name, **kwargs):
    ours, theirs = pair(name, **kwargs)
    mine, reference = ours.get_config(), theirs.get_config()
    assert set(mine) == set(reference)
    for key, value in reference.items():
        if key not in ("name", "dtype"):
            got = mine[key]
            assert (tuple(got) if isinstance(got, list) else got) == \
                (tuple(value) if isinstance(value, list) else value), key


RESIZES = [
    dict(height=5, width=7),
    dict(height=3, width=2, interpolation="nearest"),
    dict(height=9, width=4, interpolation="bicubic"),
    dict(height=4, width=4, interpolation="lanczos3", antialias=True),
    dict(height=6, width=5, interpolation="lanczos5"),
    dict(height=4, width=3, antialias=True),
    dict(height=4, width=8, crop_to_aspect_ratio=True),
    dict(height=4, width=8, pad_to_aspect_ratio=True, fill_value=7.0),
    dict(height=8, width=3, pad_to_aspect_ratio=True, interpolation="nearest"),
    dict(height=5, width=5, data_format="channels_first"),
    dict(height=3, width=7, crop_to_aspect_ratio=True, data_format="channels_first"),
]


@pytest.mark.parametrize("kwargs", RESIZES)
@pytest.mark.parametrize("batched", [True, False])
def test_resizing_gives_keras_outputs(kwargs, batched):
    shape = (6, 6, 8) if kwargs.get("data_format") == "channels_first" else (6, 8, 2)
    x = images((3, *shape) if batched else shape)
    assert_same("Resizing", x, **kwargs)
    assert_same_config("Resizing", **kwargs)


@pytest.mark.parametrize("dtype", ["uint8", "int32"])
def test_resizing_keeps_integer_pixels_as_keras_does(dtype):
    # rounded after interpolation: a value within float32 rounding of a half may round
    # either way, in either library
    assert_same("Resizing", images((2, 5, 6, 3), dtype), height=3, width=9, atol=1)


@pytest.mark.parametrize("size, data_format", [((3, 4), "channels_last"),
                                               ((5, 5), "channels_last"),
                                               ((2, 6), "channels_first"),
                                               ((9, 4), "channels_last"),      # taller: resized
                                               ((7, 12), "channels_first")])
def test_center_crop_gives_keras_outputs(size, data_format):
    x = images((2, 3, 7, 8) if data_format == "channels_first" else (2, 7, 8, 3))
    assert_same("CenterCrop", x, height=size[0], width=size[1], data_format=data_format)
    assert_same("CenterCrop", x[0], height=size[0], width=size[1], data_format=data_format)
    assert_same("CenterCrop", images((2, 7, 8, 3), "uint8"), height=4, width=4)
    assert_same_config("CenterCrop", height=size[0], width=size[1], data_format=data_format)


# Random layers: the identity at inference, as in Keras; the same configuration.
RANDOM_LAYERS = [
    ("RandomFlip", dict(mode="horizontal", seed=3)),
    ("RandomFlip", dict(data_format="channels_first")),
    ("RandomRotation", dict(factor=0.2, fill_mode="constant", fill_value=2.0, seed=1)),
    ("RandomRotation", dict(factor=(-0.1, 0.3), interpolation="nearest")),
    ("RandomZoom", dict(height_factor=0.2)),
    ("RandomZoom", dict(height_factor=(-0.3, 0.1), width_factor=0.5, fill_mode="wrap")),
    ("RandomTranslation", dict(height_factor=0.2, width_factor=(-0.1, 0.3), seed=5)),
    ("RandomContrast", dict(factor=(0.2, 0.5), value_range=(0, 1), seed=2)),
    ("RandomBrightness", dict(factor=0.4, seed=2)),
    ("RandomBrightness", dict(factor=(-0.2, 0.6), value_range=(-1, 1))),
]


def test_random_crop_config_and_a_window_the_size_of_the_image():
    assert_same_config("RandomCrop", height=3, width=4, seed=2, data_format="channels_first")
    x = images((2, 4, 5, 3))
    assert_same("RandomCrop", x, training=True, atol=0, height=4, width=5, seed=1)


@pytest.mark.parametrize("name, kwargs", RANDOM_LAYERS)
def test_random_layers_at_inference_and_their_configs(name, kwargs):
    x = images((2, 6, 7, 3))
    assert_same(name, x, training=False, atol=0, **kwargs)
    # Keras's RandomContrast and RandomBrightness return integer pixels as they came at
    # inference (and as floats in training); kerasedu's image layers always give floats.
    assert_same(name, images((2, 6, 7, 3), "uint8"), training=False, atol=0,
                same_dtype=name not in ("RandomContrast", "RandomBrightness"), **kwargs)
    assert_same_config(name, **kwargs)


# Random layers given ranges of one value draw that value: the same transformation as Keras.
FIXED = [
    ("RandomRotation", dict(factor=(0.125, 0.125))),
    ("RandomRotation", dict(factor=(-0.3, -0.3), fill_mode="constant", fill_value=9.0)),
    ("RandomRotation", dict(factor=(0.2, 0.2), fill_mode="wrap", interpolation="nearest")),
    ("RandomRotation", dict(factor=(0.45, 0.45), fill_mode="nearest")),
    ("RandomRotation", dict(factor=(0.1, 0.1), data_format="channels_first")),
    ("RandomZoom", dict(height_factor=(-0.3, -0.3))),
    ("RandomZoom", dict(height_factor=(0.4, 0.4), width_factor=(-0.2, -0.2),
                        fill_mode="constant", fill_value=1.0)),
    ("RandomZoom", dict(height_factor=(0.7, 0.7), fill_mode="wrap", interpolation="nearest")),
    ("RandomTranslation", dict(height_factor=(0.13, 0.13), width_factor=(-0.21, -0.21))),
    ("RandomTranslation", dict(height_factor=(-0.3, -0.3), width_factor=(0.4, 0.4),
                               fill_mode="constant", fill_value=3.0)),
    ("RandomTranslation", dict(height_factor=(0.5, 0.5), width_factor=(0.3, 0.3),
                               fill_mode="nearest", interpolation="nearest",
                               data_format="channels_first")),
    ("RandomContrast", dict(factor=0.0, value_range=(0, 1))),
    ("RandomBrightness", dict(factor=(0.1, 0.1))),
    ("RandomBrightness", dict(factor=(-0.3, -0.3), value_range=(0, 100),
                              data_format="channels_first")),
]


@pytest.mark.parametrize("name, kwargs", FIXED)
def test_random_layers_with_one_possible_draw_give_keras_outputs(name, kwargs):
    shape = (2, 3, 7, 6) if kwargs.get("data_format") == "channels_first" else (2, 7, 6, 3)
    x = images(shape)
    assert_same(name, x, training=True, atol=2e-3, **kwargs)
    assert_same(name, x[0], training=True, atol=2e-3, **kwargs)


def test_random_contrast_given_one_number_differs_from_keras_3_15_as_documented():
    # Keras's documentation: factor f draws c from [1 - f, 1 + f]; Keras 3.15's code draws it
    # from [1, 1 + f] (its config says factor=(0, f)). kerasedu follows the documentation.
    ours, theirs = pair("RandomContrast", factor=0.2)
    assert ours.get_config()["factor"] == (0.2, 0.2)
    assert tuple(theirs.get_config()["factor"]) == (0, 0.2)


@pytest.mark.parametrize("name, key, values, kwargs", [
    ("RandomContrast", "contrast_factor", [0.0, 0.6, 1.7], dict(factor=1.0)),
    ("RandomContrast", "contrast_factor", [1.3, 0.2, 1.0],
     dict(factor=1.0, value_range=(0, 100), data_format="channels_first")),
    ("RandomBrightness", "rgb_delta", [-40.0, 0.0, 90.0], dict(factor=1.0)),
])
def test_colour_transformations_compute_as_keras_given_the_same_draws(name, key, values,
                                                                      kwargs):
    ours, theirs = pair(name, **kwargs)
    x = images((3, 3, 5, 4))
    draws = np.asarray(values, "float32").reshape(3, 1, 1, 1)
    mine = ours.transform_images(x, {key: draws}, training=True)
    reference = theirs.transform_images(keras.ops.convert_to_tensor(x),
                                        {key: keras.ops.convert_to_tensor(draws)},
                                        training=True)
    np.testing.assert_allclose(mine.numpy(), np.asarray(reference), rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("dtype", ["uint8", "int32"])
@pytest.mark.parametrize("interpolation", ["bilinear", "nearest", "bicubic"])
def test_ops_image_resize_keeps_integer_pixels_as_keras_does(dtype, interpolation):
    from kerasedu import ops
    x = np.array([[0, 3], [5, 250]], dtype).reshape(1, 2, 2, 1)
    mine = ops.image.resize(x, (3, 8), interpolation=interpolation)
    reference = np.asarray(keras.ops.image.resize(x, (3, 8), interpolation=interpolation))
    assert mine.dtype == reference.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(mine.numpy(), reference)      # rounded, and saturated


@pytest.mark.parametrize("dtype", ["uint8", "int8", "uint16", "int16"])
def test_saturate_cast_reaches_the_pixel_dtypes_limits(dtype):
    # pixels interpolated past the range (bicubic overshoots) come back as the dtype's limits
    from kerasedu import ops
    info = np.iinfo(dtype)
    x = np.array([info.max, info.max + 40.7, info.max - 0.6, info.min, info.min - 9.2,
                  info.min + 0.4], "float32")
    mine = ops.saturate_cast(x, dtype)
    np.testing.assert_array_equal(mine.numpy(), np.asarray(keras.ops.saturate_cast(x, dtype)))
    np.testing.assert_array_equal(mine.numpy()[:2], [info.max, info.max])
