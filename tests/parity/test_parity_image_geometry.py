"""Parity with real Keras 3: the geometric and mixing image layers (RandomShear,
RandomPerspective, RandomErasing, MixUp, CutMix, RandomElasticTransform, CLAHE, ...).

Their random draws come from other streams than Keras's (numpy here, JAX there), so the same
seed gives other images. What must agree: the configs, the outputs at inference, and the
transformation itself: Keras's ``get_random_transformation`` draws the parameters, and both
libraries' ``transform_images`` apply those same parameters.
"""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from test_parity_image_preprocessing import assert_same_config, images, pair  # noqa: E402

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(11)


def numpy_tree(value):
    if isinstance(value, dict):
        return {key: numpy_tree(v) for key, v in value.items()}
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        return [numpy_tree(v) for v in value]          # AugMix's chains of steps
    if value is None or isinstance(value, (int, float, str, tuple, keras.random.SeedGenerator)):
        return value
    return np.asarray(value)


def assert_same_at_inference(name, x, **kwargs):
    ours, theirs = pair(name, **kwargs)
    mine, reference = ours(x, training=False), np.asarray(theirs(x, training=False))
    assert mine.shape == reference.shape
    np.testing.assert_allclose(mine.numpy(), reference, atol=1e-4)


def assert_same_transform(name, x, atol=1e-3, keras_draws=True, **kwargs):
    """Keras (or kerasedu) draws the parameters; both apply them; the images agree."""
    ours, theirs = pair(name, **kwargs)
    drawer = theirs if keras_draws else ours
    transformation = drawer.get_random_transformation(keras.ops.convert_to_tensor(x) if
                                                      keras_draws else x, training=True)
    reference = np.asarray(theirs.transform_images(keras.ops.convert_to_tensor(x),
                                                   transformation, training=True))
    mine = ours.transform_images(x, numpy_tree(transformation), training=True)
    assert mine.shape == reference.shape
    np.testing.assert_allclose(mine.numpy(), reference, atol=atol, rtol=1e-4)
    return transformation


CONFIGS = [
    ("RandomShear", dict()),
    ("RandomShear", dict(x_factor=0.3, y_factor=(0.1, 0.4), fill_mode="constant",
                         fill_value=2.0, interpolation="nearest", seed=3)),
    ("RandomPerspective", dict()),
    ("RandomPerspective", dict(factor=(0.2, 0.8), scale=0.4, interpolation="nearest",
                               fill_value=1.0, seed=2, data_format="channels_first")),
    ("RandomErasing", dict()),
    ("RandomErasing", dict(factor=(0.3, 0.9), scale=0.5, fill_value=7.0, value_range=(0, 1),
                           seed=4, data_format="channels_first")),
    ("MixUp", dict()),
    ("CutMix", dict()),
    ("CutMix", dict(factor=0.4, seed=5)),
    ("RandomElasticTransform", dict()),
    ("RandomElasticTransform", dict(factor=0.5, scale=(0.2, 0.6), interpolation="nearest",
                                    fill_mode="mirror", fill_value=1.0, value_range=(0, 1),
                                    seed=3, data_format="channels_first")),
    ("RandAugment", dict()),
    ("RandAugment", dict(value_range=(0, 1), num_ops=4, factor=(0.1, 0.6),
                         interpolation="nearest", seed=2, data_format="channels_first")),
    ("AugMix", dict()),
    ("AugMix", dict(value_range=(-1, 1), num_chains=2, chain_depth=4, factor=0.8, alpha=0.5,
                    all_ops=False, interpolation="nearest", seed=3)),
    ("ContrastLimitedAdaptiveHistogramEqualization", dict()),
    ("ContrastLimitedAdaptiveHistogramEqualization",
     dict(value_range=(0, 1), clip_limit=2.0, tile_grid_size=(3, 2),
          data_format="channels_first")),
]


@pytest.mark.parametrize("name, kwargs", CONFIGS)
def test_configs_and_inference_match_keras(name, kwargs):
    assert_same_config(name, **kwargs)
    if name in ("MixUp", "ContrastLimitedAdaptiveHistogramEqualization"):
        return      # seconds of JAX compiling per shape: MixUp's Beta draws; CLAHE, below

    first = kwargs.get("data_format") == "channels_first"
    x = images((2, 3, 6, 7) if first else (2, 6, 7, 3))
    assert_same_at_inference(name, x, **kwargs)
    assert_same_at_inference(name, x[0], **kwargs)


