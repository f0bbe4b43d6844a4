"""float64 gradients of the keras.ops of the case tables (ops_cases_*.py) against central
differences: every result of each call, weighted, differentiated with respect to every input,
for three draws of the values."""

import pytest
from hypothesis import given, settings, strategies as st

from kerasedu import ops
from ops_gradients import check
from ops_cases import all_cases

CASES = {name: case for name, case in all_cases().items() if case.gradient}


@pytest.mark.parametrize("name", sorted(CASES))
@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_gradient_matches_central_differences(name, seed):
    case = CASES[name]
    check(lambda *xs: case.call(ops, *xs), *case.arrays(seed, "float64"),
          rtol=case.rtol, atol=case.atol)
