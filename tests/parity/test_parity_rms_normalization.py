"""Parity with real Keras 3: RMSNormalization, same scale, same outputs and loss gradients."""

import os
import re

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from kerasedu import layers  # noqa: E402

from gradient_parity import assert_same_loss_gradients, copy_weights  # noqa: E402

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(4)


# Keras 3.15 multiplies by the scale without reshaping it, so it fails for axes that are not
# the trailing ones (axis=1 of a rank-3 input); kerasedu broadcasts the scale onto its axes
# (tests/layers/test_rms_normalization.py checks those against the formula).
@pytest.mark.parametrize("shape, kwargs", [
    ((4, 6), {}),
    ((2, 3, 5), dict(axis=-1, epsilon=1e-3)),
    ((2, 3, 4), dict(axis=[1, 2])),
    ((2, 3, 4), dict(axis=[-1, -2], epsilon=0.5)),
])
def test_outputs_and_gradients_match_keras(shape, kwargs):
    ours, theirs = layers.RMSNormalization(**kwargs), keras.layers.RMSNormalization(**kwargs)
    ours.build(shape)
    theirs.build(shape)
    copy_weights(ours, theirs, RNG)
    x = RNG.normal(loc=0.5, scale=2.0, size=shape).astype("float32")
    assert_same_loss_gradients(ours, theirs, [x], RNG)
    assert without_name(ours.get_config()) == without_name(theirs.get_config())
    assert re.sub(r"_\d+$", "", ours.name) == re.sub(r"_\d+$", "", theirs.name)
    assert ours.supports_masking == theirs.supports_masking


def without_name(config):
    # Automatic names count the layers made so far in each library, which differ from run to run.
    return {key: value for key, value in config.items() if key != "name"}
