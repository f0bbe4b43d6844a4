"""Turning objects into plain dicts and back: the format behind get_config, saving and ``get``.

A serialized object (Keras 3's format) is::

    {"module": "kerasedu.layers", "class_name": "Dense", "config": {...}, "registered_name": None}

plus ``"build_config": {"input_shape": ...}`` for a built layer. Keras 2's shorter
``{"class_name": "Dense", "config": {...}}`` is read as well. Plain functions (an activation such
as ``relu``) serialize to their name.

Classes that kerasedu does not know (a student's layer) are found through, in order: the
``custom_objects`` argument, an active ``custom_object_scope``, and the global registry filled
by the ``@register_serializable()`` decorator.
"""

import inspect

_REGISTERED = {}        # "package>Name" -> class or function
_SCOPES = []            # dicts from active custom_object_scope blocks
_SAFE_MODE = [True]     # loading Python bytecode (Lambda layers) is refused unless turned off


class safe_mode_scope:
    """``with safe_mode_scope(False):`` allows loading stored Python bytecode inside."""

    def __init__(self, safe_mode=True):
        self.safe_mode = True if safe_mode is None else bool(safe_mode)

    def __enter__(self):
        _SAFE_MODE.append(self.safe_mode)
        return self

    def __exit__(self, *exc):
        _SAFE_MODE.pop()


def enable_unsafe_deserialization():
    """Allow loading stored Python bytecode for the rest of the session."""
    _SAFE_MODE[0] = False
    del _SAFE_MODE[1:]


def unsafe_deserialization_allowed():
    """True when stored bytecode may be loaded."""
    return not _SAFE_MODE[-1]


def register_serializable(package="Custom", name=None):
    """Class decorator: make a custom class loadable by name, as ``"package>Name"``.

        @register_serializable(package="course")
        class MyLayer(Layer): ...
    """
    def decorate(obj):
        registered_name = f"{package}>{name or obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"Cannot register {obj.__name__}: a serializable class needs a get_config() "
                f"method.")
        _REGISTERED[registered_name] = obj
        obj._registered_name = registered_name
        return obj
    return decorate


register_keras_serializable = register_serializable


def get_registered_name(obj):
    """``"package>Name"`` for a registered class or function, else its own name."""
    return getattr(obj, "_registered_name", None) or getattr(obj, "__name__", type(obj).__name__)


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


def get_custom_objects():
    """The global registry, name -> object (changes to it register objects too)."""
    return _REGISTERED


def get_registered_object(name, custom_objects=None, module_objects=None):
    """The object called ``name``, looked up in the order given in the module docstring,
    then in ``module_objects`` (the built-ins of the asking module). None when unknown."""
    for source in [custom_objects or {}, *reversed(_SCOPES), _REGISTERED, module_objects or {}]:
        if name in source:
            return source[name]
    return None


def serialize_keras_object(obj, module=None):
    """``obj`` as JSON-ready data: None, a name for functions, a dict for configurable objects."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(o) for o in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return get_registered_name(obj) if hasattr(obj, "_registered_name") else obj.__name__
    if not hasattr(obj, "get_config"):
        raise TypeError(
            f"Cannot serialize {obj!r}: it has no get_config() method. Give its class a "
            f"get_config() that returns its constructor arguments.")
    registered = getattr(type(obj), "_registered_name", None)
    data = {
        "module": module or type(obj).__module__.rsplit(".", 1)[0],
        "class_name": type(obj).__name__,
        "config": obj.get_config(),
        "registered_name": registered,
    }
    if getattr(obj, "built", False) and hasattr(obj, "get_build_config"):
        build_config = obj.get_build_config()
        if build_config is not None:
            data["build_config"] = build_config
    return data


def deserialize_keras_object(config, module_objects=None, custom_objects=None,
                             printable_module_name="object"):
    """The object described by ``config``: a name, a dict in either format, or the object.

    ``module_objects`` maps the asking module's built-in names to classes or functions.
    Unknown names raise a ValueError that lists the known ones and explains custom_objects.
    """
    if config is None or callable(config) and not isinstance(config, dict):
        return config
    if isinstance(config, str):
        found = get_registered_object(config, custom_objects, module_objects)
        if found is None:
            raise _unknown(config, module_objects, printable_module_name)
        return found() if inspect.isclass(found) else found
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"Could not interpret {printable_module_name} {config!r}: expected a name, an "
            f"object, or a dict with 'class_name' and 'config' keys.")
    name = config.get("registered_name") or config["class_name"]
    cls = (get_registered_object(name, custom_objects, module_objects)
           or get_registered_object(config["class_name"], custom_objects, module_objects))
    if cls is None:
        raise _unknown(config["class_name"], module_objects, printable_module_name)
    inner = config.get("config", {})
    if not inspect.isclass(cls):
        return cls
    with custom_object_scope(custom_objects):
        obj = cls.from_config(inner) if hasattr(cls, "from_config") else cls(**inner)
    if config.get("build_config") and hasattr(obj, "build_from_config"):
        obj.build_from_config(config["build_config"])
    return obj


def _unknown(name, module_objects, printable_module_name):
    known = sorted(k for k in (module_objects or {}) if not k.startswith("_"))
    return ValueError(
        f"Unknown {printable_module_name}: {name!r}. Known names: {', '.join(known)}. If this "
        f"is your own class or function, pass custom_objects={{'{name}': {name}}} or decorate "
        f"it with @kerasedu.saving.register_serializable().")
