"""Lambda: wrap any function of tensors as a layer.

    Lambda(lambda x: x ** 2)(inputs)
    Lambda(function, output_shape=(8,), arguments={"scale": 2})

``output_shape`` is the shape of one sample (or a function of the input shape); without it the
shape is found by tracing the function. ``arguments`` are passed to the function as keywords.
Saving a Lambda stores the function's bytecode; loading it back needs ``safe_mode=False``,
because loading bytecode runs code from the file.
"""

from ... import serialization
from ...layer_machinery.layer import Layer


class Lambda(Layer):
    """A layer whose call is ``function(inputs, **arguments)``."""

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise ValueError(f"Lambda needs a callable `function`, received {function!r}.")
        self.function = function
        self._output_shape = output_shape
        self.mask = mask
        self.arguments = dict(arguments or {})
        self.supports_masking = mask is not None

    def call(self, inputs, mask=None):
        return self.function(inputs, **self.arguments)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            raise NotImplementedError
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        batch = input_shape[0][0] if isinstance(input_shape, list) else input_shape[0]
        return (batch,) + tuple(self._output_shape)

    def compute_mask(self, inputs, mask=None):
        return self.mask(inputs, mask) if callable(self.mask) else self.mask

    def get_config(self):
        config = {"function": _function_config(self.function)}
        if self._output_shape is not None:
            config["output_shape"] = (_function_config(self._output_shape)
                                      if callable(self._output_shape) else self._output_shape)
        if self.mask is not None:
            config["mask"] = (_function_config(self.mask) if callable(self.mask)
                              else serialization.serialize_keras_object(self.mask))
        config["arguments"] = serialization.serialize_keras_object(self.arguments)
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        """A Lambda from its config. A Python lambda is stored as bytecode, and loading it
        runs code from the config: refused unless ``safe_mode=False`` here or in the loading
        function (or ``enable_unsafe_deserialization()``)."""
        config = dict(config)
        with serialization.safe_mode_scope(safe_mode), \
                serialization.custom_object_scope(custom_objects or {}):
            for key in ("function", "output_shape", "mask"):
                if key in config and (key == "function" or isinstance(config[key], (dict, str))):
                    config[key] = _load_function(config[key])
            if isinstance(config.get("output_shape"), list):
                config["output_shape"] = tuple(config["output_shape"])
            config["arguments"] = serialization.deserialize_keras_object(
                config.get("arguments") or {})
        return super().from_config(config)


def _function_config(function):
    """A function as Keras 3 stores it in a Lambda's config: a Python lambda as its bytecode
    (``__lambda__``), a named function by name (found again through custom_objects or
    registration)."""
    if getattr(function, "__name__", None) == "<lambda>":
        code, defaults, closure = serialization.dump_function(function)
        return {"class_name": "__lambda__",
                "config": {"code": code, "defaults": defaults, "closure": closure}}
    return serialization.serialize_keras_object(function)


def _load_function(stored):
    if isinstance(stored, dict) and stored.get("class_name") == "__lambda__":
        serialization.refuse_bytecode_in_safe_mode("a Lambda layer's Python lambda")
        inner = stored["config"]
        return serialization.load_function(inner["code"], inner.get("defaults"),
                                           inner.get("closure"), globals())
    found = serialization.deserialize_keras_object(stored, printable_module_name="function")
    if isinstance(found, str):
        raise serialization.UnknownObjectError(
            f"Lambda function {found!r} is not known: pass it in custom_objects, or register "
            f"it with @kerasedu.saving.register_keras_serializable().")
    return found
