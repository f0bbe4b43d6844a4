"""Python operators and numpy functions on Tensors, wired to the differentiable ops.

* ``a + b``, ``a @ b``, ``-a``, ``a[i]``, ``a < b``, ``a.astype(dtype)`` ... call
  :mod:`kerasedu.backend.ops`.
* ``np.exp(t)``, ``np.maximum(t, 0)`` (numpy ufuncs) and ``np.sum(t)``, ``np.dot(t, w)``,
  ``np.concatenate([t, u])`` (numpy functions) call the op of the same meaning, so they stay
  differentiable.
* A numpy function kerasedu has no gradient for raises a TypeError that names the op to use:
  numpy would otherwise compute on the raw values and silently drop the gradient.
"""

import numpy as np

from . import ops
from .tensor import Tensor

_BINARY = {
    "__add__": ops.add, "__sub__": ops.subtract, "__mul__": ops.multiply,
    "__truediv__": ops.divide, "__matmul__": ops.matmul, "__pow__": ops.power,
    "__lt__": ops.less, "__le__": ops.less_equal, "__gt__": ops.greater,
    "__ge__": ops.greater_equal, "__eq__": ops.equal, "__ne__": ops.not_equal,
    "__and__": ops.logical_and, "__or__": ops.logical_or,
}

_REFLECTED = {
    "__radd__": ops.add, "__rsub__": ops.subtract, "__rmul__": ops.multiply,
    "__rtruediv__": ops.divide, "__rmatmul__": ops.matmul, "__rpow__": ops.power,
}


def _bind_binary(name, op):
    setattr(Tensor, name, lambda self, other: op(self, other))


def _bind_reflected(name, op):
    setattr(Tensor, name, lambda self, other: op(other, self))


def _floordiv(a, b):
    return ops.floor(ops.divide(a, b))


def _mod(a, b):
    return ops.subtract(a, ops.multiply(b, _floordiv(a, b)))


# numpy ufunc name -> differentiable op taking the same positional arguments.
UFUNCS = {
    "add": ops.add, "subtract": ops.subtract, "multiply": ops.multiply,
    "divide": ops.divide, "true_divide": ops.divide, "power": ops.power,
    "negative": ops.negative, "positive": lambda x: x, "matmul": ops.matmul,
    "exp": ops.exp, "log": ops.log, "log1p": ops.log1p, "expm1": ops.expm1,
    "sqrt": ops.sqrt, "square": ops.square, "absolute": ops.abs, "fabs": ops.abs,
    "reciprocal": ops.reciprocal, "sin": ops.sin, "cos": ops.cos, "tanh": ops.tanh,
    "maximum": ops.maximum, "minimum": ops.minimum, "fmax": ops.maximum, "fmin": ops.minimum,
    "sign": ops.sign, "floor": ops.floor, "ceil": ops.ceil, "rint": ops.round,
    "equal": ops.equal, "not_equal": ops.not_equal, "greater": ops.greater,
    "greater_equal": ops.greater_equal, "less": ops.less, "less_equal": ops.less_equal,
    "logical_and": ops.logical_and, "logical_or": ops.logical_or,
    "logical_not": ops.logical_not, "isnan": ops.isnan, "isfinite": ops.isfinite,
    "floor_divide": _floordiv,
}

# numpy function -> differentiable op with numpy's signature.
FUNCTIONS = {
    np.sum: ops.sum, np.mean: ops.mean, np.max: ops.max, np.amax: ops.max, np.min: ops.min,
    np.amin: ops.min, np.prod: ops.prod, np.var: ops.var, np.std: ops.std,
    np.argmax: ops.argmax, np.argmin: ops.argmin, np.cumsum: ops.cumsum,
    np.dot: ops.dot, np.matmul: ops.matmul, np.tensordot: ops.tensordot,
    np.reshape: ops.reshape, np.transpose: ops.transpose, np.moveaxis: ops.moveaxis,
    np.swapaxes: ops.swapaxes, np.expand_dims: ops.expand_dims, np.squeeze: ops.squeeze,
    np.concatenate: ops.concatenate, np.stack: ops.stack, np.split: ops.split,
    np.tile: ops.tile, np.repeat: ops.repeat, np.pad: ops.pad, np.take: ops.take,
    np.clip: ops.clip, np.where: ops.where, np.flip: ops.flip, np.ravel: ops.flatten,
    np.broadcast_to: ops.broadcast_to, np.shape: ops.shape, np.ndim: ops.ndim,
    np.any: ops.any, np.all: ops.all,
    np.zeros_like: ops.zeros_like, np.ones_like: ops.ones_like,
}


