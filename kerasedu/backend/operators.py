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
from .recording import is_recording
from .tensor import GradientDroppedError, Tensor

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

def _round(x, decimals=0, out=None):
    """np.round(t, decimals) / round(t): a Tensor with no gradient (rounding's derivative is 0
    wherever it has one)."""
    if out is not None:
        return _on_values(np.round, "np.round", (x, decimals), {"out": out})
    return Tensor(np.round(x.value if isinstance(x, Tensor) else np.asarray(x), decimals))


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
    np.round: _round, np.around: _round,
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


def _carries_gradient(x):
    return isinstance(x, Tensor) and x._tracks_gradient and x.value.dtype.kind == "f"


def _leaves(structure):
    """The items of ``structure``, looking inside lists, tuples and dicts."""
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _leaves(item)]
    if isinstance(structure, dict):
        return _leaves(list(structure.values()))
    return [structure]


def _values(structure):
    """``structure`` with every Tensor replaced by its numpy array."""
    if isinstance(structure, Tensor):
        return structure.value
    if isinstance(structure, (list, tuple)):
        return type(structure)(_values(item) for item in structure)
    if isinstance(structure, dict):
        return {key: _values(item) for key, item in structure.items()}
    return structure


def _on_values(function, name, args, kwargs):
    """numpy's own ``function`` on the Tensors' values, where no gradient is lost by it.

    While ops record, a result with floats computed from a Tensor that carries a gradient
    would silently drop that gradient: that is refused, naming the op to use, and so are
    results of Python objects (``np.frompyfunc``) and functions that write the values into
    another array (``np.put``, ``np.add.at``, ``np.copyto``). Results without floats
    (``np.allclose``, ``np.argsort``, ``np.isinf``) carry no gradient, and Tensors that carry
    none (constants, anything under ``no_grad``) may go through any numpy function.
    """
    result = function(*_values(args), **_values(kwargs))
    if is_recording() and any(map(_carries_gradient, _leaves((args, kwargs)))):
        if result is None or any(_may_hold_floats(leaf) for leaf in _leaves(result)):
            raise _unsupported(name)      # None: the values were written into another array
    return result


def _may_hold_floats(leaf):
    """True for floats, and for arrays of floats or of Python objects (which may be floats)."""
    if isinstance(leaf, (np.ndarray, np.generic, float, complex)):
        return np.asarray(leaf).dtype.kind in "fcO"
    return False


def _numpy_name(function):
    module = getattr(function, "__module__", None) or "numpy"
    prefix = module.replace("numpy", "np", 1) if module.startswith("numpy.") else "np"
    return f"{prefix}.{function.__name__}".replace("np._core.", "np.")


def _unsupported(name):
    """The error for numpy's ``name`` ("np.sinh", "np.logaddexp.reduce", "np.linalg.norm")."""
    base = name.split(".")[2 if name.startswith("np.linalg.") else 1]
    key = "linalg.norm" if name == "np.linalg.norm" else base
    if key in ALTERNATIVES:
        advice = f"Write it with differentiable ops instead: {ALTERNATIVES[key]}"
    elif hasattr(ops, base):
        advice = f"Use kerasedu.ops.{base}(...) instead"
    else:
        advice = (f"kerasedu has no {base} op: compose it from differentiable ops (ops.exp, "
                  f"ops.log, ops.sum, ops.where, ...)")
    return GradientDroppedError(
        f"{name}() has no gradient in kerasedu, so applying it to a Tensor that carries a "
        f"gradient would silently drop the gradient. {advice}. If no gradient should flow "
        f"through it, say so: {name}(ops.stop_gradient(t)).")


def _array_ufunc(self, ufunc, method, *inputs, **kwargs):
    out = kwargs.get("out")
    if out is not None and any(isinstance(o, Tensor) for o in _leaves(out)):
        raise TypeError(
            f"np.{ufunc.__name__}(..., out=t) would change a Tensor in place, but Tensors "
            f"cannot be changed: {_in_place_advice()}")
    op = UFUNCS.get(ufunc.__name__)
    if method == "__call__" and op is not None and not kwargs:
        return op(*inputs)
    own = getattr(np, ufunc.__name__, None) is ufunc        # not one made by np.frompyfunc
    name = f"np.{ufunc.__name__ if own else 'frompyfunc'}" + \
        ("" if method == "__call__" else f".{method}")
    return _on_values(getattr(ufunc, method), name, inputs, kwargs)


def _array_function(self, func, types, args, kwargs):
    op = FUNCTIONS.get(func)
    if op is None:
        return _on_values(func, _numpy_name(func), args, kwargs)
    kwargs = dict(kwargs)
    if func in (np.reshape,) and "newshape" in kwargs:
        kwargs["newshape"] = kwargs.pop("newshape")
    if func in (np.reshape,) and "shape" in kwargs:
        kwargs["newshape"] = kwargs.pop("shape")
    if func in (np.clip,):
        kwargs = {{"a_min": "x_min", "a_max": "x_max", "min": "x_min", "max": "x_max"}.get(k, k): v
                  for k, v in kwargs.items()}
    return op(*args, **kwargs)


def _in_place_advice():
    """How to write ``t[i] = v`` without changing a Tensor, with the ops kerasedu has."""
    ways = ["ops.where(mask, new_values, t) to replace values where a mask is True"]
    if hasattr(ops, "scatter_update"):
        ways.append("ops.scatter_update(t, indices, updates) to set single entries")
    if hasattr(ops, "slice_update"):
        ways.append("ops.slice_update(t, start_indices, updates) to set a block")
    ways.append("ops.concatenate of slices, e.g. ops.concatenate([new[:1], t[1:]])")
    return "; ".join(ways) + ". For a Variable: v.assign(new_value)."


def _setitem(self, key, value):
    raise TypeError(
        f"A Tensor cannot be changed in place (t[...] = ...): its values are recorded for "
        f"differentiation. Build a new Tensor instead: {_in_place_advice()}")


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
    Tensor.__setitem__ = _setitem
    Tensor.__round__ = lambda self, ndigits=None: _round(self, ndigits or 0)
    Tensor.__array_ufunc__ = _array_ufunc
    Tensor.__array_function__ = _array_function