@pytest.mark.parametrize("kwargs", [
    dict(x_factor=0.4, y_factor=0.3, seed=1),
    dict(x_factor=(0.2, 0.5), fill_mode="constant", fill_value=9.0, seed=2),
    dict(y_factor=(0.5, 1.0), fill_mode="wrap", interpolation="nearest", seed=3),
    dict(x_factor=0.6, y_factor=0.6, fill_mode="nearest", data_format="channels_first", seed=4),
])
def test_random_shear_applies_keras_draws_as_keras(kwargs):
    first = kwargs.get("data_format") == "channels_first"
    x = images((3, 2, 7, 6) if first else (3, 7, 6, 2))
    assert_same_transform("RandomShear", x, **kwargs)


@pytest.mark.parametrize("kwargs", [
    dict(seed=1),
    dict(factor=(0.5, 1.0), scale=0.5, fill_value=3.0, interpolation="nearest", seed=2),
    dict(scale=0.8, data_format="channels_first", seed=3),
])
def test_random_perspective_applies_keras_draws_as_keras(kwargs):
    first = kwargs.get("data_format") == "channels_first"
    x = images((4, 2, 7, 6) if first else (4, 7, 6, 2))
    assert_same_transform("RandomPerspective", x, atol=2e-2, **kwargs)


@pytest.mark.parametrize("kwargs", [
    dict(seed=1, value_range=(0, 255)),
    dict(fill_value=3.5, scale=(0.2, 0.6), seed=2),
    dict(factor=0.5, fill_value=0.0, data_format="channels_first", seed=4),
])
def test_random_erasing_applies_keras_draws_as_keras(kwargs):
    first = kwargs.get("data_format") == "channels_first"
    x = images((4, 3, 8, 9) if first else (4, 8, 9, 3))
    assert_same_transform("RandomErasing", x, **kwargs)


@pytest.mark.parametrize("name, kwargs", [("MixUp", dict(alpha=0.4, seed=1)),
                                          ("MixUp", dict(data_format="channels_first")),
                                          ("CutMix", dict(seed=2)),
                                          ("CutMix", dict(factor=(0.5, 0.9), seed=3,
                                                          data_format="channels_first"))])
def test_mixing_layers_mix_images_and_labels_as_keras_given_the_same_draws(name, kwargs):
    # kerasedu draws (Keras's Beta sampler takes seconds to compile on JAX)
    first = kwargs.get("data_format") == "channels_first"
    x = images((5, 3, 6, 7) if first else (5, 6, 7, 3))
    transformation = assert_same_transform(name, x, keras_draws=False, **kwargs)
    labels = np.eye(5, 4, dtype="float32")[[0, 1, 2, 3, 3]]
    ours, theirs = pair(name, **kwargs)
    mine = ours.transform_labels(labels, numpy_tree(transformation), training=True)
    reference = theirs.transform_labels(keras.ops.convert_to_tensor(labels),
                                        numpy_tree(transformation), training=True)
    np.testing.assert_allclose(mine.numpy(), np.asarray(reference), atol=1e-6)


CLAHE_CASES = [      # (a single image: in the integer test below)
    ((1, 13, 11, 1), dict(clip_limit=0.0, tile_grid_size=(3, 4))),    # padded tiles, no limit
    ((2, 3, 12, 8), dict(clip_limit=1.5, tile_grid_size=(4, 2), data_format="channels_first")),
]


@pytest.mark.parametrize("shape, kwargs", CLAHE_CASES)
def test_clahe_gives_keras_outputs(shape, kwargs):
    x = images(shape)
    assert_same_at_inference("ContrastLimitedAdaptiveHistogramEqualization", x, **kwargs)


def test_clahe_maps_another_value_range_as_keras():
    x = RNG.uniform(-1, 1, size=(1, 13, 11, 1)).astype("float32")
    assert_same_at_inference("ContrastLimitedAdaptiveHistogramEqualization", x,
                             value_range=(-1, 1), tile_grid_size=(3, 4))


def test_clahe_keeps_integer_pixels_as_keras_does():
    ours, theirs = pair("ContrastLimitedAdaptiveHistogramEqualization", tile_grid_size=(2, 2))
    x = images((8, 8, 2), "uint8")
    mine, reference = ours(x), np.asarray(theirs(x))
    assert mine.dtype == reference.dtype
    # float32 rounding just under an integer may truncate either way
    assert np.mean(mine.numpy() != reference) < 0.01
    np.testing.assert_allclose(mine.numpy(), reference, atol=1)
