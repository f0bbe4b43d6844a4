"""Adaptive pooling layers against real Keras 3: outputs and input gradients for sizes that
divide evenly, that do not (windows of two lengths), and output sizes larger than the input
(windows repeat positions), in both data formats; configs and shapes."""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from kerasedu import layers as ours  # noqa: E402

from gradient_parity import assert_same_loss_gradients  # noqa: E402

pytestmark = pytest.mark.parity

CF, CL = "channels_first", "channels_last"

# (mode, rank, input spatial, output_size, data_format): windows of one length, of two lengths,
# and more cells than positions. Each shape compiles anew in JAX, so the grid is kept small;
# tests/layers/test_adaptive_pooling.py covers many more shapes against a numpy reference.
GRID = [
    ("Average", 2, (7, 5), (3, 2), CF),
    ("Max", 2, (3, 2), (5, 7), CF), ("Max", 3, (3, 4, 2), (2, 3, 4), CL),
]


def _input(spatial, data_format, rng, channels=2):
    shape = (2,) + spatial + (channels,) if data_format == CL else (2, channels) + spatial
    return rng.normal(size=shape).astype("float32")


@pytest.mark.parametrize("mode, rank, spatial, size, data_format", GRID)
def test_adaptive_pooling_matches_keras(mode, rank, spatial, size, data_format):
    rng = np.random.default_rng(rank)
    name = f"Adaptive{mode}Pooling{rank}D"
    mine = getattr(ours, name)(size, data_format=data_format)
    theirs = getattr(keras.layers, name)(size, data_format=data_format)
    x = _input(spatial, data_format, rng)
    theirs(x)                                   # Keras builds a weightless layer at its call
    assert_same_loss_gradients(mine, theirs, [x], rng, rtol=1e-5, atol=1e-6)
    assert mine.compute_output_shape(x.shape) == theirs.compute_output_shape(x.shape)
    their_config, my_config = theirs.get_config(), mine.get_config()
    for key in ("output_size", "data_format", "trainable", "dtype"):
        assert my_config[key] == their_config[key], key


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_symbolic_shapes_match_keras(rank):
    spatial = (None,) * rank
    for name in (f"AdaptiveAveragePooling{rank}D", f"AdaptiveMaxPooling{rank}D"):
        mine = getattr(ours, name)(3, data_format=CF)
        theirs = getattr(keras.layers, name)(3, data_format=CF)
        assert mine.compute_output_shape((None, 4) + spatial) == \
            theirs.compute_output_shape((None, 4) + spatial) == (None, 4) + (3,) * rank
