"""Checks of a numerical gradient checker of one's own (problem set 9).

* :func:`check_numerical_gradient`: a student's ``numerical_gradient(f, x, h)`` must return the
  central difference (f(x + h·e_i) − f(x − h·e_i)) / 2h for every element i, computed in float64
  whatever the dtype of ``x``. It is checked against functions whose gradients are known in
  closed form. One is a cubic, for which a one-sided difference (f(x + h·e_i) − f(x)) / h is
  off by about 3·x·h, a thousand times more than the tolerance at h = 1e-4, while the central
  difference is off by h² = 1e-8; another gets float32 input, for which float32 arithmetic is off
  by about 1e-7 / h = 1e-3. When the result is wrong the message says which of those it
  resembles.
* :func:`check_gradient_check`: a student's ``gradient_check(function, *arrays, numerical=...)``
  returns one relative error per input between the tape's gradient of sum(w · function(...))
  and the numerical one. The check passes it a numerical gradient of kerasedu's own, so that a
  mistake in ``numerical_gradient`` is not charged again, and gives it functions whose errors
  are known: right ops and a layer (error below 1e-6), an op whose backward rule doubles the
  gradient of its first input (error 1/3 exactly: |2n − n| / (|2n| + |n|)), one that returns
  no gradient for its second input (error 1), and one whose rule ignores the upstream gradient.
"""

import numbers

import numpy as np

from ..backend import gradcheck
from ..backend.autodiff import record, unbroadcast
from ..backend.ops import convert_to_tensor, multiply, sin
from .common import GradingError, first_difference, shape_text, values
from .language import deferred, tr
from .reference import reference_layer
from .student import run

STEP = 1e-4
_RTOL, _ATOL = 1e-6, 1e-6


def _weights(x):
    """Fixed weights of x's shape, from -1 to 2."""
    return np.linspace(-1.0, 2.0, x.size).reshape(x.shape)


# Functions of one array whose gradients are known: name -> (f, gradient, words).
KNOWN = {
    "cubic": (lambda x: np.sum(x ** 3), lambda x: 3 * x ** 2, "f(x) = sum(x ** 3)"),
    "weighted_sine": (lambda x: np.sum(_weights(x) * np.sin(x)),
                      lambda x: _weights(x) * np.cos(x),
                      deferred("f(x) = sum(w * sin(x)) for fixed weights w")),
    "exponential": (lambda x: np.sum(np.exp(x)), np.exp, "f(x) = sum(exp(x))"),
}


def _one_sided(f, x, h):
    x = np.array(x, dtype=np.float64)
    base, grad = f(x), np.zeros_like(x)
    for i in np.ndindex(x.shape):
        nudged = x.copy()
        nudged[i] += h
        grad[i] = (f(nudged) - base) / h
    return grad


def _in_float32(f, x, h):
    x = np.array(x, dtype=np.float32)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += np.float32(h)
        down[i] -= np.float32(h)
        grad[i] = (f(up) - f(down)) / np.float32(2 * h)
    return grad


def _diagnosis(got, f, x, h):
    if np.allclose(got, _one_sided(f, x, h), rtol=1e-4, atol=1e-6):
        return (tr("Your values are those of a one-sided difference (f(x + h) − f(x)) / h, whose "
                   "error shrinks only like h: use the central difference (f(x + h) − f(x − h)) "
                   "/ 2h, whose error shrinks like h²."))
    if x.dtype == np.float32 or np.allclose(got, _in_float32(f, x, h), rtol=1e-4, atol=1e-5):
        return (tr("Compute in float64: in float32 the rounding of f(x ± h) is as large as the "
                   "differences themselves. Copy x with np.array(x, dtype=np.float64) first."))
    return (tr("Nudge one element at a time by +h and −h, evaluate f at both points and put back "
               "the element's value before the next one."))


def check_numerical_gradient(student_fn, functions=("cubic",), shapes=((5,),), seed=0,
                             dtype="float64", h=STEP):
    """``student_fn(f, x, h=h)`` for each known function on random ``x`` of each shape (of
    ``dtype``) must return an array of x's shape, in float64, equal to the true gradient
    within 1e-6, and leave ``x`` as it was."""
    rng = np.random.default_rng(seed)
    for name in functions:
        f, true_gradient, words = KNOWN[name]
        for shape in shapes:
            x = rng.uniform(-1.5, 1.5, size=shape).astype(dtype)
            given = x.copy()
            where = (tr("numerical_gradient(f, x, h={h}) for {words}, x a {dtype} array of shape "
                        "{shape}", h=h, words=words, dtype=dtype, shape=shape_text(shape)))
            got = run(student_fn, lambda v: float(f(v)), given, h=h, what=where)
            if not np.array_equal(given, x):
                raise GradingError(tr("{where} changed x: after nudging an element, put its "
                                      "value back (or work on a copy of x).", where=where))
            if not hasattr(got, "shape") or tuple(np.shape(got)) != tuple(shape):
                raise GradingError(
                    tr("{where} returned {got_type} of shape {got_shape}; it must return an "
                       "array of x's shape {shape}, one partial derivative per element.",
                       where=where, got_type=type(got).__name__,
                       got_shape=shape_text(np.shape(got)), shape=shape_text(shape)))
            if np.asarray(got).dtype != np.float64:
                raise GradingError(tr("{where} returned a {dtype} array; return float64, the "
                                      "precision the differences are computed in.",
                                      where=where, dtype=np.asarray(got).dtype))
            want = true_gradient(np.asarray(x, dtype=np.float64))
            got = values(got)
            if not np.allclose(got, want, rtol=_RTOL, atol=_ATOL):
                raise GradingError(
                    tr("{where} is not accurate enough: {difference} (the true gradient; a "
                       "central difference in float64 is within 1e-8 of it). {diagnosis}",
                       where=where, difference=first_difference(got, want),
                       diagnosis=_diagnosis(got, lambda v: float(f(v)), x, h)))


