"""kerasedu's numeric core under Keras 2's backend names: ``from kerasedu import backend as K``.

Everything here is differentiable unless it says otherwise (``argmax``, comparisons). Keras 3
names for the same ops live in ``kerasedu.ops``.
"""

import numpy as np

from . import operators as _operators
from . import ops
from .autodiff import GradientTape, gradients, no_grad, stop_gradient
from .config import (clear_session, epsilon, floatx, get_uid, image_data_format, reset_uids,
                     set_epsilon, set_floatx, set_image_data_format)
from .ops import (abs, argmax, argmin, batch_dot, binary_crossentropy, cast,
                  categorical_crossentropy, concatenate, cos, cumsum, dot, elu, equal, exp,
                  expand_dims, flatten, gather, greater, greater_equal, hard_sigmoid, less,
                  less_equal, log, logsumexp, maximum, mean, minimum, not_equal, ones_like,
                  prod, reshape, sigmoid, sign, sin, softplus, softsign, sparse_categorical_crossentropy,
                  sqrt, square, squeeze, stack, std, tanh, tile, transpose, var, zeros_like)
from .ops import all as all_, any as any_, max as max_, min as min_, round as round_, sum as sum_
from .ops.random import SeedGenerator
from .tensor import Tensor, Variable, convert_to_tensor, is_tensor

_operators.install()

all = all_  # noqa: A001
any = any_  # noqa: A001
max = max_  # noqa: A001
min = min_  # noqa: A001
round = round_  # noqa: A001
sum = sum_  # noqa: A001


# Creating tensors and variables.

def variable(value, dtype=None, name=None, constraint=None):
    """A Variable holding ``value`` (floatx unless ``dtype`` is given)."""
    return Variable(np.asarray(getattr(value, "value", value)), dtype=dtype, name=name,
                    constraint=constraint)


def constant(value, dtype=None, shape=None, name=None):
    """A constant Tensor: ``value`` (broadcast to ``shape`` when given)."""
    array = np.asarray(value, dtype=dtype or floatx())
    return Tensor(np.broadcast_to(array, shape).copy() if shape is not None else array)


def zeros(shape, dtype=None, name=None):
    """A Variable of zeros (Keras 2 returned variables here)."""
    return Variable(np.zeros(shape, dtype or floatx()), name=name)


def ones(shape, dtype=None, name=None):
    """A Variable of ones."""
    return Variable(np.ones(shape, dtype or floatx()), name=name)


def eye(size, dtype=None, name=None):
    """An identity-matrix Variable."""
    return Variable(np.eye(size, dtype=dtype or floatx()), name=name)


def cast_to_floatx(x):
    """x as a numpy array of floatx."""
    return np.asarray(getattr(x, "value", x), dtype=floatx())


# Looking at tensors.

def int_shape(x):
    """The shape as a tuple of ints (None for unknown axes of symbolic tensors)."""
    return tuple(x.shape)


def shape(x):
    """The shape of x."""
    return tuple(np.shape(getattr(x, "value", x)))


def ndim(x):
    """The number of axes of x."""
    return len(x.shape)


def dtype(x):
    """The dtype name of x, such as 'float32'."""
    return np.dtype(x.dtype).name


def eval(x):  # noqa: A001  (Keras 2's name)
    """The value of x as a numpy array."""
    return np.asarray(getattr(x, "value", x))


get_value = eval


def batch_get_value(tensors):
    """The values of several tensors."""
    return [eval(t) for t in tensors]


def set_value(x, value):
    """Assign ``value`` to the Variable x."""
    x.assign(value)


def batch_set_value(pairs):
    """Assign each (variable, value) pair."""
    for variable_, value in pairs:
        variable_.assign(value)


def count_params(x):
    """The number of values in x."""
    return int(np.prod(x.shape, dtype=int))


# Keras 2 spellings of ops whose names or arguments differ in Keras 3.

def pow(x, a):  # noqa: A001  (Keras 2's name)
    """x ** a."""
    return ops.power(x, a)


