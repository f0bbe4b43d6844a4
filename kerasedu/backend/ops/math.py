"""Elementwise arithmetic and math, with broadcasting.

Each op computes ``out`` with numpy and records its vector-Jacobian product: given g = dL/dout,
the gradient for each input, summed back over broadcast axes (``unbroadcast``).
"""

import numpy as np

from ..autodiff import needs_grad, record, unbroadcast
from ..kernels.special import erf as erf_kernel
from ..tensor import Tensor
from ._elementwise import float_unary
from ._inputs import tensor_of, unpack, without_gradient


def _shape(value):
    return np.shape(value)


# Arithmetic.

def add(x1, x2):
    """x1 + x2.  d/dx1 = d/dx2 = 1."""
    (a, av), (b, bv) = unpack(x1), unpack(x2)
    return record(np.add(av, bv), (a, b),
                  lambda g: (unbroadcast(g, _shape(av)), unbroadcast(g, _shape(bv))), "add")


def subtract(x1, x2):
    """x1 - x2.  d/dx1 = 1, d/dx2 = -1."""
    (a, av), (b, bv) = unpack(x1), unpack(x2)
    return record(np.subtract(av, bv), (a, b),
                  lambda g: (unbroadcast(g, _shape(av)), unbroadcast(-g, _shape(bv))), "subtract")


def multiply(x1, x2):
    """x1 * x2.  d/dx1 = x2, d/dx2 = x1."""
    (a, av), (b, bv) = unpack(x1), unpack(x2)

    def backward(g):
        return (unbroadcast(g * bv, _shape(av)) if needs_grad(a) else None,
                unbroadcast(g * av, _shape(bv)) if needs_grad(b) else None)
    return record(np.multiply(av, bv), (a, b), backward, "multiply")


def divide(x1, x2):
    """x1 / x2.  d/dx1 = 1/x2, d/dx2 = -x1/x2²."""
    (a, av), (b, bv) = unpack(x1), unpack(x2)
    out = np.true_divide(av, bv)

    def backward(g):
        return (unbroadcast(g / bv, _shape(av)) if needs_grad(a) else None,
                unbroadcast(-g * out / bv, _shape(bv)) if needs_grad(b) else None)
    return record(out, (a, b), backward, "divide")


def negative(x):
    """-x."""
    a, av = unpack(x)
    return record(np.negative(av), (a,), lambda g: (-g,), "negative")


def power(x1, x2):
    """x1 ** x2.  d/dx1 = x2·x1^(x2−1), d/dx2 = x1^x2·log(x1) (0 where x1 ≤ 0)."""
    (a, av), (b, bv) = unpack(x1), unpack(x2)
    out = np.power(av, bv)

    def backward(g):
        ga = gb = None
        if needs_grad(a):
            ga = unbroadcast(g * bv * np.power(av, np.subtract(bv, 1)), _shape(av))
        if needs_grad(b):
            safe_log = np.log(np.where(np.greater(av, 0), av, 1))
            gb = unbroadcast(g * out * safe_log, _shape(bv))
        return ga, gb
    return record(out, (a, b), backward, "power")


# Elementwise functions of one input.

def _unary(x, forward, derivative, name):
    """Apply ``forward``; the gradient is g · derivative(x, out). A Python number is taken as
    a floatx() Tensor, as Keras does: ``ops.exp(100.0)`` overflows float32 to inf."""
    a, av = unpack(x)
    av = np.asarray(av) if a is not None else tensor_of(av).value
    out = forward(av)
    return record(out, (a,), lambda g: (g * derivative(av, out),), name)


def exp(x):
    """e^x.  d/dx = e^x."""
    return float_unary(x, np.exp, lambda x, out: out, "exp")


def log(x):
    """Natural logarithm.  d/dx = 1/x."""
    return float_unary(x, np.log, lambda x, out: 1 / x, "log")


def log1p(x):
    """log(1 + x), accurate for small x.  d/dx = 1/(1+x)."""
    return float_unary(x, np.log1p, lambda x, out: 1 / (1 + x), "log1p")


def expm1(x):
    """e^x − 1, accurate for small x.  d/dx = e^x."""
    return float_unary(x, np.expm1, lambda x, out: out + 1, "expm1")


def sqrt(x):
    """√x.  d/dx = 1/(2√x)."""
    return float_unary(x, np.sqrt, lambda x, out: 0.5 / out, "sqrt")


def square(x):
    """x².  d/dx = 2x."""
    return _unary(x, np.square, lambda x, out: 2 * x, "square")


def abs(x):  # noqa: A001  (Keras's name)
    """|x|.  d/dx = sign(x)."""
    return _unary(x, np.abs, lambda x, out: np.sign(x), "abs")


