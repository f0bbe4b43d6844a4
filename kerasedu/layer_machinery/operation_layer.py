"""OperationLayer: an op of ``kerasedu.ops`` as a node of the layer graph.

An op called on symbolic tensors cannot compute: they have no values. It is recorded instead
(:mod:`.op_recording`): an OperationLayer for the op is called on the op's symbolic arguments,
and the Node of that call remembers them, so that a functional model runs the op on real
data later, as it runs any layer:

    m = ops.any(ops.not_equal(x, 0.0), axis=-1)   ->  NotEqual()(x, 0.0), then Any(axis=-1)(.)
    y = 2 * x + 1                                 ->  Multiply()(2, x), then Add()(., 1)
    w = x[:, 0]                                   ->  GetItem()(x, (slice(None), 0))

The op's own arguments (``axis=-1``) are the layer's *options*, its config; the arguments it
computes with (tensors, and constants in their place such as the ``0.0`` above) are the
*call's*, written in the node. The outputs' shapes and dtypes are found by running the op on
placeholder values (:func:`~.shape_inference.trace_function_outputs`). As in Keras 3, an
operation has no weights, does not cast its inputs and passes no mask on; ``model.layers``
leaves operations out, while the graph (``summary()``, the config, ``plot_model``) has them.

Ops that Keras 3 has are recorded as the subclasses of :mod:`.keras_operations`, written
under Keras's class names so that Keras reads them; any other op is an OperationLayer naming
its op, which kerasedu reads back and Keras cannot.
"""

import numpy as np

from ..backend import ops
from ..backend.ops.dtypes import standardize_dtype
from ..backend.config import unique_object_name
from ..backend.symbolic_calls import has_symbolic_argument
from .layer import Layer
from .node import Node
from .shape_inference import trace_function_outputs, trace_function_shapes


def op_function(op_name, missing_ok=False):
    """The op of ``kerasedu.ops`` named ``op_name`` (``"cast"``, ``"image.resize"``)."""
    namespace, *path = [ops, *op_name.split(".")]
    for part in path:
        namespace = getattr(namespace, part, None)
    if namespace is None or not callable(namespace) or namespace is ops:
        if missing_ok:
            return None
        raise ValueError(f"kerasedu.ops has no op named {op_name!r}.")
    return namespace


class OperationLayer(Layer):
    """``ops.<op_name>(*call arguments, **options)`` as a layer of the graph."""

    op_name = None
    # For Keras's operations: the names of the op's parameters the call's arguments fill, in
    # order; None for other ops, whose call arguments come first, by position.
    call_parameters = None

    def __init__(self, op_name, name=None, **options):
        if op_name is not None:          # None: a subclass computes otherwise (ComputedMask)
            op_function(op_name)
            name = name or unique_object_name(op_name.split(".")[-1])
        super().__init__(name=name, autocast=False)
        self.op_name = op_name
        self.options = {key: _json_dtype(key, value) for key, value in options.items()}
        self.built = True

    def __call__(self, *args, **kwargs):
        if has_symbolic_argument(args, kwargs):
            return self._record(args, kwargs)
        return self.call(*args, **kwargs)

    def call(self, *args, **kwargs):
        op = op_function(self.op_name)
        if self.call_parameters is None:
            return op(*args, **kwargs, **self.options)
        if len(args) > len(self.call_parameters):
            raise TypeError(
                f"Operation '{self.name}' ({type(self).__name__}) takes the arguments "
                f"{list(self.call_parameters)}; it was called with {len(args)}.")
        return op(**dict(zip(self.call_parameters, args)), **kwargs, **self.options)

    def _record(self, args, kwargs):
        outputs = trace_function_outputs(self.call, args, kwargs)
        Node(self, args[0] if args else None, outputs, kwargs, args[1:])
        return outputs

    def symbolic_output_shapes(self, inputs, kwargs, extra=()):
        return trace_function_shapes(self.call, (inputs, *extra), kwargs)

    def compute_output_spec(self, *args, **kwargs):
        return trace_function_outputs(self.call, args, kwargs)

    def get_config(self):
        return {"name": self.name, "op_name": self.op_name, **self.options}

    def get_build_config(self):
        """None: an operation has nothing to build (and Keras's have no build step)."""
        return None

    @classmethod
    def from_config(cls, config):
        if "constant" in config:            # kerasedu 0.1's, with a layer's base config
            return LegacyOperationLayer(**{k: v for k, v in config.items()
                                           if k not in ("trainable", "dtype")})
        return cls(**config)


class LegacyOperationLayer(OperationLayer):
    """An operation as kerasedu 0.1 saved it: ``op(x, constant)``, ``op(constant, x)``
    (``constant_first``) or, for a list of inputs, ``op(*inputs)``; read from older files."""

    def __init__(self, op_name, constant=None, constant_first=False, name=None):
        super().__init__(op_name, name=name)
        self.constant, self.constant_first = _decode(constant), bool(constant_first)

    def call(self, inputs):
        op = op_function(self.op_name)
        if isinstance(inputs, list):
            return op(*inputs)
        if self.constant is None:
            return op(inputs)
        return op(self.constant, inputs) if self.constant_first else op(inputs, self.constant)

    def get_config(self):
        raise NotImplementedError(
            f"Operation '{self.name}' was read from a file of kerasedu 0.1; call the op again "
            f"on the model's tensors (ops.{self.op_name}) to save the model in today's format.")


def _json_dtype(key, value):
    """A ``dtype`` option as its name (``np.float32`` -> ``"float32"``), as Keras stores it."""
    if key == "dtype" and value is not None and not isinstance(value, str):
        return standardize_dtype(value)
    return value


def _decode(value):
    """kerasedu 0.1's constants: slices, Ellipsis, tuples and arrays were tagged dicts."""
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
