"""Parity with real Keras 3: normalization layers.

BatchNormalization is compared in every training/trainable combination, including the moving
statistics after several training-mode calls: in Keras 3 (JAX backend, eager),
``bn(x, training=True)`` updates the moving statistics just as a training step does.
"""

import os
import warnings

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from kerasedu import layers  # noqa: E402

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(2)


def data(*shape, scale=2.0, shift=0.5):
    return (RNG.normal(size=shape) * scale + shift).astype("float32")


def pair(name, **kwargs):
    return getattr(layers, name)(**kwargs), getattr(keras.layers, name)(**kwargs)


def build_with_same_weights(ours, theirs, shape):
    ours.build(shape)
    theirs.build(shape)
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights]
    assert [tuple(w.shape) for w in ours.weights] == [tuple(w.shape) for w in theirs.weights]
    assert [w.trainable for w in ours.weights] == [w.trainable for w in theirs.weights]
    weights = [RNG.uniform(0.5, 1.5, size=w.shape).astype("float32") for w in ours.weights]
    ours.set_weights(weights)
    theirs.set_weights(weights)
    assert ours.count_params() == theirs.count_params()


def assert_same_weights(ours, theirs, rtol=1e-5, atol=1e-6):
    for mine, keras_weight in zip(ours.weights, theirs.weights):
        np.testing.assert_allclose(mine.numpy(), np.asarray(keras_weight.value), rtol=rtol,
                                   atol=atol, err_msg=mine.name)


def assert_close(ours, theirs, rtol=1e-4, atol=1e-5):
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=rtol, atol=atol)


# BatchNormalization.

@pytest.mark.parametrize("shape, axis, center, scale", [
    ((8, 3), -1, True, True), ((4, 3, 3, 2), -1, True, True), ((4, 2, 3, 3), 1, True, True),
    ((4, 5, 3), 1, True, True), ((8, 3), -1, False, True), ((8, 3), -1, True, False),
])
def test_batch_norm_training_steps_and_inference(shape, axis, center, scale):
    ours, theirs = pair("BatchNormalization", axis=axis, center=center, scale=scale,
                        momentum=0.9)
    build_with_same_weights(ours, theirs, shape)
    initial_mean = np.asarray(theirs.moving_mean.value).copy()
    for step in range(3):
        x = data(*shape, scale=step + 1.0, shift=step - 1.0)
        assert_close(ours(x, training=True).numpy(), theirs(x, training=True))
        assert_same_weights(ours, theirs)
    # The premise: an eager Keras call with training=True updates the moving statistics.
    assert not np.allclose(np.asarray(theirs.moving_mean.value), initial_mean)
    x = data(*shape)
    assert_close(ours(x).numpy(), theirs(x))                                     # None
    assert_close(ours(x, training=False).numpy(), theirs(x, training=False))
    assert_same_weights(ours, theirs)


def test_batch_norm_frozen_layer_in_training_mode():
    ours, theirs = pair("BatchNormalization")
    build_with_same_weights(ours, theirs, (6, 4))
    ours.trainable = theirs.trainable = False
    x = data(6, 4)
    for training in (True, True, False, None):
        assert_close(ours(x, training=training).numpy(), theirs(x, training=training))
    assert_close(ours(x, training=True).numpy(), theirs(x, training=False))
    assert_same_weights(ours, theirs)
    assert len(ours.trainable_weights) == len(theirs.trainable_weights) == 0
    assert len(ours.non_trainable_weights) == len(theirs.non_trainable_weights) == 4
    ours.trainable = theirs.trainable = True
    assert_close(ours(x, training=True).numpy(), theirs(x, training=True))
    assert_same_weights(ours, theirs)


def test_batch_norm_with_mask():
    ours, theirs = pair("BatchNormalization", momentum=0.5)
    build_with_same_weights(ours, theirs, (3, 4, 2))
    x = data(3, 4, 2)
    mask = np.array([[True, True, False, False], [True, True, True, True],
                     [False, True, True, True]])
    assert_close(ours(x, training=True, mask=mask).numpy(), theirs(x, training=True, mask=mask))
    assert_same_weights(ours, theirs)


