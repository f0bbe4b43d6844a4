"""Saving and loading models, weights and custom objects.

    model.save("model.keras")                       # everything: architecture, weights,
    model = kerasedu.saving.load_model("model.keras")   # compile arguments, optimizer state
    model.save_weights("model.weights.npz")         # weights + optimizer state only
    model.load_weights("model.weights.npz")
    text = model.to_json(); kerasedu.models.model_from_json(text)   # architecture only

Your own layers, losses and metrics load by name: pass ``custom_objects={'MyLayer': MyLayer}``,
use ``with custom_object_scope({...}):``, or decorate the class with
``@register_serializable()`` (also called ``register_keras_serializable``).
"""

from ..serialization import (CustomObjectScope, custom_object_scope,
                             deserialize_keras_object, enable_unsafe_deserialization,
                             get_custom_objects, get_registered_name, get_registered_object,
                             register_keras_serializable, register_serializable,
                             safe_mode_scope, serialize_keras_object)
from . import builtin_objects
from .saving_lib import (WeightsFileError, deserialize_model, load_model, load_weights,
                         model_from_json, model_to_json, save_model, save_weights,
                         serialize_model)

builtin_objects.register()

__all__ = ["CustomObjectScope", "WeightsFileError", "custom_object_scope",
           "deserialize_keras_object", "deserialize_model", "enable_unsafe_deserialization",
           "get_custom_objects", "get_registered_name", "get_registered_object", "load_model",
           "load_weights", "model_from_json", "model_to_json", "register_keras_serializable",
           "register_serializable", "safe_mode_scope", "save_model", "save_weights",
           "serialize_keras_object", "serialize_model"]
