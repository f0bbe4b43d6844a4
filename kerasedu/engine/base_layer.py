"""Keras 2's ``keras.engine.base_layer`` import path."""

from ..layer_machinery.input_spec import InputSpec  # noqa: F401
from ..layer_machinery.layer import Layer  # noqa: F401
