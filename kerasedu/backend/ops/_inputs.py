"""How ops read their inputs: a Tensor (which may need a gradient) and its numpy value; and how
an op that has no gradient says so instead of cutting one."""

import numbers
import os
import sys

import numpy as np

from ..autodiff import is_recording, needs_grad, record
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


def without_gradient(value, inputs, op, instead):
    """The Tensor for ``value``, a float result of ``op`` that kerasedu cannot differentiate.

    Where gradients are being recorded and one of ``inputs`` needs one, the result is linked to
    them through a backward function that raises NotImplementedError, naming the op, the line
    that called it and ``instead`` (what to write), once a gradient is asked through it. So the
    gradient is never cut silently, and the op works as usual wherever no gradient reaches it.
    """
    if not (is_recording() and any(map(needs_grad, inputs))):
        return Tensor(value)
    line = _caller()

    def backward(g):
        raise NotImplementedError(
            f"{op} has no gradient in kerasedu, and a gradient was asked through its result "
            f"(computed at {line}). {instead} If no gradient should flow there, wrap its input "
            f"in ops.stop_gradient(...).")
    return record(value, tuple(inputs), backward, op)


def _caller():
    """'file:line' of the nearest caller outside kerasedu's backend."""
    frame = sys._getframe(1)
    while frame is not None and _BACKEND in frame.f_code.co_filename:
        frame = frame.f_back
    return "an unknown line" if frame is None else \
        f"{frame.f_code.co_filename}:{frame.f_lineno}"


_BACKEND = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def constant_argument(result, argument, op, name):
    """``result``, computed by ``op`` with its argument ``name`` read as a constant: where that
    argument needs a gradient, a gradient asked through ``result`` raises, naming the op and
    the argument, instead of leaving the argument out silently. The gradient of ``result``'s
    other inputs flows as usual where the argument does not need one."""
    if not (is_recording() and needs_grad(argument)):
        return result
    line = _caller()

    def backward(g):
        raise NotImplementedError(
            f"{op} reads {name} as a constant: kerasedu has no gradient with respect to it "
            f"(computed at {line}). Pass {name} as a plain array, or wrap it in "
            f"ops.stop_gradient(...).")
    return record(result.value, (result, argument), backward, op)
