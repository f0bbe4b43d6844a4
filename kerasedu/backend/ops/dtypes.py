r"""Dtypes: their names, the dtype an op's result takes, and casting that saturates.

Keras 3 decides the dtype of a result with a *promotion lattice* (the one JAX uses): each dtype
points to the dtypes just above it, and two dtypes combine to the lowest dtype above both.

    bool -> int* -> uint8 -> uint16 -> uint32 -> uint64 -> float* -> float16 -> float32 -> float64
               \-> int8  -> int16  -> int32  -> int64  -/
    (uint8 -> int16, uint16 -> int32, uint32 -> int64 too; bfloat16 sits beside float16)

``int*`` and ``float*`` are *weak* types: a Python ``int`` or ``float`` in ``x * 2.0`` takes
the dtype of the tensor beside it, so float32 stays float32 and int8 stays int8. A result that
is still weak resolves to int32 or to ``floatx()``. Unlike numpy, int32 with float32 gives
float32 (numpy: float64), and integers in a function such as ``tan`` give ``floatx()``.
"""

import functools

import numpy as np

from .. import config
from ..autodiff import record
from ..tensor import Tensor
from ._inputs import no_gradient, unpack

_ABOVE = {
    "bool": ("int",),
    "int": ("uint8", "int8"),
    "uint8": ("uint16", "int16"), "uint16": ("uint32", "int32"),
    "uint32": ("uint64", "int64"), "uint64": ("float",),
    "int8": ("int16",), "int16": ("int32",), "int32": ("int64",), "int64": ("float",),
    "float": ("bfloat16", "float16"), "bfloat16": ("float32",), "float16": ("float32",),
    "float32": ("float64", "complex64"), "float64": ("complex128",),
    "complex64": ("complex128",), "complex128": (),
}
WEAK = ("int", "float")


def _at_or_above(node):
    """Every dtype reachable upwards from ``node``, itself included."""
    found, frontier = {node}, [node]
    while frontier:
        for up in _ABOVE[frontier.pop()]:
            if up not in found:
                found.add(up)
                frontier.append(up)
    return frozenset(found)


_UPPER = {node: _at_or_above(node) for node in _ABOVE}


def standardize_dtype(dtype):
    """A dtype's name ('float32'); None means ``floatx()``; Python types give Keras's names."""
    if dtype is None:
        return config.floatx()
    python = {bool: "bool", int: "int32", float: "float32", complex: "complex64"}
    if dtype in python:
        return python[dtype]
    name = getattr(dtype, "name", None) or np.dtype(dtype).name
    if name not in _ABOVE or name in WEAK:
        raise ValueError(f"Invalid dtype: {dtype!r}. Expected one of "
                         f"{sorted(n for n in _ABOVE if n not in WEAK)}.")
    return name


@functools.lru_cache(maxsize=512)
def _least_upper_bound(nodes):
    common = frozenset.intersection(*(_UPPER[n] for n in nodes))
    lowest = [c for c in common if common <= _UPPER[c]]
    if len(lowest) != 1:
        raise ValueError(f"Dtypes {sorted(nodes)} have no common dtype to promote to; cast "
                         f"the inputs to one dtype first.")
    return lowest[0]


def _node(x):
    """The lattice node of an input: Python int and float are weak, arrays and dtypes strong."""
    if x is bool or isinstance(x, bool):
        return "bool"
    if x is int or (isinstance(x, int) and not isinstance(x, np.integer)):
        return "int"
    if x is float or isinstance(x, float) and not isinstance(x, np.floating):
        return "float"
    if isinstance(x, Tensor) or isinstance(x, (np.ndarray, np.generic)):
        return x.dtype.name
    if isinstance(x, (list, tuple)):
        return standardize_dtype(Tensor(np.asarray(x)).dtype) if x else "float"
    return standardize_dtype(x)


def result_type(*inputs):
    """The dtype (a name) of a result computed from ``inputs``: tensors, arrays, dtypes, or
    Python numbers and the types ``int`` and ``float`` (weak)."""
    nodes = frozenset(_node(x) for x in inputs)
    out = _least_upper_bound(nodes)
    if out == "int":
        return "int32"
    if out == "float":
        return config.floatx()
    return out


def float_result_type(*inputs):
    """The dtype of a floating-point result (a square root, a tangent): result_type with a
    weak float added, so float16 stays float16 and integers give ``floatx()``."""
    dtype = result_type(*inputs, float)
    return config.floatx() if dtype.startswith(("int", "uint", "bool")) else dtype


@no_gradient
def dtype(x):
    """The dtype of x as a name, such as 'float32' (Python numbers: Keras's 'int32',
    'float32')."""
    value = x.value if isinstance(x, Tensor) else x
    if isinstance(value, (bool, int, float, complex)) and not isinstance(value, np.generic):
        return standardize_dtype(type(value))
    return standardize_dtype(np.asarray(value).dtype)


def saturate_cast(x, dtype):
    """x clipped to the range of ``dtype``, then cast: out-of-range values become the
    dtype's smallest or largest value instead of wrapping around (as ``cast`` lets them).

    Float to float passes the gradient where x lies inside the range (as clip does)."""
    a, av = unpack(x)
    av = np.asarray(av)
    target = np.dtype(standardize_dtype(dtype))
    if target.kind == "b":
        return Tensor(av.astype(bool))
    info = np.iinfo(target) if target.kind in "iu" else np.finfo(target)
    low, high = info.min, info.max
    if av.dtype.kind == "f" and target.kind in "iu":   # the nearest floats inside the range
        low, high = _inside(low, av.dtype), _inside(high, av.dtype)
    with np.errstate(invalid="ignore", over="ignore"):
        clipped = np.clip(av, low, high) if av.dtype.kind != "b" else av
        out = clipped.astype(target)
    if av.dtype.kind != "f" or target.kind != "f":
        return Tensor(out)
    inside = (av >= low) & (av <= high)
    return record(out, (a,), lambda g: ((g * inside).astype(av.dtype),), "saturate_cast")


def _inside(limit, float_dtype):
    """The integer ``limit`` as a float of ``float_dtype`` that does not pass it: 255 stays
    255.0, but 2³¹ − 1, which float32 rounds up to 2³¹, becomes the float just below."""
    value = np.asarray(limit, float_dtype)
    if abs(float(value)) > abs(limit):
        value = np.nextafter(value, np.asarray(0, float_dtype))
    return value
