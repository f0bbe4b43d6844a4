"""Checks of a differentiable operation of one's own, and of a backward pass traced by hand
(problem set 9).

* :func:`check_unbroadcast`: a student's ``unbroadcast(grad, shape)`` sums ``grad`` over the
  axes that broadcasting added or stretched, giving it ``shape``; compared with kerasedu's own
  on random pairs of shapes (the shape contract first, then the values).
* :func:`check_op_values`, :func:`check_op_vjp`, :func:`check_op_broadcasting`: a student's op
  ``f(a, b)`` written with ``record`` (:data:`OPS` names the ops a problem set can ask for).
  Its values against numpy's; its backward rule, the vector-Jacobian product
  ``g -> (g · ∂f/∂a, g · ∂f/∂b)``, against central differences of numpy's function computed
  here, in float64, never with the student's own checker. The VJP check uses inputs of one shape
  and a random upstream gradient g (a rule that forgets g fails it); the broadcasting check
  uses inputs of different shapes and g = 1, the gradient of ``ops.sum(f(a, b))`` (a rule that
  forgets to unbroadcast fails it), so that each mistake costs one test.
* :func:`check_trace`: the numbers of a backward pass traced by hand, a dict of floats; the
  visible test checks the names and types, the hidden test the values.
"""

import numbers

import numpy as np

from ..backend import Tensor, Variable
from ..backend.autodiff import gradients_as_recorded, unbroadcast
from ..backend.gradcheck import numerical_gradient
from .common import GradingError, first_difference, shape_text, values
from .language import tr
from .student import run

# The ops a problem set can ask for: name -> (numpy function, its derivatives as
# (∂f/∂a, ∂f/∂b) written with a, b and out = f(a, b), in words for messages).
OPS = {
    "hypot": (np.hypot, ("a / out", "b / out")),
}

_ATOL, _RTOL = 1e-7, 1e-5


# ---------------------------------------------------------------------- unbroadcast

def _broadcast_pairs(count, seed):
    """(gradient shape, input shape) pairs: an input shape with some axes dropped from the
    front and some sizes set to 1, as broadcasting would have stretched it."""
    rng = np.random.default_rng(seed)
    pairs = []
    for _ in range(count):
        grad_shape = tuple(int(n) for n in rng.integers(1, 5, size=rng.integers(1, 5)))
        kept = grad_shape[int(rng.integers(0, len(grad_shape) + 1)):]
        shape = tuple(1 if rng.random() < 0.4 else n for n in kept)
        pairs.append((grad_shape, shape))
    return pairs


def check_unbroadcast(student_fn, cases=None, seed=0, count=20):
    """``student_fn(grad, shape)`` must return ``grad`` summed over the axes broadcasting added
    (leading ones) and stretched (size 1 in ``shape``), an array of exactly ``shape``, and leave
    ``grad`` unchanged. ``cases`` are (grad shape, shape) pairs; ``count`` random pairs more."""
    pairs = list(cases or []) + _broadcast_pairs(count, seed)
    rng = np.random.default_rng(seed + 1)
    for grad_shape, shape in pairs:
        grad = rng.normal(size=grad_shape)
        given = grad.copy()
        where = tr("{name}(grad, {shape}) with grad of shape {grad_shape}",
                   name=getattr(student_fn, '__name__', 'unbroadcast'), shape=tuple(shape),
                   grad_shape=tuple(grad_shape))
        got = run(student_fn, given, tuple(shape), what=where, convert=values)
        if not np.array_equal(given, grad):
            raise GradingError(tr("{where} changed grad, its input: compute a new array "
                                  "(grad.sum(...) does) instead of writing into grad.",
                                  where=where))
        want = unbroadcast(grad, tuple(shape))
        if got.shape != tuple(shape):
            raise GradingError(
                tr("{where} returned an array of shape {got_shape}; it must have the input's "
                   "shape {shape}. Sum over the {leading} leading axes that broadcasting "
                   "added, then, with keepdims=True, over every axis where the shape has size 1 "
                   "and grad does not.", where=where, got_shape=got.shape, shape=tuple(shape),
                   leading=len(grad_shape) - len(shape)))
        if not np.allclose(got, want, rtol=1e-10, atol=1e-10):
            raise GradingError(tr("{where} returned the wrong values: {difference}. Each "
                                  "entry of the result is the sum of every entry of grad that "
                                  "broadcasting copied it to.", where=where,
                                  difference=first_difference(got, want)))


