"""The merge layers as functions: ``add([x1, x2])`` is ``Add()([x1, x2])``.

Each function makes a new layer (passing on any layer keyword arguments, such as ``name``) and
calls it on ``inputs`` at once, so it works on data (returning a Tensor) and on symbolic
inputs in a functional model (returning a KerasTensor).
"""

from .concatenate import Concatenate
from .dot import Dot
from .elementwise import Add, Average, Maximum, Minimum, Multiply, Subtract


def add(inputs, **kwargs):
    """Elementwise sum of the list ``inputs``: ``Add(**kwargs)(inputs)``."""
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """``inputs[0] - inputs[1]``: ``Subtract(**kwargs)(inputs)``."""
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """Elementwise product of the list ``inputs``: ``Multiply(**kwargs)(inputs)``."""
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """Elementwise mean of the list ``inputs``: ``Average(**kwargs)(inputs)``."""
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """Elementwise maximum of the list ``inputs``: ``Maximum(**kwargs)(inputs)``."""
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """Elementwise minimum of the list ``inputs``: ``Minimum(**kwargs)(inputs)``."""
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    """The list ``inputs`` joined along ``axis``: ``Concatenate(axis, **kwargs)(inputs)``."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes=-1, normalize=False, **kwargs):
    """Sample-wise dot product of two inputs: ``Dot(axes, normalize, **kwargs)(inputs)``.

    ``normalize=True`` gives the cosine similarity.
    """
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)
