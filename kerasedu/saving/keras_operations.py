"""Keras 3's operations in functional models, read from Keras files.

A Keras functional model records ``ops`` calls between layers as operations of its graph: the
mask an ``Embedding(mask_zero=True)`` or a ``Masking`` layer passes on (``NotEqual``,
``Any``), and whatever the model's author wrote (``x * 2``, ``x[:, 0]``,
``keras.ops.sum(x, axis=-1)``). Its config names each by class (``"module":
"keras.src.ops.numpy", "class_name": "NotEqual"``), with the operation's own arguments
(``axis``) in the config and the call's in the node (``[x, 0.0]``).

Here each becomes a :class:`KerasOperation`, a layer that applies the kerasedu op of the same
name (``ops.not_equal``) to the call's arguments; it is written back under Keras's name, so
Keras reads it again.
"""

from .. import ops
from ..layer_machinery import nest
from ..layer_machinery.keras_tensor import KerasTensor
from ..layer_machinery.layer import Layer
from ..naming import to_snake_case

# Keras's operations whose kerasedu op has the same name in snake_case, by Keras module.
KERAS_OPERATIONS = {
    "keras.src.ops.numpy": (
        "Abs Absolute Add All Any Arange Argmax Argmin BroadcastTo Ceil Clip Concatenate Cos "
        "Cumsum Divide Dot Equal Exp ExpandDims Expm1 Flip Floor Full GetItem Greater "
        "GreaterEqual Isfinite Isnan Less LessEqual Log Log1p LogicalAnd LogicalNot LogicalOr "
        "Matmul Max Maximum Mean Min Minimum Moveaxis Multiply Ndim Negative NotEqual OnesLike "
        "Pad Power Prod Reciprocal Repeat Reshape Round Sign Sin Split Sqrt Square Squeeze "
        "Stack Std Subtract Sum Swapaxes Take Tanh Tensordot Tile Transpose TrueDivide Var "
        "Where ZerosLike").split(),
    "keras.src.ops.core": ["Cast", "ConvertToTensor", "StopGradient"],
    "keras.src.ops.math": ["Erf", "Logsumexp"],
    "keras.src.ops.nn": (
        "Elu Gelu HardSigmoid HardSilu LeakyRelu LogSoftmax Relu Relu6 Selu Sigmoid Silu "
        "Softmax Softplus Softsign").split(),
}
_OP_NAMES = {"GetItem": "getitem"}


class KerasOperation(Layer):
    """``ops.<op_name>(inputs, *args, **options)`` as a layer of a functional model.

    ``options`` are the operation's own arguments (``axis=-1``); ``args`` come from the call
    (the constant of ``x * 2``, the key of ``x[:, 0]``). No weights.
    """

    op_name = None

    def __init__(self, name=None, **options):
        super().__init__(name=name)
        self.options = options

    def __call__(self, *args, **kwargs):
        if args and not _symbolic(args[0]) and any(_symbolic(arg) for arg in args[1:]):
            raise ValueError(
                f"Keras's {type(self).__name__} operation '{self.name}' has a constant before "
                f"its tensor (as in `2.0 - x`): kerasedu cannot rebuild such an operation yet. "
                f"Write it with the tensor first in Keras (`-(x - 2.0)`), or use a Lambda "
                f"layer.")
        return super().__call__(*args, **kwargs)

    def call(self, inputs, *args):
        if self.op_name == "getitem" and args and isinstance(args[0], list):
            args = (tuple(args[0]),) + args[1:]
        return getattr(ops, self.op_name)(inputs, *args, **self.options)

    def get_config(self):
        return {"name": self.name, **self.options}

    def get_build_config(self):
        """None: an operation has no weights to build (and Keras's has no build step)."""
        return None


def _symbolic(value):
    return any(isinstance(leaf, KerasTensor) for leaf in nest.flatten(value))


def operation_classes():
    """{Keras module: {class name: KerasOperation subclass}} for the operations kerasedu has."""
    found = {}
    for module, class_names in KERAS_OPERATIONS.items():
        for class_name in class_names:
            op_name = _OP_NAMES.get(class_name, to_snake_case(class_name))
            if hasattr(ops, op_name):
                found.setdefault(module, {})[class_name] = type(
                    class_name, (KerasOperation,),
                    {"op_name": op_name, "__module__": __name__,
                     "__doc__": f"Keras's {class_name} operation: ops.{op_name}."})
    return found
