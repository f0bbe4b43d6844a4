"""Keras 2's ``keras.utils.generic_utils`` module, kept so older tutorials run unchanged::

    from kerasedu.utils.generic_utils import get_custom_objects
    get_custom_objects()["swish"] = swish      # 'swish' now works as an activation name
"""

from ..serialization import (CustomObjectScope, custom_object_scope, deserialize_keras_object,
                             get_custom_objects, get_registered_name, get_registered_object,
                             register_keras_serializable, serialize_keras_object)
from .progbar import Progbar

__all__ = ["CustomObjectScope", "Progbar", "custom_object_scope", "deserialize_keras_object",
           "get_custom_objects", "get_registered_name", "get_registered_object",
           "register_keras_serializable", "serialize_keras_object"]
