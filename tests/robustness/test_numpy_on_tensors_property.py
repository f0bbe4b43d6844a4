"""Random chains of numpy functions and Python conversions applied to a weight inside a recorded
computation: each chain is either differentiable, with the gradient a numerical gradient gives,
or refused with an error that names what to use instead. Never a silent cut.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kerasedu import ops
from kerasedu.backend import GradientTape, Variable
from kerasedu.backend.tensor import GradientDroppedError

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def _at_least_1d(x):
    return np.ndim(x) >= 1


def _any(x):
    return True


# name -> (function of a Tensor or of a numpy array, which inputs it applies to). Each keeps
# values in a range where the next function is defined and smooth.
STEPS = {
    # numpy functions kerasedu maps to differentiable ops
    "np.exp": (lambda t: np.exp(t / 8.0), _any),
    "np.log": (lambda t: np.log(np.abs(t) + 1.0), _any),
    "np.sqrt": (lambda t: np.sqrt(np.abs(t) + 1.0), _any),
    "np.tanh": (lambda t: np.tanh(t), _any),
    "np.sin": (lambda t: np.sin(t), _any),
    "np.square": (lambda t: np.square(t) / 4.0, _any),
    "np.maximum": (lambda t: np.maximum(t, 0.1 * t), _any),
    "np.clip": (lambda t: np.clip(t, -1.5, 1.5), _any),
    "np.where": (lambda t: np.where(t > 0, t, 2.0 * t), _any),
    "np.sum": (lambda t: np.sum(t, axis=-1, keepdims=True), _at_least_1d),
    "np.mean": (lambda t: np.mean(t), _any),
    "np.var": (lambda t: np.var(t, axis=0), _at_least_1d),
    "np.prod": (lambda t: np.prod(t / 2.0, axis=-1), _at_least_1d),
    "np.cumsum": (lambda t: np.cumsum(t, axis=0) / 3.0, _at_least_1d),
    "np.concatenate": (lambda t: np.concatenate([t, -t]), _at_least_1d),
    "np.stack": (lambda t: np.stack([t, t * 0.5]), _any),
    "np.transpose": (lambda t: np.transpose(t), _any),
    "np.reshape": (lambda t: np.reshape(t, (-1,)), _any),
    "np.flip": (lambda t: np.flip(t, axis=0), _at_least_1d),
    "np.dot": (lambda t: np.dot(t, np.linspace(-1.0, 1.0, np.shape(t)[-1])), _at_least_1d),
    "np.round": (lambda t: np.round(t, 1), _any),
    "np.floor": (lambda t: np.floor(t), _any),
    "operators": (lambda t: (t * 2.0 - 1.0) ** 2 / 8.0 + abs(t) / 4.0, _any),
    "getitem": (lambda t: t[..., :1] * 2.0, _at_least_1d),
    # numpy functions with no gradient in kerasedu
    "np.sinh": (lambda t: np.sinh(t), _any),
    "np.arctan": (lambda t: np.arctan(t), _any),
    "np.cbrt": (lambda t: np.cbrt(t), _any),
    "np.logaddexp": (lambda t: np.logaddexp(t, 0.0), _any),
    "np.hypot": (lambda t: np.hypot(t, 1.0), _any),
    "np.median": (lambda t: np.median(t), _any),
    "np.sort": (lambda t: np.sort(t, axis=0), _at_least_1d),
    "np.cumprod": (lambda t: np.cumprod(t, axis=0), _at_least_1d),
    "np.diff": (lambda t: np.diff(t, axis=0), _at_least_1d),
    "np.percentile": (lambda t: np.percentile(t, 50), _any),
    "np.linalg.norm": (lambda t: np.linalg.norm(t), _any),
    "np.einsum": (lambda t: np.einsum("i...->...", t), _at_least_1d),
    "np.add.accumulate": (lambda t: np.add.accumulate(t, axis=0), _at_least_1d),
    # Python conversions
    "float": (lambda t: t * float(np.sum(t)), _any),
    "math.sqrt": (lambda t: t + math.sqrt(abs(float(np.mean(t))) + 1.0), _any),
    "np.asarray": (lambda t: np.asarray(t) * 2.0, _any),
    "np.array": (lambda t: np.array(t) + 1.0, _any),
    ".tolist()": (lambda t: np.tanh(np.asarray(np.sum(t)).tolist()) + t, _any),
    ".item()": (lambda t: np.sum(t).item() * t, _any),
}


def _apply(chain, x):
    for name in chain:
        x = STEPS[name][0](x)
    return x


def _numerical_gradient(chain, values, step=1e-6):
    grad = np.zeros_like(values)
    for index in np.ndindex(values.shape):
        delta = np.zeros_like(values)
        delta[index] = step
        grad[index] = (np.sum(_apply(chain, values + delta))
                       - np.sum(_apply(chain, values - delta))) / (2 * step)
    return grad


shapes = st.sampled_from([(), (3,), (2, 3), (2, 1, 2)])


@st.composite
def weights(draw):
    shape = draw(shapes)
    size = int(np.prod(shape))
    magnitudes = draw(st.lists(st.floats(0.3, 2.0), min_size=size, max_size=size))
    signs = draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=size, max_size=size))
    return (np.array(magnitudes) * np.array(signs)).reshape(shape)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(values=weights(), chain=st.lists(st.sampled_from(sorted(STEPS)), min_size=1, max_size=4))
def test_differentiable_or_a_clear_error_never_a_silent_cut(values, chain):
    x = values
    for name in chain:                 # every step must apply to what the one before returns
        assume(STEPS[name][1](x))
        x = STEPS[name][0](x)
    reference = _apply(chain, values)
    assume(np.all(np.isfinite(reference)))
    w = Variable(values, dtype="float64", name="w")
    with GradientTape() as tape:
        try:
            result = _apply(chain, w)
        except GradientDroppedError as error:
            message = str(error)
            assert "ops." in message and "stop_gradient" in message, message
            return
        loss = ops.sum(result)
    assert np.allclose(np.asarray(loss), np.sum(reference))
    gradient = tape.gradient(loss, w)
    if gradient is None:               # rounding and floors: no gradient, correctly
        gradient = np.zeros_like(values)
    assert np.allclose(gradient, _numerical_gradient(chain, values), rtol=1e-4, atol=1e-5), chain
