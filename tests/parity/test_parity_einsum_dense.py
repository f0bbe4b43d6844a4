"""Parity with real Keras 3: EinsumDense, same weights, same outputs and loss gradients."""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from kerasedu import layers  # noqa: E402

from gradient_parity import assert_same_loss_gradients, copy_weights  # noqa: E402

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(3)

CASES = [   # equation, output_shape, bias_axes, activation, input shape
    ("ab,bc->ac", 4, "c", "tanh", (3, 5)),
    ("ab,b->a", (), None, None, (3, 5)),
    ("abc,cde->abde", (4, 2, 3), "de", None, (2, 4, 5)),
    ("abc,cde->abde", (None, 2, 3), "d", "relu", (2, 4, 5)),
    ("abcd,cde->abe", (None, 3), "e", None, (2, 4, 2, 3)),
    ("...b,bc->...c", (3,), "c", "sigmoid", (2, 3, 4, 5)),
    ("ab...,bc->ac...", (3,), "c", None, (2, 5, 4, 2)),
    ("bc...,cde->bde...", (3, 4), "de", None, (2, 2, 3)),
]


@pytest.mark.parametrize("equation, output_shape, bias_axes, activation, shape", CASES)
def test_outputs_and_gradients_match_keras(equation, output_shape, bias_axes, activation,
                                           shape):
    kwargs = dict(equation=equation, output_shape=output_shape, bias_axes=bias_axes,
                  activation=activation)
    ours, theirs = layers.EinsumDense(**kwargs), keras.layers.EinsumDense(**kwargs)
    ours.build(shape)
    theirs.build(shape)
    copy_weights(ours, theirs, RNG)
    x = RNG.normal(size=shape).astype("float32")
    assert ours.compute_output_shape(shape) == tuple(theirs(x).shape)
    assert_same_loss_gradients(ours, theirs, [x], RNG)


def test_config_is_keras_config():
    kwargs = dict(equation="abc,cd->abd", output_shape=(None, 4), bias_axes="d",
                  activation="relu", kernel_regularizer="l2", name="proj")
    ours = layers.EinsumDense(**kwargs).get_config()
    theirs = keras.layers.EinsumDense(**kwargs).get_config()
    theirs.pop("quantization_config")
    assert {k: v for k, v in ours.items() if k != "dtype"} == \
        {k: v for k, v in theirs.items() if k != "dtype"}


def test_default_kernel_initializer_has_keras_fans():
    # Glorot over the kernel's input and output axes: the same spread as Keras's
    shape = (None, 3, 64)
    ours = layers.EinsumDense("abc,cde->abde", (None, 8, 16))
    theirs = keras.layers.EinsumDense("abc,cde->abde", (None, 8, 16))
    ours.build(shape)
    theirs.build(shape)
    mine, keras_kernel = ours.kernel.numpy(), np.asarray(theirs.kernel)
    np.testing.assert_allclose(np.abs(mine).max(), np.abs(keras_kernel).max(), rtol=0.02)
    np.testing.assert_allclose(mine.std(), keras_kernel.std(), rtol=0.05)
