"""The keras.ops of the case tables (tests/backend/ops_cases_*.py, shared with the gradient
checks) against Keras 3 (JAX): the same call on the same float32 values gives the same
results, shapes and dtypes."""

import os
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kerasedu
from ops_parity import assert_like_keras

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "backend"))
from ops_cases import all_cases  # noqa: E402  (found through the line above)

pytestmark = pytest.mark.parity

CASES = {name: case for name, case in all_cases().items() if case.keras}


@pytest.mark.parametrize("name", sorted(CASES))
@settings(max_examples=2, deadline=None)      # each Keras call compiles: two draws of values
@given(seed=st.integers(0, 10_000))
def test_matches_keras(keras, name, seed):
    case = CASES[name]
    arrays = case.arrays(seed, "float32")
    theirs = case.call(keras.ops, *arrays)
    ours = case.call(kerasedu.ops, *arrays)
    assert_like_keras(ours, theirs, case.keras_rtol, case.keras_atol, f"{name} seed={seed}")


def _simplex_projection(v):
    """sparsemax of a vector by its definition: the nearest point of the probability simplex."""
    z = np.sort(v)[::-1]
    k = np.arange(1, v.size + 1)
    support = 1 + k * z > np.cumsum(z)
    tau = (np.sum(z[support]) - 1) / np.sum(support)
    return np.maximum(v - tau, 0)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_sparsemax_follows_its_definition_and_keras_where_one_value_is_kept(keras, seed):
    """Keras 3.15's sparsemax differs from its definition when the support has more than one
    value (see kerasedu.backend.ops.smooth_activations.sparsemax): kerasedu follows the
    definition, and matches Keras where the largest value is kept alone."""
    x = np.random.default_rng(seed).uniform(-2, 2, size=(4, 5)).astype("float32")
    ours = kerasedu.ops.sparsemax(x).numpy()
    expected = np.stack([_simplex_projection(row.astype("float64")) for row in x])
    np.testing.assert_allclose(ours, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ours.sum(-1), 1, rtol=1e-5)
    alone = np.sum(ours > 0, axis=-1) == 1
    np.testing.assert_allclose(ours[alone], np.asarray(keras.ops.sparsemax(x))[alone])


# Attention on integers is left out: Keras computes its logits in integer steps of its own.
INTEGER_TABLES = {name: case for name, case in CASES.items()
                  if name.split(".")[0] in ("arrays", "statistics", "nn")
                  and "attention" not in name}


@pytest.mark.parametrize("dtype", ["int32", "bool"])
@pytest.mark.parametrize("name", sorted(INTEGER_TABLES))
def test_integer_and_boolean_inputs_give_keras_dtypes(keras, name, dtype):
    """The same calls on integers (or booleans): the result dtypes Keras gives (integers kept
    where Keras keeps them, floatx where it promotes). Calls Keras refuses are skipped."""
    case = INTEGER_TABLES[name]
    drawn = case.arrays(0, "float64")
    if any(np.isnan(a).any() for a in drawn):
        pytest.skip("NaN has no integer value")
    arrays = [np.round(a * 2).astype(dtype) for a in drawn]
    try:
        theirs = case.call(keras.ops, *arrays)
    except Exception as error:  # noqa: BLE001  (Keras refuses these inputs)
        pytest.skip(f"Keras refuses {dtype}: {type(error).__name__}")
    ours = case.call(kerasedu.ops, *arrays)
    assert_like_keras(ours, theirs, 1e-5, 1e-5, f"{name} {dtype}")


@pytest.mark.parametrize("name", ["bartlett", "blackman", "hamming", "hanning", "kaiser"])
@pytest.mark.parametrize("length", [1, 2, 5, 8])
def test_windows_match_keras(keras, name, length):
    args = (length, 2.5) if name == "kaiser" else (length,)
    assert_like_keras(getattr(kerasedu.ops, name)(*args), getattr(keras.ops, name)(*args),
                      1e-6, 1e-6, f"{name}({length})")
