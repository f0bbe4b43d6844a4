"""Initializers: the first values of a layer's weights.

An initializer is called with a shape (and optionally a dtype) and returns a numpy array::

    from kerasedu import initializers
    init = initializers.get("glorot_uniform")     # GlorotUniform()
    kernel = init((784, 10))                      # shape (784, 10), float32

Layers take any of: an Initializer, a name ("zeros", "he_normal", "GlorotUniform", ...), a config
dict, a function ``f(shape, dtype=None)``, or a fixed array of the weight's exact shape.
Lower-case names (``initializers.glorot_uniform``) are the classes themselves, as in Keras.
"""

import inspect
import numbers

import numpy as np

from ..backend.tensor import Tensor
from ..serialization import deserialize_keras_object, serialize_keras_object
from .constant_initializers import Constant, Identity, Ones, Zeros
from .initializer import Initializer
from .stft import STFT
from .random_initializers import (Orthogonal, RandomInitializer, RandomNormal, RandomUniform,
                                  TruncatedNormal)
from .variance_scaling import (GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal,
                               LecunUniform, VarianceScaling, compute_fans)

constant = Constant
identity = Identity
ones = Ones
zeros = Zeros
glorot_normal = GlorotNormal
glorot_uniform = GlorotUniform
he_normal = HeNormal
he_uniform = HeUniform
lecun_normal = LecunNormal
lecun_uniform = LecunUniform
orthogonal = Orthogonal
random_normal = RandomNormal
random_uniform = RandomUniform
truncated_normal = TruncatedNormal
variance_scaling = VarianceScaling

IdentityInitializer = Identity
OrthogonalInitializer = Orthogonal
STFTInitializer = STFT
stft = STFT

ALL_OBJECTS_DICT = {
    "Initializer": Initializer, "initializer": Initializer,
    "Constant": Constant, "constant": Constant,
    "Identity": Identity, "identity": Identity, "IdentityInitializer": Identity,
    "Ones": Ones, "ones": Ones, "one": Ones,
    "Zeros": Zeros, "zeros": Zeros, "zero": Zeros,
    "GlorotNormal": GlorotNormal, "glorot_normal": GlorotNormal,
    "GlorotUniform": GlorotUniform, "glorot_uniform": GlorotUniform,
    "HeNormal": HeNormal, "he_normal": HeNormal,
    "HeUniform": HeUniform, "he_uniform": HeUniform,
    "LecunNormal": LecunNormal, "lecun_normal": LecunNormal,
    "LecunUniform": LecunUniform, "lecun_uniform": LecunUniform,
    "Orthogonal": Orthogonal, "orthogonal": Orthogonal, "OrthogonalInitializer": Orthogonal,
    "RandomNormal": RandomNormal, "random_normal": RandomNormal, "normal": RandomNormal,
    "RandomUniform": RandomUniform, "random_uniform": RandomUniform, "uniform": RandomUniform,
    "TruncatedNormal": TruncatedNormal, "truncated_normal": TruncatedNormal,
    "VarianceScaling": VarianceScaling, "variance_scaling": VarianceScaling,
    "STFT": STFT, "stft": STFT, "STFTInitializer": STFT,
}


def serialize(initializer):
    """``{"module": "keras.initializers", "class_name": ..., "config": ...,
    "registered_name": ...}``."""
    return serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    """The initializer described by ``config`` (a name or a serialized dict)."""
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT,
                                    custom_objects=custom_objects,
                                    printable_module_name="initializer")


def initial_value(initializer, shape, dtype, owner):
    """The first value of a metric's or an optimizer's state variable (``owner`` names which,
    for the error): ``initializer`` is None or "zeros", "ones", a number, or a callable
    ``initializer(shape, dtype=dtype)``; the result is a numpy array of ``shape`` and ``dtype``."""
    if initializer is None or initializer == "zeros":
        return np.zeros(shape, dtype)
    if initializer == "ones":
        return np.ones(shape, dtype)
    if isinstance(initializer, numbers.Number):
        return np.full(shape, initializer, dtype)
    if callable(initializer):
        value = initializer(shape, dtype=dtype)
        return np.asarray(getattr(value, "value", value), dtype)
    raise ValueError(
        f"Unknown {owner} variable initializer {initializer!r}: use 'zeros', 'ones', a number "
        f"or a callable initializer(shape, dtype).")


def get(identifier):
    """The initializer for ``identifier``: None -> None; a name or config dict -> a new
    initializer; a class -> an instance; an array -> a function returning it (the shape must
    match); any other callable -> itself."""
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        found = deserialize(identifier)
    elif isinstance(identifier, (Tensor, np.ndarray, np.generic)):
        found = _fixed_values(np.asarray(getattr(identifier, "value", identifier)))
    else:
        found = identifier
    if inspect.isclass(found):
        found = found()
    if callable(found):
        return found
    raise ValueError(
        f"Could not interpret initializer identifier: {identifier!r}. Expected None, a name "
        f"such as 'glorot_uniform', an Initializer, a config dict, a function "
        f"f(shape, dtype=None), or an array.")


def _fixed_values(values):
    def initialize_fn(shape, dtype=None):
        if tuple(shape) != values.shape:
            raise ValueError(
                f"The initial values given have shape {values.shape}, but the weight has shape "
                f"{tuple(shape)}. Pass an array of shape {tuple(shape)}.")
        return values.astype(dtype or values.dtype)
    return initialize_fn


__all__ = [
    "Initializer", "RandomInitializer", "Constant", "Identity", "Ones", "Zeros",
    "RandomNormal", "RandomUniform", "TruncatedNormal", "Orthogonal", "VarianceScaling",
    "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "LecunNormal", "LecunUniform",
    "compute_fans", "get", "serialize", "deserialize",
    "constant", "identity", "ones", "zeros", "glorot_normal", "glorot_uniform", "he_normal",
    "he_uniform", "lecun_normal", "lecun_uniform", "orthogonal", "random_normal",
    "random_uniform", "truncated_normal", "variance_scaling",
    "IdentityInitializer", "OrthogonalInitializer",
]
