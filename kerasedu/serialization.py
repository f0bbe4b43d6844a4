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

import base64
import difflib
import inspect
import marshal
import sys
import types

import numpy as np

from .backend.tensor import Tensor

_CUSTOM_OBJECTS = {}      # "package>Name" -> class or function (get_custom_objects)
_CUSTOM_NAMES = {}        # class or function -> "package>Name"
_SCOPES = []              # dicts of the active custom_object_scope blocks
_SAFE_MODE = [None]       # None: not set (safe); False: stored bytecode may be loaded
_BUILTINS = {}            # Keras module -> {class or function name: object}
_PUBLIC_NAMES = {}        # kerasedu class -> (Keras module, class name)


class UnknownObjectError(TypeError, ValueError):
    """A serialized name that no custom object, registration or built-in provides (a TypeError,
    as in Keras 3, and a ValueError, as kerasedu raised before)."""


# ---------------------------------------------------------------------- registration


def register_keras_serializable(package="Custom", name=None):
    """Class or function decorator: loadable by name, saved as ``"package>Name"``.

        @register_keras_serializable(package="course")
        class MyLayer(Layer): ...
    """
    def decorate(obj):
        registered_name = f"{package}>{name or obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"Cannot register {obj.__name__}: a serializable class needs a get_config() "
                f"method.")
        _CUSTOM_OBJECTS[registered_name] = obj
        _CUSTOM_NAMES[obj] = registered_name
        return obj
    return decorate


register_serializable = register_keras_serializable


def get_registered_name(obj):
    """``"package>Name"`` for a registered class or function, else its own ``__name__``."""
    return _CUSTOM_NAMES.get(obj) or getattr(obj, "__name__", type(obj).__name__)


def get_custom_objects():
    """The global registry, name -> object (adding to it registers objects too)."""
    return _CUSTOM_OBJECTS


class custom_object_scope:
    """``with custom_object_scope({"MyLayer": MyLayer}):`` makes the names loadable inside."""

    def __init__(self, *custom_objects):
        self.objects = {}
        for mapping in custom_objects:
            self.objects.update(mapping or {})

    def __enter__(self):
        _SCOPES.append(self.objects)
        return self

    def __exit__(self, *exc):
        _SCOPES.remove(self.objects)


CustomObjectScope = custom_object_scope


def get_registered_object(name, custom_objects=None, module_objects=None):
    """The object called ``name`` in ``custom_objects``, the active scopes, the registry, then
    ``module_objects``; None when none has it."""
    for source in [custom_objects or {}, *reversed(_SCOPES), _CUSTOM_OBJECTS,
                   module_objects or {}]:
        if name in source:
            return source[name]
    return None


def register_builtins(module, objects):
    """Make ``objects`` ({name: class or function}) the built-ins behind Keras's public
    ``module`` ("keras.layers", ...): they serialize under that module and load from it.
    A module that starts with ``keras.src.`` is private in Keras, which records such classes
    under their class name as ``registered_name``; so is it here."""
    table = _BUILTINS.setdefault(module, {})
    for name, obj in objects.items():
        table[name] = obj
        if inspect.isclass(obj) and obj.__name__ == name:
            _PUBLIC_NAMES.setdefault(obj, (module, name))


# ---------------------------------------------------------------------- safe mode


class safe_mode_scope:
    """``with safe_mode_scope(False):`` allows loading stored Python bytecode inside."""

    def __init__(self, safe_mode=True):
        self.safe_mode = safe_mode

    def __enter__(self):
        _SAFE_MODE.append(None if self.safe_mode is None else bool(self.safe_mode))
        return self

    def __exit__(self, *exc):
        _SAFE_MODE.pop()


def enable_unsafe_deserialization():
    """Allow loading stored Python bytecode for the rest of the session."""
    _SAFE_MODE[:] = [False]


def in_safe_mode():
    """The safe mode set by the innermost scope (None when no scope set one)."""
    return next((mode for mode in reversed(_SAFE_MODE) if mode is not None), None)


def unsafe_deserialization_allowed():
    """True when stored bytecode may be loaded."""
    return in_safe_mode() is False


# ---------------------------------------------------------------------- serializing


