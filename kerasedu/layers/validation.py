"""Argument checks shared by layers, each failing with a message that names the argument."""

import numbers


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong type (a float or a string where an int is needed): a
    TypeError, and a ValueError too, since Keras 3 raises one or the other depending on the
    layer."""


def positive_int(value, name):
    """``value`` as an int, which must be > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(
            f"Received an invalid value for `{name}`, expected a positive integer. "
            f"Received: {name}={value!r} (of type {type(value).__name__})")
    if value <= 0:
        raise ValueError(
            f"Received an invalid value for `{name}`, expected a positive integer. "
            f"Received: {name}={value!r}")
    return int(value)


def rate(value, name="rate"):
    """``value`` as a float in [0, 1]."""
    if not isinstance(value, numbers.Real) or not 0 <= value <= 1:
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected a float value between 0 "
            f"and 1. Received: {name}={value!r}")
    return float(value)


def int_tuple(value, n, name, allow_zero=False):
    """An int or a sequence of ``n`` ints, as a tuple of ``n`` ints (each > 0, or >= 0)."""
    values = (value,) * n if isinstance(value, numbers.Integral) else \
        tuple(value) if isinstance(value, (list, tuple)) else (value,)
    low = 0 if allow_zero else 1
    wrong_type = any(isinstance(v, bool) or not isinstance(v, numbers.Integral) for v in values)
    if len(values) != n or wrong_type or any(v < low for v in values):
        raise (ArgumentTypeError if wrong_type else ValueError)(
            f"The `{name}` argument must be a tuple of {n} integers "
            f"{'>= 0' if allow_zero else '> 0'}. Received: {name}={value!r}")
    return tuple(int(v) for v in values)