def clip(x, min_value, max_value):
    """x limited to [min_value, max_value]."""
    return ops.clip(x, min_value, max_value)


def permute_dimensions(x, pattern):
    """Reorder the axes of x: ``pattern`` lists the old axis for each new position."""
    return ops.transpose(x, pattern)


def repeat_elements(x, rep, axis):
    """Each slice of x along ``axis`` repeated ``rep`` times (numpy's repeat)."""
    return ops.repeat(x, rep, axis=axis)


def repeat(x, n):
    """(batch, dim) -> (batch, n, dim): the RepeatVector operation."""
    x = convert_to_tensor(x)
    if x.ndim != 2:
        raise ValueError(f"K.repeat expects a 2-D input (batch, dim), received shape {x.shape}.")
    return ops.tile(ops.expand_dims(x, 1), (1, n, 1))


def batch_flatten(x):
    """(batch, ...) -> (batch, product of the other axes)."""
    x = convert_to_tensor(x)
    return ops.reshape(x, (x.shape[0], -1))


def switch(condition, then_expression, else_expression):
    """then_expression where ``condition`` holds, else else_expression."""
    return ops.where(condition, then_expression, else_expression)


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit with Keras 2's options: slope ``alpha`` below ``threshold``,
    capped at ``max_value``."""
    x = convert_to_tensor(x)
    if alpha == 0.0 and max_value is None and threshold == 0.0:
        return ops.relu(x)
    above = x.value >= threshold if threshold else x.value > 0
    out = ops.where(above, x, ops.multiply(ops.subtract(x, threshold), alpha))
    return out if max_value is None else ops.minimum(out, max_value)


def softmax(x, axis=-1):
    """e^x / Σ e^x along ``axis``."""
    return ops.softmax(x, axis=axis)


def l2_normalize(x, axis=None):
    """x / ||x||₂ along ``axis`` (with the norm kept at least √ε)."""
    squared = ops.sum(ops.square(x), axis=axis, keepdims=True)
    return ops.multiply(x, ops.power(ops.maximum(squared, 1e-12), -0.5))


def one_hot(indices, num_classes):
    """Integer ``indices`` of shape (...) -> one-hot floats of shape (..., num_classes)."""
    indices = np.asarray(getattr(indices, "value", indices), dtype=np.int64)
    return Tensor(np.eye(num_classes, dtype=floatx())[indices])


def reverse(x, axes):
    """x reversed along ``axes``."""
    return ops.flip(x, axes)


def bias_add(x, bias, data_format=None):
    """x + bias, with the bias on the channels axis (last, or 1 for channels_first)."""
    x, bias = convert_to_tensor(x), convert_to_tensor(bias)
    if (data_format or image_data_format()) == "channels_first" and x.ndim > 2:
        bias = ops.reshape(bias, (bias.shape[0],) + (1,) * (x.ndim - 2))
    return ops.add(x, bias)


def temporal_padding(x, padding=(1, 1)):
    """Zeros before and after the time axis of a (batch, time, features) tensor."""
    return ops.pad(x, ((0, 0), tuple(padding), (0, 0)))


def arange(start, stop=None, step=1, dtype="int32"):
    """Evenly spaced integers."""
    return ops.arange(start, stop, step, dtype=dtype)


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Uniform random values in [minval, maxval)."""
    return ops.random.uniform(shape, minval, maxval, dtype, seed)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normally distributed random values."""
    return ops.random.normal(shape, mean, stddev, dtype, seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal values redrawn beyond two standard deviations."""
    return ops.random.truncated_normal(shape, mean, stddev, dtype, seed)


def random_binomial(shape, p=0.0, dtype=None, seed=None):
    """1 with probability p, else 0."""
    return ops.random.binomial(shape, p, dtype, seed)


random_bernoulli = random_binomial


def dropout(x, level, noise_shape=None, seed=None):
    """x with a fraction ``level`` of values zeroed and the rest scaled by 1/(1 − level)."""
    return ops.dropout(x, level, noise_shape=noise_shape, seed=seed)
