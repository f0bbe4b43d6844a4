"""Activation primitives. The common ones have hand-written gradients; the rest are compositions
of differentiable ops, so their gradients follow from the chain rule.

    relu(x)     = max(x, 0)                          relu'     = [x > 0]
    sigmoid(x)  = 1 / (1 + e^−x)                     sigmoid'  = σ(1 − σ)
    softmax(x)  = e^x / Σ e^x   (along ``axis``)     vjp: s · (g − Σ g·s)
    log_softmax = x − logsumexp(x)                    vjp: g − s · Σ g
    softplus(x) = log(1 + e^x)                       softplus' = σ(x)
"""

import numpy as np

from .. import config, faster
from ..autodiff import record
from ._inputs import unpack
from .math import (abs as abs_, add, divide, erf, exp, maximum, minimum, multiply, tanh, where,
                   power)
from .shape import as_tensor, reshape


def relu(x):
    """max(x, 0).  d/dx = [x > 0] (written with the output: [out > 0])."""
    a, av = unpack(x)
    out = np.maximum(av, 0)
    return record(out, (a,), lambda g: (g * (out > 0),), "relu")


def relu6(x):
    """min(max(x, 0), 6)."""
    return minimum(relu(x), 6.0)


def leaky_relu(x, negative_slope=0.2):
    """x for x > 0, negative_slope · x otherwise."""
    x = as_tensor(x)
    return where(x.value > 0, x, multiply(x, negative_slope))


def sigmoid(x):
    """1 / (1 + e^−x), computed as (1 + tanh(x/2)) / 2, which never overflows."""
    a, av = unpack(x)
    av = np.asarray(av)
    out = 0.5 * (1 + np.tanh(0.5 * av))
    return record(out.astype(av.dtype, copy=False), (a,), lambda g: (g * out * (1 - out),),
                  "sigmoid")


def hard_sigmoid(x):
    """Piecewise-linear sigmoid (Keras 3): clip(x/6 + 1/2, 0, 1)."""
    return minimum(maximum(add(divide(x, 6.0), 0.5), 0.0), 1.0)


def hard_silu(x):
    """x · hard_sigmoid(x)."""
    return multiply(x, hard_sigmoid(x))


def silu(x):
    """x · sigmoid(x) (also called swish)."""
    return multiply(x, sigmoid(x))


swish = silu


def softplus(x):
    """log(1 + e^x), computed stably as logaddexp(0, x)."""
    a, av = unpack(x)
    av = np.asarray(av)
    out = np.logaddexp(0, av).astype(av.dtype, copy=False)
    return record(out, (a,), lambda g: (g * 0.5 * (1 + np.tanh(0.5 * av)),), "softplus")


def softsign(x):
    """x / (1 + |x|)."""
    return divide(x, add(abs_(x), 1.0))


def elu(x, alpha=1.0):
    """x for x > 0, alpha · (e^x − 1) otherwise."""
    x = as_tensor(x)
    negative_part = multiply(add(exp(minimum(x, 0.0)), -1.0), alpha)
    return where(x.value > 0, x, negative_part)


SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def selu(x):
    """scale · elu(x, alpha) with the self-normalizing constants of Klambauer et al. (2017)."""
    return multiply(elu(x, SELU_ALPHA), SELU_SCALE)


def gelu(x, approximate=True):
    """Gaussian error linear unit: x · Φ(x).

    approximate=True:  0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))
    approximate=False: 0.5 x (1 + erf(x / √2))
    """
    x = as_tensor(x)
    if approximate:
        inner = multiply(add(x, multiply(power(x, 3), 0.044715)), float(np.sqrt(2 / np.pi)))
        return multiply(multiply(x, 0.5), add(tanh(inner), 1.0))
    return multiply(multiply(x, 0.5), add(erf(divide(x, float(np.sqrt(2)))), 1.0))


# np.maximum.reduce and np.add.reduce are what np.max and np.sum compute, without their Python
# wrappers (a few microseconds on the small arrays of a classifier's last layer).
_max, _sum = np.maximum.reduce, np.add.reduce


def softmax(x, axis=-1):
    """e^x / Σ e^x along ``axis`` (the maximum is subtracted first, for stability)."""
    a, av = unpack(x)
    av = np.asarray(av)
    e = np.exp(av - _max(av, axis=axis, keepdims=True))
    out = e / _sum(e, axis=axis, keepdims=True)
    return record(out, (a,),
                  lambda g: (out * (g - _sum(g * out, axis=axis, keepdims=True)),), "softmax")


def log_softmax_values(values, axis=-1):
    """x − log Σ e^x along ``axis`` for an array (the maximum is subtracted first)."""
    shifted = values - _max(values, axis=axis, keepdims=True)
    return shifted - np.log(_sum(np.exp(shifted), axis=axis, keepdims=True))


def log_softmax(x, axis=-1):
    """x − logsumexp(x) along ``axis``."""
    a, av = unpack(x)
    out = log_softmax_values(np.asarray(av), axis)
    return record(out, (a,),
                  lambda g: (g - np.exp(out) * _sum(g, axis=axis, keepdims=True),),
                  "log_softmax")


def exponential(x):
    """e^x (Keras's 'exponential' activation)."""
    return exp(x)


def linear(x):
    """x unchanged (Keras's 'linear' activation)."""
    return x


@faster.replaceable
def bias_add(x, bias, data_format=None):
    """x + bias, the bias (C,) along the channel axis: the last, or axis 1 for channels_first
    inputs of rank 3 or more (a layer's bias). d/dbias = the gradient summed over every other
    axis."""
    data_format = config.standardize_data_format(data_format)
    x, bias = as_tensor(x), as_tensor(bias)
    if data_format == "channels_first" and x.ndim > 2:
        bias = reshape(bias, (bias.shape[0],) + (1,) * (x.ndim - 2))
    return add(x, bias)
