"""RMSNormalization: values against the formula in numpy, float64 gradients, axes, config
round trips and errors."""

import numpy as np
import pytest

import kerasedu
from kerasedu import layers

from .weight_gradients import assert_layer_weight_gradients

RNG = np.random.default_rng(0)


def rms_normalized(x, axes, scale, epsilon):
    return x / np.sqrt(np.mean(x * x, axis=axes, keepdims=True) + epsilon) * scale


@pytest.mark.parametrize("shape, axis, axes, scale_shape", [
    ((4, 5), -1, (1,), (5,)),
    ((2, 3, 4), 1, (1,), (3,)),
    ((2, 3, 4), [1, 2], (1, 2), (3, 4)),
    ((2, 3, 4), [-1, -2], (1, 2), (3, 4)),
    ((2, 3, 4), [0, 2], (0, 2), (2, 4)),
])
def test_values_follow_the_formula(shape, axis, axes, scale_shape):
    layer = layers.RMSNormalization(axis=axis, epsilon=1e-3)
    layer.build(shape)
    assert [w.name for w in layer.weights] == ["scale"]
    assert tuple(layer.scale.shape) == scale_shape
    np.testing.assert_array_equal(layer.scale.numpy(), np.ones(scale_shape))
    scale = RNG.uniform(0.5, 1.5, size=scale_shape).astype("float32")
    layer.scale.assign(scale)
    x = RNG.normal(loc=1.0, scale=3.0, size=shape).astype("float32")
    broadcast = scale.reshape([shape[a] if a in axes else 1 for a in range(len(shape))])
    y = layer(x)
    assert y.dtype == np.float32
    np.testing.assert_allclose(y.numpy(), rms_normalized(x, axes, broadcast, 1e-3),
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("shape, axis", [((3, 4), -1), ((2, 3, 2), [1, 2])])
def test_float64_gradients_reach_input_and_scale(shape, axis):
    layer = layers.RMSNormalization(axis=axis, dtype="float64")
    layer.build(shape)
    layer.scale.assign(RNG.uniform(0.5, 1.5, size=layer.scale.shape))
    assert_layer_weight_gradients(layer, [RNG.normal(size=shape)])


def test_symbolic_shape_config_round_trip_and_saving(tmp_path):
    layer = layers.RMSNormalization(axis=[-1, -2], epsilon=1e-4, name="rms")
    inputs = kerasedu.Input((3, 4))
    outputs = layer(inputs)
    assert outputs.shape == (None, 3, 4)
    assert layer.get_config()["axis"] == [-2, -1]      # sorted once built, as in Keras
    clone = layers.RMSNormalization.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    model = kerasedu.Model(inputs, outputs)
    layer.scale.assign(RNG.uniform(size=(3, 4)))
    model.save(tmp_path / "m.keras")
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    np.testing.assert_array_equal(kerasedu.models.load_model(tmp_path / "m.keras")(x).numpy(),
                                  model(x).numpy())


def test_trains_with_no_backward_code():
    model = kerasedu.Sequential([kerasedu.Input((4,)), layers.Dense(4),
                                 layers.RMSNormalization(), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = RNG.normal(size=(16, 4)).astype("float32")
    before = model.layers[1].scale.numpy()
    model.fit(x, x[:, :1], epochs=2, verbose=0)
    assert not np.allclose(model.layers[1].scale.numpy(), before)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(axis="last"), TypeError, "axis"),
    (dict(axis=1.5), TypeError, "axis"),
    (dict(epsilon=-1.0), ValueError, "epsilon"),
    (dict(epsilon="small"), ValueError, "epsilon"),
])
def test_bad_arguments_fail_at_once(kwargs, error, words):
    with pytest.raises(error, match=words):
        layers.RMSNormalization(**kwargs)


def test_axis_out_of_range_names_the_layer():
    with pytest.raises(ValueError, match="Axis 3 is out of bounds.*'rms'"):
        layers.RMSNormalization(axis=3, name="rms").build((2, 3))
