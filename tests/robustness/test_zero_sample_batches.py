"""Every layer takes a batch of zero samples, as in Keras: the output has the shape a batch of
two samples gives, with 0 for the batch axis, in training and in inference, with the numba
kernels and with their twins; a gradient through it has the weights' shapes and is zero. And
every layer trains inside fit, after a trainable layer, without leaving the tape.
"""

import numpy as np
import pytest

from kerasedu import Input, Model, Sequential, layers, ops
from kerasedu.backend import GradientTape

from .layer_recipes import (INTEGER_INPUTS, RECIPES, STRING_INPUTS, WORDS,
                            exported_layer_names)

NAMES = sorted(RECIPES)


def test_every_layer_has_a_recipe():
    missing = sorted(set(exported_layer_names()) - set(RECIPES))
    assert not missing, (f"Add a recipe for {missing} to tests/robustness/layer_recipes.py, "
                         f"so that the robustness tests cover it.")


def batch(name, shapes, samples, seed=0):
    rng = np.random.default_rng(seed)
    if isinstance(shapes, list):
        return [batch(name, shape, samples, seed + i) for i, shape in enumerate(shapes)]
    if name in INTEGER_INPUTS:
        return rng.integers(0, 10, (samples,) + shapes)
    if name in STRING_INPUTS:
        return rng.choice(WORDS, (samples,) + shapes)
    return rng.normal(size=(samples,) + shapes).astype("float32")


def _flat(outputs):
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


@pytest.mark.parametrize("implementation", ["numba", "numpy"])
@pytest.mark.parametrize("name", NAMES)
def test_a_batch_of_zero_samples(name, implementation, monkeypatch):
    monkeypatch.setenv("KERASEDU_KERNELS", implementation)
    make, shapes = RECIPES[name]
    layer = make()
    full = _flat(layer(batch(name, shapes, 2), training=True))
    for training in (False, True):
        empty = _flat(layer(batch(name, shapes, 0), training=training))
        assert [t.shape for t in empty] == [(0,) + t.shape[1:] for t in full]
        assert [t.dtype for t in empty] == [t.dtype for t in full]
    weights = layer.trainable_weights
    with GradientTape() as tape:
        loss = ops.sum(_flat(layer(batch(name, shapes, 0), training=True))[0])
    for weight, grad in zip(weights, tape.gradient(loss, weights)):
        assert grad is None or (grad.shape == weight.shape and not np.any(grad))


def test_conv2d_on_no_images_as_in_keras():
    assert layers.Conv2D(2, 3)(np.zeros((0, 6, 6, 1))).shape == (0, 4, 4, 2)


@pytest.mark.parametrize("rate", [1.0, 1])
def test_dropout_of_everything_gives_zeros_and_a_zero_gradient(rate):
    layer = layers.Dropout(rate)
    x = np.arange(6.0).reshape(2, 3)
    assert np.array_equal(np.asarray(layer(x, training=True)), np.zeros((2, 3)))
    assert np.array_equal(np.asarray(layer(x, training=False)), x)
    dense = layers.Dense(3)
    with GradientTape() as tape:
        loss = ops.sum(layer(dense(x), training=True))
    grads = tape.gradient(loss, dense.trainable_weights)
    assert all(g is not None and np.array_equal(g, np.zeros_like(g)) for g in grads)
    model = Sequential([Input((3,)), layers.Dense(4), layers.Dropout(rate), layers.Dense(1)])
    model.compile("sgd", "mse")
    history = model.fit(x, np.ones((2, 1)), epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()


@pytest.mark.parametrize("name", [n for n in NAMES if n != "InputLayer"])
def test_every_layer_trains_inside_fit_after_a_trainable_layer(name):
    """Float inputs pass through a trainable scale first, so the layer's inputs carry a
    gradient. Integer and string inputs cannot carry one: those layers take the model's Input
    directly (a string Input for the string layers), and train inside fit with the Dense head
    after them."""
    make, shapes = RECIPES[name]
    several = isinstance(shapes, list)
    raw = name in INTEGER_INPUTS or name in STRING_INPUTS
    dtype = "int32" if name in INTEGER_INPUTS else "string" if name in STRING_INPUTS else None
    inputs = [Input(s, dtype=dtype) for s in (shapes if several else [shapes])]
    scaled = [x if raw else _Scale()(x) for x in inputs]
    outputs = _flat(make()(scaled if several else scaled[0]))
    flat = [layers.Flatten()(o) if len(o.shape) > 2 else o for o in outputs]
    head = layers.Dense(1)(flat[0] if len(flat) == 1 else layers.Concatenate()(flat))
    model = Model(inputs, head)
    model.compile("sgd", "mse")
    x = batch(name, shapes, 8)
    history = model.fit(x, np.ones((8, 1), "float32"), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])


class _Scale(layers.Layer):
    """x · s with a trainable scalar s, so that the next layer's inputs carry a gradient."""

    def build(self, input_shape):
        self.s = self.add_weight(shape=(), initializer="ones", name="s")

    def call(self, x):
        return x * self.s
