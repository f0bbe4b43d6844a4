"""SpectralNormalization: one training call against power iteration written in numpy, the
spectral norm reaching 1 over calls, float64 gradients through W / σ(W), inference leaving the
weights alone, wrapped Embedding and Conv2D, configs and saving, bad arguments."""

import numpy as np
import pytest

import kerasedu
from kerasedu import layers
from kerasedu.utils import set_random_seed

from .weight_gradients import assert_layer_weight_gradients

RNG = np.random.default_rng(5)


@pytest.fixture(autouse=True)
def seeded():
    """Each test draws the same data and initial weights whatever ran before it: power
    iteration converges at a rate set by the kernel's singular values."""
    global RNG
    RNG = np.random.default_rng(5)
    set_random_seed(5)


def unit(v):
    return v / np.linalg.norm(v)


def numpy_spectral_step(kernel, u, iterations):
    """(u, W / σ) after ``iterations`` power-iteration steps on W reshaped to (rows, units)."""
    w = kernel.reshape(-1, kernel.shape[-1])
    for _ in range(iterations):
        v = unit(u @ w.T)
        u = unit(v @ w)
    return u, kernel / (v @ w @ u.T).item()


@pytest.mark.parametrize("iterations", [1, 4])
def test_training_call_against_numpy_power_iteration(iterations):
    layer = layers.SpectralNormalization(layers.Dense(3), power_iterations=iterations)
    x = RNG.normal(size=(4, 5)).astype("float32")
    layer.build(x.shape)
    kernel, u, bias = layer.layer.kernel.numpy(), layer.vector_u.numpy(), RNG.normal(size=3)
    layer.layer.bias.assign(bias)
    expected_u, expected_kernel = numpy_spectral_step(kernel, u, iterations)
    output = layer(x, training=True).numpy()
    np.testing.assert_allclose(layer.vector_u.numpy(), expected_u, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(layer.layer.kernel.numpy(), expected_kernel, rtol=1e-5)
    np.testing.assert_allclose(output, x @ expected_kernel + bias, rtol=1e-5, atol=1e-5)


def test_spectral_norm_reaches_one_and_inference_changes_nothing():
    layer = layers.SpectralNormalization(layers.Conv2D(4, 3))
    x = RNG.normal(size=(2, 6, 6, 2)).astype("float32")
    layer(x)
    layer.layer.kernel.assign(3.0 * layer.layer.kernel.numpy())
    for _ in range(30):
        layer(x, training=True)
    sigma = np.linalg.norm(layer.layer.kernel.numpy().reshape(-1, 4), ord=2)
    assert sigma == pytest.approx(1.0, rel=1e-3)
    before = [w.copy() for w in layer.get_weights()]
    layer(x, training=False)
    layer(x)
    for old, new in zip(before, layer.get_weights()):
        np.testing.assert_array_equal(old, new)


def restoring_state(layer, x):
    """A training call, after which the kernel and u are put back (the check calls it often)."""
    saved = layer.kernel.numpy(), layer.vector_u.numpy()
    try:
        return layer(x, training=True)
    finally:
        layer.kernel.assign(saved[0])
        layer.vector_u.assign(saved[1])


@pytest.mark.parametrize("make, shape", [
    (lambda: layers.Dense(3, activation="tanh", dtype="float64"), (2, 4)),
    (lambda: layers.Conv1D(2, 2, dtype="float64"), (2, 4, 2)),
])
def test_float64_gradients_through_the_normalization(make, shape):
    # The gradient holds u and v constant. Converged, they are W's top singular vectors, where
    # σ(W) is stationary in them: finite differences, which let them move, then agree.
    layer = layers.SpectralNormalization(make(), power_iterations=60, dtype="float64")
    layer.build(shape)
    layer.vector_u.assign(RNG.normal(size=tuple(layer.vector_u.shape)))
    assert_layer_weight_gradients(layer, [RNG.normal(size=shape)], call=restoring_state)


def test_wraps_an_embedding_and_leaves_a_zero_kernel_alone():
    layer = layers.SpectralNormalization(layers.Embedding(10, 4))
    ids = np.array([[1, 2, 9]], "float32")
    assert layer(ids, training=True).shape == (1, 3, 4)
    assert np.linalg.norm(layer.layer.embeddings.numpy(), ord=2) < 1.5
    zero = layers.SpectralNormalization(layers.Dense(2, kernel_initializer="zeros"))
    x = np.ones((1, 3), "float32")
    u = None
    for _ in range(2):
        zero(x, training=True)
        u = zero.vector_u.numpy() if u is None else u
    np.testing.assert_array_equal(zero.layer.kernel.numpy(), 0)
    np.testing.assert_array_equal(zero.vector_u.numpy(), u)


def test_config_saving_and_fit(tmp_path):
    inputs = kerasedu.Input((6, 6, 2))
    wrapper = layers.SpectralNormalization(layers.Conv2D(3, 2, padding="same"),
                                           power_iterations=2, name="sn")
    model = kerasedu.Model(inputs, wrapper(inputs))
    assert wrapper.compute_output_shape((None, 6, 6, 2)) == (None, 6, 6, 3)
    config = wrapper.get_config()
    assert config["power_iterations"] == 2 and config["layer"]["class_name"] == "Conv2D"
    assert [w.path.split("/")[-1] for w in wrapper.weights] == ["kernel", "vector_u", "bias"]
    x, y = RNG.normal(size=(8, 6, 6, 2)), RNG.normal(size=(8, 6, 6, 3))
    model.compile("adam", "mse")
    history = model.fit(x, y, epochs=2, batch_size=4, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    model.save(tmp_path / "sn.keras")
    loaded = kerasedu.models.load_model(tmp_path / "sn.keras")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-6)


@pytest.mark.parametrize("value, kind", [(0, ValueError), (-1, ValueError), (1.5, ValueError),
                                         ("2", TypeError)])
def test_bad_power_iterations(value, kind):
    with pytest.raises(kind, match=r"'sn'.*`power_iterations` should be greater than zero.*"
                                   r"power_iterations=1"):
        layers.SpectralNormalization(layers.Dense(2), power_iterations=value, name="sn")


def test_a_layer_without_a_kernel_or_not_a_layer():
    with pytest.raises(ValueError, match="ReLU object has no attribute 'kernel' nor "
                                         "'embeddings'.*Wrap a layer with a kernel"):
        layers.SpectralNormalization(layers.ReLU())(np.ones((4, 2)))
    with pytest.raises(ValueError, match="isn't a supported layer"):
        layers.SpectralNormalization("dense")
