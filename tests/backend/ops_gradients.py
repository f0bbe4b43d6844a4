"""Shared helpers of the float64 gradient checks of keras.ops: drawing values away from the
points where an op has a kink, and checking ops with several inputs or several results."""

import numpy as np
from hypothesis import settings, strategies as st
from hypothesis.extra import numpy as hnp

from kerasedu import ops
from kerasedu.backend.gradcheck import assert_gradients_match

CHECK = settings(max_examples=10, deadline=None)
shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3)
seeds = st.integers(0, 10_000)


def values(shape, low=-2.0, high=2.0, away_from=(), seed=0):
    """float64 values uniform in [low, high), kept 0.1 away from each point of ``away_from``."""
    x = np.random.default_rng(seed).uniform(low, high, size=shape)
    for point in away_from:
        close = np.abs(x - point) < 0.1
        x[close] = point + np.where(x[close] >= point, 0.1, -0.1)
    return x


def joined(results):
    """One tensor holding every tensor of ``results`` (a tensor or a nest of them), flattened,
    so that one weighted sum checks the gradient reaching the inputs through all of them."""
    if isinstance(results, (tuple, list)):
        return ops.concatenate([joined(r) for r in results], axis=0)
    return ops.reshape(results, (-1,))


def check(op, *arrays, rtol=1e-5, atol=1e-6, step=1e-6):
    """The gradient of every result of ``op(*arrays)`` reaches each input as the central
    differences say."""
    assert_gradients_match(lambda *xs: joined(op(*xs)), *arrays, rtol=rtol, atol=atol, step=step)
