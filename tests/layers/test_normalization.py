"""Normalization layers: the formulas, BatchNormalization's training/inference rules and moving
statistics, frozen subclasses, errors, gradients and symbolic shapes."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu import layers
from kerasedu.backend import gradients
from kerasedu.backend.gradcheck import assert_gradients_match, numerical_gradient
from kerasedu.backend.tensor import Tensor
from kerasedu.engine import Input, Sequential
from kerasedu.layers.normalization import BatchNormalization

RNG = np.random.default_rng(0)


def data(*shape, dtype="float32", scale=2.0, shift=1.0):
    return (RNG.normal(size=shape) * scale + shift).astype(dtype)


def set_random_weights(layer, low=0.5, high=1.5):
    layer.set_weights([RNG.uniform(low, high, size=w.shape).astype(w.dtype)
                       for w in layer.weights])


def assert_layer_gradients(layer, x, rtol=1e-5, atol=1e-6, **call_kwargs):
    """Finite differences agree with the tape for the input and every trainable weight."""
    assert_gradients_match(lambda t: layer(t, **call_kwargs), x, rtol=rtol, atol=atol)
    weights = layer.trainable_weights
    output = layer(Tensor(np.asarray(x)), **call_kwargs)
    weighting = np.random.default_rng(1).normal(size=output.shape)
    analytic = gradients(output, weights, output_gradient=weighting)
    for weight, grad in zip(weights, analytic):
        saved = weight.numpy()

        def weighted_output(value, weight=weight):
            weight.assign(value)
            return float(np.sum(weighting * layer(Tensor(np.asarray(x)), **call_kwargs).numpy()))
        numerical = numerical_gradient(weighted_output, saved)
        weight.assign(saved)
        np.testing.assert_allclose(grad, numerical, rtol=rtol, atol=atol,
                                   err_msg=f"gradient of {weight.path}")


def reference_batch_norm(x, mean, var, gamma, beta, axis, epsilon=1e-3):
    shape = [1] * x.ndim
    shape[axis] = -1
    return (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + epsilon) * \
        gamma.reshape(shape) + beta.reshape(shape)


# BatchNormalization: weights.

def test_batch_norm_weights_order_and_flags():
    from kerasedu.backend import config
    config.clear_session()
    layer = layers.BatchNormalization()
    layer.build((None, 5))
    assert [w.path for w in layer.weights] == [
        "batch_normalization/gamma", "batch_normalization/beta",
        "batch_normalization/moving_mean", "batch_normalization/moving_variance"]
    assert [w.trainable for w in layer.weights] == [True, True, False, False]
    assert [w.name for w in layer.trainable_weights] == ["gamma", "beta"]
    assert [w.name for w in layer.non_trainable_weights] == ["moving_mean", "moving_variance"]
    np.testing.assert_array_equal(layer.gamma.numpy(), np.ones(5))
    np.testing.assert_array_equal(layer.moving_variance.numpy(), np.ones(5))
    assert layer.count_params() == 20


def test_batch_norm_center_and_scale_off():
    layer = layers.BatchNormalization(center=False, scale=False)
    x = data(8, 3)
    out = layer(x, training=True).numpy()
    assert [w.name for w in layer.weights] == ["moving_mean", "moving_variance"]
    np.testing.assert_allclose(out, (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3), rtol=1e-5,
                               atol=1e-5)


def test_batch_norm_defaults_and_config():
    layer = layers.BatchNormalization()
    assert (layer.axis, layer.momentum, layer.epsilon, layer.center, layer.scale) == \
        (-1, 0.99, 1e-3, True, True)
    config = layer.get_config()
    clone = layers.BatchNormalization.from_config(config)
    assert clone.get_config() == config
    restored = layers.deserialize(layers.serialize(layer))
    assert restored.get_config() == config


# BatchNormalization: which statistics.

@pytest.mark.parametrize("shape, axis", [((8, 3), -1), ((4, 3, 5, 2), -1), ((4, 3, 5, 2), 1),
                                         ((5, 4, 3), 1)])
def test_training_uses_batch_statistics_over_all_other_axes(shape, axis):
    layer = layers.BatchNormalization(axis=axis)
    x = data(*shape)
    layer.build(x.shape)
    set_random_weights(layer)
    gamma, beta = layer.gamma.numpy(), layer.beta.numpy()
    reduce = tuple(i for i in range(x.ndim) if i != axis % x.ndim)
    mean, var = x.mean(reduce), x.var(reduce)          # biased variance (ddof=0)
    out = layer(x, training=True).numpy()
    np.testing.assert_allclose(out, reference_batch_norm(x, mean, var, gamma, beta,
                                                         axis % x.ndim), rtol=1e-4, atol=1e-4)


def test_moving_statistics_follow_the_momentum_rule():
    layer = layers.BatchNormalization(momentum=0.9)
    moving_mean, moving_var = np.zeros(3), np.ones(3)
    for step in range(4):
        x = data(16, 3, scale=step + 1.0, shift=step)
        layer(x, training=True)
        moving_mean = moving_mean * 0.9 + x.mean(0) * 0.1
        moving_var = moving_var * 0.9 + x.var(0) * 0.1
        np.testing.assert_allclose(layer.moving_mean.numpy(), moving_mean, rtol=1e-5)
        np.testing.assert_allclose(layer.moving_variance.numpy(), moving_var, rtol=1e-5)


@pytest.mark.parametrize("training", [None, False])
def test_inference_uses_moving_statistics_and_updates_nothing(training):
    layer = layers.BatchNormalization()
    x = data(8, 3)
    layer.build(x.shape)
    set_random_weights(layer)
    before = layer.get_weights()
    out = (layer(x) if training is None else layer(x, training=training)).numpy()
    gamma, beta, mean, var = before
    np.testing.assert_allclose(out, reference_batch_norm(x, mean, var, gamma, beta, 1),
                               rtol=1e-5, atol=1e-5)
    for after, was in zip(layer.get_weights(), before):
        np.testing.assert_array_equal(after, was)


def test_frozen_layer_is_in_inference_mode_even_when_training():
    layer = layers.BatchNormalization()
    x = data(8, 3)
    layer.build(x.shape)
    set_random_weights(layer)
    layer.trainable = False
    before = layer.get_weights()
    out = layer(x, training=True).numpy()
    np.testing.assert_allclose(out, layer(x, training=False).numpy())
    for after, was in zip(layer.get_weights(), before):
        np.testing.assert_array_equal(after, was)
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 4
    layer.trainable = True
    layer(x, training=True)
    assert not np.array_equal(layer.moving_mean.numpy(), before[2])


def test_training_flag_reaches_batch_norm_inside_a_model():
    model = Sequential([layers.Dense(3), layers.BatchNormalization()])
    x = data(8, 4)
    model(x)
    bn = model.layers[-1]
    np.testing.assert_array_equal(bn.moving_mean.numpy(), np.zeros(3))
    model(x, training=True)
    assert np.all(bn.moving_mean.numpy() != 0)


def test_moving_statistics_get_no_gradient():
    layer = layers.BatchNormalization(dtype="float64")
    x = Tensor(data(6, 3, dtype="float64"))
    for training in (False, True):
        out = layer(x, training=training)
        grads = gradients(out, layer.weights)
        assert grads[0] is not None and grads[1] is not None
        assert grads[2] is None and grads[3] is None


def test_masked_timesteps_are_left_out_of_the_statistics():
    layer = layers.BatchNormalization(momentum=0.0, center=False, scale=False)
    x = data(3, 4, 2)
    mask = np.array([[True, True, False, False], [True, True, True, True],
                     [False, True, True, True]])
    out = layer(x, mask=mask, training=True).numpy()
    kept = x[mask]                                 # (number of kept timesteps, channels)
    mean, var = kept.mean(0), kept.var(0)
    np.testing.assert_allclose(layer.moving_mean.numpy(), mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(layer.moving_variance.numpy(), var, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out, (x - mean) / np.sqrt(var + 1e-3), rtol=1e-4, atol=1e-5)
    masked_input = layers.Masking()(np.where(mask[..., None], x, 0.0).astype("float32"))
    assert layers.BatchNormalization()(masked_input)._keras_mask is not None


def test_renorm_corrects_towards_the_moving_statistics():
    layer = layers.BatchNormalization(renorm=True, renorm_clipping={"rmax": 2.0, "dmax": 1.0},
                                      renorm_momentum=0.5, center=False, scale=False)
    x = data(16, 3)
    out = layer(x, training=True).numpy()
    assert [w.name for w in layer.weights] == ["moving_mean", "moving_variance",
                                               "moving_stddev", "renorm_mean", "renorm_stddev"]
    std = np.sqrt(x.var(0) + 1e-3)
    r = np.clip(std / 1.0, None, 2.0)              # renorm_stddev starts at 1, renorm_mean at 0
    d = np.clip(x.mean(0) / 1.0, -1.0, 1.0)
    np.testing.assert_allclose(out, (x - x.mean(0)) / std * r + d, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.renorm_mean.numpy(), 0.5 * x.mean(0), rtol=1e-5)


# The frozen BatchNorm subclass from the book's seed notes.

class BatchNorm(BatchNormalization):
    def call(self, inputs, training=None):
        return super(self.__class__, self).call(inputs, training=training)


def test_frozen_batch_norm_subclass_is_a_fixed_linear_layer():
    layer = BatchNorm()
    x1, x2 = data(6, 3), data(6, 3)
    layer.build(x1.shape)
    set_random_weights(layer)
    before = layer.get_weights()
    f1 = layer(x1, training=False).numpy()
    f2 = layer(x2, training=False).numpy()
    mixed = layer(0.3 * x1 + 0.7 * x2, training=False).numpy()
    np.testing.assert_allclose(mixed, 0.3 * f1 + 0.7 * f2, rtol=1e-4, atol=1e-5)   # affine
    gamma, beta, mean, var = before
    scale = gamma / np.sqrt(var + 1e-3)
    np.testing.assert_allclose(f1, x1 * scale + (beta - mean * scale), rtol=1e-5, atol=1e-5)
    for after, was in zip(layer.get_weights(), before):
        np.testing.assert_array_equal(after, was)
    np.testing.assert_allclose(layer(x1).numpy(), f1)          # training=None: the same
    layer(x1, training=True)                                   # training=True: batch statistics
    assert not np.array_equal(layer.moving_mean.numpy(), before[2])


def test_super_of_self_class_recurses_when_subclassed_again():
    class MyBatchNorm(BatchNorm):
        pass

    layer = MyBatchNorm()
    # self.__class__ is MyBatchNorm, so super(self.__class__, self).call is BatchNorm.call
    # again: the call never reaches BatchNormalization.call.
    with pytest.raises(RecursionError):
        layer(data(4, 3), training=False)


# LayerNormalization, GroupNormalization, UnitNormalization: formulas.

@pytest.mark.parametrize("shape, axis", [((4, 6), -1), ((2, 3, 5), -1), ((2, 3, 5), [1, 2]),
                                         ((2, 3, 5), 1), ((2, 3, 4, 2), (-3, -1))])
def test_layer_normalization_formula(shape, axis):
    layer = layers.LayerNormalization(axis=axis)
    x = data(*shape)
    layer.build(x.shape)
    set_random_weights(layer)
    axes = tuple(sorted({a % x.ndim for a in np.atleast_1d(axis)}))
    broadcast = [x.shape[i] if i in axes else 1 for i in range(x.ndim)]
    gamma, beta = (w.reshape(broadcast) for w in layer.get_weights())
    expected = (x - x.mean(axes, keepdims=True)) / np.sqrt(x.var(axes, keepdims=True) + 1e-3) \
        * gamma + beta
    np.testing.assert_allclose(layer(x).numpy(), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer(x, training=True).numpy(), layer(x).numpy())
    assert layer.gamma.shape == tuple(x.shape[a] for a in axes)


def test_layer_normalization_options():
    x = data(3, 4)
    plain = layers.LayerNormalization(center=False, scale=False)
    assert plain(x).numpy().shape == (3, 4) and plain.weights == []
    np.testing.assert_allclose(plain(x).numpy().mean(-1), 0, atol=1e-5)
    rms = layers.LayerNormalization(rms_scaling=True)
    out = rms(x).numpy()
    assert [w.name for w in rms.weights] == ["gamma"]
    np.testing.assert_allclose(out, x / np.sqrt(x.var(-1, keepdims=True) + 1e-3), rtol=1e-5)
    assert layers.LayerNormalization().get_config()["rms_scaling"] is False


@pytest.mark.parametrize("shape, groups, axis", [((2, 4, 4, 6), 3, -1), ((2, 6), 2, -1),
                                                 ((2, 6, 5), 6, 1), ((2, 4, 3), -1, -1),
                                                 ((3, 5, 8), 1, -1)])
def test_group_normalization_formula(shape, groups, axis):
    layer = layers.GroupNormalization(groups=groups, axis=axis)
    x = data(*shape)
    layer.build(x.shape)
    set_random_weights(layer)
    ax = axis % x.ndim
    channels = x.shape[ax]
    g = channels if groups == -1 else groups
    moved = np.moveaxis(x, ax, -1)                          # (N, ..., C)
    grouped = moved.reshape(moved.shape[:-1] + (g, channels // g))
    reduce = tuple(range(1, grouped.ndim - 2)) + (grouped.ndim - 1,)
    normed = (grouped - grouped.mean(reduce, keepdims=True)) / np.sqrt(
        grouped.var(reduce, keepdims=True) + 1e-3)
    gamma, beta = layer.get_weights()
    expected = np.moveaxis(normed.reshape(moved.shape) * gamma + beta, -1, ax)
    np.testing.assert_allclose(layer(x).numpy(), expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("shape, axis", [((3, 4), -1), ((2, 3, 4), 1), ((2, 3, 4), [1, 2])])
def test_unit_normalization_formula(shape, axis):
    x = data(*shape)
    axes = tuple(np.atleast_1d(axis))
    out = layers.UnitNormalization(axis=axis)(x).numpy()
    np.testing.assert_allclose(out, x / np.sqrt(np.sum(x * x, axes, keepdims=True)), rtol=1e-5)
    np.testing.assert_allclose(np.sum(out ** 2, axes), 1.0, rtol=1e-5)
    zero = layers.UnitNormalization()(np.zeros((1, 3), "float32")).numpy()
    np.testing.assert_array_equal(zero, np.zeros((1, 3)))


def test_configs_round_trip():
    for layer in [layers.LayerNormalization(axis=[1, 2], epsilon=1e-5),
                  layers.GroupNormalization(groups=4, axis=1),
                  layers.UnitNormalization(axis=[1, 2]),
                  layers.BatchNormalization(axis=1, momentum=0.9, gamma_regularizer="l2")]:
        config = layer.get_config()
        assert list(config)[:3] == ["name", "trainable", "dtype"]
        assert type(layer).from_config(config).get_config() == config


def test_regularizers_and_constraints_are_applied():
    layer = layers.BatchNormalization(gamma_regularizer="l2", beta_constraint="non_neg")
    layer(data(4, 3))
    assert len(layer.losses) == 1
    assert layer.beta.constraint is not None and layer.gamma.regularizer is not None


def test_keras2_import_path():
    from kerasedu.layers.normalization import (BatchNormalization, GroupNormalization,
                                               LayerNormalization, UnitNormalization)
    assert BatchNormalization is layers.BatchNormalization
    assert (LayerNormalization, GroupNormalization, UnitNormalization) == (
        layers.LayerNormalization, layers.GroupNormalization, layers.UnitNormalization)


# Errors.

def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="axis=3, which is out of range for inputs of rank 2"):
        layers.BatchNormalization(axis=3)(data(2, 4))
    with pytest.raises(TypeError, match="integer `axis`"):
        layers.BatchNormalization(axis=[1, 2])
    with pytest.raises(ValueError, match="synchronized=True"):
        layers.BatchNormalization(synchronized=True)
    with pytest.raises(ValueError, match="invalid keys for `renorm_clipping`"):
        layers.BatchNormalization(renorm=True, renorm_clipping={"rmx": 1})
    with pytest.raises(ValueError, match="number of channels"):
        layers.BatchNormalization().build((None, None))
    bn = layers.BatchNormalization()
    bn(data(2, 4))
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 4"):
        bn(data(2, 5))
    with pytest.raises(ValueError, match="one dimension less than the inputs"):
        layers.BatchNormalization()(data(2, 3, 4), mask=np.ones((2, 3, 4), bool))
    with pytest.raises(ValueError, match="Received an invalid value for argument `groups`"):
        layers.GroupNormalization(groups=0)
    with pytest.raises(ValueError, match="splits 6 channels into groups=4"):
        layers.GroupNormalization(groups=4)(data(2, 6))
    with pytest.raises(ValueError, match="splits 6 channels into groups=32"):
        layers.GroupNormalization()(data(2, 6))
    with pytest.raises(TypeError, match="Expected an int or a list/tuple of ints"):
        layers.LayerNormalization(axis="features")
    with pytest.raises(ValueError, match="Axis 2 is out of bounds for input shape"):
        layers.LayerNormalization(axis=2)(data(2, 3))
    with pytest.raises(ValueError, match="Axis -3 is out of bounds"):
        layers.UnitNormalization(axis=-3)(data(2, 3))


# Gradients (float64).

@pytest.mark.parametrize("shape, axis", [((6, 3), -1), ((3, 2, 2, 3), -1), ((3, 2, 4), 1)])
def test_batch_norm_gradients_in_training(shape, axis):
    layer = layers.BatchNormalization(axis=axis, dtype="float64")
    x = data(*shape, dtype="float64")
    layer.build(x.shape)
    set_random_weights(layer)
    assert_layer_gradients(layer, x, rtol=1e-4, atol=1e-6, training=True)


def test_batch_norm_gradients_in_inference_and_with_renorm():
    layer = layers.BatchNormalization(dtype="float64")
    x = data(5, 3, dtype="float64")
    layer.build(x.shape)
    set_random_weights(layer)
    assert_layer_gradients(layer, x, training=False)
    renorm = layers.BatchNormalization(dtype="float64", renorm=True)
    renorm.build(x.shape)
    set_random_weights(renorm)
    renorm_mean, renorm_stddev = renorm.renorm_mean.numpy(), renorm.renorm_stddev.numpy()
    gamma = renorm.gamma.numpy()
    out = renorm(Tensor(x), training=True)
    # r and d are constants for the gradient (Keras's rule): out = x̂·(r·gamma) + d·gamma + beta.
    std = np.sqrt(x.var(0) + 1e-3)
    r, d = std / renorm_stddev, (x.mean(0) - renorm_mean) / renorm_stddev
    x_hat = (x - x.mean(0)) / std
    np.testing.assert_allclose(out.numpy(), (x_hat * r + d) * gamma + renorm.beta.numpy(),
                               rtol=1e-6)
    weighting = RNG.normal(size=x.shape)
    grad_gamma, grad_beta = gradients(out, renorm.trainable_weights, output_gradient=weighting)
    np.testing.assert_allclose(grad_gamma, np.sum(weighting * (x_hat * r + d), 0), rtol=1e-6)
    np.testing.assert_allclose(grad_beta, np.sum(weighting, 0), rtol=1e-6)


def test_masked_batch_norm_gradients():
    mask = np.array([[True, True, False], [True, False, True]])
    layer = layers.BatchNormalization(dtype="float64")
    x = data(2, 3, 2, dtype="float64")
    layer.build(x.shape)
    set_random_weights(layer)
    assert_layer_gradients(layer, x, rtol=1e-4, training=True, mask=mask)


@pytest.mark.parametrize("make, shape", [
    (lambda: layers.LayerNormalization(dtype="float64"), (3, 4)),
    (lambda: layers.LayerNormalization(axis=[1, 2], dtype="float64"), (2, 3, 2)),
    (lambda: layers.LayerNormalization(rms_scaling=True, dtype="float64"), (3, 4)),
    (lambda: layers.GroupNormalization(groups=2, dtype="float64"), (2, 3, 4)),
    (lambda: layers.GroupNormalization(groups=2, axis=1, dtype="float64"), (2, 4, 3)),
    (lambda: layers.UnitNormalization(dtype="float64"), (3, 4)),
    (lambda: layers.UnitNormalization(axis=[1, 2], dtype="float64"), (2, 2, 3)),
])
def test_gradients(make, shape):
    layer = make()
    x = data(*shape, dtype="float64")
    layer.build(x.shape)
    if layer.weights:
        set_random_weights(layer)
    assert_layer_gradients(layer, x, rtol=1e-4)


# Symbolic and eager shapes agree.

SHAPES = st.lists(st.integers(1, 4), min_size=1, max_size=3)


@settings(max_examples=20, deadline=None)
@given(shape=SHAPES, batch=st.integers(2, 3), kind=st.sampled_from(
    ["batch", "layer", "group", "unit", "batch_first"]), training=st.booleans())
def test_symbolic_shape_matches_eager(shape, batch, kind, training):
    shape = tuple(shape)
    make = {
        "batch": lambda: layers.BatchNormalization(),
        "batch_first": lambda: layers.BatchNormalization(axis=1),
        "layer": lambda: layers.LayerNormalization(),
        "group": lambda: layers.GroupNormalization(groups=1),
        "unit": lambda: layers.UnitNormalization(),
    }[kind]
    symbolic = make()(Input(shape=shape))
    eager = make()(data(batch, *shape), training=training)
    assert symbolic.shape == (None,) + eager.shape[1:]
