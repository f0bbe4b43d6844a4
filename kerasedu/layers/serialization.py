"""layers.serialize / layers.deserialize: a layer to a dict and back.

``deserialize`` accepts Keras 3's dict (module, class_name, config, registered_name,
build_config) and Keras 2's ``{'class_name': ..., 'config': ...}``; a built layer comes back
built, with new weights of the same shapes.

Classes are found by name in a registry that the packages defining them fill when they are
imported: ``kerasedu.layers`` registers every layer it exports, ``kerasedu.models`` its models
(``Functional`` also under Keras 2's name ``Model``, and ``Sequential``). So a wrapper layer can
rebuild the layer inside it, and a saved model its sublayers, without this module importing
the floors above it. Your own classes are found through ``custom_objects``,
``custom_object_scope`` or ``@register_serializable()``.
"""

import inspect

from .. import serialization
from ..layer_machinery.layer import Layer
from ..layer_machinery.operation_layer import OperationLayer

_LAYER_CLASSES = {"OperationLayer": OperationLayer}


def register_layer_classes(classes):
    """Make the Layer classes among ``classes`` ({name: object}) loadable under those names."""
    _LAYER_CLASSES.update({name: obj for name, obj in classes.items()
                           if inspect.isclass(obj) and issubclass(obj, Layer)})


def serialize(layer):
    """The layer as a JSON-ready dict."""
    return serialization.serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    """A new layer from ``serialize``'s dict (or Keras 2's class_name/config dict)."""
    return serialization.deserialize_keras_object(
        config, module_objects=_LAYER_CLASSES, custom_objects=custom_objects,
        printable_module_name="layer")


def get(identifier):
    """A layer from a layer, a dict, or a class name."""
    if isinstance(identifier, Layer):
        return identifier
    return deserialize(identifier)