# numpy functions kerasedu has no op for, and the differentiable way to write them.
ALTERNATIVES = {
    "logaddexp": "ops.logsumexp(ops.stack([a, b]), axis=0)",
    "log2": "ops.log(x) / np.log(2)", "log10": "ops.log(x) / np.log(10)",
    "exp2": "ops.power(2.0, x)", "sinh": "(ops.exp(x) - ops.exp(-x)) / 2",
    "cosh": "(ops.exp(x) + ops.exp(-x)) / 2", "average": "ops.mean",
    "einsum": "ops.tensordot, ops.matmul or ops.batch_dot", "outer": "x[:, None] * y[None, :]",
    "linalg.norm": "ops.sqrt(ops.sum(ops.square(x), axis=...))", "norm": "ops.sqrt(ops.sum(ops.square(x)))",
}


def _unsupported(name):
    base = name.split(".")[0]
    if base in ALTERNATIVES:
        advice = f"Write it with differentiable ops instead: {ALTERNATIVES[base]}"
    elif hasattr(ops, base):
        advice = f"Use kerasedu.ops.{base}(...) instead"
    else:
        advice = (f"kerasedu has no {base} op: compose it from differentiable ops (ops.exp, "
                  f"ops.log, ops.sum, ops.where, ...)")
    return TypeError(
        f"numpy's {name}() has no gradient in kerasedu, so applying it to a Tensor would "
        f"silently drop the gradient. {advice}. To work on plain values without gradients, "
        f"call t.numpy() first.")


def _array_ufunc(self, ufunc, method, *inputs, **kwargs):
    op = UFUNCS.get(ufunc.__name__)
    if method != "__call__" or op is None or kwargs.get("out") is not None:
        raise _unsupported(f"{ufunc.__name__}" + ("" if method == "__call__" else f".{method}"))
    kwargs.pop("out", None)
    if kwargs:
        raise TypeError(
            f"np.{ufunc.__name__} on a Tensor does not accept {sorted(kwargs)}; call "
            f"kerasedu.ops.{ufunc.__name__} instead.")
    return op(*inputs)


def _array_function(self, func, types, args, kwargs):
    op = FUNCTIONS.get(func)
    if op is None:
        raise _unsupported(func.__name__)
    kwargs = dict(kwargs)
    if func in (np.reshape,) and "newshape" in kwargs:
        kwargs["new_shape"] = kwargs.pop("newshape")
    if func in (np.reshape,) and "shape" in kwargs:
        kwargs["new_shape"] = kwargs.pop("shape")
    if func in (np.clip,):
        kwargs = {{"a_min": "x_min", "a_max": "x_max", "min": "x_min", "max": "x_max"}.get(k, k): v
                  for k, v in kwargs.items()}
    return op(*args, **kwargs)


def install():
    """Give Tensor its operators and numpy protocols (done once, on import of the backend)."""
    for name, op in _BINARY.items():
        _bind_binary(name, op)
    for name, op in _REFLECTED.items():
        _bind_reflected(name, op)
    Tensor.__neg__ = lambda self: ops.negative(self)
    Tensor.__pos__ = lambda self: self
    Tensor.__abs__ = lambda self: ops.abs(self)
    Tensor.__invert__ = lambda self: ops.logical_not(self)
    Tensor.__floordiv__ = lambda self, other: _floordiv(self, other)
    Tensor.__rfloordiv__ = lambda self, other: _floordiv(other, self)
    Tensor.__mod__ = lambda self, other: _mod(self, other)
    Tensor.__getitem__ = lambda self, key: ops.getitem(self, key)
    Tensor.T = property(lambda self: ops.transpose(self))
    Tensor.astype = lambda self, dtype: ops.cast(self, dtype)
    Tensor.__array_ufunc__ = _array_ufunc
    Tensor.__array_function__ = _array_function
