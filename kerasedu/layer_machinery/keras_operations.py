"""Keras 3's operations: the ops a graph records, under the class names Keras gives them.

Keras 3 records an op called on symbolic tensors as an instance of a class named after the op
(``ops.not_equal`` -> ``NotEqual``, ``ops.cast`` -> ``Cast``), and splits the op's arguments
in two: the tensors it computes with are the *call's* arguments, written in the graph's node
(``[x, 0]`` for ``not_equal(x, 0)``); the others are the operation's *options*, written in its
config (``{"axis": -1, "keepdims": false}`` for ``any(x, axis=-1)``). kerasedu's ops take the
same arguments under the same names, so each class here is an
:class:`~kerasedu.layer_machinery.operation_layer.OperationLayer` that knows its op and which
of the op's parameters are the call's (:data:`CALL_PARAMETERS`, as Keras 3.15 has them): a
graph made by kerasedu is written as Keras writes it, and Keras's files read back.

    KERAS_OPERATIONS["keras.src.ops.numpy"]     -> "Abs Absolute Add All Any ..."
    operation_class("not_equal")                -> NotEqual, with call_parameters ("x1", "x2")
"""

from ..naming import to_snake_case
from .operation_layer import OperationLayer, op_function

# Keras's operations whose kerasedu op has the same name in snake_case, by Keras module.
KERAS_OPERATIONS = {
    "keras.src.ops.numpy": (
        "Abs Absolute Add All Amax Amin Any Arange Arccos Arcsin Arctan Arctan2 Argmax Argmin "
        "Argsort BroadcastTo Ceil Clip Concatenate Cos Cosh CountNonzero Cumprod Cumsum Divide "
        "DivideNoNan Dot Equal Exp Exp2 ExpandDims Expm1 Flip Floor FloorDivide Full GetItem "
        "Greater GreaterEqual Hstack Hypot Isfinite Isinf Isnan Less LessEqual Log Log10 Log1p "
        "Log2 LogicalAnd LogicalNot LogicalOr LogicalXor Matmul Max Maximum Mean Min Minimum "
        "Mod Moveaxis Multiply Ndim Negative NotEqual OnesLike Outer Pad Power Prod Ravel "
        "Reciprocal Repeat Reshape Roll Round Sign Sin Sinh Sort Split Sqrt Square Squeeze "
        "Stack Std Subtract Sum Swapaxes Take Tan Tanh Tensordot Tile Transpose Tril Triu "
        "TrueDivide Trunc Var Vstack Where ZerosLike").split(),
    "keras.src.ops.core": ["Cast", "ConvertToTensor", "StopGradient", "Unstack"],
    "keras.src.ops.math": ["Erf", "Erfinv", "InTopK", "Logsumexp", "Rsqrt", "TopK"],
    "keras.src.ops.nn": (
        "Celu Elu Gelu Glu HardShrink HardSigmoid HardSilu HardTanh LeakyRelu LogSigmoid "
        "LogSoftmax OneHot Relu Relu6 Selu Sigmoid Silu SoftShrink Softmax Softplus Softsign "
        "SparsePlus SparseSigmoid Sparsemax Squareplus TanhShrink Threshold").split(),
}

# The parameters each operation's call takes, where they are not just ``x`` (Keras 3.15's
# ``call`` signatures); the op's other parameters are the operation's options.
CALL_PARAMETERS = {
    **dict.fromkeys(
        "Add Arctan2 Divide DivideNoNan Dot Equal FloorDivide Greater GreaterEqual Hypot Less "
        "LessEqual LogicalAnd LogicalOr LogicalXor Matmul Maximum Minimum Mod Multiply "
        "NotEqual Outer Power Subtract Tensordot TrueDivide".split(), ("x1", "x2")),
    **dict.fromkeys(["Concatenate", "Hstack", "Vstack"], ("xs",)),
    "Arange": ("start", "stop", "step"),
    "Full": ("fill_value",),
    "GetItem": ("x", "key"),
    "InTopK": ("targets", "predictions"),
    "Pad": ("x", "constant_values"),
    "StopGradient": ("variable",),
    "Take": ("x", "indices"),
    "Where": ("condition", "x1", "x2"),
}


class KerasOperation(OperationLayer):
    """An operation Keras 3 has: written under Keras's module and class name, with the
    operation's options as its config and the call's arguments in the node."""

    def __init__(self, name=None, **options):
        super().__init__(self.op_name, name=name, **options)

    def call(self, *args, **kwargs):
        if self.op_name == "get_item" and len(args) > 1 and isinstance(args[1], list):
            args = (args[0], tuple(args[1]), *args[2:])     # a key read back from JSON
        return super().call(*args, **kwargs)

    def get_config(self):
        return {"name": self.name, **self.options}


def _make_classes():
    classes, by_op = {}, {}
    for module, class_names in KERAS_OPERATIONS.items():
        for class_name in class_names:
            op_name = to_snake_case(class_name)
            if op_function(op_name, missing_ok=True) is None:
                continue
            cls = type(class_name, (KerasOperation,), {
                "op_name": op_name, "call_parameters": CALL_PARAMETERS.get(class_name, ("x",)),
                "__module__": __name__,
                "__doc__": f"Keras's {class_name} operation: ops.{op_name}."})
            classes.setdefault(module, {})[class_name] = cls
            by_op[op_name] = cls
    return classes, by_op


_CLASSES, _BY_OP = _make_classes()


def operation_classes():
    """{Keras module: {class name: class}} of the operations kerasedu has (to register them
    under Keras's names for saving and loading)."""
    return {module: dict(classes) for module, classes in _CLASSES.items()}


def operation_class(op_name):
    """The Keras operation class of the kerasedu op ``op_name`` (``"not_equal"``), or None."""
    return _BY_OP.get(op_name)
