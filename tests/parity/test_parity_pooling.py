"""Pooling layers against real Keras 3: outputs over a grid of pool sizes, strides, padding and
data formats (average pooling excludes padding in both), global pooling with keepdims and
masks, configs and shapes."""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from kerasedu import layers as ours  # noqa: E402

pytestmark = pytest.mark.parity

CF, CL = "channels_first", "channels_last"

POOL_SETTINGS = [
    # pool_size, strides, padding
    (2, None, "valid"),
    (2, None, "same"),
    (3, 2, "same"),
    (3, 1, "valid"),
    ((3, 2, 2), (1, 2, 3), "same"),
]
SPATIAL = {1: (7,), 2: (7, 6), 3: (5, 6, 4)}


def _per_rank(value, rank):
    return value[:rank] if isinstance(value, tuple) else value


def _grid():
    for mode in ("Max", "Average"):
        for rank in (1, 2, 3):
            for pool, strides, padding in POOL_SETTINGS:
                for data_format in (CL, CF):
                    yield (f"{mode}Pooling{rank}D", _per_rank(pool, rank),
                           _per_rank(strides, rank), padding, data_format)


GRID = list(_grid())


def _input(rank, data_format, seed=0, channels=3):
    shape = (2,) + SPATIAL[rank] + (channels,)
    if data_format == CF:
        shape = (2, channels) + SPATIAL[rank]
    return np.random.default_rng(seed).normal(size=shape).astype("float32")


def _compare(theirs, mine, x, **call_kwargs):
    expected = keras.ops.convert_to_numpy(theirs(x, **call_kwargs))
    got = mine(x, **call_kwargs).numpy()
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    their_config, my_config = theirs.get_config(), mine.get_config()
    assert list(my_config) == list(their_config)
    for key in ("pool_size", "strides", "padding", "data_format", "keepdims"):
        if key in their_config:
            assert np.array_equal(my_config[key], their_config[key]), key
    shape = (None,) + x.shape[1:]
    assert tuple(mine.compute_output_shape(shape)) == tuple(theirs.compute_output_shape(shape))


@pytest.mark.parametrize("name, pool, strides, padding, data_format", GRID,
                         ids=[f"{g[0]}-{i % 10}" for i, g in enumerate(GRID)])
def test_pooling_matches_keras(name, pool, strides, padding, data_format):
    rank = int(name[-2])
    kwargs = dict(pool_size=pool, strides=strides, padding=padding, data_format=data_format)
    _compare(getattr(keras.layers, name)(**kwargs), getattr(ours, name)(**kwargs),
             _input(rank, data_format))


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("data_format", [CL, CF])
@pytest.mark.parametrize("name", [f"Global{mode}Pooling{rank}D" for mode in ("Max", "Average")
                                  for rank in (1, 2, 3)])
def test_global_pooling_matches_keras(name, data_format, keepdims):
    kwargs = dict(data_format=data_format, keepdims=keepdims)
    _compare(getattr(keras.layers, name)(**kwargs), getattr(ours, name)(**kwargs),
             _input(int(name[-2]), data_format))


@pytest.mark.parametrize("data_format", [CL, CF])
def test_masked_global_average_pooling1d_matches_keras(data_format):
    x = _input(1, data_format)
    mask = np.array([[True] * 5 + [False] * 2, [False] + [True] * 6])
    _compare(keras.layers.GlobalAveragePooling1D(data_format=data_format),
             ours.GlobalAveragePooling1D(data_format=data_format), x, mask=mask)


def test_average_pooling_with_padding_example_matches_keras():
    x = np.arange(1.0, 10.0, dtype="float32").reshape(1, 3, 3, 1)
    theirs = keras.ops.convert_to_numpy(keras.layers.AveragePooling2D(2, padding="same")(x))
    mine = ours.AveragePooling2D(2, padding="same")(x).numpy()
    np.testing.assert_allclose(mine[0, ..., 0], [[3, 4.5], [7.5, 9]])
    np.testing.assert_allclose(mine, theirs)


def test_default_configs_match_keras():
    for name in ("MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "GlobalMaxPooling2D",
                 "GlobalAveragePooling3D"):
        theirs, mine = getattr(keras.layers, name)().get_config(), \
            getattr(ours, name)().get_config()
        assert [k for k in theirs if k != "name"] == [k for k in mine if k != "name"]
        for key in theirs:
            if key not in ("name", "dtype"):
                assert np.array_equal(mine[key], theirs[key]), (name, key)
