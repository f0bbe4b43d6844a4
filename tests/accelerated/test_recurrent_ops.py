"""The fused recurrent ops and the embedding lookup: values against plain numpy loops, numba
against the numpy twins, float64 gradients through time, and the step kernels' twins on
random shapes."""

import os
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu.backend import Variable, gradients, ops
from kerasedu.backend.gradcheck import assert_gradients_match
from kerasedu.accelerated import gru_steps, lstm_steps, simple_rnn_steps, step_activations

steps = SimpleNamespace(**{**vars(step_activations), **vars(simple_rnn_steps),
                           **vars(lstm_steps), **vars(gru_steps)})
RNG = np.random.default_rng(0)
GATES = {"simple_rnn": 1, "lstm": 4, "gru": 3, "gru_reset_before": 3}
ACT = {"linear": lambda a: a, "tanh": np.tanh, "sigmoid": lambda a: 1 / (1 + np.exp(-a)),
       "relu": lambda a: np.maximum(a, 0),
       "hard_sigmoid": lambda a: np.clip(a / 6 + 0.5, 0, 1)}


# ---------------------------------------------------------------------- a plain reference

def _masked(x, masks, g):
    return x if masks is None else x * masks[0 if len(masks) == 1 else g]


def _project(x, w, masks, gates):
    if masks is None:
        return x @ w
    blocks = np.split(w, gates, axis=1)
    return np.concatenate([_masked(x, masks, g) @ blocks[g] for g in range(gates)], axis=1)


def reference(kind, x, w, u, b, states, mask=None, go_backwards=False, return_sequences=True,
              zero_output_for_mask=False, activation="tanh", recurrent_activation="sigmoid",
              dropout_mask=None, recurrent_dropout_mask=None):
    """One timestep at a time, straight from the equations in the Keras documentation."""
    act, ract = ACT[activation], ACT[recurrent_activation]
    n, t, _ = x.shape
    units = u.shape[0]
    gates = GATES[kind]
    states = [s.copy() for s in states]
    outputs = []
    for step in (range(t - 1, -1, -1) if go_backwards else range(t)):
        xt, h = x[:, step], states[0]
        xp = _project(xt, w, dropout_mask, gates)
        if kind == "simple_rnn":
            new = [act(xp + (b if b is not None else 0) + _project(h, u, recurrent_dropout_mask,
                                                                    1))]
        elif kind == "lstm":
            a = xp + _project(h, u, recurrent_dropout_mask, 4) + (b if b is not None else 0)
            i, f, g, o = np.split(a, 4, axis=1)
            c = ract(f) * states[1] + ract(i) * act(g)
            new = [ract(o) * act(c), c]
        elif kind == "gru":
            xb = xp + (b[0] if b is not None else 0)
            rec = _project(h, u, recurrent_dropout_mask, 3) + (b[1] if b is not None else 0)
            z = ract(xb[:, :units] + rec[:, :units])
            r = ract(xb[:, units:2 * units] + rec[:, units:2 * units])
            hh = act(xb[:, 2 * units:] + r * rec[:, 2 * units:])
            new = [z * h + (1 - z) * hh]
        else:
            xb = xp + (b if b is not None else 0)
            masks = recurrent_dropout_mask
            if masks is not None and len(masks) == 1:
                masks = np.repeat(masks, 3, axis=0)
            rec = _project(h, u[:, :2 * units], None if masks is None else masks[:2], 2)
            z = ract(xb[:, :units] + rec[:, :units])
            r = ract(xb[:, units:2 * units] + rec[:, units:])
            hc = h if masks is None else h * masks[2]
            hh = act(xb[:, 2 * units:] + (r * hc) @ u[:, 2 * units:])
            new = [z * h + (1 - z) * hh]
        out = new[0]
        if mask is not None:
            keep = mask[:, step][:, None]
            out = np.where(keep, out, 0 if zero_output_for_mask else states[0])
            new = [np.where(keep, s_new, s_old) for s_new, s_old in zip(new, states)]
        outputs.append(out)
        states = new
    out = np.stack(outputs, axis=1) if return_sequences else outputs[-1]
    return [out] + states


