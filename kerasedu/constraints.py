"""Constraints: projections that optimizers apply to a weight after each update.

A constraint is called on a weight w (a numpy array, Tensor or Variable) and returns a Tensor of
the same shape. Norms are taken along ``axis`` (0 for a Dense kernel (n_in, n_out): one norm per
output unit; [0, 1, 2] for a Conv2D kernel (kh, kw, c_in, c_out): one norm per filter), with
ε = backend.epsilon() guarding the division:

    NonNeg()                          max(w, 0)
    MaxNorm(max_value=2)              w · clip(‖w‖, 0, max_value) / (ε + ‖w‖)
    UnitNorm()                        w / (ε + ‖w‖)
    MinMaxNorm(min_value=0.0, max_value=1.0, rate=1.0)
                                      w · (rate · clip(‖w‖, min_value, max_value)
                                           + (1 − rate) · ‖w‖) / (ε + ‖w‖)
"""

import inspect

from .backend import config, ops
from .backend.tensor import convert_to_tensor
from .serialization import deserialize_keras_object, serialize_keras_object


class Constraint:
    """Base class: subclasses implement ``__call__(w)``; the base returns w unchanged."""

    def __call__(self, w):
        return w

    def get_config(self):
        """The constructor arguments as a JSON-ready dict."""
        return {}

    @classmethod
    def from_config(cls, config):
        """The constraint that ``config`` (from get_config) describes."""
        return cls(**config)

    def __repr__(self):
        arguments = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({arguments})"


def _norms(w, axis):
    """‖w‖₂ along ``axis``, keeping the reduced axes so that it broadcasts against w."""
    return ops.sqrt(ops.sum(ops.square(w), axis=axis, keepdims=True))


def _float_tensor(w):
    w = convert_to_tensor(w)
    return w if w.dtype.kind == "f" else ops.cast(w, config.floatx())


class MaxNorm(Constraint):
    """Scale down each slice whose norm along ``axis`` exceeds ``max_value``; leave the
    others (almost exactly) as they are."""

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = _float_tensor(w)
        norms = _norms(w, self.axis)
        desired = ops.clip(norms, 0, self.max_value)
        return ops.multiply(w, ops.divide(desired, ops.add(norms, config.epsilon())))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Replace negative values by 0."""

    def __call__(self, w):
        return ops.maximum(_float_tensor(w), 0.0)


class UnitNorm(Constraint):
    """Scale each slice along ``axis`` to norm 1."""

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = _float_tensor(w)
        return ops.divide(w, ops.add(_norms(w, self.axis), config.epsilon()))

    def get_config(self):
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Move each slice's norm along ``axis`` into [min_value, max_value]; ``rate`` < 1 moves it
    only that fraction of the way, so the constraint is enforced gradually."""

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        w = _float_tensor(w)
        norms = _norms(w, self.axis)
        clipped = ops.clip(norms, self.min_value, self.max_value)
        desired = ops.add(ops.multiply(clipped, self.rate), ops.multiply(norms, 1 - self.rate))
        return ops.multiply(w, ops.divide(desired, ops.add(norms, config.epsilon())))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate,
                "axis": self.axis}


max_norm = MaxNorm
non_neg = NonNeg
unit_norm = UnitNorm
min_max_norm = MinMaxNorm

ALL_OBJECTS_DICT = {
    "Constraint": Constraint, "constraint": Constraint,
    "MaxNorm": MaxNorm, "max_norm": MaxNorm, "maxnorm": MaxNorm,
    "NonNeg": NonNeg, "non_neg": NonNeg, "nonneg": NonNeg,
    "UnitNorm": UnitNorm, "unit_norm": UnitNorm, "unitnorm": UnitNorm,
    "MinMaxNorm": MinMaxNorm, "min_max_norm": MinMaxNorm,
}


def serialize(constraint):
    """``{"module": "keras.constraints", "class_name": ..., "config": ..., ...}``."""
    return serialize_keras_object(constraint)


def deserialize(config, custom_objects=None):
    """The constraint described by ``config`` (a name or a serialized dict)."""
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT,
                                    custom_objects=custom_objects,
                                    printable_module_name="constraint")


def get(identifier):
    """The constraint for ``identifier``: None -> None; a name or config dict -> a new
    constraint; a class -> an instance; a function or Constraint -> itself."""
    if identifier is None:
        return None
    found = deserialize(identifier) if isinstance(identifier, (str, dict)) else identifier
    if inspect.isclass(found):
        found = found()
    if callable(found):
        return found
    raise ValueError(
        f"Could not interpret constraint identifier: {identifier!r}. Expected None, a name "
        f"such as 'max_norm', a Constraint, a config dict, or a function of the weight.")
