"""Floating point's special values: NaN and the infinities.

    fmax(a, b), fmin(a, b)   the larger (smaller) value, ignoring a NaN on one side
    nan_to_num(x)            NaN -> ``nan``, +inf -> ``posinf``, −inf -> ``neginf`` (the dtype's
                             largest and smallest values by default)
    isinf, isposinf, isneginf, signbit, nextafter: questions about the bits (no gradient)

fmax and fmin pass the gradient to the value they chose (to a where a ≥ b or b is NaN);
nan_to_num passes it where x was finite.
"""

import numpy as np

from ..autodiff import record
from ..tensor import Tensor
from ._elementwise import binary, float_values, promoted_values
from ._inputs import no_gradient, unpack, without_gradient


def _choose(x1, x2, function, keep_first, name):
    def derivatives(a, b, out):
        first = keep_first(a, b)
        return first.astype(out.dtype), (~first).astype(out.dtype)
    return binary(promoted_values(x1, x2), function, derivatives, name)


def fmax(x1, x2):
    """The larger of x1 and x2, ignoring NaN (NaN only where both are NaN); the gradient goes
    to x1 where x1 ≥ x2 or x2 is NaN, else to x2."""
    return _choose(x1, x2, np.fmax, lambda a, b: (a >= b) | np.isnan(b), "fmax")


def fmin(x1, x2):
    """The smaller of x1 and x2, ignoring NaN; the gradient goes to the value chosen."""
    return _choose(x1, x2, np.fmin, lambda a, b: (a <= b) | np.isnan(b), "fmin")


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    """x with NaN replaced by ``nan``, +inf by ``posinf`` and −inf by ``neginf`` (None: the
    largest and smallest finite values of x's dtype). The gradient passes where x is finite."""
    a, av = unpack(x)
    av = np.asarray(av)
    if av.dtype.kind != "f":
        return Tensor(av)
    out = np.nan_to_num(av, nan=nan, posinf=posinf, neginf=neginf)
    finite = np.isfinite(av)
    return record(out, (a,), lambda g: (g * finite,), "nan_to_num")


def _question(function, doc):
    def op(x):
        return Tensor(function(np.asarray(unpack(x)[1])))
    op.__name__ = function.__name__
    op.__doc__ = doc + " Returns booleans (not differentiable)."
    return no_gradient(op)


isinf = _question(np.isinf, "True where x is +inf or −inf.")
isposinf = _question(np.isposinf, "True where x is +inf.")
isneginf = _question(np.isneginf, "True where x is −inf.")
signbit = _question(np.signbit, "True where the sign bit of x is set (negative numbers, −0.0).")


@no_gradient
def nextafter(x1, x2):
    """The next representable float after x1 in the direction of x2 (not differentiable)."""
    (t1, a), (t2, b) = float_values(x1, x2)
    return without_gradient(np.nextafter(a, b), (t1, t2), "nextafter",
                            "It is a step to a neighbouring float, with no derivative.")
