"""Norms, normalization by a norm, and pairwise distances.

Vector norms (``axis`` an int, or a 1-D x):

    ord None or 2: √Σ x²     ord p: (Σ |x|^p)^(1/p)     inf: max |x|    −inf: min |x|
    0: the number of non-zero entries

Matrix norms (``axis`` a pair, or a 2-D x with an ``ord``):

    None or "fro": √Σ x²    "nuc": Σ singular values    2 / −2: largest / smallest singular value
    1 / −1: largest / smallest column sum of |x|       inf / −inf: largest / smallest row sum

    normalize(x) = x / max(‖x‖, ε) along ``axis``       cdist(x, y)[i, j] = ‖x_i − y_j‖₂

All are written with differentiable ops (the singular values with svd's gradient).
"""

import numbers

import numpy as np

from .. import config
from ._inputs import normalize_axis, tensor_of
from .linalg_decompositions import svd
from .math import abs as abs_, divide, maximum, minimum, multiply, power, sqrt, square, subtract
from .reduction import max as max_, min as min_, sum as sum_
from .shape import expand_dims, moveaxis, reshape
from .statistics import as_float


def _vector_norm(x, ord, axis, keepdims):  # noqa: A002  (numpy's name)
    if ord is None or ord == 2:
        return sqrt(sum_(square(x), axis=axis, keepdims=keepdims))
    if ord == np.inf:
        return max_(abs_(x), axis=axis, keepdims=keepdims)
    if ord == -np.inf:
        return min_(abs_(x), axis=axis, keepdims=keepdims)
    if ord == 0:
        counts = np.sum(x.value != 0, axis=axis, keepdims=keepdims)
        return tensor_of(np.asarray(counts, x.dtype))
    if isinstance(ord, str):
        raise ValueError(f"norm: ord={ord!r} is a matrix norm; a vector norm needs a number.")
    return power(sum_(power(abs_(x), float(ord)), axis=axis, keepdims=keepdims), 1.0 / ord)


def _matrix_norm(x, ord, axes, keepdims):  # noqa: A002
    rows, cols = axes
    if ord in (None, "fro"):
        return sqrt(sum_(square(x), axis=axes, keepdims=keepdims))
    if ord in ("nuc", 2, -2):
        moved = moveaxis(moveaxis(x, rows, -1), cols - (cols > rows), -1)
        values = svd(moved, compute_uv=False)
        out = {"nuc": sum_, 2: max_, -2: min_}[ord](values, axis=-1)
        if keepdims:
            for axis in sorted(axes):
                out = expand_dims(out, axis)
        return out
    if ord in (1, -1, np.inf, -np.inf):
        summed_axis, extreme_axis = (rows, cols) if ord in (1, -1) else (cols, rows)
        sums = sum_(abs_(x), axis=summed_axis, keepdims=True)
        pick = max_ if ord in (1, np.inf) else min_
        out = pick(sums, axis=extreme_axis, keepdims=True)
        return out if keepdims else reshape(out, tuple(n for i, n in enumerate(out.shape)
                                                       if i not in axes))
    raise ValueError(f"norm: invalid ord={ord!r} for a matrix norm; use None, 'fro', 'nuc', "
                     f"1, -1, 2, -2, inf or -inf.")


def norm(x, ord=None, axis=None, keepdims=False):  # noqa: A002  (Keras's argument name)
    """The vector or matrix norm of x (see the module docstring for ``ord``). ``axis`` None
    takes the whole of x: the 2-norm of its values for ``ord`` None, else the vector norm of a
    1-D x or the matrix norm of a 2-D x."""
    x = as_float(x)
    if axis is None:
        if ord is None:
            return _vector_norm(reshape(x, (-1,)), None, 0, False) if not keepdims else \
                reshape(_vector_norm(reshape(x, (-1,)), None, 0, False), (1,) * x.ndim)
        if x.ndim not in (1, 2):
            raise ValueError(f"norm: with ord={ord!r} and axis=None, x must be 1-D or 2-D; "
                             f"received shape {x.shape}. Give axis.")
        axis = tuple(range(x.ndim))
    axes = normalize_axis(axis, x.ndim) if not isinstance(axis, numbers.Integral) else \
        (axis % x.ndim,)
    if len(axes) == 1:
        return _vector_norm(x, ord, axes[0], keepdims)
    if len(axes) == 2:
        given = (axis,) if isinstance(axis, numbers.Integral) else tuple(a % x.ndim for a in axis)
        return _matrix_norm(x, ord, given, keepdims)
    raise ValueError(f"norm: axis must be an int or a pair of ints, received {axis!r}.")


def normalize(x, axis=-1, order=2, epsilon=None):
    """x / max(‖x‖_order, ε) along ``axis`` (ε defaults to ``epsilon()``); order 2 divides by
    √(Σ x²) kept at least ε."""
    if not isinstance(order, int) or order < 1:
        raise ValueError(f"normalize: order must be an int >= 1, received order={order!r}.")
    x = as_float(x)
    if x.ndim == 0:
        x = reshape(x, (1,))
    epsilon = config.epsilon() if epsilon is None else epsilon
    if order == 2:
        inverse = power(sum_(square(x), axis=axis, keepdims=True), -0.5)
        return multiply(x, minimum(inverse, 1.0 / epsilon))
    return divide(x, maximum(norm(x, ord=order, axis=axis, keepdims=True), epsilon))


def cdist(x, y):
    """Euclidean distances between the rows of x (..., N, D) and of y (..., M, D): (..., N, M)."""
    x, y = as_float(x), as_float(y)
    if x.ndim < 2 or y.ndim < 2:
        raise ValueError(f"cdist needs inputs of rank 2 or more, received shapes {x.shape} "
                         f"and {y.shape}.")
    if x.shape[-1] != y.shape[-1]:
        raise ValueError(f"cdist: the last axes must match, received shapes {x.shape} and "
                         f"{y.shape}.")
    difference = subtract(expand_dims(x, -2), expand_dims(y, -3))
    return sqrt(sum_(square(difference), axis=-1))
