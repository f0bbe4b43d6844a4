"""Where serialized names are looked up: the registry of custom objects, the active
``custom_object_scope`` blocks, kerasedu's built-ins under Keras's module names, safe mode, and
objects shared inside one load."""

import inspect

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


def public_name(cls):
    """(Keras module, class name) under which instances of a built-in class are written, or
    None for a class that is not one of kerasedu's built-ins."""
    return _PUBLIC_NAMES.get(cls)


def builtin(module, name):
    """The built-in called ``name`` in Keras's ``module``, or None."""
    return _BUILTINS.get(module, {}).get(name)


def builtins_named(name):
    """Every built-in called ``name``, whatever its module."""
    return [table[name] for table in _BUILTINS.values() if name in table]


def register_builtins(module, objects):
    """Make ``objects`` ({name: class or function}) the built-ins behind Keras's public
    ``module`` ("keras.layers", ...): they serialize under that module and load from it.
    A module that starts with ``keras.src.`` is private in Keras, which records such classes
    under their class name as ``registered_name``; so is it here."""
    table = _BUILTINS.setdefault(module, {})
    for name, obj in objects.items():
        table[name] = obj
        # a class is written under its own name, or the other name Keras exports it under
        if inspect.isclass(obj) and name == getattr(obj, "keras_export_name", obj.__name__):
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
    _SAFE_MODE[0] = False


def in_safe_mode():
    """The safe mode set by the innermost scope (None when no scope set one)."""
    return next((mode for mode in reversed(_SAFE_MODE) if mode is not None), None)


def unsafe_deserialization_allowed():
    """True when stored bytecode may be loaded."""
    return in_safe_mode() is False


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


def shared_object(config):
    """The object already loaded for this config's ``shared_object_id``, or None."""
    if _SHARED and "shared_object_id" in config:
        return _SHARED[-1].get(config["shared_object_id"])
    return None


def record_shared_object(config, obj):
    """Remember ``obj`` as the one for this config's ``shared_object_id``."""
    if _SHARED and "shared_object_id" in config:
        _SHARED[-1][config["shared_object_id"]] = obj
