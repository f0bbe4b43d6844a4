"""Keras 2's ``keras.engine.input_layer`` import path."""

from ..layer_machinery.input_layer import Input, InputLayer  # noqa: F401
