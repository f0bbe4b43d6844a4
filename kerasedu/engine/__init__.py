"""The Keras machinery: Layer, KerasTensor, Input, Node, functional Model, Sequential, summary."""

from .input_layer import Input, InputLayer
from .input_spec import InputSpec
from .keras_tensor import KerasTensor, is_keras_tensor
from .layer import Layer
from .model import Model
from .functional import Functional
from .sequential import Sequential
from . import operation_layer as _operation_layer

_operation_layer.install()
