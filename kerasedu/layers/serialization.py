"""layers.serialize / layers.deserialize: a layer to a dict and back.

``deserialize`` accepts Keras 3's dict (module, class_name, config, registered_name,
build_config) and Keras 2's ``{'class_name': ..., 'config': ...}``; a built layer comes back
built, with new weights of the same shapes.
"""

import inspect

from .. import serialization
from ..engine.layer import Layer


def _known_layers():
    from .. import layers
    from ..engine.functional import Functional
    from ..engine.operation_layer import OperationLayer
    from ..engine.sequential import Sequential
    known = {name: obj for name, obj in vars(layers).items()
             if inspect.isclass(obj) and issubclass(obj, Layer)}
    known.update(Functional=Functional, Model=Functional, Sequential=Sequential,
                 OperationLayer=OperationLayer)
    return known


def serialize(layer):
    """The layer as a JSON-ready dict."""
    return serialization.serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    """A new layer from ``serialize``'s dict (or Keras 2's class_name/config dict)."""
    return serialization.deserialize_keras_object(
        config, module_objects=_known_layers(), custom_objects=custom_objects,
        printable_module_name="layer")


def get(identifier):
    """A layer from a layer, a dict, or a class name."""
    if isinstance(identifier, Layer):
        return identifier
    return deserialize(identifier)
