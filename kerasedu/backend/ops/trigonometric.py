"""Trigonometric and hyperbolic functions, angles, and hypot, with their derivatives.

    tan' = 1 + tan²            arcsin' = 1/√(1 − x²)       arccos' = −1/√(1 − x²)
    arctan' = 1/(1 + x²)       sinh' = cosh                cosh' = sinh
    arcsinh' = 1/√(x² + 1)     arccosh' = 1/√(x² − 1)      arctanh' = 1/(1 − x²)
    arctan2(y, x): ∂/∂y = x/(x² + y²), ∂/∂x = −y/(x² + y²)
    hypot(a, b) = √(a² + b²): ∂/∂a = a/hypot, ∂/∂b = b/hypot
    sinc(x) = sin(πx)/(πx) (1 at 0): sinc' = (cos(πx) − sinc(x))/x (0 at 0)

Elementwise, any shape; integer inputs give ``floatx()`` results, as in Keras.
"""

import numpy as np

from ._elementwise import float_binary, float_unary


def tan(x):
    """tan x.  d/dx = 1 + tan² x."""
    return float_unary(x, np.tan, lambda x, out: 1 + out * out, "tan")


def arcsin(x):
    """Inverse sine, in [−π/2, π/2] for x in [−1, 1].  d/dx = 1/√(1 − x²)."""
    return float_unary(x, np.arcsin, lambda x, out: 1 / np.sqrt(1 - x * x), "arcsin")


def arccos(x):
    """Inverse cosine, in [0, π] for x in [−1, 1].  d/dx = −1/√(1 − x²)."""
    return float_unary(x, np.arccos, lambda x, out: -1 / np.sqrt(1 - x * x), "arccos")


def arctan(x):
    """Inverse tangent, in (−π/2, π/2).  d/dx = 1/(1 + x²)."""
    return float_unary(x, np.arctan, lambda x, out: 1 / (1 + x * x), "arctan")


def arctan2(x1, x2):
    """The angle of the point (x2, x1) from the positive x axis, in [−π, π] (x1 is y).

    ∂/∂x1 = x2/(x1² + x2²), ∂/∂x2 = −x1/(x1² + x2²)."""
    def derivatives(y, x, out):
        r2 = x * x + y * y
        return x / r2, -y / r2
    return float_binary(x1, x2, np.arctan2, derivatives, "arctan2")


def sinh(x):
    """Hyperbolic sine (eˣ − e⁻ˣ)/2.  d/dx = cosh x."""
    return float_unary(x, np.sinh, lambda x, out: np.cosh(x), "sinh")


def cosh(x):
    """Hyperbolic cosine (eˣ + e⁻ˣ)/2.  d/dx = sinh x."""
    return float_unary(x, np.cosh, lambda x, out: np.sinh(x), "cosh")


def arcsinh(x):
    """Inverse hyperbolic sine log(x + √(x² + 1)).  d/dx = 1/√(x² + 1)."""
    return float_unary(x, np.arcsinh, lambda x, out: 1 / np.sqrt(x * x + 1), "arcsinh")


def arccosh(x):
    """Inverse hyperbolic cosine, for x ≥ 1.  d/dx = 1/√(x² − 1)."""
    return float_unary(x, np.arccosh, lambda x, out: 1 / np.sqrt(x * x - 1), "arccosh")


def arctanh(x):
    """Inverse hyperbolic tangent ½ log((1 + x)/(1 − x)), for |x| < 1.  d/dx = 1/(1 − x²)."""
    return float_unary(x, np.arctanh, lambda x, out: 1 / (1 - x * x), "arctanh")


def deg2rad(x):
    """Degrees to radians: x · π/180."""
    return float_unary(x, np.deg2rad, lambda x, out: np.asarray(np.pi / 180, x.dtype),
                       "deg2rad")


def rad2deg(x):
    """Radians to degrees: x · 180/π."""
    return float_unary(x, np.rad2deg, lambda x, out: np.asarray(180 / np.pi, x.dtype),
                       "rad2deg")


def hypot(x1, x2):
    """√(x1² + x2²) without overflow (the hypotenuse).  ∂/∂x1 = x1/out, ∂/∂x2 = x2/out
    (0 where out is 0)."""
    def derivatives(a, b, out):
        safe = np.where(out == 0, 1, out)
        return np.where(out == 0, 0, a / safe), np.where(out == 0, 0, b / safe)
    return float_binary(x1, x2, np.hypot, derivatives, "hypot")


def _sinc_derivative(x, out):
    safe = np.where(x == 0, 1, x)
    return np.where(x == 0, 0, (np.cos(np.pi * x) - out) / safe)


def sinc(x):
    """sin(πx)/(πx), and 1 at x = 0 (the normalized sinc).  d/dx = (cos(πx) − sinc x)/x."""
    return float_unary(x, np.sinc, _sinc_derivative, "sinc")
