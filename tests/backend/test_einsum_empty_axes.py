"""einsum with an axis of size 0 (a batch of zero samples) gives numpy's empty result and
empty gradients, and size-1 axes still broadcast."""

import numpy as np
import pytest

from kerasedu import ops
from kerasedu.backend import GradientTape, Variable

SPECS = {
    "batch of projections": ("abc,cde->abde", (0, 5, 3), (3, 2, 4)),
    "attention scores": ("aecd,abcd->acbe", (0, 5, 2, 3), (0, 5, 2, 3)),
    "size 1 broadcast to 0": ("ab,ab->a", (1, 3), (0, 3)),
}


@pytest.mark.parametrize("name", sorted(SPECS))
def test_an_empty_axis_gives_empty_values_and_gradients(name):
    spec, a_shape, b_shape = SPECS[name]
    a = Variable(np.ones(a_shape), dtype="float64")
    b = Variable(np.ones(b_shape), dtype="float64")
    with GradientTape() as tape:
        result = ops.einsum(spec, a, b)
        total = ops.sum(result)
    expected = np.einsum(spec, np.ones(a_shape), np.ones(b_shape))
    assert np.asarray(result).shape == expected.shape
    grad_a, grad_b = tape.gradient(total, [a, b])
    assert grad_a.shape == a_shape and grad_b.shape == b_shape
    assert not grad_a.any() and not grad_b.any()
