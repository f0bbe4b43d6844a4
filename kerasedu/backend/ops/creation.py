"""Tensors made from a shape or a range: zeros, ones, full, eye, arange, linspace, ...

    arange(start, stop, step)        start, start + step, ... before stop
    linspace(start, stop, num)       num values from start to stop, evenly spaced:
                                     start + (stop − start) · i/(num − 1)   (i/num without endpoint)
    logspace(start, stop, num, base) base^linspace(start, stop, num)
    geomspace(start, stop, num)      from start to stop with a constant ratio

Constants have no gradient. linspace, logspace and geomspace are written with differentiable
ops, so a start or stop that needs a gradient gets one.
"""

import numpy as np

from .. import config
from ..tensor import Tensor
from ._inputs import constant_argument, no_gradient, tensor_of, unpack
from .indexing import slice_update
from .dtypes import float_result_type, result_type, standardize_dtype
from .math import add, cast, exp, log, multiply, power, subtract, sign
from .shape import moveaxis, reshape


def creation_dtype(dtype):
    """``dtype`` as a numpy dtype; None means ``floatx()``."""
    return np.dtype(standardize_dtype(dtype))


_dtype = creation_dtype


@no_gradient
def zeros(shape, dtype=None):
    """A tensor of zeros (floatx unless ``dtype`` is given)."""
    return Tensor(np.zeros(shape, _dtype(dtype)))


@no_gradient
def ones(shape, dtype=None):
    """A tensor of ones."""
    return Tensor(np.ones(shape, _dtype(dtype)))


@no_gradient
def empty(shape, dtype=None):
    """A tensor of ``shape`` whose values are not set (kerasedu fills it with zeros)."""
    return zeros(shape, dtype)


@no_gradient
def full(shape, fill_value, dtype=None):
    """A tensor filled with ``fill_value``."""
    out = Tensor(np.full(shape, np.asarray(unpack(fill_value)[1]), _dtype(dtype)))
    return constant_argument(out, fill_value, "full", "fill_value")


@no_gradient
def eye(N, M=None, k=0, dtype=None):  # noqa: N803  (Keras's argument names)
    """The N×M matrix with ones on diagonal k (the identity for k = 0)."""
    return Tensor(np.eye(N, M, k, dtype=_dtype(dtype)))


@no_gradient
def identity(n, dtype=None):
    """The n×n identity matrix."""
    return Tensor(np.identity(n, dtype=_dtype(dtype)))


def _like(x, dtype):
    value = np.asarray(unpack(x)[1])
    return value, np.dtype(standardize_dtype(dtype)) if dtype is not None else value.dtype


@no_gradient
def zeros_like(x, dtype=None):
    """Zeros with the shape (and dtype, unless given) of x."""
    value, dtype = _like(x, dtype)
    return Tensor(np.zeros(value.shape, dtype))


@no_gradient
def ones_like(x, dtype=None):
    """Ones with the shape (and dtype, unless given) of x."""
    value, dtype = _like(x, dtype)
    return Tensor(np.ones(value.shape, dtype))


@no_gradient
def empty_like(x, dtype=None):
    """A tensor with the shape (and dtype, unless given) of x, values not set (zeros here)."""
    return zeros_like(x, dtype)


@no_gradient
def full_like(x, fill_value, dtype=None):
    """``fill_value`` everywhere, with the shape (and dtype, unless given) of x."""
    value, dtype = _like(x, dtype)
    out = Tensor(np.full(value.shape, np.asarray(unpack(fill_value)[1]), dtype))
    return constant_argument(out, fill_value, "full_like", "fill_value")


@no_gradient
def arange(start, stop=None, step=None, dtype=None):
    """Evenly spaced values in [start, stop) (in [0, start) when stop is None), ``step`` apart.

    The dtype follows the arguments as Keras does: arange(5) is int32, arange(0.5, 3) float32."""
    bounds = [b for b in (start, stop, step) if b is not None]
    dtype = np.dtype(standardize_dtype(dtype) if dtype is not None
                     else result_type(*(np.asarray(unpack(b)[1]) if hasattr(b, "dtype") else b
                                        for b in bounds)))
    if step is not None and step == 0:
        raise ValueError("arange: step must not be 0.")
    if stop is None:
        start, stop = 0, start
    values = [unpack(b)[1] for b in (start, stop, step)]
    return Tensor(np.arange(values[0], values[1], 1 if step is None else values[2],
                            dtype=dtype))


