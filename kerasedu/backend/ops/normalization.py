"""Normalizing by statistics: moments, and batch, layer and RMS normalization.

    moments(x, axes)       (mean, variance) over ``axes`` (variance divided by n)
    batch_normalization    (x − mean) · scale / √(variance + ε) + offset, with the given
                           statistics laid along ``axis``
    layer_normalization    the same with x's own mean and variance over ``axis`` (each sample
                           on its own), then · gamma + beta
    rms_normalization      x / √(mean(x²) + ε) · scale

Written with differentiable ops, so gradients reach x, the statistics and the parameters
through the chain rule. float16 inputs are computed in float32 and cast back, as in Keras.
"""

import numpy as np

from .. import config
from ._inputs import normalize_axis, tensor_of
from .math import add, cast, multiply, negative, power
from .reduction import mean as mean_, var
from .shape import reshape


def _compute_dtype(x):
    """float32 for float16 inputs (their range is too small for statistics), else x's float."""
    dtype = x.dtype.name
    return "float32" if dtype in ("float16", "bfloat16") or x.dtype.kind != "f" else dtype


def moments(x, axes, keepdims=False, synchronized=False):
    """(mean, variance) of x over ``axes``; the variance divides by the count (ddof 0).
    ``synchronized`` (averaging over devices) has nothing to do on one CPU."""
    x = tensor_of(x)
    original = x.dtype if x.dtype.kind == "f" else np.dtype(config.floatx())
    work = cast(x, _compute_dtype(x))
    axes = normalize_axis(axes, x.ndim)
    mean = mean_(work, axis=axes, keepdims=keepdims)
    variance = var(work, axis=axes, keepdims=keepdims)
    if work.dtype != original:
        mean, variance = cast(mean, original), cast(variance, original)
    return mean, variance


def _along(v, axis, ndim, size):
    """A 1-D per-channel tensor reshaped to lie along ``axis`` of an ndim-rank input."""
    v = tensor_of(v)
    if v.ndim == ndim:
        return v
    if v.shape != (size,):
        raise ValueError(f"batch_normalization: mean, variance, offset and scale must have "
                         f"shape ({size},) (the size of axis {axis}), received {v.shape}.")
    shape = [1] * ndim
    shape[axis] = size
    return reshape(v, tuple(shape))


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=0.001):
    """(x − mean) · scale / √(variance + ε) + offset, the 1-D statistics and parameters laid
    along ``axis`` of x."""
    x = tensor_of(x)
    axis = axis % x.ndim
    size = x.shape[axis]
    inverse = power(add(_along(variance, axis, x.ndim, size), epsilon), -0.5)
    if scale is not None:
        inverse = multiply(inverse, _along(scale, axis, x.ndim, size))
    shift = negative(multiply(_along(mean, axis, x.ndim, size), inverse))
    if offset is not None:
        shift = add(shift, _along(offset, axis, x.ndim, size))
    return add(multiply(x, inverse), shift)


def _per_axis(v, axes, x):
    """gamma or beta shaped to broadcast over x when it covers only the normalized axes."""
    v = tensor_of(v)
    if v.ndim == x.ndim or axes == (x.ndim - 1,):
        return v
    return reshape(v, tuple(x.shape[i] if i in axes else 1 for i in range(x.ndim)))


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    """(x − mean) / √(variance + ε) · gamma + beta, with the mean and variance of each sample
    over ``axis`` (ε defaults to ``epsilon()``). The deprecated ``rms_scaling=True`` of Keras
    scales by the variance instead: x / √(variance + ε) · gamma."""
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise TypeError(f"layer_normalization got unexpected keyword arguments "
                        f"{sorted(kwargs)}.")
    x = tensor_of(x)
    original = x.dtype                   # the result's dtype, integers too, as in Keras
    x = cast(x, original if original.kind == "f" and original.itemsize >= 4 else "float32")
    epsilon = config.epsilon() if epsilon is None else epsilon
    axes = normalize_axis(axis, x.ndim)
    mean, variance = moments(x, axes, keepdims=True)
    inverse = power(add(variance, epsilon), -0.5)
    if gamma is not None:
        inverse = multiply(inverse, _per_axis(cast(gamma, x.dtype), axes, x))
    if rms_scaling:
        return cast(multiply(x, inverse), original)
    shift = negative(multiply(mean, inverse))
    if beta is not None:
        shift = add(shift, _per_axis(cast(beta, x.dtype), axes, x))
    return cast(add(multiply(x, inverse), shift), original)


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """x / √(mean(x²) + ε) · scale over ``axis`` (ε defaults to ``epsilon()``)."""
    x = tensor_of(x)
    original = x.dtype                   # the result's dtype, integers too, as in Keras
    x = cast(x, original if original.kind == "f" and original.itemsize >= 4 else "float32")
    if x.ndim == 0:
        x = reshape(x, (1,))
    epsilon = config.epsilon() if epsilon is None else epsilon
    mean_square = mean_(multiply(x, x), axis=normalize_axis(axis, x.ndim), keepdims=True)
    out = multiply(x, power(add(mean_square, epsilon), -0.5))
    if scale is not None:
        out = multiply(out, cast(scale, x.dtype))
    return cast(out, original)


