"""Powers and logarithms in other bases, and sums of exponentials, with their derivatives.

    exp2(x) = 2ˣ                      exp2' = 2ˣ · ln 2
    log2(x) = ln x / ln 2             log2' = 1/(x ln 2)        log10' = 1/(x ln 10)
    logaddexp(a, b) = ln(eᵃ + eᵇ)     ∂/∂a = eᵃ/(eᵃ + eᵇ) = σ(a − b),  ∂/∂b = σ(b − a)
    logaddexp2(a, b) = log2(2ᵃ + 2ᵇ)  ∂/∂a = 2ᵃ/(2ᵃ + 2ᵇ)
    cbrt(x) = ∛x (negative for x < 0) cbrt' = 1/(3 ∛x²)
    rsqrt(x) = 1/√x                   rsqrt' = −½ x^(−3/2)
    ldexp(x, n) = x · 2ⁿ              ∂/∂x = 2ⁿ (n is an integer: no gradient)

Elementwise and broadcast; integer inputs give ``floatx()`` results, as in Keras.
"""

import numpy as np

from ..autodiff import record, unbroadcast
from ._elementwise import float_binary, float_unary
from ._inputs import unpack
from .dtypes import result_type


def exp2(x):
    """2ˣ.  d/dx = 2ˣ ln 2."""
    return float_unary(x, np.exp2, lambda x, out: out * np.log(2), "exp2")


def log2(x):
    """Base-2 logarithm.  d/dx = 1/(x ln 2)."""
    return float_unary(x, np.log2, lambda x, out: 1 / (x * np.log(2)), "log2")


def log10(x):
    """Base-10 logarithm.  d/dx = 1/(x ln 10)."""
    return float_unary(x, np.log10, lambda x, out: 1 / (x * np.log(10)), "log10")


def _share(a, b):
    """(eᵃ/(eᵃ + eᵇ), eᵇ/(eᵃ + eᵇ)) without overflow: σ(a − b) and σ(b − a)."""
    first = 0.5 * (1 + np.tanh(0.5 * (a - b)))
    return first, 1 - first


def logaddexp(x1, x2):
    """ln(e^x1 + e^x2), computed without overflow.  ∂/∂x1 = σ(x1 − x2), ∂/∂x2 = σ(x2 − x1)."""
    return float_binary(x1, x2, np.logaddexp, lambda a, b, out: _share(a, b), "logaddexp")


def logaddexp2(x1, x2):
    """log2(2^x1 + 2^x2).  ∂/∂x1 = 2^x1/(2^x1 + 2^x2) = σ((x1 − x2) ln 2)."""
    return float_binary(x1, x2, np.logaddexp2,
                        lambda a, b, out: _share(a * np.log(2), b * np.log(2)), "logaddexp2")


def cbrt(x):
    """The real cube root (negative for negative x).  d/dx = 1/(3 ∛x²)."""
    return float_unary(x, np.cbrt, lambda x, out: 1 / (3 * out * out), "cbrt")


def rsqrt(x):
    """1/√x.  d/dx = −½ x^(−3/2) = −out³/2."""
    return float_unary(x, lambda v: 1 / np.sqrt(v), lambda x, out: -0.5 * out ** 3, "rsqrt")


def ldexp(x1, x2):
    """x1 · 2^x2 for integer exponents x2.  ∂/∂x1 = 2^x2; x2 gets no gradient."""
    a, av = unpack(x1)
    exponent = np.asarray(unpack(x2)[1])
    if exponent.dtype.kind not in "iub":
        raise TypeError(f"ldexp: the exponents x2 must be integers, received dtype "
                        f"{exponent.dtype}.")
    dtype = np.dtype(result_type(av, float))
    av = np.asarray(av, dtype)
    scale = np.ldexp(np.ones((), dtype), exponent)
    return record(av * scale, (a, None), lambda g: (unbroadcast(g * scale, av.shape), None),
                  "ldexp")
