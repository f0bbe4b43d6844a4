"""The keras.ops of the case tables (tests/backend/ops_cases_*.py, shared with the gradient
checks) against Keras 3 (JAX): the same call on the same float32 values gives the same
results, shapes and dtypes."""

import os
import sys

import pytest
from hypothesis import given, settings, strategies as st

import kerasedu
from ops_parity import assert_like_keras

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "backend"))
from ops_cases_arrays import CASES as ARRAYS  # noqa: E402  (found through the line above)
from ops_cases_linalg import CASES as LINALG  # noqa: E402
from ops_cases_statistics import CASES as STATISTICS  # noqa: E402

pytestmark = pytest.mark.parity

TABLES = {"arrays": ARRAYS, "linalg": LINALG, "statistics": STATISTICS}
CASES = {f"{table}.{name}": case for table, cases in TABLES.items()
         for name, case in cases.items() if case.keras}


@pytest.mark.parametrize("name", sorted(CASES))
@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_matches_keras(keras, name, seed):
    case = CASES[name]
    arrays = case.arrays(seed, "float32")
    theirs = case.call(keras.ops, *arrays)
    ours = case.call(kerasedu.ops, *arrays)
    assert_like_keras(ours, theirs, case.keras_rtol, case.keras_atol, f"{name} seed={seed}")
