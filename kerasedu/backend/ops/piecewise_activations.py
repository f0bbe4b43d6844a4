"""Activations made of pieces: clipped, shrunk, thresholded, and sparse ones.

    hard_tanh(x)       = clip(x, −1, 1)
    hard_shrink(x, t)  = x where |x| > t, else 0
    soft_shrink(x, t)  = x − t where x > t, x + t where x < −t, else 0
    threshold(x, t, v) = x where x > t, else v
    sparse_sigmoid(x)  = 0 (x ≤ −1), (x + 1)/2 (−1 < x < 1), 1 (x ≥ 1)
    sparse_plus(x)     = 0 (x ≤ −1), (x + 1)²/4 (−1 < x < 1), x (x ≥ 1)
    hard_swish(x)      = x · hard_sigmoid(x)  (hard_silu's other name)

Each piece is a differentiable op chosen with ``where``, so the gradient is that of the piece
that produced each value: 1 or 0 for the flat and straight pieces, (x + 1)/2 for sparse_plus's
curve.
"""

import numpy as np

from ._inputs import tensor_of
from .math import add, clip, multiply, square, subtract, where
from .nn import hard_silu
from .statistics import as_float


def hard_tanh(x):
    """clip(x, −1, 1)."""
    return clip(as_float(x), -1.0, 1.0)


def hard_shrink(x, threshold=0.5):
    """x where |x| > threshold, else 0."""
    x = as_float(x)
    return where(np.abs(x.value) > threshold, x, np.zeros((), x.dtype))


def soft_shrink(x, threshold=0.5):
    """x moved ``threshold`` towards 0, and 0 where |x| ≤ threshold."""
    x = as_float(x)
    zero = np.zeros((), x.dtype)
    return where(x.value > threshold, subtract(x, threshold),
                 where(x.value < -threshold, add(x, threshold), zero))


def threshold(x, threshold, default_value):
    """x where x > threshold, else ``default_value``."""
    x = tensor_of(x)
    return where(x.value > threshold, x, np.asarray(default_value, x.dtype))


def sparse_sigmoid(x):
    """A sigmoid with flat ends: 0 below −1, 1 above 1, the line (x + 1)/2 between."""
    return clip(multiply(add(as_float(x), 1.0), 0.5), 0.0, 1.0)


def sparse_plus(x):
    """A softplus with exact ends: 0 below −1, x above 1, (x + 1)²/4 between."""
    x = as_float(x)
    curve = multiply(square(add(x, 1.0)), 0.25)
    return where(x.value <= -1, np.zeros((), x.dtype), where(x.value >= 1, x, curve))


def hard_swish(x):
    """x · hard_sigmoid(x): the same function as hard_silu."""
    return hard_silu(as_float(x))
