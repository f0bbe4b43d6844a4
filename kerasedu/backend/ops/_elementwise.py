"""How elementwise ops with floating-point results are built (shared by the op modules).

An op gives its numpy ``forward`` function and its derivative; these helpers

* cast integer and boolean inputs to the float dtype Keras gives the result (``floatx()``;
  float16 stays float16, see :mod:`.dtypes`),
* record the vector-Jacobian product g · f'(x) (for two inputs, each summed back over the axes
  broadcasting added, with ``unbroadcast``).
"""

import numpy as np

from ..autodiff import needs_grad, record, unbroadcast
from ._inputs import unpack
from .dtypes import float_result_type, result_type


def promoted_values(*xs):
    """[(tensor or None, value as an array of the dtype Keras promotes the inputs to)]."""
    pairs = [unpack(x) for x in xs]
    dtype = np.dtype(result_type(*(v for _, v in pairs)))
    return [(t, np.asarray(v, dtype=dtype)) for t, v in pairs]


def float_values(*xs):
    """[(tensor or None, value as an array of the common float dtype)] for each input."""
    pairs = [unpack(x) for x in xs]
    dtype = np.dtype(float_result_type(*(v for _, v in pairs)))
    return [(t, np.asarray(v, dtype=dtype)) for t, v in pairs]


def float_unary(x, forward, derivative, name):
    """forward(x) as floats; the gradient is g · derivative(x, out)."""
    [(a, av)] = float_values(x)
    with np.errstate(all="ignore"):   # domain errors give NaN, as in Keras
        out = np.asarray(forward(av), dtype=av.dtype)
    return record(out, (a,), lambda g: (g * derivative(av, out),), name)


def float_binary(x1, x2, forward, derivatives, name):
    """forward(x1, x2) as floats, broadcast; ``derivatives(x1, x2, out)`` gives (∂out/∂x1,
    ∂out/∂x2), and each input's gradient is g times its derivative, unbroadcast."""
    return binary(float_values(x1, x2), forward, derivatives, name)


def binary(pairs, forward, derivatives, name):
    """forward(v1, v2) for ``pairs`` [(tensor, value), (tensor, value)] of one dtype, recorded
    with the vector-Jacobian product of :func:`float_binary`."""
    (a, av), (b, bv) = pairs
    with np.errstate(all="ignore"):
        out = np.asarray(forward(av, bv), dtype=av.dtype)

    def backward(g):
        with np.errstate(all="ignore"):
            da, db = derivatives(av, bv, out)
        return (unbroadcast(g * da, av.shape) if needs_grad(a) else None,
                unbroadcast(g * db, bv.shape) if needs_grad(b) else None)
    return record(out, (a, b), backward, name)
