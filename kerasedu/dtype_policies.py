"""Dtype policies: the dtypes a layer computes in and keeps its weights in, as Keras 3's
``keras.dtype_policies``.

    layer = layers.Dense(4, dtype="float64")       # or dtype=DTypePolicy("float64")
    layer.dtype_policy        # <DTypePolicy "float64">
    layer.compute_dtype       # 'float64': float inputs are cast to it (autocast)
    layer.variable_dtype      # 'float64': add_weight makes weights of it
    layer.dtype               # the variable dtype, as in Keras 3

A policy named after a dtype uses that dtype for both. The default is ``floatx()``
('float32'). Keras's mixed-precision policies ("mixed_float16", "mixed_bfloat16": float16
computations on float32 weights) speed up GPUs; kerasedu computes with numpy on the CPU, where
float16 is no faster, so it refuses them with a message that says so.
"""

import numpy as np

from .backend import config
from .backend.ops import cast
from .serialization import deserialize_keras_object, register_builtins, serialize_keras_object

MIXED_PRECISION = ("mixed_float16", "mixed_bfloat16")


class DTypePolicy:
    """A layer's compute dtype and variable dtype, both the dtype ``name`` names.

    Args:
        name: a dtype name ("float32", "float64", "int32", ...); None means ``floatx()``.
    """

    def __init__(self, name=None):
        if name is None:
            name = config.floatx()
        if not isinstance(name, str):
            raise TypeError(
                f"'name' must be a string, such as 'float32'. Received: name={name!r} "
                f"(of type {type(name).__name__})")
        self._name = name
        self._compute_dtype = self._variable_dtype = _dtype_of_policy(name)

    @property
    def name(self):
        return self._name

    @property
    def compute_dtype(self):
        """The dtype of the layer's computations: float inputs are cast to it."""
        return self._compute_dtype

    @property
    def variable_dtype(self):
        """The dtype of the layer's weights."""
        return self._variable_dtype

    @property
    def quantization_mode(self):
        """None: kerasedu has no quantized layers."""
        return None

    def convert_input(self, x, autocast, dtype):
        """``x`` cast to ``dtype`` when ``autocast`` is on and ``x`` holds floats."""
        from_dtype = np.dtype(getattr(x, "dtype", np.asarray(x).dtype))
        if autocast and from_dtype.kind == "f" and from_dtype != np.dtype(dtype):
            return x.astype(dtype) if isinstance(x, np.ndarray) else cast(x, dtype)
        return x

    def get_config(self):
        return {"name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __eq__(self, other):
        return type(other) is type(self) and other.name == self.name

    def __hash__(self):
        return hash((type(self), self.name))

    def __repr__(self):
        return f'<DTypePolicy "{self.name}">'


FloatDTypePolicy = DTypePolicy     # Keras 3's older name


def _dtype_of_policy(name):
    if name in MIXED_PRECISION:
        raise ValueError(
            f"kerasedu has no mixed precision (received the dtype policy '{name}'): it "
            f"computes with numpy on the CPU, where float16 is no faster than float32. Use "
            f"'float32' (the default), or 'float64' for gradient checks.")
    if name == "string":         # text inputs: Input(shape=(1,), dtype="string")
        return name
    try:
        return np.dtype(name).name
    except TypeError:
        raise ValueError(
            f"Cannot convert '{name}' to a DTypePolicy. Valid policies are the name of any "
            f"dtype, such as 'float32' or 'float64'.") from None


def get(identifier):
    """A DTypePolicy from None (the default policy), a name, a config dict or a policy."""
    if identifier is None or isinstance(identifier, str):
        return DTypePolicy(identifier)
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, np.dtype) or (isinstance(identifier, type) and
                                            issubclass(identifier, np.generic)):
        return DTypePolicy(np.dtype(identifier).name)
    raise ValueError(
        f"Cannot interpret `dtype` argument. Expected a string, a DTypePolicy or None. "
        f"Received: dtype={identifier!r}")


def serialize(policy):
    """The policy as Keras 3 writes it in a layer's config."""
    return serialize_keras_object(policy)


def deserialize(config, custom_objects=None):
    """A policy from ``serialize``'s dict (Keras 3's ``{"class_name": "DTypePolicy", ...}``)."""
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT,
                                    custom_objects=custom_objects)


ALL_OBJECTS_DICT = {"DTypePolicy": DTypePolicy, "FloatDTypePolicy": DTypePolicy}
register_builtins("keras", {"DTypePolicy": DTypePolicy})
register_builtins("keras.dtype_policies", ALL_OBJECTS_DICT)