# ---------------------------------------------------------------------- an op of one's own

def _call_op(student_op, name, arrays, variables=False):
    """The student's op on ``arrays`` (Variables in float64 when ``variables``), the result and
    its description; the result must be a Tensor of the broadcast shape."""
    inputs = [Variable(a, dtype="float64") if variables and isinstance(a, np.ndarray) else a
              for a in arrays]
    where = f"{name}({', '.join(_describe(a) for a in arrays)})"
    out = run(student_op, *inputs, what=where)
    if not isinstance(out, Tensor):
        raise GradingError(
            tr("{where} returned {out_type}, not a kerasedu Tensor. Compute the result with "
               "numpy, then return record(out, (a, b), backward, {name!r}), which wraps it in a "
               "Tensor and links it to its inputs.", where=where, out_type=type(out).__name__,
               name=name))
    want = np.broadcast_shapes(*(np.shape(a) for a in arrays))
    if tuple(out.shape) != want:
        raise GradingError(tr("{where} returned a Tensor of shape {out_shape}; the inputs "
                              "broadcast to {want}, the shape the result must have.", where=where,
                              out_shape=tuple(out.shape), want=want))
    return inputs, out, where


def _describe(a):
    return tr("a {dtype} array of shape {shape}", dtype=np.asarray(a).dtype,
              shape=shape_text(np.shape(a))) if isinstance(a, np.ndarray) else repr(a)


def _shape_pairs_arrays(shapes, seed, dtype):
    rng = np.random.default_rng(seed)
    return [[rng.normal(size=s).astype(dtype) if s is not None else 1.5 for s in pair]
            for pair in shapes]


def check_op_values(student_op, op, shapes, seed=0):
    """``student_op(a, b)`` on float32 arrays of each pair of ``shapes`` (None for a Python
    float) must return a Tensor of the broadcast shape and dtype float32 holding numpy's
    values."""
    function = OPS[op][0]
    for a, b in _shape_pairs_arrays(shapes, seed, np.float32):
        _, out, where = _call_op(student_op, op, (a, b))
        want = function(a, b)
        got, dtype = run(lambda: (values(out), out.dtype),
                         what=tr("Reading the result of {where}", where=where))
        if not np.allclose(got, want, rtol=1e-5, atol=1e-6):
            raise GradingError(tr("{where} computes the wrong values: {difference}. The "
                                  "forward pass is numpy's np.{op}(a.value, b.value).",
                                  where=where, difference=first_difference(got, want), op=op))
        if np.dtype(dtype) != np.float32:
            raise GradingError(tr("{where} returned a {dtype} Tensor; for float32 inputs it must "
                                  "stay float32 (numpy's function on the arrays keeps it).",
                                  where=where, dtype=dtype))


def _numerical(op, arrays, upstream):
    """Central differences of sum(upstream · f(a, b)) with respect to each array input, by
    kerasedu's own checker, in float64."""
    function = OPS[op][0]
    result = []
    for position, array in enumerate(arrays):
        if not isinstance(array, np.ndarray):
            result.append(None)
            continue

        def weighted(v, position=position):
            inputs = list(arrays)
            inputs[position] = v
            return float(np.sum(upstream * function(*inputs)))
        result.append(numerical_gradient(weighted, array))
    return result


def _analytic(student_op, op, arrays, upstream, hint):
    variables, out, where = _call_op(student_op, op, arrays, variables=True)
    sources = [v for v in variables if isinstance(v, Tensor)]
    got = run(gradients_as_recorded, out, sources, output_gradient=upstream,
              what=tr("Differentiating {where} (the tape calls your backward rule)", where=where),
              hint=hint)
    got = iter(got)
    return [next(got) if isinstance(v, Tensor) else None for v in variables], where


def _compare(op, where, analytic, numerical, upstream_words, hint):
    derivatives = OPS[op][1]
    for position, (got, want) in enumerate(zip(analytic, numerical)):
        if want is None:
            continue
        name = "ab"[position]
        if got is None:
            raise GradingError(
                tr("No gradient reaches {name} through {where}: the op recorded nothing. Return "
                   "record(out, (a, b), backward, {op!r}) so that the tape links the result to "
                   "its inputs.", name=name, where=where, op=op))
        if not np.allclose(got, want, rtol=_RTOL, atol=_ATOL):
            raise GradingError(
                tr("The gradient your backward rule gives for {name} in {where}, "
                   "{upstream}, does not match the numerical gradient: {difference}. "
                   "The vector-Jacobian product for {name} is g · ({derivatives}). {hint}",
                   name=name, where=where, upstream=upstream_words,
                   difference=first_difference(got, want), derivatives=derivatives[position],
                   hint=hint))


