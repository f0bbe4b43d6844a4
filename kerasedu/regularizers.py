"""Regularizers: penalties on a weight (or a layer's output) that are added to the loss.

A regularizer is called on a tensor x of any shape and returns a scalar Tensor built from
backend ops, so its gradient reaches the weight during training:

    L1(l1)          l1 · Σ|x|                       (default l1 = 0.01)
    L2(l2)          l2 · Σx²                        (default l2 = 0.01)
    L1L2(l1, l2)    l1 · Σ|x| + l2 · Σx²            (defaults 0.0 and 0.0)
    OrthogonalRegularizer(factor, mode)
                    factor · mean over pairs i < j of |⟨vᵢ, vⱼ⟩|, where the vᵢ are the rows
                    (mode="rows") or columns of a 2-D x, scaled to unit length

The string names follow Keras 3 ("l1", "l2", "l1l2", "L1L2", "orthogonal_regularizer", ...);
Keras 2's "l1_l2" means L1L2(l1=0.01, l2=0.01).
"""

import inspect
import math
import numbers

from .backend import config, ops
from .backend.tensor import convert_to_tensor
from .serialization import deserialize_keras_object, serialize_keras_object


class Regularizer:
    """Base class: subclasses implement ``__call__(x) -> scalar Tensor`` and ``get_config()``."""

    def __call__(self, x):
        return ops.zeros((), dtype=convert_to_tensor(x).dtype)

    def get_config(self):
        raise NotImplementedError(
            f"{type(self).__name__} must implement get_config(), returning its constructor "
            f"arguments as a dict, to be saved and loaded.")

    @classmethod
    def from_config(cls, config):
        """The regularizer that ``config`` (from get_config) describes."""
        return cls(**config)

    def __repr__(self):
        try:
            config = self.get_config()
        except NotImplementedError:
            return object.__repr__(self)
        arguments = ", ".join(f"{k}={v!r}" for k, v in config.items())
        return f"{type(self).__name__}({arguments})"


def _penalty_factor(value, name):
    """``value`` as a float, checked to be finite and non-negative."""
    if (not isinstance(value, numbers.Real) or isinstance(value, bool)
            or not math.isfinite(value) or value < 0):
        raise ValueError(
            f"Invalid value for argument {name}: expected a non-negative float. "
            f"Received: {name}={value!r}")
    return float(value)


def _l1_term(factor, x):
    return ops.multiply(ops.sum(ops.abs(x)), factor)


def _l2_term(factor, x):
    return ops.multiply(ops.sum(ops.square(x)), factor)


class L1(Regularizer):
    """l1 · Σ|x|: pushes weights to exactly zero (sparse weights)."""

    def __init__(self, l1=0.01):
        self.l1 = _penalty_factor(0.01 if l1 is None else l1, "l1")

    def __call__(self, x):
        return _l1_term(self.l1, convert_to_tensor(x))

    def get_config(self):
        return {"l1": self.l1}


class L2(Regularizer):
    """l2 · Σx²: weight decay, pulls weights towards zero in proportion to their size."""

    def __init__(self, l2=0.01):
        self.l2 = _penalty_factor(0.01 if l2 is None else l2, "l2")

    def __call__(self, x):
        return _l2_term(self.l2, convert_to_tensor(x))

    def get_config(self):
        return {"l2": self.l2}


class L1L2(Regularizer):
    """l1 · Σ|x| + l2 · Σx² (both factors default to 0.0)."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _penalty_factor(0.0 if l1 is None else l1, "l1")
        self.l2 = _penalty_factor(0.0 if l2 is None else l2, "l2")

    def __call__(self, x):
        x = convert_to_tensor(x)
        penalty = ops.zeros((), dtype=x.dtype)
        if self.l1:
            penalty = ops.add(penalty, _l1_term(self.l1, x))
        if self.l2:
            penalty = ops.add(penalty, _l2_term(self.l2, x))
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """factor · mean |cosine| between distinct rows (or columns) of a 2-D weight.

    With vᵢ the rows (mode="rows") or columns divided by max(‖vᵢ‖, ε) and P the matrix of their
    dot products, the penalty is factor · Σ_{i≠j} |Pᵢⱼ| / 2 / (n(n−1)/2) = factor · (the mean
    over the n(n−1)/2 pairs). It is 0 exactly when the vectors are orthogonal.
    """

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = _penalty_factor(factor, "factor")
        if mode not in ("rows", "columns"):
            raise ValueError(
                f"OrthogonalRegularizer's `mode` must be 'rows' or 'columns'; received "
                f"mode={mode!r}.")
        self.mode = mode

    def __call__(self, x):
        x = convert_to_tensor(x)
        if x.ndim != 2:
            raise ValueError(
                f"OrthogonalRegularizer needs a 2-D weight (a Dense kernel); received an input "
                f"of shape {x.shape}.")
        vectors = x if self.mode == "rows" else ops.transpose(x)
        squared_norms = ops.sum(ops.square(vectors), axis=1, keepdims=True)
        norms = ops.sqrt(ops.maximum(squared_norms, config.epsilon() ** 2))  # max(‖v‖, ε)
        unit = ops.divide(vectors, norms)
        products = ops.matmul(unit, ops.transpose(unit))
        n = vectors.shape[0]
        off_diagonal = ops.multiply(products, 1.0 - ops.eye(n, dtype=x.dtype).value)
        pairs = n * (n - 1) / 2.0
        return ops.multiply(ops.sum(ops.abs(off_diagonal)), self.factor * 0.5 / pairs)

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer

ALL_OBJECTS_DICT = {
    "Regularizer": Regularizer, "regularizer": Regularizer,
    "L1": L1, "l1": L1, "L2": L2, "l2": L2, "L1L2": L1L2, "l1l2": L1L2,
    "OrthogonalRegularizer": OrthogonalRegularizer,
    "orthogonal_regularizer": OrthogonalRegularizer,
}


def serialize(regularizer):
    """``{"module": "keras.regularizers", "class_name": ..., "config": ..., ...}``."""
    return serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    """The regularizer described by ``config`` (a name or a serialized dict)."""
    if config == "l1_l2":
        return L1L2(l1=0.01, l2=0.01)
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS_DICT,
                                    custom_objects=custom_objects,
                                    printable_module_name="regularizer")


def get(identifier):
    """The regularizer for ``identifier``: None -> None; a name or config dict -> a new
    regularizer; a class -> an instance; a function or Regularizer -> itself."""
    if identifier is None:
        return None
    found = deserialize(identifier) if isinstance(identifier, (str, dict)) else identifier
    if inspect.isclass(found):
        found = found()
    if callable(found):
        return found
    raise ValueError(
        f"Could not interpret regularizer identifier: {identifier!r}. Expected None, a name "
        f"such as 'l2', a Regularizer, a config dict, or a function of the weight.")
