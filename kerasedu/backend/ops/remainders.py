"""Division with remainders, rounding, steps, and division that forgives zeros.

    floor_divide(a, b) = ⌊a/b⌋                  mod(a, b) = a − b·⌊a/b⌋  (sign of b)
    fmod(a, b) = a − b·trunc(a/b)  (sign of a)   divide_no_nan(a, b) = a/b, and 0 where b = 0
    trunc(x) rounds towards zero                 round(x, decimals) rounds half to even
    heaviside(x, h) = 0 (x < 0), h (x = 0), 1 (x > 0)

Derivatives where they exist: ∂mod/∂a = ∂fmod/∂a = 1, ∂mod/∂b = −⌊a/b⌋, ∂fmod/∂b = −trunc(a/b);
divide_no_nan differentiates like a/b and passes nothing where b = 0. floor_divide, trunc and
round are steps (derivative zero almost everywhere): no gradient flows through them;
heaviside passes the gradient to h where x = 0.
"""

import numpy as np

from ..autodiff import record, unbroadcast
from ..tensor import Tensor
from ._elementwise import binary, float_values, promoted_values
from ._inputs import no_gradient, unpack


@no_gradient
def floor_divide(x1, x2):
    """⌊x1 / x2⌋ elementwise, in the inputs' promoted dtype (not differentiable)."""
    (_, a), (_, b) = promoted_values(x1, x2)
    with np.errstate(divide="ignore", invalid="ignore"):
        return Tensor(np.floor_divide(a, b))


def mod(x1, x2):
    """x1 − x2·⌊x1/x2⌋, with the sign of x2 (Python's %).  ∂/∂x1 = 1, ∂/∂x2 = −⌊x1/x2⌋."""
    return binary(promoted_values(x1, x2), np.mod,
                  lambda a, b, out: (np.ones_like(out), -np.floor_divide(a, b)), "mod")


def fmod(x1, x2):
    """x1 − x2·trunc(x1/x2), with the sign of x1 (C's fmod).  ∂/∂x1 = 1, ∂/∂x2 = −trunc(x1/x2)."""
    return binary(promoted_values(x1, x2), np.fmod,
                  lambda a, b, out: (np.ones_like(out), -np.trunc(a / b)), "fmod")


def divide_no_nan(x1, x2):
    """x1 / x2, and 0 where x2 = 0 (so no NaN or infinity from a zero divisor).

    ∂/∂x1 = 1/x2, ∂/∂x2 = −x1/x2², both 0 where x2 = 0."""
    pairs = float_values(x1, x2)
    zero = pairs[1][1] == 0
    safe = np.where(zero, 1, pairs[1][1])

    def forward(a, b):
        return np.where(zero, 0, a / safe)

    def derivatives(a, b, out):
        return np.where(zero, 0, 1 / safe), np.where(zero, 0, -out / safe)
    return binary(pairs, forward, derivatives, "divide_no_nan")


@no_gradient
def trunc(x):
    """x rounded towards zero (integers and booleans unchanged; not differentiable)."""
    value = np.asarray(unpack(x)[1])
    return Tensor(value if value.dtype.kind in "iub" else np.trunc(value))


@no_gradient
def round(x, decimals=0):  # noqa: A001  (Keras's name)
    """x rounded to ``decimals`` decimal places, halves to even (not differentiable).

    Integers with negative ``decimals`` round to tens, hundreds, ... and stay integers."""
    value = np.asarray(unpack(x)[1])
    if value.dtype.kind in "iu" and decimals < 0:
        factor = 10.0 ** decimals
        return Tensor((np.round(value * factor) / factor).astype(value.dtype))
    return Tensor(np.round(value, decimals))


def heaviside(x1, x2):
    """The step function: 0 where x1 < 0, x2 where x1 = 0, 1 where x1 > 0."""
    pairs = promoted_values(x1, x2)
    if pairs[0][1].dtype.kind in "iub":
        pairs = float_values(x1, x2)
    (_, a), (b, bv) = pairs
    step = np.where(a < 0, 0, 1).astype(a.dtype)
    at_zero = a == 0
    out = np.where(at_zero, bv, step).astype(a.dtype)
    return record(out, (None, b), lambda g: (None, unbroadcast(np.where(at_zero, g, 0),
                                                                bv.shape)), "heaviside")
