"""Optimizers: rules that turn gradients into weight updates.

    from kerasedu import optimizers
    opt = optimizers.Adam(learning_rate=1e-3)        # or optimizers.get("adam")
    opt.apply(grads, variables)                      # one step (grads: numpy arrays)
    opt.learning_rate = 1e-4                         # change it between steps
    optimizers.Adam(learning_rate=optimizers.schedules.ExponentialDecay(1e-3, 1000, 0.9))

See :mod:`kerasedu.optimizers.optimizer` for what one step does and how state is saved.
"""

from ..serialization import deserialize_keras_object, serialize_keras_object
from . import schedules
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .clipping import clip_by_global_norm, clip_by_norm, clip_by_value, global_norm
from .nadam import Nadam
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

ALL_OBJECTS = {cls.__name__.lower(): cls
               for cls in (Optimizer, SGD, RMSprop, Adam, AdamW, Adagrad, Adadelta, Adamax,
                           Nadam)}


def serialize(optimizer):
    """An optimizer as a config dict (its state is not included)."""
    return serialize_keras_object(optimizer)


def deserialize(config, custom_objects=None):
    """The optimizer described by ``config``, a name ('adam', 'Adam') or a dict."""
    if isinstance(config, str):
        config = {"class_name": config, "config": {}}
    if isinstance(config, dict) and str(config.get("class_name", "")).lower() in ALL_OBJECTS:
        config = {**config, "class_name": config["class_name"].lower()}
        if config.get("registered_name"):
            config["registered_name"] = None
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS,
                                    custom_objects=custom_objects,
                                    printable_module_name="optimizer")


def get(identifier):
    """An optimizer from a name ('sgd', 'Adam'), a config dict, or an Optimizer (returned as is).

    None gives None.
    """
    if identifier is None:
        return None
    found = deserialize(identifier) if isinstance(identifier, (str, dict)) else identifier
    if isinstance(found, Optimizer):
        return found
    raise ValueError(
        f"Could not interpret optimizer identifier: {identifier!r}. Pass a name such as "
        f"'adam' or an optimizer instance such as kerasedu.optimizers.Adam(1e-3).")
