"""Shared by the interop tests: building the same model in kerasedu and in Keras 3 (one
function, given either library), giving it random weights, and comparing predictions."""

import numpy as np

import kerasedu

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
        values.append(value)
    model.set_weights(values)
    return values


def predict(model, x):
    outputs = model.predict(x, verbose=0)
    if isinstance(outputs, (list, tuple)):
        return [np.asarray(o) for o in outputs]
    return [np.asarray(outputs)]


def assert_same_predictions(a, b, x, rtol=2e-5, atol=2e-5):
    for left, right in zip(predict(a, x), predict(b, x), strict=True):
        np.testing.assert_allclose(left, right, rtol=rtol, atol=atol)


def assert_same_weights(a, b):
    left, right = a.get_weights(), b.get_weights()
    assert len(left) == len(right)
    for x, y in zip(left, right):
        np.testing.assert_array_equal(np.asarray(x), np.asarray(y))


def trained(model, x, y, loss, optimizer="adam", epochs=2):
    """Compile and fit briefly, so that the optimizer has state worth saving."""
    model.compile(optimizer=optimizer, loss=loss)
    model.fit(x, y, batch_size=4, epochs=epochs, shuffle=False, verbose=0)
    return model


def optimizer_state(model):
    return [np.asarray(v.numpy() if hasattr(v, "numpy") else v)
            for v in model.optimizer.variables]


def assert_same_optimizer_state(a, b):
    left, right = optimizer_state(a), optimizer_state(b)
    assert len(left) == len(right)
    for x, y in zip(left, right):
        np.testing.assert_allclose(x.astype("float64"), y.astype("float64"), rtol=1e-6)
