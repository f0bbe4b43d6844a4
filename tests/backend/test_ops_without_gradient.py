"""Ops that kerasedu cannot differentiate never cut a gradient silently: asked for a gradient
through their float results, they raise an error naming the op and the line that called it;
used where no gradient reaches them, they work as usual. Results that are integers or
booleans carry no gradient at all (as in Keras, whose gradients of them are zero)."""

import numpy as np
import pytest

from kerasedu import ops
from kerasedu.backend import GradientTape, Variable

W = np.array([[0.5, -1.0], [2.0, 0.25]])

UNDIFFERENTIABLE = {
    "histogram": lambda w: ops.histogram(ops.reshape(w, (-1,)), bins=3)[1],
    "unique": lambda w: ops.unique(w),
    "nextafter": lambda w: ops.nextafter(w, 5.0),
    "polar": lambda w: ops.real(ops.polar(w, w)),
    "view_as_complex": lambda w: ops.view_as_complex(w),
    "ctc_decode": lambda w: ops.ctc_decode(ops.reshape(w, (1, 2, 2)), np.array([2]))[1],
    "eig": lambda w: ops.linalg.eig(w)[0],
    "scatter_update": lambda w: ops.scatter_update(w, np.array([[0, 1]]), ops.sum(w)[None],
                                                   reduction="max"),
}


@pytest.mark.parametrize("name", sorted(UNDIFFERENTIABLE))
def test_a_gradient_asked_through_the_op_raises_naming_it_and_the_line(name):
    w = Variable(W, dtype="float64")
    with GradientTape() as tape:
        loss = ops.sum(ops.real(UNDIFFERENTIABLE[name](w))) + ops.sum(w)
    with pytest.raises(NotImplementedError, match=rf"^{name} has no gradient") as raised:
        tape.gradient(loss, w)
    assert f"{__file__}:" in str(raised.value)
    assert "ops.stop_gradient" in str(raised.value)


@pytest.mark.parametrize("name", sorted(UNDIFFERENTIABLE))
def test_the_op_works_outside_a_gradient_and_with_its_input_stopped(name):
    w = Variable(W, dtype="float64")
    expected = np.asarray(UNDIFFERENTIABLE[name](W).value)
    np.testing.assert_array_equal(np.asarray(UNDIFFERENTIABLE[name](w).value), expected)
    with GradientTape() as tape:
        kept = UNDIFFERENTIABLE[name](ops.stop_gradient(w))
        loss = ops.sum(ops.real(kept)) + ops.sum(w * w)
    np.testing.assert_allclose(tape.gradient(loss, w), 2 * W)


CONSTANT_ARGUMENTS = {
    "stft": ("window", lambda x, a: ops.stft(x, 4, 2, 4, window=a)[0], (4,)),
    "istft": ("window", lambda x, a: ops.istft((x, x), 4, 2, 4, window=a), (4,)),
    "scale_and_translate": ("scale", lambda x, a: ops.image.scale_and_translate(
        x, (1, 4, 4, 1), a, np.zeros(2), (1, 2), "linear"), (2,)),
    "quantile": ("q", lambda x, a: ops.quantile(x, a), ()),
    "percentile": ("q", lambda x, a: ops.percentile(x, a * 100), ()),
    "nanpercentile": ("q", lambda x, a: ops.nanpercentile(x, a * 100), ()),
    "full": ("fill_value", lambda x, a: ops.full((2,), a) * ops.sum(x), ()),
    "full_like": ("fill_value", lambda x, a: ops.full_like(x, a) * x, ()),
}


@pytest.mark.parametrize("name", sorted(CONSTANT_ARGUMENTS))
def test_an_argument_read_as_a_constant_refuses_a_gradient_rather_than_drop_it(name):
    argument, call, shape = CONSTANT_ARGUMENTS[name]
    x = np.random.default_rng(1).uniform(0.2, 0.8, size=(1, 3, 3, 1) if "scale" in name
                                         else (3, 3) if name == "istft" else (10,))
    a = Variable(np.full(shape, 0.5), dtype="float64")
    with GradientTape() as tape:
        loss = ops.sum(call(x, a))
    with pytest.raises(NotImplementedError, match=rf"^{name} reads {argument} as a constant"):
        tape.gradient(loss, a)
    np.testing.assert_allclose(call(x, a).numpy(), call(x, a.numpy()).numpy())


@pytest.mark.parametrize("part", [ops.real, ops.imag, ops.conj, ops.angle, ops.view_as_real])
def test_every_way_out_of_a_complex_result_carries_the_error(part):
    w = Variable(W, dtype="float64")
    with GradientTape() as tape:
        loss = ops.sum(ops.real(part(ops.view_as_complex(w))))
    with pytest.raises(NotImplementedError, match="^view_as_complex has no gradient"):
        tape.gradient(loss, w)


def test_histogram_with_a_range_has_constant_edges():
    w = Variable(W, dtype="float64")
    with GradientTape() as tape:
        counts, edges = ops.histogram(ops.reshape(w, (-1,)), bins=2, range=(-2, 2))
        loss = ops.sum(edges) + ops.sum(counts) + ops.sum(w)
    np.testing.assert_array_equal(edges.numpy(), [-2, 0, 2])
    np.testing.assert_allclose(tape.gradient(loss, w), np.ones((2, 2)))


def test_qr_refuses_the_gradient_of_a_complete_tall_q():
    """Past its first n columns, the q of a tall (m > n) matrix with mode="complete" is not
    determined by a: no derivative exists (JAX raises here too)."""
    a = Variable(np.random.default_rng(0).normal(size=(4, 3)), dtype="float64")
    with GradientTape() as tape:
        loss = ops.sum(ops.linalg.qr(a, mode="complete")[1])
    with pytest.raises(ValueError, match="qr: the gradient with mode='complete'"):
        tape.gradient(loss, a)


def test_jvp_refuses_the_second_derivative_its_tangent_would_need():
    x = Variable(np.array([0.5, 1.0]), dtype="float64")
    with GradientTape() as tape:
        _, tangent = ops.jvp(lambda v: ops.sin(v) * v, (x,), (np.ones(2),))
        loss = ops.sum(tangent)
    with pytest.raises(NotImplementedError, match="jvp: .* second derivatives"):
        tape.gradient(loss, x)


INTEGER_RESULTS = {
    "argsort": lambda w: ops.argsort(w), "argpartition": lambda w: ops.argpartition(w, 1),
    "nanargmax": lambda w: ops.nanargmax(w, axis=0), "digitize": lambda w: ops.digitize(
        w, np.array([0.0, 1.0])), "searchsorted": lambda w: ops.searchsorted(
        np.array([0.0, 1.0]), ops.reshape(w, (-1,))),
    "count_nonzero": lambda w: ops.count_nonzero(w), "isinf": lambda w: ops.isinf(w),
    "signbit": lambda w: ops.signbit(w), "isclose": lambda w: ops.isclose(w, 0.5),
    "top_k_indices": lambda w: ops.top_k(w, 1)[1], "matrix_rank": lambda w: ops.linalg.
    matrix_rank(w), "unique_counts": lambda w: ops.unique(w, return_counts=True)[1],
}


@pytest.mark.parametrize("name", sorted(INTEGER_RESULTS))
def test_integer_and_boolean_results_record_nothing(name):
    w = Variable(W, dtype="float64")
    result = INTEGER_RESULTS[name](w)
    assert result.dtype.kind in "iub", result.dtype
    assert result._backward is None
