"""Python operators on KerasTensors: ``x = Input(shape=(3,)); y = 2 * x + 1`` builds layers too.

Each operator on a symbolic tensor becomes a call of an :class:`OperationLayer` that applies the
backend op of that name, so the expression is part of the layer graph: a functional model runs
it, ``summary()`` lists it (as ``multiply``, ``add``, ...), and it can be saved.

    y = x * 2      ->  OperationLayer("multiply", constant=2)(x)
    z = x + y      ->  OperationLayer("add")([x, y])
    w = x[:, 0]    ->  OperationLayer("getitem", constant=(slice(None), 0))(x)
"""

import numpy as np

from ..backend import ops
from ..backend.config import unique_object_name
from .keras_tensor import KerasTensor
from .layer import Layer


class OperationLayer(Layer):
    """Apply ``ops.<op_name>`` to the input (and a constant operand, if any)."""

    def __init__(self, op_name, constant=None, constant_first=False, name=None, **kwargs):
        if not hasattr(ops, op_name):
            raise ValueError(f"kerasedu.ops has no op named {op_name!r}.")
        super().__init__(name=name or unique_object_name(op_name), **kwargs)
        self.op_name = op_name
        self.constant = _decode(constant)
        self.constant_first = bool(constant_first)

    def call(self, inputs):
        op = getattr(ops, self.op_name)
        if isinstance(inputs, list):
            return op(*inputs)
        if self.constant is None:
            return op(inputs)
        return op(self.constant, inputs) if self.constant_first else op(inputs, self.constant)

    def get_config(self):
        return {**super().get_config(), "op_name": self.op_name,
                "constant": _encode(self.constant), "constant_first": self.constant_first}


def _encode(value):
    """Constants as JSON data: slices, Ellipsis and arrays get tagged dicts."""
    if isinstance(value, slice):
        return {"slice": [value.start, value.stop, value.step]}
    if value is Ellipsis:
        return {"ellipsis": True}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v) for v in value]}
    if isinstance(value, np.ndarray):
        return {"array": value.tolist(), "dtype": value.dtype.name}
    if isinstance(value, np.generic):
        return value.item()
    return value


def _decode(value):
    if isinstance(value, dict):
        if "slice" in value:
            return slice(*value["slice"])
        if "ellipsis" in value:
            return Ellipsis
        if "tuple" in value:
            return tuple(_decode(v) for v in value["tuple"])
        if "array" in value:
            return np.asarray(value["array"], dtype=value["dtype"])
    return value


def _binary(op_name, reflected=False):
    def operator(self, other):
        if isinstance(other, KerasTensor):
            operands = [other, self] if reflected else [self, other]
            return OperationLayer(op_name)(operands)
        return OperationLayer(op_name, constant=other, constant_first=reflected)(self)
    return operator


def _unary(op_name):
    return lambda self: OperationLayer(op_name)(self)


def install():
    """Give KerasTensor its arithmetic operators and indexing."""
    for dunder, op_name in (("add", "add"), ("sub", "subtract"), ("mul", "multiply"),
                            ("truediv", "divide"), ("matmul", "matmul"), ("pow", "power")):
        setattr(KerasTensor, f"__{dunder}__", _binary(op_name))
        setattr(KerasTensor, f"__r{dunder}__", _binary(op_name, reflected=True))
    KerasTensor.__neg__ = _unary("negative")
    KerasTensor.__abs__ = _unary("abs")
    KerasTensor.__getitem__ = lambda self, key: OperationLayer("getitem", constant=key)(self)
