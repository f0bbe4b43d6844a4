"""Keras 2's ``keras.engine.topology`` import path: ``from kerasedu.engine.topology import Layer``."""

from .input_layer import Input, InputLayer  # noqa: F401
from .layer import Layer  # noqa: F401
from .node import Node  # noqa: F401
