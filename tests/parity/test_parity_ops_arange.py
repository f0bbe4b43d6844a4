"""ops.arange as keras.ops.arange: one argument is the stop (arange(5) is 0..4), and the
dtype follows the arguments."""

import numpy as np
import pytest

from kerasedu import ops

pytestmark = pytest.mark.parity

CALLS = {
    "arange(5)": ((5,), {}),
    "arange(2.5)": ((2.5,), {}),
    "arange(1, 7, 2)": ((1, 7, 2), {}),
    "arange(5, 0, -2)": ((5, 0, -2), {}),
    "arange(0, 1, 0.25)": ((0, 1, 0.25), {}),
    "arange(4, dtype='float32')": ((4,), {"dtype": "float32"}),
    "arange(3, stop=6)": ((3,), {"stop": 6}),
}


@pytest.mark.parametrize("call", sorted(CALLS))
def test_arange_matches_keras(keras, call):
    args, kwargs = CALLS[call]
    mine, theirs = ops.arange(*args, **kwargs), keras.ops.arange(*args, **kwargs)
    assert str(mine.dtype) == keras.backend.standardize_dtype(theirs.dtype), call
    np.testing.assert_allclose(np.asarray(mine), np.asarray(theirs), err_msg=call)