# ---------------------------------------------------------------------- the checker's use

def _numerical(f, x, h=1e-6):
    """kerasedu's own central-difference gradient, given to the student's gradient_check."""
    return gradcheck.numerical_gradient(f, x, h)


def _scaled_op(first, second, name):
    """a · sin(b) with a backward rule whose gradients are multiplied by ``first`` and
    ``second`` (None: no gradient; "ignore": the rule ignores the upstream gradient)."""
    def op(a, b):
        a, b = convert_to_tensor(a), convert_to_tensor(b)
        out = a.value * np.sin(b.value)

        def backward(g):
            grads = []
            for factor, local, shape in ((first, np.sin(b.value), a.shape),
                                         (second, a.value * np.cos(b.value), b.shape)):
                if factor is None:
                    grads.append(None)
                else:
                    upstream = np.ones_like(g) if factor == "ignore" else g
                    scale = 1.0 if factor == "ignore" else factor
                    grads.append(unbroadcast(scale * upstream * local, shape))
            return tuple(grads)
        return record(out, (a, b), backward, name)
    op.__name__ = name
    return op


def _right_op(a, b):
    return multiply(a, sin(b))


def _dense(seed):
    layer = reference_layer("Dense")(3, activation="tanh", dtype="float64")
    layer.build((None, 2))
    rng = np.random.default_rng(seed)
    for weight in layer.weights:
        weight.assign(rng.normal(scale=0.7, size=weight.shape))
    return layer


# (description, function maker, input shapes, expected errors: a number, or "small" / "large")
CASES = {
    "right": (deferred("a * sin(b), written with kerasedu ops"), lambda seed: _right_op,
              ((3, 4), (4,)), ("small", "small")),
    "layer": (deferred("a Dense(3, activation='tanh') layer, as a function of its input"),
              _dense, ((5, 2),), ("small",)),
    "doubled": (deferred("an op whose backward rule doubles the gradient of a"),
                lambda seed: _scaled_op(2.0, 1.0, "doubled"), ((3, 4), (3, 4)),
                (1 / 3, "small")),
    "missing": (deferred("an op whose backward rule returns no gradient (None) for b"),
                lambda seed: _scaled_op(1.0, None, "missing"), ((2, 3), (2, 3)),
                ("small", 1.0)),
    "ignores_upstream": (
        deferred("an op whose backward rule ignores the upstream gradient for b"),
                         lambda seed: _scaled_op(1.0, "ignore", "ignores_upstream"),
                         ((4,), (4,)), ("small", "large")),
}


def _expected_words(want):
    if want == "small":
        return tr("below 1e-6 (the backward rule is right)")
    if want == "large":
        return tr("above 0.01 (the backward rule is wrong)")
    return f"{want:.6g}"


def _matches(error, want):
    if want == "small":
        return 0 <= error < 1e-6
    if want == "large":
        return error > 1e-2
    return abs(error - want) < 1e-4


def check_gradient_check(student_fn, cases=("right", "doubled"), seed=0):
    """``student_fn(function, *arrays, numerical=...)`` must return a list with one float per
    input, the relative error max|a − n| / max(max(|a| + |n|), 1e-12) between the tape's
    gradient a of sum(w · function(...)) and the numerical one n, computed with the
    ``numerical`` function it receives (called once for each input)."""
    rng = np.random.default_rng(seed)
    for case in cases:
        words, make, shapes, expected = CASES[case]
        function = make(seed)
        arrays = [rng.normal(size=s) for s in shapes]
        calls = []

        def numerical(f, x, *args, **kwargs):
            calls.append(np.shape(x))
            return _numerical(f, x, *args, **kwargs)

        inputs = tr(", ").join(tr("an array of shape {shape}", shape=shape_text(s))
                               for s in shapes)
        where = tr("gradient_check(function, {inputs}, numerical=...) for {words}", inputs=inputs,
                   words=words)
        errors = run(student_fn, function, *[a.copy() for a in arrays], numerical=numerical,
                     what=where, convert=lambda r: list(r) if isinstance(r, (list, tuple))
                     else r)
        if not isinstance(errors, list) or len(errors) != len(arrays) or not all(
                isinstance(e, numbers.Real) and not isinstance(e, bool) for e in errors):
            raise GradingError(tr("{where} returned {errors!r}; it must return a list of "
                                  "{n_arrays} float(s), one relative error per input.",
                                  where=where, errors=errors, n_arrays=len(arrays)))
        if sorted(calls) != sorted(tuple(s) for s in shapes):
            raise GradingError(
                tr("{where} called numerical for inputs of shapes {calls}; it must compute each "
                   "input's numerical gradient with the numerical function it receives, once per "
                   "input (shapes {shapes}).", where=where, calls=calls,
                   shapes=[tuple(s) for s in shapes]))
        for position, (error, want) in enumerate(zip(errors, expected)):
            if not _matches(float(error), want):
                raise GradingError(
                    tr("{where} gives a relative error of {error:.6g} for input {position}; "
                       "expected {expected}. The error is max|a − n| / max(max(|a| + |n|), "
                       "1e-12), with a the tape's gradient of sum(w · function(...)) (a missing "
                       "gradient counts as zeros) and n the numerical gradient of the same "
                       "weighted sum, as a function of that input alone.", where=where,
                       error=float(error), position=position, expected=_expected_words(want)))

