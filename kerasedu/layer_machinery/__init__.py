"""The layer machinery: Layer, KerasTensor, Input, InputLayer, InputSpec, Node, shape inference."""

from .input_layer import Input, InputLayer
from .input_spec import InputSpec
from .keras_tensor import KerasTensor, is_keras_tensor
from .layer import Layer
from .node import Node
from . import operation_layer as _operation_layer

_operation_layer.install()
