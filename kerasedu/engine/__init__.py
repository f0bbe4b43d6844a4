"""Keras 2's ``keras.engine`` import paths, so that older tutorials run unchanged::

    from kerasedu.engine import Layer, Input, Model, Sequential
    from kerasedu.engine.topology import Layer          # Keras 2.0 - 2.1
    from kerasedu.engine.base_layer import Layer        # Keras 2.2 and later
    from kerasedu.engine.training import Model

The code lives where Keras 3 keeps it: the layer machinery in :mod:`kerasedu.layer_machinery`,
the models in :mod:`kerasedu.models`, the training loop in :mod:`kerasedu.trainers`. These
modules only name it again, on the top floor, since they reach both the layers and the models.
"""

from ..layer_machinery import (Input, InputLayer, InputSpec, KerasTensor, Layer, Node,
                               is_keras_tensor)
from ..models import Functional, Model, Sequential

__all__ = ["Functional", "Input", "InputLayer", "InputSpec", "KerasTensor", "Layer", "Model",
           "Node", "Sequential", "is_keras_tensor"]
