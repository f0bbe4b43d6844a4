"""Ops and Python operators on KerasTensors become operations of the layer graph.

``kerasedu.ops`` hands every op called on symbolic tensors to :func:`record_op` (registered
with :mod:`kerasedu.backend.symbolic_calls` when the layer machinery is imported), and
KerasTensor's operators (``x * 2``, ``x > 0``, ``~mask``, ``x[:, 0]``) call it directly, as
Keras 3's do. It splits the op's arguments as Keras does and calls an
:class:`~.operation_layer.OperationLayer` on the symbolic ones:

    ops.any(m, -1)            ->  Any(axis=-1, keepdims=False)(m)     options: axis, keepdims
    ops.not_equal(x, 0)       ->  NotEqual()(x, 0)                    the call takes x1, x2
    ops.segment_sum(d, ids)   ->  OperationLayer("segment_sum")(d, ids)   (no Keras class)

For an op Keras has, the call takes the parameters Keras's call takes
(:data:`~.keras_operations.CALL_PARAMETERS`) and every other parameter, its default included,
is an option. For other ops, the call takes the parameters up to the last one that holds a
symbolic tensor, and the options are the rest of the arguments given. ``ops.shape(x)`` and
``ops.dtype(x)`` need no values: they answer from the KerasTensor.
"""

import functools
import inspect

from ..backend.symbolic_calls import has_symbolic_argument, register_recorder
from .keras_operations import operation_class
from .keras_tensor import KerasTensor
from .operation_layer import OperationLayer, op_function

_ANSWERED = {"shape": lambda x: x.shape, "dtype": lambda x: x.dtype}


def record_op(op_name, args, kwargs):
    """The outputs (KerasTensors) of ``ops.<op_name>(*args, **kwargs)``, recorded in the graph
    as an operation called on the symbolic arguments."""
    if op_name in _ANSWERED and len(args) == 1 and isinstance(args[0], KerasTensor) \
            and not kwargs:
        return _ANSWERED[op_name](args[0])
    signature = _signature(op_name)
    bound = signature.bind(*args, **kwargs)        # wrong arguments fail as the op would
    cls = operation_class(op_name)
    if cls is not None:
        split = _keras_split(cls.call_parameters, bound)
        if split is not None:
            call_args, options = split
            return cls(**options)(*call_args)
    call_args, call_kwargs, options = _generic_split(signature, bound)
    return OperationLayer(op_name, **options)(*call_args, **call_kwargs)


@functools.lru_cache(maxsize=None)
def _signature(op_name):
    return inspect.signature(op_function(op_name))


def _keras_split(call_parameters, bound):
    """(call arguments, options) as Keras's operation takes them; None when an option holds a
    symbolic tensor, which a config cannot store."""
    if _has_variable_parameters(bound.signature):
        return None
    values = {name: bound.arguments.get(name, parameter.default)
              for name, parameter in bound.signature.parameters.items()}
    options = {name: value for name, value in values.items() if name not in call_parameters}
    if has_symbolic_argument((), options):
        return None
    return [values[name] for name in call_parameters], options


def _generic_split(signature, bound):
    """(call arguments, call keywords, options) for an op Keras has no class for."""
    parameters = list(signature.parameters.values())
    if _has_variable_parameters(signature):
        symbolic = {k: v for k, v in bound.kwargs.items() if has_symbolic_argument((v,), {})}
        return list(bound.args), symbolic, {k: v for k, v in bound.kwargs.items()
                                            if k not in symbolic}
    given = bound.arguments
    last = max((i for i, p in enumerate(parameters)
                if p.name in given and has_symbolic_argument((given[p.name],), {})),
               default=len(bound.args) - 1)
    call_args = [given.get(p.name, p.default) for p in parameters[:last + 1]]
    options = {p.name: given[p.name] for p in parameters[last + 1:] if p.name in given}
    return call_args, {}, options


def _has_variable_parameters(signature):
    return any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD, p.KEYWORD_ONLY)
               for p in signature.parameters.values())


# ---------------------------------------------------------------------- operators

_BINARY = {"add": "add", "sub": "subtract", "mul": "multiply", "matmul": "matmul",
           "truediv": "true_divide", "pow": "power", "floordiv": "floor_divide", "mod": "mod",
           "and": "logical_and", "or": "logical_or", "xor": "logical_xor"}
_COMPARISONS = {"lt": "less", "le": "less_equal", "gt": "greater", "ge": "greater_equal",
                "ne": "not_equal"}
_UNARY = {"neg": "negative", "abs": "absolute", "invert": "logical_not"}


def _binary(op_name, reflected=False):
    if reflected:
        return lambda self, other: record_op(op_name, (other, self), {})
    return lambda self, other: record_op(op_name, (self, other), {})


def install():
    """Give KerasTensor Keras 3's operators and indexing, and send the ops called on
    KerasTensors here."""
    register_recorder(KerasTensor, record_op)
    for dunder, op_name in _BINARY.items():
        setattr(KerasTensor, f"__{dunder}__", _binary(op_name))
        setattr(KerasTensor, f"__r{dunder}__", _binary(op_name, reflected=True))
    for dunder, op_name in _COMPARISONS.items():
        setattr(KerasTensor, f"__{dunder}__", _binary(op_name))
    for dunder, op_name in _UNARY.items():
        setattr(KerasTensor, f"__{dunder}__",
                lambda self, op_name=op_name: record_op(op_name, (self,), {}))
    KerasTensor.__getitem__ = lambda self, key: record_op("get_item", (self, key), {})
    KerasTensor.__round__ = lambda self, ndigits=None: record_op(
        "round", (self,), {} if ndigits is None else {"decimals": ndigits})
