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
from .ops import (abs, argmax, bias_add, argmin, batch_dot, binary_crossentropy, cast,
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
    return np.asarray(x, dtype=floatx())


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
    """The value of x as a numpy array (refused, like ``x.numpy()``, for a Tensor that carries
    a gradient while one is being taken)."""
    return x.numpy() if isinstance(x, Tensor) else np.asarray(x)


get_value = eval


def batch_get_value(tensors):
    """The values of several tensors."""
    return [eval(t) for t in tensors]


def set_value(x, value):
    """Assign ``value`` to the Variable x."""
    x.assign(value)


def batch_set_value(pairs):
    """Assign each (variable, value) pair; every value is checked before any is assigned."""
    checked = [(variable_, variable_.assignable(value)) for variable_, value in pairs]
    for variable_, value in checked:
        variable_._replace(value)


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


# ---------------------------------------------------------------------------------------------
# Convolution, pooling, padding and resizing under Keras 2's names. Keras 3 spells them
# ops.conv, ops.depthwise_conv, ops.separable_conv, ops.conv_transpose, ops.max_pool and
# ops.average_pool; Keras 2 named one function per rank and put the data_format argument
# after padding, as here.

from . import config as _config  # noqa: E402
from .ops import geometry as _geometry  # noqa: E402
from .ops.conv import spatial_tuple as _spatial_tuple  # noqa: E402
from .ops.upsampling import upsample_bilinear as _upsample_bilinear  # noqa: E402
from .ops.upsampling import upsample_nearest as _upsample_nearest  # noqa: E402


def conv1d(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """1-D convolution; ``padding`` "valid", "same" or "causal"; kernel (k, C_in, filters)."""
    return ops.conv(x, kernel, strides, padding, data_format, dilation_rate)


def conv2d(x, kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    """2-D convolution; kernel (kh, kw, C_in, filters)."""
    return ops.conv(x, kernel, strides, padding, data_format, dilation_rate)


def conv3d(x, kernel, strides=(1, 1, 1), padding="valid", data_format=None,
           dilation_rate=(1, 1, 1)):
    """3-D convolution; kernel (kd, kh, kw, C_in, filters)."""
    return ops.conv(x, kernel, strides, padding, data_format, dilation_rate)


def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding="valid", data_format=None,
                     dilation_rate=(1, 1)):
    """Each channel convolved on its own; kernel (kh, kw, C_in, depth_multiplier)."""
    return ops.depthwise_conv(x, depthwise_kernel, strides, padding, data_format, dilation_rate)


def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding="valid",
                     data_format=None, dilation_rate=(1, 1)):
    """Depthwise convolution, then a 1×1 convolution (pointwise kernel (1, 1, C_in·M, filters))."""
    return ops.separable_conv(x, depthwise_kernel, pointwise_kernel, strides, padding,
                              data_format, dilation_rate)


def conv2d_transpose(x, kernel, output_shape, strides=(1, 1), padding="valid", data_format=None,
                     dilation_rate=(1, 1)):
    """Transposed 2-D convolution producing ``output_shape`` (batch axis included).

    The result is the gradient, with respect to its input, of conv2d applied to a tensor of
    ``output_shape``; kernel (kh, kw, filters, C_in). Strides leave some output lengths
    ambiguous, which is why Keras 2 asked for ``output_shape``.
    """
    data_format = _config.standardize_data_format(data_format)
    x_shape, k_shape = tuple(np.shape(getattr(x, "value", x))), tuple(np.shape(getattr(
        kernel, "value", kernel)))
    output_shape = tuple(int(n) if n is not None else None for n in output_shape)
    if len(output_shape) != 4:
        raise ValueError(f"conv2d_transpose: output_shape must have 4 entries (batch included), "
                         f"received {output_shape}.")
    first = data_format == "channels_first"
    out_spatial = output_shape[2:] if first else output_shape[1:3]
    in_spatial = x_shape[2:] if first else x_shape[1:3]
    s = _spatial_tuple(strides, 2, "strides")
    d = _spatial_tuple(dilation_rate, 2, "dilation_rate")
    pads = _geometry.conv_padding(out_spatial, k_shape[:2], s, d, padding.lower())
    forward = _geometry.conv_output_spatial_shape(out_spatial, k_shape[:2], s, d, pads)
    if forward != tuple(in_spatial):
        raise ValueError(
            f"conv2d_transpose: output_shape {output_shape} does not fit an input of shape "
            f"{x_shape}: a conv2d with these strides and padding maps spatial size "
            f"{out_spatial} to {forward}, not {tuple(in_spatial)}.")
    extra = tuple(length - ((n - 1) * st + _geometry.effective_size(k, dl) - b - a)
                  for length, n, st, k, dl, (b, a)
                  in zip(out_spatial, in_spatial, s, k_shape[:2], d, pads))
    return ops.conv_transpose(x, kernel, s, pads, extra, data_format, d)


def pool2d(x, pool_size, strides=(1, 1), padding="valid", data_format=None, pool_mode="max"):
    """2-D max (pool_mode='max') or average (pool_mode='avg') pooling. Keras 2's default
    strides here are (1, 1), not the pool size."""
    if pool_mode not in ("max", "avg"):
        raise ValueError(f"pool_mode must be 'max' or 'avg', received pool_mode={pool_mode!r}.")
    pool = ops.max_pool if pool_mode == "max" else ops.average_pool
    return pool(x, pool_size, strides, padding, data_format)


def pool3d(x, pool_size, strides=(1, 1, 1), padding="valid", data_format=None, pool_mode="max"):
    """3-D max or average pooling (see :func:`pool2d`)."""
    return pool2d(x, pool_size, strides, padding, data_format, pool_mode)


def _spatial_padding(x, padding, data_format, rank):
    data_format = _config.standardize_data_format(data_format)
    pairs = [tuple(int(p) for p in pair) for pair in padding]
    bad = [p for p in pairs if len(p) != 2 or p[0] < 0 or p[1] < 0]
    if len(pairs) != rank or bad:
        raise ValueError(f"padding must be {rank} pairs (before, after) of non-negative ints, "
                         f"received {padding!r}.")
    widths = [(0, 0)] + pairs + [(0, 0)] if data_format == "channels_last" \
        else [(0, 0), (0, 0)] + pairs
    return ops.pad(x, widths)


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    """Zeros around the two spatial axes of a 4-D tensor: ((top, bottom), (left, right))."""
    return _spatial_padding(x, padding, data_format, 2)


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    """Zeros around the three spatial axes of a 5-D tensor."""
    return _spatial_padding(x, padding, data_format, 3)


def resize_images(x, height_factor, width_factor, data_format, interpolation="nearest"):
    """The images of a 4-D tensor enlarged by whole factors ("nearest" or "bilinear")."""
    size = (int(height_factor), int(width_factor))
    if interpolation == "nearest":
        return _upsample_nearest(convert_to_tensor(x), size, data_format)
    if interpolation == "bilinear":
        return _upsample_bilinear(x, size, data_format)
    raise ValueError(f"interpolation must be 'nearest' or 'bilinear', received "
                     f"{interpolation!r}.")


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    """The volumes of a 5-D tensor enlarged by repeating values (nearest neighbour)."""
    size = (int(depth_factor), int(height_factor), int(width_factor))
    return _upsample_nearest(convert_to_tensor(x), size, data_format)
