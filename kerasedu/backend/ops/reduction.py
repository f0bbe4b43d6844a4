"""Reductions over axes: sum, mean, max, min, prod, var, std, logsumexp, and arg-reductions.

``axis`` is None (all axes), an int or a tuple; ``keepdims=True`` keeps reduced axes as size 1.
A reduction's gradient broadcasts dL/dout back over the reduced axes:

    sum:  dL/dx = g                 mean: dL/dx = g / n
    max:  g shared equally among the positions that hold the maximum
    prod: g · (product of the other elements)
"""

import builtins

import numpy as np

from ..autodiff import record, stop_gradient
from ..tensor import Tensor
from ._inputs import normalize_axis, unpack
from .math import add, cast, exp, log, multiply, sqrt, square, subtract
from .shape import reshape, squeeze


def _expand_reduced(g, axes, keepdims):
    """g with the reduced axes restored as size 1, ready to broadcast against the input."""
    return g if keepdims else np.expand_dims(g, axes)


def _spread(g, axes, keepdims, shape):
    """g copied along the reduced axes back to the input's ``shape`` (the gradient of a sum)."""
    out = np.empty(shape, np.result_type(g))
    out[...] = _expand_reduced(g, axes, keepdims)
    return out


def sum(x, axis=None, keepdims=False):  # noqa: A001  (Keras's name)
    """Σ over ``axis``."""
    a, av = unpack(x)
    av = np.asarray(av)
    axes = normalize_axis(axis, av.ndim)
    out = np.sum(av, axis=axes, keepdims=keepdims)
    return record(np.asarray(out), (a,), lambda g: (_spread(g, axes, keepdims, av.shape),),
                  "sum")


def mean(x, axis=None, keepdims=False):
    """Average over ``axis``."""
    av = np.asarray(unpack(x)[1])
    axes = normalize_axis(axis, av.ndim)
    count = int(np.prod([av.shape[i] for i in axes], dtype=int))
    total = sum(x, axis=axes, keepdims=keepdims)
    return multiply(total, np.asarray(1.0 / builtins.max(count, 1), dtype=total.dtype)) \
        if total.dtype.kind == "f" else Tensor(np.mean(av, axis=axes, keepdims=keepdims))


def _extreme(x, axis, keepdims, numpy_reduce, name, initial=None):
    a, av = unpack(x)
    av = np.asarray(av)
    axes = normalize_axis(axis, av.ndim)
    if initial is not None:
        out = numpy_reduce(av, axis=axes, keepdims=True, initial=initial)
    elif builtins.any(av.shape[i] == 0 for i in axes):
        raise ValueError(f"{name} of an empty tensor (shape {av.shape}) has no value; pass "
                         f"initial= to give one.")
    else:
        out = numpy_reduce(av, axis=axes, keepdims=True)

    def backward(g):
        winners = av == out
        share = winners / np.maximum(winners.sum(axis=axes, keepdims=True), 1)
        return (_expand_reduced(g, axes, keepdims) * share,)
    return record(out if keepdims else np.squeeze(out, axes), (a,), backward, name)


def max(x, axis=None, keepdims=False, initial=None):  # noqa: A001  (Keras's name)
    """Largest value over ``axis`` (at least ``initial`` when given); ties share the gradient
    equally."""
    return _extreme(x, axis, keepdims, np.max, "max", initial)


def min(x, axis=None, keepdims=False, initial=None):  # noqa: A001  (Keras's name)
    """Smallest value over ``axis`` (at most ``initial`` when given); ties share the gradient
    equally."""
    return _extreme(x, axis, keepdims, np.min, "min", initial)


def amax(x, axis=None, keepdims=False):
    """Largest value over ``axis`` (numpy's other name for max)."""
    return max(x, axis=axis, keepdims=keepdims)


def amin(x, axis=None, keepdims=False):
    """Smallest value over ``axis`` (numpy's other name for min)."""
    return min(x, axis=axis, keepdims=keepdims)


