"""Objects to plain data and back, in Keras 3's format: what get_config, saving and ``get`` use.

A serialized object is a dict, exactly as Keras 3 writes it::

    {"module": "keras.layers", "class_name": "Dense", "config": {...}, "registered_name": None}

plus ``"build_config": {"input_shape": ...}`` for a built layer and ``"compile_config"`` for a
compiled model. kerasedu's built-in classes are written under Keras's public names
(``keras.layers``, ``keras.initializers``, ...), so the data (and the files made of it) is read by
Keras 3, and Keras's is read by kerasedu. Keras 2's ``{"class_name": ..., "config": ...}`` and the
``kerasedu.*`` module names of kerasedu 0.1 are read as well. A function is written as
``{"module": "builtins", "class_name": "function", "config": "relu", ...}``.

``deserialize_keras_object`` finds a class in this order:

1. ``custom_objects``, the active ``custom_object_scope`` blocks, then the global registry filled
   by ``@register_keras_serializable()`` (under ``"package>Name"``, then the class name);
2. kerasedu's built-ins, by Keras module and class name;
3. the ``module_objects`` of the asking module (``initializers.get`` passes its own), then
   any of kerasedu's built-ins of that name;
4. the class of that name in its ``module``, when that module is already imported (a file never
   makes kerasedu import a module); classes defined in ``__main__`` are written with module
   None, as Keras does, and need ``custom_objects`` or registration.

Stored Python bytecode (a ``lambda`` in a Lambda layer) loads only outside safe mode.
"""

from .deserialize import deserialize_keras_object
from .python_functions import dump_function, load_function, refuse_bytecode_in_safe_mode
from .registry import (CustomObjectScope, UnknownObjectError, custom_object_scope,
                       enable_unsafe_deserialization, get_custom_objects, get_registered_name,
                       get_registered_object, in_safe_mode, object_sharing_scope,
                       register_builtins, register_keras_serializable, register_serializable,
                       safe_mode_scope, unsafe_deserialization_allowed)
from .serialize import serialize_keras_object

__all__ = ["CustomObjectScope", "UnknownObjectError", "custom_object_scope",
           "deserialize_keras_object", "dump_function", "enable_unsafe_deserialization",
           "get_custom_objects", "get_registered_name", "get_registered_object", "in_safe_mode",
           "load_function", "object_sharing_scope", "refuse_bytecode_in_safe_mode",
           "register_builtins", "register_keras_serializable", "register_serializable",
           "safe_mode_scope", "serialize_keras_object", "unsafe_deserialization_allowed"]