def check_op_vjp(student_op, op, shapes, seed=0):
    """With inputs of one shape (float64 Variables) and a random upstream gradient g, the
    gradients the tape computes through ``student_op`` must equal central differences of
    sum(g · f(a, b)) computed by kerasedu's checker from numpy's f."""
    rng = np.random.default_rng(seed + 7)
    for arrays in _shape_pairs_arrays(shapes, seed, np.float64):
        upstream = rng.normal(size=np.broadcast_shapes(*(np.shape(a) for a in arrays)))
        analytic, where = _analytic(student_op, op, arrays, upstream, hint="")
        numerical = _numerical(op, arrays, upstream)
        forgot = all(n is None or g is None or np.allclose(g, m, rtol=_RTOL, atol=_ATOL)
                     for g, n, m in zip(analytic, numerical,
                                        _numerical(op, arrays, np.ones_like(upstream))))
        hint = (tr("Your gradients are those of g = 1: the backward rule ignores g, the gradient "
                   "arriving from above, which it must multiply by the local derivative.")
                if forgot else tr("Check the formula, and that it is multiplied by g."))
        _compare(op, where, analytic, numerical, tr("with a random upstream gradient g"), hint)


def check_op_broadcasting(student_op, op, shapes, seed=0):
    """With inputs of shapes that broadcast (float64 Variables), the gradients of
    ``ops.sum(student_op(a, b))`` must have each input's shape and equal central differences:
    the backward rule must sum its result over the broadcast axes (``unbroadcast``)."""
    for arrays in _shape_pairs_arrays(shapes, seed, np.float64):
        upstream = np.ones(np.broadcast_shapes(*(np.shape(a) for a in arrays)))
        analytic, where = _analytic(student_op, op, arrays, upstream, hint="")
        _compare(op, where, analytic, _numerical(op, arrays, upstream),
                 tr("the gradient of ops.sum of it (g = 1)"),
                 tr("Each entry of an input that broadcasting used several times gets the sum of "
                    "their gradients: unbroadcast(g · ..., a.shape)."))


# ---------------------------------------------------------------------- a trace by hand

def check_trace(answers, expected=None, keys=None, name="by_hand"):
    """``answers`` must be a dict holding a real number for each of ``keys`` (or of the keys
    of ``expected``), each equal to ``expected``'s within 1e-6 when ``expected`` is given."""
    keys = tuple(keys or expected)
    if not isinstance(answers, dict):
        raise GradingError(tr("{name} is a {answers_type}; it must be a dict {{name: number}}, "
                              "e.g. {{'u': 1.0, ...}}.", name=name,
                              answers_type=type(answers).__name__))
    missing = [k for k in keys if k not in answers]
    if missing:
        raise GradingError(tr("{name} has no entry for {missing}: give a number for each of "
                              "{keys}.", name=name, missing=", ".join(map(repr, missing)),
                              keys=", ".join(map(repr, keys))))
    for key in keys:
        value = answers[key]
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            raise GradingError(tr("{name}[{key!r}] is {value!r} ({value_type}); it must be a "
                                  "number, such as 2.0.", name=name, key=key, value=value,
                                  value_type=type(value).__name__))
    wrong = [k for k in keys if expected is not None
             and not np.isclose(float(answers[k]), expected[k], rtol=1e-6, atol=1e-6)]
    if wrong:
        forward = [k for k in wrong if not k.startswith("dL_")]
        raise GradingError(
            tr("Not right yet in {name}: {wrong}. ", name=name,
               wrong=", ".join(map(repr, wrong))) + (
                tr("Start with the forward pass: compute each intermediate value from the "
                   "inputs, in the order the expression is evaluated.") if forward else
                tr("Walk the graph from L backwards: dL/dL = 1; each op multiplies the gradient "
                   "of its output by its local derivative; where a value is used twice, add the "
                   "contributions of both uses; relu passes the gradient only where its input is "
                   "positive.")))
