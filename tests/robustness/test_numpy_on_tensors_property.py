"""Random chains of numpy functions and Python conversions (float, int, bool, complex, math.*,
np.float64, np.asarray, np.array, .tolist(), .item(), list, copy) applied to a weight.

While a gradient is being taken, each chain is either differentiable, with the gradient a
numerical gradient gives, or refused at the step that would cut the gradient, with an error that
names what to use instead. Never a silent cut. Outside (predict, no_grad, metrics) every chain
computes what numpy computes on the plain values.
"""

import copy
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kerasedu import Input, Sequential, layers, metrics, ops
from kerasedu import backend as K
from kerasedu.backend import GradientTape, Tensor, Variable, no_grad
from kerasedu.backend.tensor import GradientDroppedError

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def _at_least_1d(x):
    return np.ndim(x) >= 1


def _one_d(x):
    return np.ndim(x) == 1


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
    # numpy functions with no gradient in kerasedu (refused on what carries a gradient)
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
    # Python conversions (refused on what carries a gradient, except bool)
    "float": (lambda t: t * float(np.sum(t)), _any),
    "int": (lambda t: t * (int(np.max(np.abs(t)) * 0.0) + 2), _any),
    "bool": (lambda t: t * 1.5 if bool(np.sum(t) > -100.0) else -t, _any),
    "complex": (lambda t: t + complex(np.mean(t)).real, _any),
    "math.sqrt": (lambda t: t + math.sqrt(abs(float(np.mean(t))) + 1.0), _any),
    "math.exp": (lambda t: t * math.exp(np.mean(t) / 8.0), _any),
    "math.tanh": (lambda t: t + math.tanh(np.sum(t)), _any),
    "math.fabs": (lambda t: t - math.fabs(np.mean(t)), _any),
    "math.hypot": (lambda t: t + math.hypot(np.mean(t), 1.0), _any),
    "math.floor": (lambda t: t * math.floor(np.mean(t) * 0.0 + 2.5), _any),
    "math.trunc": (lambda t: t * math.trunc(np.mean(t) * 0.0 + 3.7), _any),
    "np.float64": (lambda t: t * np.float64(np.mean(t)), _any),
    "np.asarray": (lambda t: np.asarray(t) * 2.0, _any),
    "np.array": (lambda t: np.array(t) + 1.0, _any),
    ".tolist()": (lambda t: np.tanh(np.asarray(np.sum(t)).tolist()) + t, _any),
    ".item()": (lambda t: np.sum(t).item() * t, _any),
    # ways that stay differentiable
    "list": (lambda t: np.stack(list(t)) * 1.5, _at_least_1d),
    "copy.deepcopy": (lambda t: copy.deepcopy(t) * 0.5, _any),
    "max": (lambda t: t + max(t) / 2.0, _one_d),
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
    distinct = 0.013 * np.arange(size)        # no ties, where max and sort have no derivative
    return (np.array(magnitudes) * np.array(signs) + distinct).reshape(shape)


# The steps that may refuse a Tensor carrying a gradient: numpy functions without a gradient and
# conversions to Python numbers or numpy arrays.
REFUSING = set(list(STEPS)[list(STEPS).index("np.sinh"):list(STEPS).index("bool")]) | {
    "complex", "math.sqrt", "math.exp", "math.tanh", "math.fabs", "math.hypot", "math.floor",
    "math.trunc", "np.float64", "np.asarray", "np.array", ".tolist()", ".item()",
    "copy.deepcopy"}     # of a Variable: the copy would take its place (of a Tensor: itself)
CONVERSIONS = REFUSING - set(list(STEPS)[list(STEPS).index("np.sinh"):
                                         list(STEPS).index("float")])


def _chain(draw_values, chain):
    """``chain`` when every step applies to what the one before returns (else hypothesis
    discards it), and its result on plain numpy values, which must be finite."""
    x = draw_values
    for name in chain:
        assume(STEPS[name][1](x))
        x = STEPS[name][0](x)
    assume(np.all(np.isfinite(x)))
    return x


def _run_steps(chain, x):
    """Apply the chain; a GradientDroppedError is returned with the step that raised it."""
    for name in chain:
        try:
            x = STEPS[name][0](x)
        except GradientDroppedError as error:
            return None, (name, error)
    return x, None


