"""EinsumDense: shapes worked by hand, values against numpy's einsum, float64 gradients,
config round trips, and the errors for bad arguments."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kerasedu
from kerasedu import layers

from .weight_gradients import assert_layer_weight_gradients

RNG = np.random.default_rng(0)

# equation, output_shape, bias_axes, input shape, kernel shape, bias shape, output shape
SHAPES = [
    ("ab,bc->ac", 4, "c", (2, 3), (3, 4), (4,), (2, 4)),
    ("ab,b->a", (), None, (2, 3), (3,), None, (2,)),
    ("abc,cde->abde", (5, 2, 4), "de", (2, 5, 3), (3, 2, 4), (2, 4), (2, 5, 2, 4)),
    ("abc,cde->abde", (None, 2, 4), "d", (2, 5, 3), (3, 2, 4), (2, 1), (2, 5, 2, 4)),
    ("abcd,cde->abe", (None, 6), "e", (2, 5, 3, 4), (3, 4, 6), (6,), (2, 5, 6)),
    ("...b,bc->...c", (4,), "c", (2, 5, 7, 3), (3, 4), (4,), (2, 5, 7, 4)),
    ("ab...,bc->ac...", (4,), "c", (2, 3, 5, 7), (3, 4), (4, 1, 1), (2, 4, 5, 7)),
]


@pytest.mark.parametrize("equation, output_shape, bias_axes, shape, kernel, bias, out", SHAPES)
def test_weights_and_output_shapes_and_values(equation, output_shape, bias_axes, shape, kernel,
                                              bias, out):
    layer = layers.EinsumDense(equation, output_shape, bias_axes=bias_axes,
                               bias_initializer="random_normal")
    x = RNG.normal(size=shape).astype("float32")
    y = layer(x)
    assert tuple(layer.kernel.shape) == kernel
    assert (layer.bias is None and bias is None) or tuple(layer.bias.shape) == bias
    assert [w.name for w in layer.weights] == ["kernel"] + (["bias"] if bias else [])
    assert tuple(y.shape) == out == layer.compute_output_shape(shape)
    expected = np.einsum(equation, x, layer.kernel.numpy())
    if bias:
        expected = expected + layer.bias.numpy()
    np.testing.assert_allclose(y.numpy(), expected, rtol=1e-5, atol=1e-6)
    symbolic = layers.EinsumDense(equation, output_shape, bias_axes=bias_axes)(
        kerasedu.Input(shape[1:]))
    assert symbolic.shape == (None,) + out[1:]


def test_glorot_fans_are_those_of_the_kernel_axes():
    # kernel (8, 2, 4): fan in 8 (the axis meeting the input), fan out 2 · 4 = 8
    layer = layers.EinsumDense("abc,cde->abde", (None, 2, 4),
                               kernel_initializer=kerasedu.initializers.GlorotUniform(seed=1))
    layer.build((None, 3, 8))
    limit = np.sqrt(6 / (8 + 8))
    values = layer.kernel.numpy()
    assert values.max() <= limit and values.max() > 0.8 * limit
    assert layer.kernel_initializer.input_axes is None     # the configured one is unchanged


def test_activation_and_regularizers():
    layer = layers.EinsumDense("ab,bc->ac", 3, bias_axes="c", activation="relu",
                               kernel_regularizer=kerasedu.regularizers.L2(0.5))
    y = layer(RNG.normal(size=(4, 2)).astype("float32"))
    assert y.numpy().min() >= 0
    np.testing.assert_allclose(float(layer.losses[0]), 0.5 * np.sum(layer.kernel.numpy() ** 2),
                               rtol=1e-6)


@pytest.mark.parametrize("equation, output_shape, bias_axes, shape", [
    ("ab,bc->ac", 3, "c", (4, 2)),
    ("abc,cde->abde", (None, 2, 3), "de", (2, 3, 2)),
    ("...b,bc->...c", (2,), None, (2, 2, 3)),
    ("ab...,bc->ac...", (2,), "c", (2, 2, 3)),
])
def test_float64_gradients_reach_input_kernel_and_bias(equation, output_shape, bias_axes,
                                                       shape):
    layer = layers.EinsumDense(equation, output_shape, bias_axes=bias_axes, activation="tanh",
                               bias_initializer="random_normal", dtype="float64")
    layer.build(shape)
    assert_layer_weight_gradients(layer, [RNG.normal(size=shape)])


@settings(max_examples=30, deadline=None)
@given(batch=st.integers(1, 3), dims=st.lists(st.integers(1, 4), min_size=1, max_size=3),
       units=st.lists(st.integers(1, 4), min_size=1, max_size=2))
def test_projection_shapes_over_many_sizes(batch, dims, units):
    # input (batch, *middle, features) projected to (batch, *middle, *units)
    letters = "bcdefgh"
    middle, feature = letters[:len(dims) - 1], "z"
    outs = "uvw"[:len(units)]
    equation = f"a{middle}{feature},{feature}{outs}->a{middle}{outs}"
    shape = (batch, *dims)
    layer = layers.EinsumDense(equation, (*dims[:-1], *units), bias_axes=outs[-1])
    x = RNG.normal(size=shape).astype("float32")
    y = layer(x)
    assert tuple(y.shape) == layer.compute_output_shape(shape) == (batch, *dims[:-1], *units)
    np.testing.assert_allclose(
        y.numpy(), np.einsum(equation, x, layer.kernel.numpy()) + layer.bias.numpy(),
        rtol=1e-5, atol=1e-5)


def test_config_round_trip_and_saved_model(tmp_path):
    layer = layers.EinsumDense("abc,cd->abd", (None, 4), bias_axes="d", activation="gelu",
                               kernel_constraint="non_neg", name="proj")
    config = layer.get_config()
    assert config["output_shape"] == (None, 4) and config["equation"] == "abc,cd->abd"
    assert layers.EinsumDense.from_config(config).get_config() == config
    inputs = kerasedu.Input((3, 2))
    model = kerasedu.Model(inputs, layer(inputs))
    model.save(tmp_path / "m.keras")
    loaded = kerasedu.models.load_model(tmp_path / "m.keras")
    x = RNG.normal(size=(2, 3, 2)).astype("float32")
    np.testing.assert_array_equal(loaded(x).numpy(), model(x).numpy())


@pytest.mark.parametrize("kwargs, words", [
    (dict(equation="ab,bc", output_shape=3), "Invalid einsum equation"),
    (dict(equation="ab,bc,cd->ad", output_shape=3), "Invalid einsum equation"),
    (dict(equation=7, output_shape=3), "Invalid einsum equation"),
    (dict(equation="ab,bc->ac", output_shape=-3), "output_shape"),
    (dict(equation="ab,bc->ac", output_shape="3"), "output_shape"),
    (dict(equation="ab,bc->ac", output_shape=3, bias_axes="x"), "bias_axes"),
    (dict(equation="ab,bc->ac", output_shape=3, lora_rank=4), "LoRA"),
    (dict(equation="ab,bc->ac", output_shape=3, quantization_config="int8"), "quantized"),
    (dict(equation="ab,bc->ac", output_shape=3, activation="nope"), "nope"),
])
def test_bad_arguments_fail_at_once(kwargs, words):
    with pytest.raises(ValueError, match=words):
        layers.EinsumDense(**kwargs)


@pytest.mark.parametrize("equation, output_shape, shape, words", [
    ("ab,bc->ac", 3, (2,), "names 2 input axes"),
    ("abc,cd->abd", (5, 4), (2, 3, 2), "do not match at shared dimension 'b'"),
    ("ab,bcd->acd", (3, None), (2, 2), "needs every kernel and bias size"),
    ("ab,bcx->ac", 3, (2, 2), "Weight dimension 'x'"),
    ("ab,bc->acz", (3, 2), (2, 2), "Dimension 'z'"),
])
def test_shapes_that_do_not_fit_the_equation_fail_at_build(equation, output_shape, shape,
                                                           words):
    with pytest.raises(ValueError, match=words) as raised:
        layers.EinsumDense(equation, output_shape, name="proj").build(shape)
    assert "Layer 'proj' (EinsumDense)" in str(raised.value)
