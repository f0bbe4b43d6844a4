"""JSON-ready data in Keras 3's format back to objects (see :mod:`kerasedu.serialization`
for the order in which a name is looked up)."""

import difflib
import inspect
import sys

import numpy as np

from ..backend.tensor import Tensor
from .python_functions import load_function, refuse_bytecode_in_safe_mode
from .registry import (UnknownObjectError, builtin, builtins_named, custom_object_scope,
                       get_registered_object, in_safe_mode, record_shared_object,
                       safe_mode_scope, shared_object)


def deserialize_keras_object(config, custom_objects=None, safe_mode=True, module_objects=None,
                             printable_module_name="object"):
    """The object described by ``config``: a name, a serialized dict, a list of them, or
    plain data (returned as it is).

    ``module_objects`` maps the asking module's built-in names to classes or functions; a
    name it does not have raises a ValueError that lists the ones it has.
    """
    if in_safe_mode() is None and safe_mode is False:
        with safe_mode_scope(False):
            return deserialize_keras_object(config, custom_objects, None, module_objects,
                                            printable_module_name)
    if config is None or isinstance(config, (int, float, bool)):
        return config
    if isinstance(config, str):
        if module_objects is None and get_registered_object(config, custom_objects) is None:
            return config
        found = _find(config, config, None, custom_objects, module_objects, "class", bare=True)
        if found is None:
            raise _unknown(config, module_objects, printable_module_name, ValueError)
        return found() if inspect.isclass(found) else found
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(c, custom_objects, safe_mode, module_objects,
                                         printable_module_name) for c in config]
    if not isinstance(config, dict):
        return config
    if "class_name" not in config or "config" not in config:
        if module_objects is not None and "class_name" not in config:
            raise ValueError(
                f"Could not interpret {printable_module_name} {config!r}: expected a name, an "
                f"object, or a dict with 'class_name' and 'config' keys.")
        return {key: deserialize_keras_object(value, custom_objects)
                for key, value in config.items()}
    special = _deserialize_special(config, custom_objects)
    if special is not _NOT_SPECIAL:
        return special
    return _instantiate(config, custom_objects, module_objects, printable_module_name)


_NOT_SPECIAL = object()


def _deserialize_special(config, custom_objects):
    class_name, inner = config["class_name"], config["config"]
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__tensor__":
        return Tensor(np.array(inner["value"], dtype=inner["dtype"]))
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__ellipsis__":
        return Ellipsis
    if class_name == "__slice__":
        return slice(*(deserialize_keras_object(inner[key], custom_objects)
                       for key in ("start", "stop", "step")))
    if class_name == "__lambda__":
        refuse_bytecode_in_safe_mode("a Python lambda")
        return load_function(inner["value"])
    return _NOT_SPECIAL


def _instantiate(config, custom_objects, module_objects, printable_module_name):
    class_name, module = config["class_name"], config.get("module")
    inner = config["config"] if config["config"] is not None else {}
    if class_name == "function":
        found = _find(inner, config.get("registered_name"), module, custom_objects,
                      module_objects, "function")
        if found is None:
            raise _unknown(inner, module_objects, printable_module_name, UnknownObjectError,
                           module)
        return found
    shared = shared_object(config)
    if shared is not None:
        return shared
    cls = _find(class_name, config.get("registered_name") or class_name, module,
                custom_objects, module_objects, "class")
    if cls is None:
        raise _unknown(class_name, module_objects, printable_module_name, UnknownObjectError,
                       module)
    if not inspect.isclass(cls):
        return cls
    with custom_object_scope(custom_objects):
        try:
            obj = cls.from_config(inner) if hasattr(cls, "from_config") else cls(**inner)
        except UnknownObjectError:
            raise
        except TypeError as error:
            raise TypeError(
                f"{cls.__name__} could not be rebuilt from its config: {error}. Its "
                f"from_config(config) must accept what its get_config() returns, and create "
                f"the objects in it (layers, initializers, ...) itself. Config: "
                f"{str(config)[:300]}") from error
        if config.get("build_config") and not getattr(obj, "built", True):
            obj.build_from_config(config["build_config"])
        if config.get("compile_config") and hasattr(obj, "compile_from_config"):
            obj.compile_from_config(config["compile_config"])
    record_shared_object(config, obj)
    return obj


def _find(name, registered_name, module, custom_objects, module_objects, kind, bare=False):
    """The class or function a config names (the order is in the package docstring). A
    ``bare`` name (a string, not a dict) is looked up only in custom objects and
    ``module_objects``."""
    for key in dict.fromkeys([registered_name, name]):
        if isinstance(key, str) and key:
            found = get_registered_object(key, custom_objects)
            if found is not None:
                return found
    if not isinstance(name, str):
        return None
    if bare:
        return (module_objects or {}).get(name)
    if builtin(module, name) is not None:
        return builtin(module, name)
    if module_objects and name in module_objects:
        return module_objects[name]
    package = module.split(".")[0] if module else None
    if kind == "function" or package in (None, "builtins", "keras", "kerasedu"):
        for obj in builtins_named(name):
            if inspect.isclass(obj) == (kind == "class"):
                return obj
    if package in (None, "keras"):
        return None
    found = getattr(sys.modules.get(module), name, None)
    if kind == "class" and inspect.isclass(found) and hasattr(found, "from_config"):
        return found
    return None


def _unknown(name, module_objects, printable_module_name, error_class, module=None):
    if module is not None and module.split(".")[0] == "keras":
        return error_class(
            f"Unknown {printable_module_name}: {name!r} (Keras's {module}.{name}). kerasedu "
            f"does not have it, so it cannot rebuild what uses it; rebuild the model in "
            f"kerasedu without it, or keep using it in Keras.")
    known = sorted(k for k in (module_objects or {}) if not k.startswith("_"))
    close = difflib.get_close_matches(str(name), known, n=3)
    if 0 < len(known) <= 45:         # a short list is shown whole (the 41 initializer names)
        listing = f" Known names: {', '.join(known)}."
    else:
        listing = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return error_class(
        f"Unknown {printable_module_name}: {name!r}.{listing} If this is your own class or "
        f"function, pass custom_objects={{'{name}': {name}}} to the loading function, use "
        f"`with kerasedu.saving.custom_object_scope(...)`, or decorate it with "
        f"@kerasedu.saving.register_keras_serializable().")
