"""SpectralNormalization against real Keras 3: with the same weights and the same vector u, a
training call gives the same output, the same updated u and kernel, and the same gradients of
a loss (through W / σ(W)); an inference call uses the kernel as stored; configs."""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

import kerasedu  # noqa: E402

from gradient_parity import (copy_weights, keras_loss_gradients,  # noqa: E402
                             kerasedu_loss_gradients)

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(11)

# The wrapped layers are named: automatic names count the layers made before, in each library.
CASES = {
    "dense": (lambda L: L.Dense(3, name="inner"), (4, 5), 1),
    "conv2d": (lambda L: L.Conv2D(2, 2, padding="same", name="inner"), (2, 4, 4, 3), 3),
}


def pair(case):
    make, shape, iterations = CASES[case]
    ours = kerasedu.layers.SpectralNormalization(make(kerasedu.layers), iterations)
    theirs = keras.layers.SpectralNormalization(make(keras.layers), iterations)
    ours.build(shape)
    theirs.build(shape)
    copy_weights(ours, theirs, RNG, scale=0.5)
    return ours, theirs, RNG.normal(size=shape).astype("float32")


@pytest.mark.parametrize("case", sorted(CASES))
def test_training_call_and_gradients_match_keras(case):
    ours, theirs, x = pair(case)           # a training call updates the weights: call once each
    weighting = RNG.normal(size=ours.compute_output_shape(x.shape)).astype("float32")
    mine = kerasedu_loss_gradients(ours, [x], weighting, training=True)
    expected = keras_loss_gradients(theirs, [x], weighting, training=True)
    np.testing.assert_allclose(mine[0], expected[0], rtol=1e-5, atol=1e-6, err_msg="output")
    for name, got, want in zip(["input"] + [w.path for w in ours.trainable_weights],
                               mine[1] + mine[2], expected[1] + expected[2], strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5, err_msg=name)


@pytest.mark.parametrize("case", sorted(CASES))
def test_updates_of_u_and_kernel_then_inference_match_keras(case):
    ours, theirs, x = pair(case)
    for training in (True, True, False):
        np.testing.assert_allclose(ours(x, training=training).numpy(),
                                   np.asarray(theirs(x, training=training)),
                                   rtol=1e-5, atol=1e-6)
        for mine, expected in zip(ours.get_weights(), theirs.get_weights(), strict=True):
            np.testing.assert_allclose(mine, expected, rtol=1e-5, atol=1e-6)


def test_config_matches_keras():
    ours = kerasedu.layers.SpectralNormalization(kerasedu.layers.Dense(2), power_iterations=3)
    theirs = keras.layers.SpectralNormalization(keras.layers.Dense(2), power_iterations=3)
    mine, expected = ours.get_config(), theirs.get_config()
    assert mine["power_iterations"] == expected["power_iterations"] == 3
    assert mine["layer"]["class_name"] == expected["layer"]["class_name"] == "Dense"
    assert sorted(mine) == sorted(expected)
