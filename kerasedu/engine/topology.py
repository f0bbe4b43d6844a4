"""Keras 2's ``keras.engine.topology`` import path: ``from kerasedu.engine.topology import Layer``."""

from ..layer_machinery.input_layer import Input, InputLayer  # noqa: F401
from ..layer_machinery.input_spec import InputSpec  # noqa: F401
from ..layer_machinery.layer import Layer  # noqa: F401
from ..layer_machinery.node import Node  # noqa: F401
