"""How ops read their inputs: a Tensor (which may need a gradient) and its numpy value."""

import numbers

import numpy as np

from ..tensor import Tensor, convert_to_tensor


def unpack(x):
    """``(tensor, value)``: ``tensor`` is None for constants.

    Python numbers stay Python numbers, so that ``x * 2.0`` keeps x's float32 (numpy's rule for
    "weak" scalars); other constants become numpy arrays.
    """
    if isinstance(x, Tensor):
        return x, x.value
    if isinstance(x, numbers.Number) and not isinstance(x, np.generic):
        return None, x
    return None, convert_to_tensor(x).value


def tensor_of(x):
    """``x`` as a Tensor (constants wrapped)."""
    return convert_to_tensor(x)


def normalize_axis(axis, ndim):
    """``axis`` (None, an int or a tuple, negatives allowed) as a sorted tuple of positive ints."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, numbers.Integral) else tuple(axis)
    result = []
    for a in axes:
        if not -ndim <= a < ndim:
            raise ValueError(f"axis {a} is out of bounds for a tensor of rank {ndim}.")
        result.append(a % ndim)
    return tuple(sorted(result))


def value_of(x):
    """The numpy value of ``x`` (a Tensor's array, or ``x`` as an array)."""
    return x.value if isinstance(x, Tensor) else np.asarray(x)


def no_gradient(op):
    """Mark ``op`` as not differentiable (``op.differentiable`` is False).

    Such ops return integers, booleans or indices, or values whose derivative is zero almost
    everywhere; their results record nothing, so no gradient flows back through them (as in
    JAX, where the gradient of an integer result is zero).
    """
    op.differentiable = False
    return op
