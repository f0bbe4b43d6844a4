"""Saving and loading models, weights and custom objects, in Keras 3's formats.

    model.save("model.keras")                       # everything: architecture, weights,
    model = kerasedu.saving.load_model("model.keras")   # compile arguments, optimizer state
    model.save_weights("model.weights.h5")          # weights + optimizer state only
    model.load_weights("model.weights.h5")
    text = model.to_json(); kerasedu.models.model_from_json(text)   # architecture only

The files are Keras 3's: a ``.keras`` or ``.weights.h5`` file saved here opens in Keras 3, and
one saved by Keras 3 opens here. Your own layers, losses and metrics load by name: pass
``custom_objects={'MyLayer': MyLayer}``, use ``with custom_object_scope({...}):``, or decorate
the class with ``@register_keras_serializable()``.
"""

from ..serialization import (CustomObjectScope, UnknownObjectError, custom_object_scope,
                             deserialize_keras_object, enable_unsafe_deserialization,
                             get_custom_objects, get_registered_name, get_registered_object,
                             register_keras_serializable, register_serializable,
                             safe_mode_scope, serialize_keras_object)
from . import builtin_objects
from .builtin_objects import register_model_classes
from .file_io import SaveError
from .saving_lib import (WeightsFileError, deserialize_model, load_model, load_weights,
                         model_from_json, model_to_json, save_model, save_weights,
                         serialize_model)

builtin_objects.register()

__all__ = ["CustomObjectScope", "SaveError", "UnknownObjectError", "WeightsFileError",
           "custom_object_scope", "deserialize_keras_object", "deserialize_model",
           "enable_unsafe_deserialization", "get_custom_objects", "get_registered_name",
           "get_registered_object", "load_model", "load_weights", "model_from_json",
           "model_to_json", "register_keras_serializable", "register_model_classes",
           "register_serializable",
           "safe_mode_scope", "save_model", "save_weights", "serialize_keras_object",
           "serialize_model"]