def serialize_keras_object(obj):
    """``obj`` as JSON-ready data in Keras 3's format (see the module docstring)."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, (list, tuple)):
        items = [serialize_keras_object(item) for item in obj]
        return tuple(items) if isinstance(obj, tuple) else items
    if isinstance(obj, dict):
        return {key: serialize_keras_object(value) for key, value in obj.items()}
    special = _serialize_special(obj)
    if special is not None:
        return special
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType)):
        return {"module": "builtins", "class_name": "function",
                "config": get_registered_name(obj), "registered_name": "function"}
    if not hasattr(obj, "get_config"):
        raise TypeError(
            f"Cannot serialize {obj!r}: it has no get_config() method. Give its class a "
            f"get_config() that returns its constructor arguments.")
    config = obj.get_config()
    if not isinstance(config, dict):
        raise TypeError(f"The get_config() method of {obj!r} should return a dict. It "
                        f"returned: {config!r}")
    module, class_name, registered_name = _class_reference(type(obj))
    data = {"module": module, "class_name": class_name,
            "config": serialize_keras_object(config), "registered_name": registered_name}
    build_config = obj.get_build_config() if hasattr(obj, "get_build_config") else None
    if build_config is not None:
        data["build_config"] = serialize_keras_object(build_config)
    compile_config = obj.get_compile_config() if hasattr(obj, "get_compile_config") else None
    if compile_config is not None:
        data["compile_config"] = serialize_keras_object(compile_config)
    return data


def _class_reference(cls):
    """(module, class_name, registered_name) written for instances of ``cls``."""
    if cls in _PUBLIC_NAMES:
        module, name = _PUBLIC_NAMES[cls]
        return module, name, name if module.startswith("keras.src.") else None
    module = None if cls.__module__ == "__main__" else cls.__module__
    return module, cls.__name__, get_registered_name(cls)


def _serialize_special(obj):
    """Values that JSON cannot hold, in Keras's tagged form; None for anything else."""
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, slice):
        return {"class_name": "__slice__", "config": {
            "start": serialize_keras_object(obj.start), "stop": serialize_keras_object(obj.stop),
            "step": serialize_keras_object(obj.step)}}
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(obj, Tensor):
        return {"class_name": "__tensor__", "config": {"value": obj.numpy().tolist(),
                                                       "dtype": obj.dtype.name}}
    if isinstance(obj, np.ndarray) and obj.ndim > 0:
        return {"class_name": "__numpy__", "config": {"value": obj.tolist(),
                                                      "dtype": obj.dtype.name}}
    if isinstance(obj, (np.generic, np.ndarray)):
        return obj.item()
    if isinstance(obj, np.dtype):
        return obj.name
    if isinstance(obj, types.LambdaType) and obj.__name__ == "<lambda>":
        return {"class_name": "__lambda__", "config": {"value": dump_function(obj)}}
    return None


def dump_function(function):
    """(code, defaults, closure) of a Python function, as Keras stores a lambda: the code is
    its marshalled bytecode in base64, which only the same Python version can load."""
    code = base64.encodebytes(marshal.dumps(function.__code__)).decode("ascii")
    closure = (tuple(cell.cell_contents for cell in function.__closure__)
               if function.__closure__ else None)
    return code, function.__defaults__, closure


def load_function(code, defaults=None, closure=None, globals_=None):
    """The function that :func:`dump_function` stored. Runs code from the data: callers
    check safe mode first."""
    if isinstance(code, (list, tuple)):
        code, defaults, closure = code
    bytecode = marshal.loads(base64.b64decode(code.encode("ascii")))
    cells = tuple(types.CellType(value) for value in closure) if closure else None
    return types.FunctionType(bytecode, globals_ or {"__builtins__": __builtins__},
                              bytecode.co_name, tuple(defaults) if defaults else None, cells)


def refuse_bytecode_in_safe_mode(what):
    """Raise unless stored bytecode may be loaded."""
    if not unsafe_deserialization_allowed():
        raise ValueError(
            f"Requested the deserialization of {what}, stored as Python bytecode. Loading it "
            f"runs code from the file, so it is refused by default. If you trust the file, "
            f"pass safe_mode=False to the loading function, or call "
            f"kerasedu.saving.enable_unsafe_deserialization().")


# ---------------------------------------------------------------------- deserializing


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
        found = _find(config, config, None, custom_objects, module_objects, "class")
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
    shared = _shared_object(config)
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
    _record_shared_object(config, obj)
    return obj


def _find(name, registered_name, module, custom_objects, module_objects, kind):
    """The class or function a config names (the order is in the module docstring)."""
    for key in dict.fromkeys([registered_name, name]):
        if isinstance(key, str) and key:
            found = get_registered_object(key, custom_objects)
            if found is not None:
                return found
    if not isinstance(name, str):
        return None
    if module in _BUILTINS and name in _BUILTINS[module]:
        return _BUILTINS[module][name]
    if module_objects and name in module_objects:
        return module_objects[name]
    if kind == "function" or module is None or module == "builtins" or \
            module.split(".")[0] in ("keras", "kerasedu"):
        for table in _BUILTINS.values():
            obj = table.get(name)
            if obj is not None and inspect.isclass(obj) == (kind == "class"):
                return obj
    if module is None or module.split(".")[0] == "keras":
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
    if 0 < len(known) <= 40:
        listing = f" Known names: {', '.join(known)}."
    else:
        listing = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return error_class(
        f"Unknown {printable_module_name}: {name!r}.{listing} If this is your own class or "
        f"function, pass custom_objects={{'{name}': {name}}} to the loading function, use "
        f"`with kerasedu.saving.custom_object_scope(...)`, or decorate it with "
        f"@kerasedu.saving.register_keras_serializable().")


# ---------------------------------------------------------------------- shared objects

_SHARED = []   # {shared_object_id: object} of the active object_sharing_scope blocks


class object_sharing_scope:
    """Inside, configs that carry the same ``shared_object_id`` (Keras writes one for an
    object used in several places) load as one object."""

    def __enter__(self):
        _SHARED.append({})
        return self

    def __exit__(self, *exc):
        _SHARED.pop()


def _shared_object(config):
    if _SHARED and "shared_object_id" in config:
        return _SHARED[-1].get(config["shared_object_id"])
    return None


def _record_shared_object(config, obj):
    if _SHARED and "shared_object_id" in config:
        _SHARED[-1][config["shared_object_id"]] = obj
