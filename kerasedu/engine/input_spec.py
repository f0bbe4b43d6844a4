"""Keras 2's ``keras.engine.input_spec`` import path."""

from ..layer_machinery.input_spec import InputSpec  # noqa: F401
