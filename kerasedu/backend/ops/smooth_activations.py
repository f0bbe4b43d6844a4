"""Smooth activations, gated units and sparsemax.

    celu(x, α)       = max(0, x) + min(0, α (e^(x/α) − 1))
    log_sigmoid(x)   = log σ(x) = −softplus(−x)
    squareplus(x, b) = (x + √(x² + b)) / 2
    tanh_shrink(x)   = x − tanh x
    glu(x)           = a · σ(b), with x cut in two halves a, b along ``axis``
    sparsemax(x)     = the point of the probability simplex closest to x: max(x − τ, 0) with τ
                       chosen so that the values sum to 1 (many of them exactly 0)

The first five are compositions of differentiable ops. sparsemax's vector-Jacobian product is
written out: on the support S (the non-zero outputs), g − mean over S of g; 0 elsewhere.
"""

import numpy as np

from ..autodiff import record
from .math import add, exp, maximum, minimum, multiply, negative, sqrt, square, subtract, tanh
from .nn import sigmoid, softplus
from .shape import split
from .statistics import as_float


def celu(x, alpha=1.0):
    """max(0, x) + min(0, α (e^(x/α) − 1)): an ELU that stays smooth for every α."""
    x = as_float(x)
    negative_part = multiply(add(exp(minimum(multiply(x, 1.0 / alpha), 0.0)), -1.0), alpha)
    return add(maximum(x, 0.0), minimum(negative_part, 0.0))


def log_sigmoid(x):
    """log σ(x) = −softplus(−x), without overflow for large |x|."""
    return negative(softplus(negative(as_float(x))))


def squareplus(x, b=4):
    """(x + √(x² + b)) / 2: a softplus made of a square root."""
    x = as_float(x)
    return multiply(add(x, sqrt(add(square(x), float(b)))), 0.5)


def tanh_shrink(x):
    """x − tanh x."""
    x = as_float(x)
    return subtract(x, tanh(x))


def glu(x, axis=-1):
    """The gated linear unit a · σ(b), where a and b are the two halves of x along ``axis``
    (whose size must be even)."""
    x = as_float(x)
    if x.shape[axis] % 2:
        raise ValueError(f"glu: axis {axis} must have an even size to be split in halves, "
                         f"received shape {x.shape}.")
    a, b = split(x, 2, axis=axis)
    return multiply(a, sigmoid(b))


def sparsemax(x, axis=-1):
    """The Euclidean projection of x onto the probability simplex along ``axis``: values
    max(x − τ, 0) summing to 1. Sort z descending; the support is the k with
    1 + k·z_k > Σ_{j ≤ k} z_j, and τ = (Σ_{j ∈ support} z_j − 1) / |support|.

    Keras 3.15 divides the sum of the running sums Σ_{k ∈ support} Σ_{j ≤ k} z_j instead,
    so where more than one value is kept its outputs do not sum to 1; kerasedu follows the
    definition (Martins and Astudillo, 2016), and agrees with Keras where one value is kept."""
    x = as_float(x)
    a, av = x, x.value
    z = -np.sort(-av, axis=axis)
    cumulative = np.cumsum(z, axis=axis)
    shape = [1] * av.ndim
    shape[axis] = -1
    k = np.arange(1, av.shape[axis] + 1).reshape(shape)
    support = 1 + k * z > cumulative
    size = np.sum(support, axis=axis, keepdims=True)
    tau = (np.sum(np.where(support, z, 0), axis=axis, keepdims=True) - 1) / size
    out = np.maximum(av - tau, 0).astype(av.dtype)
    active = out > 0

    def backward(g):
        mean_g = np.sum(g * active, axis=axis, keepdims=True) / np.maximum(
            np.sum(active, axis=axis, keepdims=True), 1)
        return (np.where(active, g - mean_g, 0),)
    return record(out, (a,), backward, "sparsemax")
