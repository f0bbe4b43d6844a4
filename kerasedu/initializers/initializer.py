"""The Initializer base class: an object that, given a weight's shape, returns its first values.

    init = GlorotUniform(seed=1)
    values = init((3, 4))            # a numpy array of shape (3, 4), dtype floatx()
    values = init((3, 4), dtype="float64")

Contract: ``__call__(shape, dtype=None)`` returns a numpy array of exactly ``shape`` and ``dtype``
(``floatx()`` when None). ``get_config()`` returns the constructor arguments, so that
``type(init).from_config(init.get_config())`` builds an equal initializer.
"""

import numbers

import numpy as np

from ..backend import config


class Initializer:
    """Base class: subclasses implement ``__call__(shape, dtype=None)`` and ``get_config()``."""

    def __call__(self, shape, dtype=None):
        raise NotImplementedError(
            f"{type(self).__name__} must implement __call__(self, shape, dtype=None), returning "
            f"an array of that shape and dtype.")

    def get_config(self):
        """The constructor arguments as a JSON-ready dict."""
        return {}

    @classmethod
    def from_config(cls, config):
        """The initializer that ``config`` (from get_config) describes."""
        return cls(**config)

    def clone(self):
        """A new initializer with the same configuration."""
        return type(self).from_config(self.get_config())

    def __repr__(self):
        arguments = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({arguments})"


def standardize_shape(shape, initializer):
    """``shape`` as a tuple of non-negative ints (an int n means (n,)); errors name the
    initializer."""
    if isinstance(shape, numbers.Integral):
        shape = (shape,)
    try:
        shape = tuple(shape)
    except TypeError:
        raise ValueError(
            f"{initializer} needs a shape such as (3, 4); received shape={shape!r}.") from None
    if not all(isinstance(n, numbers.Integral) and n >= 0 for n in shape):
        raise ValueError(
            f"{initializer} needs a fully known shape of non-negative integers; received "
            f"shape={shape}.")
    return tuple(int(n) for n in shape)


def standardize_dtype(dtype):
    """``dtype`` as a numpy dtype, ``floatx()`` when None."""
    return np.dtype(dtype or config.floatx())


def float_dtype(dtype, initializer):
    """Like standardize_dtype, but only float types (random values need them)."""
    dtype = standardize_dtype(dtype)
    if dtype.kind != "f":
        raise ValueError(
            f"{initializer} draws random floats, so it needs a float dtype such as 'float32'; "
            f"received dtype={dtype.name!r}.")
    return dtype
