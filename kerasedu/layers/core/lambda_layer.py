"""Lambda: wrap any function of tensors as a layer.

    Lambda(lambda x: x ** 2)(inputs)
    Lambda(function, output_shape=(8,), arguments={"scale": 2})

``output_shape`` is the shape of one sample (or a function of the input shape); without it the
shape is found by tracing the function. ``arguments`` are passed to the function as keywords.
Saving a Lambda stores the function's bytecode; loading it back needs ``safe_mode=False``,
because loading bytecode runs code from the file.
"""

import base64
import marshal
import types

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
        config = {**super().get_config(), "function": _dump_function(self.function),
                  "arguments": self.arguments}
        if self._output_shape is not None:
            config["output_shape"] = (_dump_function(self._output_shape)
                                      if callable(self._output_shape) else self._output_shape)
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["function"] = _load_function(config["function"])
        if isinstance(config.get("output_shape"), dict):
            config["output_shape"] = _load_function(config["output_shape"])
        return super().from_config(config)


def _dump_function(function):
    registered = serialization.get_registered_object(getattr(function, "__name__", ""))
    if registered is function:
        return function.__name__
    code = base64.b64encode(marshal.dumps(function.__code__)).decode("ascii")
    return {"class_name": "__lambda__", "config": {"code": code,
                                                   "defaults": function.__defaults__}}


def _load_function(stored):
    if isinstance(stored, str):
        found = serialization.get_registered_object(stored)
        if found is None:
            raise ValueError(
                f"Lambda function {stored!r} is not registered: pass it in custom_objects.")
        return found
    if not serialization.unsafe_deserialization_allowed():
        raise ValueError(
            "Loading a Lambda layer runs Python bytecode stored in the file, which is unsafe "
            "for files you did not make. If you trust it, load with safe_mode=False.")
    code = marshal.loads(base64.b64decode(stored["config"]["code"]))
    defaults = stored["config"].get("defaults")
    return types.FunctionType(code, globals(), code.co_name,
                              tuple(defaults) if defaults else None)
