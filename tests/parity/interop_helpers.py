"""Shared by the interop tests: building the same model in kerasedu and in Keras 3 (one
function, given either library), giving it random weights, and comparing predictions."""

import numpy as np

import kerasedu
from kerasedu.saving.model_state import keras_ordered_optimizer_variables
from kerasedu.saving.object_walk import keras_layer_order

RNG = np.random.default_rng(0)


def library(keras, which):
    """(top-level module, layers module) of kerasedu or Keras."""
    return (kerasedu, kerasedu.layers) if which == "kerasedu" else (keras, keras.layers)


def randomize(model, seed=0):
    """Give every weight random values (positive for variances), the same for both
    libraries since weights come in the same order and shapes."""
    rng = np.random.default_rng(seed)
    values = []
    for weight in model.weights:
        shape = tuple(weight.shape)
        value = rng.normal(scale=0.5, size=shape).astype("float32")
        if "variance" in weight.path:
            value = np.abs(value) + 0.5
        if "int" in str(weight.dtype):      # Normalization's count
            value = rng.integers(1, 100, size=shape).astype(str(weight.dtype))
        values.append(value)
    model.set_weights(values)
    for layer in model.layers:
        if hasattr(layer, "finalize_state"):   # Keras's Normalization caches its statistics
            layer.finalize_state()
    return values


def predict(model, x):
    """The model's outputs in inference mode, as numpy arrays (a direct call: faster than
    predict() for a few samples, which in Keras compiles a function first)."""
    outputs = model(x, training=False)
    outputs = list(outputs.values()) if isinstance(outputs, dict) else outputs
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return [np.asarray(o.numpy() if hasattr(o, "numpy") else o) for o in outputs]


def assert_same_predictions(a, b, x, rtol=2e-5, atol=2e-5):
    for left, right in zip(predict(a, x), predict(b, x), strict=True):
        np.testing.assert_allclose(left, right, rtol=rtol, atol=atol)


def keras_ordered_weights(model):
    """The weights layer by layer in Keras's order of the layers (kerasedu lists a model
    with several branches branch by branch, Keras level by level)."""
    if isinstance(model, kerasedu.Model):
        layers = keras_layer_order(model)
    else:
        layers = model.layers
    return [np.asarray(w) for layer in layers for w in layer.get_weights()]


def assert_same_weights(a, b):
    left, right = keras_ordered_weights(a), keras_ordered_weights(b)
    assert len(left) == len(right)
    for x, y in zip(left, right):
        np.testing.assert_array_equal(x, y)


def trained(model, x, y, loss, optimizer="adam", epochs=2):
    """Compile and fit briefly, so that the optimizer has state worth saving."""
    model.compile(optimizer=optimizer, loss=loss)
    model.fit(x, y, batch_size=4, epochs=epochs, shuffle=False, verbose=0)
    return model


def compiled_and_built(model, loss, optimizer="adam"):
    """Compiled, with the optimizer's variables created (to receive a saved state)."""
    model.compile(optimizer=optimizer, loss=loss)
    model.optimizer.build(model.trainable_weights)
    return model


def optimizer_state(model):
    """The optimizer's variables in Keras's order."""
    if isinstance(model, kerasedu.Model):
        variables = keras_ordered_optimizer_variables(model.optimizer, model)
    else:
        variables = model.optimizer.variables
    return [np.asarray(v.numpy()) for v in variables]


def assert_same_optimizer_state(a, b):
    left, right = optimizer_state(a), optimizer_state(b)
    assert len(left) == len(right)
    for x, y in zip(left, right):
        np.testing.assert_allclose(x.astype("float64"), y.astype("float64"), rtol=1e-6)