absolute = abs


def fabs(x):
    """|x| as floats (integers give floatx).  d/dx = sign(x)."""
    return float_unary(x, np.abs, lambda x, out: np.sign(x), "fabs")


def reciprocal(x):
    """1/x.  d/dx = −1/x²."""
    return _unary(x, np.reciprocal, lambda x, out: -out * out, "reciprocal")


def sin(x):
    """sin x.  d/dx = cos x."""
    return float_unary(x, np.sin, lambda x, out: np.cos(x), "sin")


def cos(x):
    """cos x.  d/dx = −sin x."""
    return float_unary(x, np.cos, lambda x, out: -np.sin(x), "cos")


def tanh(x):
    """tanh x.  d/dx = 1 − tanh² x."""
    return float_unary(x, np.tanh, lambda x, out: 1 - out * out, "tanh")


def erf(x):
    """The error function (a numba kernel).  d/dx = 2/√π · e^(−x²)."""
    a, av = unpack(x)
    av = np.asarray(av)
    out = np.empty_like(av)
    erf_kernel(out.reshape(-1), np.ascontiguousarray(av).reshape(-1))
    return record(out, (a,), lambda g: (g * (2 / np.sqrt(np.pi)) * np.exp(-av * av),), "erf")


# Two-input selections.

def maximum(x1, x2):
    """Elementwise larger value; the gradient goes to x1 where x1 ≥ x2, else to x2."""
    (a, av), (b, bv) = unpack(x1), unpack(x2)
    pick_a = np.greater_equal(av, bv)
    return record(np.maximum(av, bv), (a, b),
                  lambda g: (unbroadcast(g * pick_a, _shape(av)),
                             unbroadcast(g * ~pick_a, _shape(bv))), "maximum")


def minimum(x1, x2):
    """Elementwise smaller value; the gradient goes to x1 where x1 ≤ x2, else to x2."""
    (a, av), (b, bv) = unpack(x1), unpack(x2)
    pick_a = np.less_equal(av, bv)
    return record(np.minimum(av, bv), (a, b),
                  lambda g: (unbroadcast(g * pick_a, _shape(av)),
                             unbroadcast(g * ~pick_a, _shape(bv))), "minimum")


def clip(x, x_min, x_max):
    """x limited to [x_min, x_max]; the gradient passes where x is inside the range."""
    a, av = unpack(x)
    av = np.asarray(av)
    out = np.clip(av, x_min, x_max).astype(av.dtype, copy=False)
    inside = (av >= x_min) & (av <= x_max)
    return record(out, (a,), lambda g: (g * inside,), "clip")


def where(condition, x1=None, x2=None):
    """x1 where ``condition`` holds, else x2 (broadcast together). Without x1 and x2, the
    indices where ``condition`` holds, one array per axis (as numpy's where)."""
    cond = np.asarray(getattr(condition, "value", condition), dtype=bool)
    if x1 is None and x2 is None:
        return tuple(Tensor(i) for i in np.nonzero(cond))
    if x1 is None or x2 is None:
        raise ValueError("where: give both x1 and x2, or neither (for the indices where "
                         "condition holds).")
    (a, av), (b, bv) = unpack(x1), unpack(x2)
    out = np.where(cond, av, bv)
    return record(out, (None, a, b),
                  lambda g: (None, unbroadcast(np.where(cond, g, 0), _shape(av)),
                             unbroadcast(np.where(cond, 0, g), _shape(bv))), "where")


# Type changes and steps (steps have zero derivative almost everywhere: no gradient path).

def cast(x, dtype):
    """x converted to ``dtype``; float-to-float casts pass the gradient (cast back). A cast of
    floats to a complex dtype has no gradient in kerasedu: asking for one through it raises."""
    a, av = unpack(x)
    av = np.asarray(av)
    out = av.astype(dtype)
    if av.dtype.kind == "f" and out.dtype.kind == "c":
        return without_gradient(out, (a,), "cast to a complex dtype",
                                "Complex results have no gradient; differentiable ops such as "
                                "ops.fft take and give (real, imaginary) pairs of real tensors.")
    if av.dtype.kind != "f" or out.dtype.kind != "f":
        return Tensor(out)
    return record(out, (a,), lambda g: (g.astype(av.dtype),), "cast")


def _step(function):
    def op(x):
        return Tensor(function(np.asarray(unpack(x)[1])))
    op.__name__ = function.__name__
    op.__doc__ = (f"Elementwise {function.__name__}. Not differentiable (its derivative is zero "
                  "almost everywhere), so no gradient flows through it.")
    return op


sign = _step(np.sign)
floor = _step(np.floor)
ceil = _step(np.ceil)