@pytest.mark.parametrize("clipping", [None, {"rmin": 0.8, "rmax": 1.2, "dmax": 0.3}])
def test_batch_norm_renorm(clipping):
    ours, theirs = pair("BatchNormalization", renorm=True, renorm_clipping=clipping,
                        renorm_momentum=0.7, momentum=0.8)
    build_with_same_weights(ours, theirs, (8, 3))
    for step in range(3):
        x = data(8, 3, scale=1.0 + step, shift=step)
        assert_close(ours(x, training=True).numpy(), theirs(x, training=True))
        assert_same_weights(ours, theirs, rtol=1e-4, atol=1e-5)
    x = data(8, 3)
    assert_close(ours(x).numpy(), theirs(x))


def test_batch_norm_config():
    ours, theirs = pair("BatchNormalization", axis=1, momentum=0.9, epsilon=1e-5,
                        center=False, gamma_regularizer="l2")
    config, keras_config = ours.get_config(), theirs.get_config()
    assert list(config) == list(keras_config)
    for key in ("axis", "momentum", "epsilon", "center", "scale", "synchronized", "renorm",
                "renorm_clipping", "renorm_momentum", "beta_regularizer", "gamma_constraint"):
        assert config[key] == keras_config[key], key
    for key in ("beta_initializer", "gamma_initializer", "moving_mean_initializer",
                "moving_variance_initializer", "gamma_regularizer"):
        assert config[key]["class_name"] == keras_config[key]["class_name"], key


# LayerNormalization, GroupNormalization, UnitNormalization.

@pytest.mark.parametrize("shape, kwargs", [
    ((4, 6), {}), ((2, 3, 5), {"axis": [1, 2]}), ((2, 3, 5), {"axis": 1}),
    ((2, 3, 5), {"center": False}), ((4, 6), {"scale": False, "epsilon": 1e-5}),
    ((4, 6), {"rms_scaling": True}),
])
def test_layer_normalization(shape, kwargs):
    ours = layers.LayerNormalization(**kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")       # Keras warns that rms_scaling is deprecated
        theirs = keras.layers.LayerNormalization(**kwargs)
        build_with_same_weights(ours, theirs, shape)
        x = data(*shape)
        assert_close(ours(x).numpy(), theirs(x))
    assert list(ours.get_config()) == list(theirs.get_config())


@pytest.mark.parametrize("shape, kwargs", [
    ((2, 4, 4, 6), {"groups": 3}), ((2, 6), {"groups": 2}), ((2, 6, 5), {"groups": 6, "axis": 1}),
    ((2, 4, 3), {"groups": -1}), ((3, 5, 8), {"groups": 1, "center": False}),
    ((2, 3, 32), {}),
])
def test_group_normalization(shape, kwargs):
    ours, theirs = pair("GroupNormalization", **kwargs)
    build_with_same_weights(ours, theirs, shape)
    x = data(*shape)
    assert_close(ours(x).numpy(), theirs(x))
    assert list(ours.get_config()) == list(theirs.get_config())


@pytest.mark.parametrize("shape, axis", [((3, 4), -1), ((2, 3, 4), 1), ((2, 3, 4), [1, 2])])
def test_unit_normalization(shape, axis):
    ours, theirs = pair("UnitNormalization", axis=axis)
    x = data(*shape)
    assert_close(ours(x).numpy(), theirs(x), rtol=1e-5, atol=1e-6)
    assert list(ours.get_config()) == list(theirs.get_config())
    assert ours.weights == [] and len(theirs.weights) == 0


def test_default_arguments_match():
    for name, kwargs in [("BatchNormalization", {}), ("LayerNormalization", {}),
                         ("GroupNormalization", {}), ("UnitNormalization", {})]:
        ours, theirs = pair(name, **kwargs)
        config, keras_config = ours.get_config(), theirs.get_config()
        for key, value in keras_config.items():
            if key in ("name", "dtype") or isinstance(value, dict):
                continue
            assert config[key] == value, (name, key)