def make_case(kind, n=3, t=5, d=4, units=3, dtype=np.float64, seed=0, use_bias=True):
    rng = np.random.default_rng(seed)
    gates = GATES[kind]
    x = rng.normal(size=(n, t, d)).astype(dtype)
    w = (rng.normal(size=(d, gates * units)) * 0.6).astype(dtype)
    u = (rng.normal(size=(units, gates * units)) * 0.6).astype(dtype)
    b = None
    if use_bias:
        b = (rng.normal(size=(2, 3 * units) if kind == "gru" else (gates * units,)) * 0.5
             ).astype(dtype)
    states = [rng.normal(size=(n, units)).astype(dtype)
              for _ in range(2 if kind == "lstm" else 1)]
    return x, w, u, b, states


def run_op(kind, x, w, u, b, states, **options):
    if kind == "simple_rnn":
        options.pop("recurrent_activation", None)
        return ops.simple_rnn_sequence(x, w, u, b, states[0], **options)
    if kind == "lstm":
        return ops.lstm_sequence(x, w, u, b, states[0], states[1], **options)
    return ops.gru_sequence(x, w, u, b, states[0], reset_after=(kind == "gru"), **options)


def padding_mask(n, t):
    mask = np.ones((n, t), dtype=bool)
    mask[0, t - 2:] = False     # padded at the end
    mask[1, :2] = False         # padded at the start
    if n > 2:
        mask[2, t // 2] = False  # a hole in the middle
    return mask


OPTION_GRID = [
    dict(),
    dict(return_sequences=False),
    dict(go_backwards=True),
    dict(mask="padding"),
    dict(mask="padding", go_backwards=True, return_sequences=False),
    dict(mask="padding", zero_output_for_mask=True),
    dict(mask="padding", zero_output_for_mask=True, return_sequences=False),
]


def _options(options, n, t):
    options = dict(options)
    if options.get("mask") == "padding":
        options["mask"] = padding_mask(n, t)
    return options


# ---------------------------------------------------------------------- values

@pytest.mark.parametrize("kind", sorted(GATES))
@pytest.mark.parametrize("options", OPTION_GRID, ids=lambda o: "-".join(sorted(o)) or "plain")
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fused_op_matches_the_step_by_step_equations(kind, options, dtype):
    x, w, u, b, states = make_case(kind, dtype=dtype)
    options = _options(options, *x.shape[:2])
    got = run_op(kind, x, w, u, b, states, **options)
    expected = reference(kind, x, w, u, b, states, **options)
    tolerance = dict(rtol=2e-5, atol=2e-6) if dtype == np.float32 else dict(rtol=1e-12,
                                                                               atol=1e-12)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.dtype == dtype
        np.testing.assert_allclose(g.numpy(), e, **tolerance)


@pytest.mark.parametrize("kind", ["lstm", "gru", "gru_reset_before"])
@pytest.mark.parametrize("activations", [("relu", "hard_sigmoid"), ("linear", "tanh"),
                                         ("sigmoid", "sigmoid")])
def test_other_supported_activations(kind, activations):
    x, w, u, b, states = make_case(kind)
    options = dict(activation=activations[0], recurrent_activation=activations[1],
                   mask=padding_mask(3, 5))
    for g, e in zip(run_op(kind, x, w, u, b, states, **options),
                    reference(kind, x, w, u, b, states, **options)):
        np.testing.assert_allclose(g.numpy(), e, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("kind", sorted(GATES))
@pytest.mark.parametrize("per_gate", [False, True])
def test_dropout_masks_scale_the_inputs_and_states_of_each_gate(kind, per_gate):
    x, w, u, b, states = make_case(kind)
    count = GATES[kind] if per_gate else 1
    rng = np.random.default_rng(3)
    options = dict(dropout_mask=(rng.uniform(size=(count, 3, 4)) > 0.4) / 0.6,
                   recurrent_dropout_mask=(rng.uniform(size=(count, 3, 3)) > 0.4) / 0.6)
    for g, e in zip(run_op(kind, x, w, u, b, states, **options),
                    reference(kind, x, w, u, b, states, **options)):
        np.testing.assert_allclose(g.numpy(), e, rtol=1e-12, atol=1e-12)


def test_without_bias_or_initial_states():
    x, w, u, _, _ = make_case("lstm")
    out, h, c = ops.lstm_sequence(x, w, u)
    expected = reference("lstm", x, w, u, None, [np.zeros((3, 3)), np.zeros((3, 3))])
    np.testing.assert_allclose(out.numpy(), expected[0], rtol=1e-12)
    np.testing.assert_allclose(c.numpy(), expected[2], rtol=1e-12)


# ---------------------------------------------------------------------- gradients through time

def _gradient_function(kind, options, with_bias=True):
    def function(x, w, u, b, *states):
        results = run_op(kind, x, w, u, b if with_bias else None, list(states), **options)
        flat = [ops.reshape(r, (r.shape[0], -1)) for r in results]
        return ops.concatenate(flat, axis=1)
    return function


@pytest.mark.parametrize("kind", sorted(GATES))
@pytest.mark.parametrize("options", [dict(), dict(mask="padding", go_backwards=True),
                                     dict(mask="padding", return_sequences=False,
                                          zero_output_for_mask=True)],
                         ids=["unmasked", "masked-backwards", "masked-last-zero"])
def test_gradients_through_time_match_finite_differences(kind, options):
    x, w, u, b, states = make_case(kind, n=3, t=4, d=3, units=2, seed=1)
    options = _options(options, 3, 4)
    assert_gradients_match(_gradient_function(kind, options), x, w, u, b, *states,
                           rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("kind", sorted(GATES))
def test_gradients_with_dropout_masks_and_other_activations(kind):
    x, w, u, b, states = make_case(kind, n=2, t=3, d=3, units=2, seed=2)
    rng = np.random.default_rng(4)
    count = GATES[kind]
    options = dict(dropout_mask=(rng.uniform(size=(count, 2, 3)) > 0.3) / 0.7,
                   recurrent_dropout_mask=(rng.uniform(size=(count, 2, 2)) > 0.3) / 0.7,
                   activation="relu", recurrent_activation="hard_sigmoid",
                   mask=np.array([[True, True, False], [False, True, True]]))
    if kind == "simple_rnn":
        options["dropout_mask"] = options["dropout_mask"][:1]
        options["recurrent_dropout_mask"] = options["recurrent_dropout_mask"][:1]
    assert_gradients_match(_gradient_function(kind, options), x, w, u, b, *states,
                           rtol=1e-5, atol=1e-7)


def test_no_bias_gradients():
    x, w, u, _, states = make_case("gru", n=2, t=3, d=2, units=2)
    function = _gradient_function("gru", {}, with_bias=False)
    assert_gradients_match(lambda x, w, u, h: function(x, w, u, None, h), x, w, u, states[0])


def test_only_requested_gradients_are_computed():
    x, w, u, b, states = make_case("lstm", dtype=np.float32)
    kernel = Variable(w)
    out = ops.lstm_sequence(x, kernel, u, b, *states)[0]
    grad_kernel = gradients(out, kernel)
    assert grad_kernel.shape == w.shape and np.abs(grad_kernel).sum() > 0


# ---------------------------------------------------------------------- numba and numpy agree

def _with_twins(function):
    saved = os.environ.get("KERASEDU_KERNELS")
    os.environ["KERASEDU_KERNELS"] = "numpy"
    try:
        return function()
    finally:
        if saved is None:
            del os.environ["KERASEDU_KERNELS"]
        else:
            os.environ["KERASEDU_KERNELS"] = saved


@pytest.mark.parametrize("kind", sorted(GATES))
def test_numba_and_numpy_twins_agree_on_values_and_gradients(kind):
    x, w, u, b, states = make_case(kind, n=4, t=6, d=5, units=4, dtype=np.float32, seed=5)
    options = dict(mask=padding_mask(4, 6), go_backwards=True)

    def run():
        variables = [Variable(a) for a in (x, w, u, b, *states)]
        results = run_op(kind, *variables[:4], variables[4:], **options)
        loss = ops.sum(ops.concatenate([ops.reshape(r, (4, -1)) for r in results], axis=1)
                       * np.linspace(-1, 1, sum(int(np.prod(r.shape[1:])) for r in results),
                                     dtype=np.float32))
        return [r.numpy() for r in results] + gradients(loss, variables)

    numba_results = run()
    numpy_results = _with_twins(run)
    for a, b_ in zip(numba_results, numpy_results):
        np.testing.assert_allclose(a, b_, rtol=2e-5, atol=2e-5)


KERNEL_CODES = st.sampled_from([steps.LINEAR, steps.TANH, steps.SIGMOID, steps.RELU,
                                steps.HARD_SIGMOID])


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 5), units=st.integers(1, 9), act=KERNEL_CODES, ract=KERNEL_CODES,
       seed=st.integers(0, 9999), dtype=st.sampled_from([np.float32, np.float64]))
def test_step_kernel_twins_on_random_shapes(n, units, act, ract, seed, dtype):
    rng = np.random.default_rng(seed)
    mask = rng.uniform(size=n) > 0.3
    precise = dtype == np.float64

    def arrays(*shapes, scale=1.0):
        return [(rng.normal(size=s) * scale).astype(dtype) for s in shapes]

    def check(kernel, args):
        a = [v.copy() if isinstance(v, np.ndarray) else v for v in args]
        b = [v.copy() if isinstance(v, np.ndarray) else v for v in args]
        kernel.numba(*a)
        kernel.numpy(*b)
        for left, right in zip(a, b):
            if isinstance(left, np.ndarray):
                np.testing.assert_allclose(left, right, rtol=1e-5, atol=2e-6)

    u = units
    check(steps.simple_rnn_forward_step,
          [np.zeros((n, u), dtype), *arrays((n, u), (n, u), (n, u), scale=3), mask, act,
           precise])
    check(steps.lstm_forward_step,
          [*(np.zeros(s, dtype) for s in ((n, u), (n, u), (n, 4 * u), (n, u))),
           *arrays((n, 4 * u), (n, 4 * u), (n, u), (n, u), scale=3), mask, act, ract, precise])
    check(steps.gru_forward_step,
          [np.zeros((n, u), dtype), np.zeros((n, 4 * u), dtype),
           *arrays((n, 3 * u), (n, 3 * u), (3 * u,), (n, u), scale=3), mask, act, ract, precise])
    check(steps.gru_reset_before_gates,
          [np.zeros((n, 3 * u), dtype), np.zeros((n, u), dtype),
           *arrays((n, 2 * u), (n, 3 * u), (n, u), scale=3), mask, ract, precise])
    gates = steps.apply_activation(rng.normal(size=(n, 4 * u)), ract).astype(dtype)
    outputs = steps.apply_activation(rng.normal(size=(n, u)), act).astype(dtype)
    check(steps.simple_rnn_backward_step,
          [np.zeros((n, u), dtype), *arrays((n, u), (n, u), (n, u)), outputs, mask, act])
    check(steps.lstm_backward_step,
          [np.zeros((n, 4 * u), dtype), *arrays((n, u), (n, u), (n, u), (n, u)), gates,
           outputs, *arrays((n, u)), mask, act, ract])
    check(steps.gru_backward_step,
          [np.zeros((n, 3 * u), dtype), np.zeros((n, 3 * u), dtype),
           *arrays((n, u), (n, u), (n, u)), gates, *arrays((n, u)), mask, act, ract])
    check(steps.gru_reset_before_backward_candidate,
          [np.zeros((n, 3 * u), dtype), *arrays((n, u), (n, u), (n, u)), gates[:, :3 * u],
           *arrays((n, u)), mask, act, ract])
    check(steps.gru_reset_before_backward_reset,
          [np.zeros((n, 3 * u), dtype), np.zeros((n, u), dtype), *arrays((n, u)),
           gates[:, :3 * u], *arrays((n, u)), mask, ract])


def test_fast_float32_tanh_is_within_a_few_ulps():
    v = np.linspace(-12, 12, 200001).astype(np.float32)
    out = np.empty((1, v.size), np.float32)
    steps.simple_rnn_forward_step.numba(out, np.zeros((1, v.size), np.float32), v[None],
                                        np.zeros((1, v.size), np.float32), np.ones(1, bool),
                                        steps.TANH, False)
    exact = np.tanh(v.astype(np.float64))
    assert np.max(np.abs(out[0] - exact)) < 4e-7
    assert np.all(np.abs(out[0]) <= 1)


# ---------------------------------------------------------------------- errors

def test_clear_errors():
    x, w, u, b, states = make_case("lstm")
    with pytest.raises(ValueError, match="expected kernel"):
        ops.lstm_sequence(x, w[:, :4], u, b, *states)
    with pytest.raises(ValueError, match="bias of shape"):
        ops.lstm_sequence(x, w, u, b[:3], *states)
    with pytest.raises(ValueError, match="mask must have shape"):
        ops.lstm_sequence(x, w, u, b, *states, mask=np.ones((3, 4), bool))
    with pytest.raises(ValueError, match="support the activations"):
        ops.lstm_sequence(x, w, u, b, *states, activation="selu")
    with pytest.raises(ValueError, match="initial states must have shape"):
        ops.lstm_sequence(x, w, u, b, states[0][:2], states[1])
    with pytest.raises(ValueError, match="timesteps"):
        ops.lstm_sequence(x[:, 0], w, u, b, *states)


# ---------------------------------------------------------------------- results stay put

def test_results_of_an_earlier_call_keep_their_values_and_gradients():
    x, w, u, b, states = make_case("lstm", n=4, t=6, d=3, units=5, dtype=np.float32, seed=8)
    weights = np.linspace(-1, 1, 4 * 6 * 5).reshape(4, 6, 5).astype(np.float32)

    def grads_of(kernel_value, inputs):
        kernel = Variable(kernel_value)
        out = ops.lstm_sequence(inputs, kernel, u, b, *states)[0]
        return out, kernel

    out_a, kernel_a = grads_of(w, x)
    expected = gradients(out_a, kernel_a, weights)
    out_a, kernel_a = grads_of(w, x)
    values = out_a.numpy().copy()
    out_b, kernel_b = grads_of(w * 2, x[::-1].copy())      # same shapes
    np.testing.assert_array_equal(out_a.numpy(), values)
    np.testing.assert_array_equal(gradients(out_a, kernel_a, weights), expected)
    assert not np.allclose(gradients(out_b, kernel_b, weights), expected)


# ---------------------------------------------------------------------- kerasedu's threads

@pytest.fixture
def thread_counts():
    from kerasedu.accelerated import threads
    saved = threads.thread_count()
    yield threads.set_threads
    threads.set_threads(saved)


@pytest.mark.parametrize("kind", sorted(GATES))
@pytest.mark.parametrize("options", [dict(mask="padding", go_backwards=True),
                                     dict(return_sequences=False, dropout="per-gate"),
                                     dict(mask="padding", dropout="shared")],
                         ids=["masked-backwards", "last-per-gate-dropout", "shared-dropout"])
def test_several_threads_give_the_values_and_gradients_of_one(kind, options, thread_counts):
    """With two threads the batch's samples are split in blocks (rows 0-3 and 4-9 here), and
    the large products by rows: every result must equal the single-threaded one."""
    n, t = 10, 6
    x, w, u, b, states = make_case(kind, n=n, t=t, d=5, units=4, dtype=np.float32, seed=7)
    options = dict(options)
    rng = np.random.default_rng(8)
    if options.get("mask") == "padding":
        options["mask"] = rng.uniform(size=(n, t)) > 0.25
    dropout = options.pop("dropout", None)
    if dropout is not None:
        count = GATES[kind] if dropout == "per-gate" and kind != "simple_rnn" else 1
        options["dropout_mask"] = (rng.uniform(size=(count, n, 5)) > 0.3) / np.float32(0.7)
        options["recurrent_dropout_mask"] = (rng.uniform(size=(count, n, 4)) > 0.3) \
            / np.float32(0.7)

    def run():
        variables = [Variable(a) for a in (x, w, u, b, *states)]
        results = run_op(kind, *variables[:4], variables[4:], **options)
        weights = np.linspace(-1, 1, sum(int(np.prod(r.shape[1:])) for r in results),
                              dtype=np.float32)
        loss = ops.sum(ops.concatenate([ops.reshape(r, (n, -1)) for r in results], axis=1)
                       * weights)
        return [r.numpy() for r in results] + gradients(loss, variables)
    thread_counts(1)
    one = run()
    thread_counts(2)
    two = run()
    expected = reference(kind, x, w, u, b, states, **options)
    for got, e in zip(two, expected):
        np.testing.assert_allclose(got, e, rtol=2e-5, atol=2e-6)
    for a, b_ in zip(one, two):
        np.testing.assert_allclose(a, b_, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("x_masks, h_masks", [(None, 4), (1, None), (1, 4), (4, 1)])
def test_lstm_dropout_on_inputs_or_state_alone_or_mixed(x_masks, h_masks):
    """The LSTM's loop multiplies [x_t, h_{t-1}] by [kernel; recurrent_kernel] in one product,
    with the two kinds of dropout masks side by side: any mix must match the equations."""
    x, w, u, b, states = make_case("lstm", n=5, t=4, d=3, units=3, seed=9)
    rng = np.random.default_rng(10)
    options = {}
    if x_masks:
        options["dropout_mask"] = (rng.uniform(size=(x_masks, 5, 3)) > 0.3) / 0.7
    if h_masks:
        options["recurrent_dropout_mask"] = (rng.uniform(size=(h_masks, 5, 3)) > 0.3) / 0.7
    for g, e in zip(run_op("lstm", x, w, u, b, states, **options),
                    reference("lstm", x, w, u, b, states, **options)):
        np.testing.assert_allclose(g.numpy(), e, rtol=1e-12, atol=1e-12)
    assert_gradients_match(_gradient_function("lstm", options), x, w, u, b, *states,
                           rtol=1e-5, atol=1e-7)
