"""Objects to JSON-ready data in Keras 3's format (see :mod:`kerasedu.serialization`)."""

import types

import numpy as np

from ..backend.tensor import Tensor
from .python_functions import dump_function
from .registry import get_registered_name, public_name


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
    if public_name(cls) is not None:
        module, name = public_name(cls)
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
