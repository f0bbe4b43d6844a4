"""Tensors made from nothing but a shape: zeros, ones, eye, full, arange (constants)."""

import numpy as np

from .. import config
from ..tensor import Tensor
from ._inputs import unpack


def _dtype(dtype):
    return np.dtype(dtype or config.floatx())


def zeros(shape, dtype=None):
    """A tensor of zeros (floatx unless ``dtype`` is given)."""
    return Tensor(np.zeros(shape, _dtype(dtype)))


def ones(shape, dtype=None):
    """A tensor of ones."""
    return Tensor(np.ones(shape, _dtype(dtype)))


def full(shape, fill_value, dtype=None):
    """A tensor filled with ``fill_value``."""
    return Tensor(np.full(shape, fill_value, _dtype(dtype)))


def eye(n, m=None, dtype=None):
    """The n×m identity matrix."""
    return Tensor(np.eye(n, m, dtype=_dtype(dtype)))


def zeros_like(x, dtype=None):
    """Zeros with the shape (and dtype, unless given) of x."""
    value = np.asarray(unpack(x)[1])
    return Tensor(np.zeros(value.shape, dtype or value.dtype))


def ones_like(x, dtype=None):
    """Ones with the shape (and dtype, unless given) of x."""
    value = np.asarray(unpack(x)[1])
    return Tensor(np.ones(value.shape, dtype or value.dtype))


def arange(start, stop=None, step=1, dtype=None):
    """Evenly spaced values in [start, stop)."""
    return Tensor(np.arange(start, stop, step, dtype=dtype))
