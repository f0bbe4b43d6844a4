"""Initializers whose values do not depend on chance.

    Zeros()(shape)          all 0
    Ones()(shape)           all 1
    Constant(v)(shape)      v broadcast to shape (v a scalar, or an array that broadcasts)
    Identity(gain)(shape)   gain · I for a 2-D shape (rows, cols); ones on the main diagonal
"""

import numpy as np

from .initializer import Initializer, standardize_dtype, standardize_shape


class Zeros(Initializer):
    """Fill with 0 (the default for biases)."""

    def __call__(self, shape, dtype=None):
        return np.zeros(standardize_shape(shape, "Zeros"), standardize_dtype(dtype))


class Ones(Initializer):
    """Fill with 1 (the default for BatchNormalization's gamma)."""

    def __call__(self, shape, dtype=None):
        return np.ones(standardize_shape(shape, "Ones"), standardize_dtype(dtype))


class Constant(Initializer):
    """Fill with ``value``: a scalar, or an array whose shape broadcasts to the weight's."""

    def __init__(self, value=0.0):
        value = getattr(value, "value", value)  # a Tensor's values
        if np.asarray(value).dtype.kind not in "biuf":
            raise ValueError(
                f"Constant initializer needs a number or an array of numbers; received "
                f"value={value!r}.")
        self.value = value if np.isscalar(value) else np.asarray(value).tolist()

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "Constant")
        value = np.asarray(self.value, dtype=standardize_dtype(dtype))
        try:
            return np.broadcast_to(value, shape).copy()
        except ValueError:
            raise ValueError(
                f"Constant initializer value has shape {value.shape}, which cannot fill a "
                f"weight of shape {shape}. Pass a scalar, or a value whose shape broadcasts "
                f"to {shape}.") from None

    def get_config(self):
        value = self.value.item() if isinstance(self.value, np.generic) else self.value
        return {"value": value}

    @classmethod
    def from_config(cls, config):
        value = config["value"]
        if isinstance(value, dict) and value.get("class_name") == "__numpy__":
            value = np.asarray(value["config"]["value"], dtype=value["config"].get("dtype"))
        return cls(value)


class Identity(Initializer):
    """gain · I: ones on the main diagonal of a 2-D (rows, cols) weight, zeros elsewhere."""

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "Identity")
        if len(shape) != 2:
            raise ValueError(
                f"Identity initializer can only fill 2-D weights (rows, cols); received "
                f"shape={shape} of rank {len(shape)}.")
        dtype = standardize_dtype(dtype)
        return (self.gain * np.eye(*shape)).astype(dtype)

    def get_config(self):
        return {"gain": self.gain}
