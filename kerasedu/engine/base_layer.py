"""Keras 2's ``keras.engine.base_layer`` import path."""

from .input_spec import InputSpec  # noqa: F401
from .layer import Layer  # noqa: F401
