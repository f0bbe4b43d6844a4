"""Special functions: the complementary and inverse error functions, and Bessel's I₀.

    erfc(x) = 1 − erf(x), computed directly (accurate where erf is close to 1)
        erfc' = −2/√π · e^(−x²)
    erfinv(y) = the x with erf(x) = y, for y in (−1, 1)
        erfinv' = √π/2 · e^(erfinv(y)²)
    i0(x) = Σₖ (x/2)^(2k) / (k!)²   (modified Bessel function of the first kind, order 0)
        i0' = i1(x) = Σₖ (x/2)^(2k+1) / (k! (k+1)!)

erfinv starts from a rational approximation and polishes it with Newton's method on erf, so it
is exact to the last digits in float64. Integer inputs give ``floatx()`` results.
"""

import math

import numpy as np

from ._elementwise import float_unary

_erfc_values = np.frompyfunc(math.erfc, 1, 1)
_erf_values = np.frompyfunc(math.erf, 1, 1)


def _erfc(x):
    return np.asarray(_erfc_values(x.astype(np.float64)), dtype=np.float64)


def erfc(x):
    """1 − erf(x).  d/dx = −2/√π · e^(−x²)."""
    return float_unary(x, _erfc, lambda x, out: -2 / np.sqrt(np.pi) * np.exp(-x * x), "erfc")


def _erfinv(y):
    """erfinv for an array: Giles's approximation, then Newton steps on erf."""
    y = y.astype(np.float64)
    w = -np.log((1 - y) * (1 + y))
    central = w < 5
    wc, wt = w - 2.5, np.sqrt(w) - 3
    pc = np.polyval([2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06,
                     0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941],
                    wc)
    pt = np.polyval([-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844,
                     0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682], wt)
    x = np.where(central, pc, pt) * y
    inside = np.abs(y) < 1
    for _ in range(3):
        step = (np.asarray(_erf_values(np.where(inside, x, 0)), np.float64) - y) / (
            2 / np.sqrt(np.pi) * np.exp(-x * x))
        x = np.where(inside, x - step, x)
    return np.where(np.abs(y) == 1, np.copysign(np.inf, y), np.where(inside, x, np.nan))


def erfinv(x):
    """The inverse error function: erf(erfinv(x)) = x for x in (−1, 1); ±inf at ±1.

    d/dx = √π/2 · e^(erfinv(x)²)."""
    return float_unary(x, _erfinv, lambda x, out: np.sqrt(np.pi) / 2 * np.exp(out * out),
                       "erfinv")


def _bessel_series(x, order):
    """Σₖ (x/2)^(2k+order) / (k! (k+order)!) for order 0 or 1, summed until the terms vanish."""
    half = np.asarray(x, np.float64) / 2
    term = half ** order / math.factorial(order)
    total = term.copy()
    k = 0
    while k < 2000 and np.any(np.abs(term) > 1e-17 * np.abs(total)):
        k += 1
        term = term * half * half / (k * (k + order))
        total += term
    return total


def i1(x):
    """The modified Bessel function of order 1 (the derivative of i0), for an array."""
    return _bessel_series(x, 1)


def i0(x):
    """The modified Bessel function of the first kind, order 0.  d/dx = i1(x)."""
    return float_unary(x, lambda v: _bessel_series(v, 0), lambda x, out: i1(x), "i0")
