"""Operations on the bits and divisors of integers: bitwise logic, shifts, gcd and lcm.

    bitwise_and(a, b) = a & b     bitwise_or = a | b     bitwise_xor = a ^ b
    bitwise_invert(a) = ~a        (also called bitwise_not)
    left_shift(a, n) = a << n     right_shift(a, n) = a >> n  (arithmetic for signed integers)
    gcd(a, b), lcm(a, b): greatest common divisor, least common multiple

Inputs are integers (or booleans for the logic), promoted together as Keras promotes them;
floats are an error. The results are integers: no gradient flows through these ops.
"""

import numpy as np

from ..tensor import Tensor
from ._elementwise import promoted_values
from ._inputs import no_gradient


def _integer_values(name, *xs, allow_bool=True):
    values = [v for _, v in promoted_values(*xs)]
    kinds = "iub" if allow_bool else "iu"
    if values[0].dtype.kind not in kinds:
        raise TypeError(f"{name} needs integer{' or boolean' if allow_bool else ''} inputs, "
                        f"received dtype {values[0].dtype}. Cast with ops.cast(x, 'int32').")
    return values


def _binary(function, name, symbol, allow_bool=True):
    def op(x, y):
        a, b = _integer_values(name, x, y, allow_bool=allow_bool)
        return Tensor(function(a, b))
    op.__name__ = name
    op.__doc__ = f"{symbol} elementwise, for integers (not differentiable)."
    return no_gradient(op)


bitwise_and = _binary(np.bitwise_and, "bitwise_and", "x & y")
bitwise_or = _binary(np.bitwise_or, "bitwise_or", "x | y")
bitwise_xor = _binary(np.bitwise_xor, "bitwise_xor", "x ^ y")
bitwise_left_shift = _binary(np.left_shift, "bitwise_left_shift", "x << y", allow_bool=False)
bitwise_right_shift = _binary(np.right_shift, "bitwise_right_shift", "x >> y",
                              allow_bool=False)
left_shift = _binary(np.left_shift, "left_shift", "x << y", allow_bool=False)
right_shift = _binary(np.right_shift, "right_shift", "x >> y", allow_bool=False)


@no_gradient
def gcd(x1, x2):
    """The greatest common divisor of x1 and x2, elementwise (not differentiable)."""
    return Tensor(np.gcd(*_integer_values("gcd", x1, x2, allow_bool=False)))


@no_gradient
def lcm(x1, x2):
    """The least common multiple of x1 and x2, elementwise (not differentiable)."""
    return Tensor(np.lcm(*_integer_values("lcm", x1, x2, allow_bool=False)))


@no_gradient
def bitwise_invert(x):
    """~x elementwise: every bit flipped (for booleans, not x). Not differentiable."""
    [value] = _integer_values("bitwise_invert", x)
    return Tensor(np.invert(value))


bitwise_not = bitwise_invert