def prod(x, axis=None, keepdims=False, dtype=None):
    """Product over ``axis`` (computed in ``dtype`` when given). The gradient of each element
    is the product of the others (computed without dividing, so zeros are handled)."""
    if dtype is not None:
        x = cast(x, dtype)
    a, av = unpack(x)
    av = np.asarray(av)
    axes = normalize_axis(axis, av.ndim)
    out = np.prod(av, axis=axes, keepdims=keepdims)

    def backward(g):
        kept = [i for i in range(av.ndim) if i not in axes]
        moved = np.transpose(av, kept + list(axes))
        flat = moved.reshape(moved.shape[:len(kept)] + (-1,))
        ones = np.ones(flat.shape[:-1] + (1,), dtype=av.dtype)
        before = np.cumprod(np.concatenate([ones, flat[..., :-1]], axis=-1), axis=-1)
        after = np.cumprod(np.concatenate([ones, flat[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
        others = (before * after).reshape(moved.shape)
        others = np.transpose(others, np.argsort(kept + list(axes)))
        return (_expand_reduced(g, axes, keepdims) * others,)
    return record(np.asarray(out), (a,), backward, "prod")


def var(x, axis=None, keepdims=False):
    """Variance over ``axis`` (divided by n, as Keras does): mean((x − mean(x))²)."""
    centered = subtract(x, mean(x, axis=axis, keepdims=True))
    return mean(square(centered), axis=axis, keepdims=keepdims)


def std(x, axis=None, keepdims=False):
    """Standard deviation over ``axis``: √var."""
    return sqrt(var(x, axis=axis, keepdims=keepdims))


def logsumexp(x, axis=None, keepdims=False):
    """log Σ exp(x), computed stably as m + log Σ exp(x − m) with m the maximum.

    Its gradient is softmax(x) over ``axis``.
    """
    peak = stop_gradient(max(x, axis=axis, keepdims=True))
    shifted_sum = sum(exp(subtract(x, peak)), axis=axis, keepdims=True)
    out = add(log(shifted_sum), peak)
    if not keepdims:
        out = squeeze(out, normalize_axis(axis, out.ndim))
    return out


def cumsum(x, axis=None, dtype=None):
    """Running sum along ``axis`` (flattened when None), in ``dtype`` when given; the gradient
    is a reversed running sum."""
    a, av, ax = _running_input(x, axis, dtype)
    out = np.cumsum(av, axis=ax)
    return record(out, (a,), lambda g: (_reversed_cumsum(g, ax),), "cumsum")


def _running_input(x, axis, dtype):
    """(tensor, value, positive axis) of a running sum's or product's input: cast to
    ``dtype`` when given, flattened when ``axis`` is None."""
    if dtype is not None:
        x = cast(x, dtype)
    if axis is None:
        x, axis = reshape(x, (-1,)), 0
    a, av = unpack(x)
    av = np.asarray(av)
    return a, av, axis % av.ndim


def _reversed_cumsum(g, axis):
    """Σ_{i ≥ j} g_i along ``axis``: how a running sum sends gradients back."""
    return np.flip(np.cumsum(np.flip(g, axis), axis=axis), axis)


def cumprod(x, axis=None, dtype=None):
    """Running product y_i = x_0 · ... · x_i along ``axis`` (flattened when None).

    ∂L/∂x_j = Σ_{i ≥ j} g_i · y_i / x_j where x_j ≠ 0; at the first zero of a row, the
    product of the other factors is formed directly (later zeros get 0)."""
    a, av, ax = _running_input(x, axis, dtype)
    out = np.cumprod(av, axis=ax)

    def backward(g):
        moved_x, moved_y = np.moveaxis(av, ax, -1), np.moveaxis(out, ax, -1)
        moved_g = np.moveaxis(g, ax, -1)
        zero = moved_x == 0
        with np.errstate(divide="ignore", invalid="ignore"):
            grad = _reversed_cumsum(moved_g * moved_y, -1) / np.where(zero, 1, moved_x)
        grad = np.where(zero, 0, grad)
        for row in np.ndindex(zero.shape[:-1]):        # () for a 1-D x: its only row
            if not zero[row].any():
                continue
            j = int(np.argmax(zero[row]))
            before = np.prod(moved_x[row][:j])
            after = np.cumprod(moved_x[row][j + 1:])
            grad[row][j] = before * (moved_g[row][j] + np.sum(moved_g[row][j + 1:] * after))
        return (np.moveaxis(grad, -1, ax),)
    return record(out, (a,), backward, "cumprod")


def _not_differentiable(function, doc):
    def op(x, axis=None, keepdims=False):
        return Tensor(np.asarray(function(np.asarray(unpack(x)[1]), axis=axis,
                                          keepdims=keepdims)))
    op.__name__ = function.__name__
    op.__doc__ = doc + " Returns integers or booleans: no gradient flows through it."
    op.differentiable = False
    return op


argmax = _not_differentiable(np.argmax, "Index of the largest value along ``axis``.")
argmin = _not_differentiable(np.argmin, "Index of the smallest value along ``axis``.")
any = _not_differentiable(np.any, "True where any value along ``axis`` is true.")  # noqa: A001
all = _not_differentiable(np.all, "True where all values along ``axis`` are true.")  # noqa: A001
