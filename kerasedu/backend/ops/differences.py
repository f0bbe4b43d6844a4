"""Sequences along an axis: differences, the trapezoid rule, and correlation.

    diff(a)[i]        = a[i + 1] − a[i]          (applied n times for the n-th difference)
    trapezoid(y, x)   = Σ_i (x[i + 1] − x[i]) · (y[i] + y[i + 1]) / 2   (spacing dx without x)
    correlate(a, v)   c[k] = Σ_n a[n + k] · v[n], for the shifts k the ``mode`` keeps:
                      "full" every overlap (k = −(m − 1) .. n − 1), "valid" complete overlaps
                      only, "same" the centred max(n, m) of "full"

All are slices, products and sums of differentiable ops, so gradients reach every input.
"""

import numpy as np

from ._inputs import tensor_of
from .linalg import matmul
from .compare import not_equal
from .math import add, multiply, subtract
from .padding import pad
from .reduction import sum as sum_
from .shape import getitem, reshape, take_slice
from .statistics import as_float


def diff(a, n=1, axis=-1):
    """The n-th difference along ``axis``: a[i + 1] − a[i], applied n times (for booleans,
    a[i + 1] ≠ a[i], as Keras gives it)."""
    x = tensor_of(a)
    if n < 0:
        raise ValueError(f"diff: n must be non-negative, received n={n}.")
    axis = axis % x.ndim
    for _ in range(n):
        length = x.shape[axis]
        step = not_equal if x.dtype == bool else subtract
        x = step(take_slice(x, axis, 1, length), take_slice(x, axis, 0, max(length - 1, 0)))
    return x


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """The integral of y along ``axis`` by the trapezoid rule, at sample points x (a 1-D x runs
    along ``axis``) or with spacing dx."""
    y = as_float(y)
    axis = axis % y.ndim
    n = y.shape[axis]
    pairs = multiply(add(take_slice(y, axis, 1, n), take_slice(y, axis, 0, n - 1)), 0.5)
    if x is None:
        return multiply(sum_(pairs, axis=axis), dx)
    x = as_float(x)
    if x.ndim == 1:
        shape = [1] * y.ndim
        shape[axis] = -1
        x = reshape(x, tuple(shape))
    spacing = diff(x, axis=axis)
    return sum_(multiply(pairs, spacing), axis=axis)


def correlate(x1, x2, mode="valid"):
    """The cross-correlation of two 1-D tensors (see the module docstring for ``mode``)."""
    a, v = as_float(x1), as_float(x2)
    if a.ndim != 1 or v.ndim != 1:
        raise ValueError(f"correlate expects two 1-D tensors, received shapes {a.shape} and "
                         f"{v.shape}.")
    if mode not in ("valid", "same", "full"):
        raise ValueError(f"correlate: mode must be 'valid', 'same' or 'full', received "
                         f"{mode!r}.")
    n, m = a.shape[0], v.shape[0]
    if n == 0 or m == 0:
        raise ValueError("correlate: the inputs must not be empty.")
    padded = pad(a, [(m - 1, m - 1)])
    windows = getitem(padded, np.arange(n + m - 1)[:, None] + np.arange(m)[None, :])
    full = matmul(windows, v)                      # shifts −(m − 1) .. n − 1
    if mode == "full":
        return full
    if mode == "valid":
        start, length = min(m - 1, n - 1), abs(n - m) + 1
    else:
        length = max(n, m)
        start = (n + m - 1 - length + 1) // 2
    return take_slice(full, 0, start, start + length)