chains = st.lists(st.sampled_from(sorted(STEPS)), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(values=weights(), chain=chains)
def test_differentiable_or_a_clear_error_never_a_silent_cut(values, chain):
    reference = _chain(values, chain)
    w = Variable(values, dtype="float64", name="w")
    with GradientTape() as tape:
        result, refused = _run_steps(chain, w)
        if refused:                    # at the step that cut the gradient, saying what to use
            step, error = refused
            message = str(error)
            assert step in REFUSING, (step, message)
            assert ("ops." in message or "x.shape" in message) and "stop_gradient" in message
            return
        loss = ops.sum(result)
    assert np.allclose(np.asarray(loss), np.sum(reference))
    gradient = tape.gradient(loss, w)
    if gradient is None:               # rounding and floors: no gradient, correctly
        gradient = np.zeros_like(values)
    numerical = _numerical_gradient(chain, values)
    # A floor or a rounding within a step of the values: finite differences see a jump there
    # (1 / step), which a smaller step makes larger. Such points have no derivative to check.
    assume(np.allclose(numerical, _numerical_gradient(chain, values, 1e-7), rtol=1e-3, atol=1e-4))
    assert np.allclose(gradient, numerical, rtol=1e-4, atol=1e-5), chain


class _Chain(layers.Layer):
    """Applies the chain to its weight, whatever its input; one output per sample."""

    def __init__(self, chain, values, **kwargs):
        super().__init__(dtype="float64", **kwargs)
        self.chain, self.values = chain, values

    def build(self, input_shape):
        self.w = self.add_weight(shape=self.values.shape, name="w",
                                 initializer=lambda shape, dtype=None: self.values)

    def call(self, x):
        return x[:, :1] * 0.0 + np.sum(_apply(self.chain, self.w))


@settings(max_examples=120, deadline=None, derandomize=True)
@given(values=weights(), chain=chains)
def test_outside_recording_every_conversion_keeps_working(values, chain):
    """In inference (predict), under no_grad and in metrics, every chain computes what numpy
    computes. With ops recording but no gradient being taken (no tape), the conversions to
    Python numbers and numpy arrays work too; numpy functions without a gradient refuse there,
    as a gradient could still be asked of the recorded result."""
    expected = np.sum(_chain(values, chain))
    w = Variable(values, dtype="float64", name="w")
    with no_grad():
        assert np.allclose(np.sum(_apply(chain, w)), expected)
    layer = _Chain(chain, values)
    model = Sequential([Input((1,)), layer])
    assert np.allclose(model.predict(np.zeros((3, 1)), verbose=0), expected)
    metric = metrics.MeanMetricWrapper(lambda y_true, y_pred: np.sum(_apply(chain, y_pred)))
    metric.update_state(np.zeros(values.shape), w)
    assert np.isclose(float(metric.result()), expected, rtol=1e-5, atol=1e-6)
    result, refused = _run_steps(chain, w)
    if refused:
        assert refused[0] in REFUSING - CONVERSIONS, refused
    else:
        assert np.allclose(np.sum(result), expected)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(values=weights(), chain=chains)
def test_a_gradient_asked_afterwards_is_right_or_refused(values, chain):
    """With no tape open the chain's conversions work, and the gradient asked for afterwards
    (K.gradients) is checked instead: a chain that leaves the tape on every path is refused
    there, and a chain that stays on it gets the numerical gradient, never a refusal."""
    reference = _chain(values, chain)
    w = Variable(values, dtype="float64", name="w")
    result, refused = _run_steps(chain, w)
    if refused:
        assert refused[0] in REFUSING - CONVERSIONS, refused
        return
    loss = ops.sum(ops.convert_to_tensor(np.asarray(result, dtype="float64"))
                   if not isinstance(result, Tensor) else result)
    assert np.allclose(np.asarray(loss), np.sum(reference))
    if not isinstance(result, Tensor) or not result._tracks_gradient:
        if any(step in CONVERSIONS for step in chain):
            with pytest.raises(GradientDroppedError, match="got no gradient at all"):
                K.gradients(loss, w)
        return
    if any(step in CONVERSIONS for step in chain):
        # Part of the result left the tape and part stayed (t * float(np.sum(t))). A conversion
        # made while the loss was being computed is refused; one finished before the loss's
        # first op, whose number joins it later, cannot be told from a print: only
        # GradientTape, which refuses it at its line (the test above), catches every such cut.
        return
    gradient = K.gradients(loss, w)
    if gradient is None:
        gradient = np.zeros_like(values)
    numerical = _numerical_gradient(chain, values)
    assume(np.allclose(numerical, _numerical_gradient(chain, values, 1e-7), rtol=1e-3, atol=1e-4))
    assert np.allclose(gradient, numerical, rtol=1e-4, atol=1e-5), chain
