"""kerasedu's built-in classes and functions under the names Keras 3 gives them.

Keras writes a built-in object with its public module (``"module": "keras.layers"``,
``"class_name": "Dense"``); kerasedu's classes mirror Keras's, so they are written the same way
and found again from the same names. Classes Keras 3 does not have (listed in
``KERASEDU_ONLY``) are written under ``kerasedu.layers``: Keras cannot load them, and says so.
"""

import inspect

from .. import activations, constraints, initializers, layers, losses, metrics, optimizers
from .. import regularizers
from ..backend.ops.random import SeedGenerator
from ..layer_machinery.keras_operations import operation_classes
from ..layer_machinery.layer import Layer
from ..optimizers import schedules
from ..serialization import register_builtins
from .object_walk import use_model_classes

# Layers that Keras 2 had and Keras 3 removed, and cells Keras 3 keeps private.
KERASEDU_ONLY = ("LocallyConnected1D", "LocallyConnected2D", "ThresholdedReLU", "ConvLSTMCell")


def _classes(namespace, base):
    return {name: obj for name, obj in vars(namespace).items()
            if inspect.isclass(obj) and issubclass(obj, base) and
            obj.__module__.startswith("kerasedu")}


def _loss_functions():
    return {name: obj for name, obj in losses.ALL_OBJECTS.items() if inspect.isfunction(obj)}


def _metric_functions():
    return {name: obj for name, obj in vars(metrics).items() if inspect.isfunction(obj) and
            (name.endswith("accuracy") or name in _loss_functions())}


def keras_layers():
    """{name: class} of the layers that Keras 3 has too, under Keras's names."""
    found = _classes(layers, Layer)
    return {name: cls for name, cls in found.items()
            if name not in KERASEDU_ONLY and cls.__name__ not in KERASEDU_ONLY}


def register():
    """Record every built-in under its Keras module (see kerasedu.serialization)."""
    all_layers = _classes(layers, Layer)
    register_builtins("keras.layers", keras_layers())
    register_builtins("kerasedu.layers", all_layers)
    register_builtins("keras", {"Layer": Layer})
    register_builtins("keras.initializers", _classes(initializers, initializers.Initializer))
    register_builtins("keras.regularizers", _classes(regularizers, regularizers.Regularizer))
    register_builtins("keras.constraints", _classes(constraints, constraints.Constraint))
    register_builtins("keras.optimizers.schedules",
                      _classes(schedules, schedules.LearningRateSchedule))
    register_builtins("keras.optimizers", _classes(optimizers, optimizers.Optimizer))
    register_builtins("keras.losses", {**_classes(losses, losses.Loss), **_loss_functions()})
    register_builtins("keras.metrics", {**_classes(metrics, metrics.Metric),
                                        **_metric_functions()})
    register_builtins("keras.activations", dict(activations.ALL_OBJECTS_DICT))
    register_builtins("keras.random", {"SeedGenerator": SeedGenerator})
    for module, classes in operation_classes().items():
        register_builtins(module, classes)


def register_model_classes(model, functional, sequential):
    """Record the model classes, which :mod:`kerasedu.models` defines on a floor above this
    one and registers here when imported: under Keras's names (``keras.Sequential``,
    ``keras.Model``, and ``Functional`` in Keras's private module), and for the walk of
    :mod:`kerasedu.saving.object_walk`."""
    register_builtins("keras", {"Sequential": sequential, "Model": model})
    register_builtins("keras.src.models.functional", {"Functional": functional})
    use_model_classes(model, functional, sequential)