def _fractions(num, endpoint):
    if num < 0:
        raise ValueError(f"num must be non-negative, received num={num}.")
    steps = num - 1 if endpoint else num
    return np.arange(num) / max(steps, 1)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """``num`` evenly spaced values from start to stop (stop excluded without ``endpoint``),
    along a new ``axis`` when start and stop are arrays; with ``retstep``, also the spacing."""
    start, stop = tensor_of(start), tensor_of(stop)
    compute = np.dtype(float_result_type(start.value, stop.value))
    start, stop = cast(start, compute), cast(stop, compute)
    base_shape = np.broadcast_shapes(start.shape, stop.shape)
    fractions = _fractions(int(num), endpoint).astype(compute)
    fractions = fractions.reshape((-1,) + (1,) * len(base_shape))
    span = subtract(stop, start)
    out = add(start, multiply(span, fractions))
    if endpoint and num > 1:   # exactly stop at the end, as numpy
        out = slice_update(out, (num - 1,) + (0,) * len(base_shape),
                           reshape(add(stop, np.zeros(base_shape, compute)), (1,) + base_shape))
    out = moveaxis(out, 0, axis) if base_shape else out
    out = out if dtype is None else cast(out, standardize_dtype(dtype))
    if retstep:
        steps = num - 1 if endpoint else num
        return out, multiply(span, np.asarray(1 / steps if steps else np.nan, compute))
    return out


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    """base^v for ``num`` values v evenly spaced from start to stop."""
    exponents = linspace(start, stop, num, endpoint, axis=axis)
    out = power(np.asarray(base, exponents.dtype), exponents)
    return out if dtype is None else cast(out, standardize_dtype(dtype))


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """``num`` values from start to stop with a constant ratio between neighbours (start and
    stop must be non-zero and of the same sign)."""
    start, stop = (tensor_of(t) for t in (start, stop))
    start, stop = (cast(t, config.floatx()) if t.dtype == bool else t for t in (start, stop))
    if np.any(start.value == 0) or np.any(stop.value == 0):
        raise ValueError("geomspace: start and stop must not be zero.")
    if np.any(np.sign(start.value) != np.sign(stop.value)):
        raise ValueError("geomspace: start and stop must have the same sign.")
    direction = sign(start)
    logs = linspace(log(multiply(start, direction)), log(multiply(stop, direction)), num,
                    endpoint, axis=axis)
    out = multiply(exp(logs), direction.value.astype(logs.dtype))
    if endpoint and num > 0:
        out = _exact_ends(out, start, stop, num, endpoint, axis)
    return out if dtype is None else cast(out, standardize_dtype(dtype))


def _exact_ends(out, start, stop, num, endpoint, axis):
    """geomspace's first and last values set to start and stop exactly (as numpy does)."""
    moved = moveaxis(out, axis, 0) if out.ndim > 1 else out
    rest = (0,) * (moved.ndim - 1)
    first = reshape(cast(add(start, np.zeros(moved.shape[1:], start.dtype)), moved.dtype),
                    (1,) + moved.shape[1:])
    moved = slice_update(moved, (0,) + rest, first)
    if endpoint and num > 1:
        last = reshape(cast(add(stop, np.zeros(moved.shape[1:], stop.dtype)), moved.dtype),
                       (1,) + moved.shape[1:])
        moved = slice_update(moved, (num - 1,) + rest, last)
    return moveaxis(moved, 0, axis) if out.ndim > 1 else moved


def array(x, dtype=None):
    """A new tensor holding x (a copy; cast to ``dtype`` when given). A Tensor's gradient
    passes through, as with ``copy`` and ``cast``."""
    if isinstance(x, Tensor):
        return copy(x) if dtype is None else cast(x, standardize_dtype(dtype))
    value = np.array(unpack(x)[1], dtype=None if dtype is None else standardize_dtype(dtype))
    if value.dtype == np.float64 and dtype is None and not isinstance(x, (Tensor, np.ndarray)):
        value = value.astype(config.floatx())
    return Tensor(value)


def copy(x):
    """A copy of x (the same values; the gradient passes straight through)."""
    return cast(x, tensor_of(x).dtype) if isinstance(x, Tensor) else Tensor(np.array(x))
