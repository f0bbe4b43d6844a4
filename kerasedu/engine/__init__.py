"""Keras 2's ``keras.engine`` import paths."""

from ..layer_machinery import Input, InputLayer, InputSpec, KerasTensor, Layer, is_keras_tensor
from ..models import Functional, Model, Sequential
