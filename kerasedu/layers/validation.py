"""Argument checks shared by layers, each failing with a message that names the layer (when it is
given), the argument, what was expected and what was received.

Constructors check their arguments after ``super().__init__(**kwargs)``, so that the layer has
its name:

    self.momentum = number(momentum, "momentum", self, minimum=0, maximum=1)

and ``call`` or ``build`` check what depends on the inputs, such as an axis against their rank:

    axis = axis_in_range(self.axis, inputs.ndim, self)
"""

import math
import numbers


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong type (a float or a string where an int is needed): a
    TypeError, and a ValueError too, since Keras 3 raises one or the other depending on the
    layer."""


def _who(layer):
    return "" if layer is None else f"Layer '{layer.name}' ({type(layer).__name__}): "


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def positive_int(value, name, layer=None):
    """``value`` as an int, which must be > 0."""
    if not _is_int(value):
        raise ArgumentTypeError(
            f"{_who(layer)}Received an invalid value for `{name}`, expected a positive "
            f"integer. Received: {name}={value!r} (of type {type(value).__name__})")
    if value <= 0:
        raise ValueError(
            f"{_who(layer)}Received an invalid value for `{name}`, expected a positive integer. "
            f"Received: {name}={value!r}")
    return int(value)


def rate(value, name="rate", layer=None):
    """``value`` as a float in [0, 1] (a fraction of values to drop)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= 1:
        raise ValueError(
            f"{_who(layer)}Invalid value received for argument `{name}`. Expected a float value "
            f"between 0 and 1. Received: {name}={value!r}")
    return float(value)


def number(value, name, layer=None, minimum=None, maximum=None, above=None, refusal=None,
           finite=True):
    """``value`` as a float (finite, unless ``finite=False``): >= ``minimum``, <= ``maximum``,
    > ``above`` where given.

    ``refusal(value)``, when given, words the error for None and for numbers out of range (as
    Keras words it for that layer); values that are not numbers at all get the general one.
    """
    is_number = (not isinstance(value, bool) and isinstance(value, numbers.Real)
                 and (math.isfinite(value) or not finite))
    in_range = is_number and not ((above is not None and value <= above)
                                  or (minimum is not None and value < minimum)
                                  or (maximum is not None and value > maximum))
    if refusal is not None and (value is None or (is_number and not in_range)):
        raise ValueError(f"{_who(layer)}{refusal(value)}")
    if not in_range:
        bounds = [f"> {above}" if above is not None else "",
                  f">= {minimum}" if minimum is not None else "",
                  f"<= {maximum}" if maximum is not None else ""]
        expected = "a number" + (" " + " and ".join(b for b in bounds if b)
                                 if any(bounds) else "")
        raise ValueError(f"{_who(layer)}`{name}` must be {expected}. Received: {name}={value!r}")
    return float(value)


def int_tuple(value, n, name, allow_zero=False, layer=None):
    """An int or a sequence of ``n`` ints, as a tuple of ``n`` ints (each > 0, or >= 0)."""
    values = (value,) * n if isinstance(value, numbers.Integral) else \
        tuple(value) if isinstance(value, (list, tuple)) else (value,)
    low = 0 if allow_zero else 1
    wrong_type = not all(_is_int(v) for v in values)
    if len(values) != n or wrong_type or any(v < low for v in values):
        raise (ArgumentTypeError if wrong_type else ValueError)(
            f"{_who(layer)}The `{name}` argument must be a tuple of {n} integers "
            f"{'>= 0' if allow_zero else '> 0'}. Received: {name}={value!r}")
    return tuple(int(v) for v in values)


def axis_in_range(axis, rank, layer=None, name="axis"):
    """``axis`` (an int, or a list of ints) as non-negative axes of an input of ``rank``."""
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    if not all(_is_int(a) and -rank <= a < rank for a in axes):
        raise ValueError(
            f"{_who(layer)}`{name}` must be an axis of the inputs, which have rank {rank}: an "
            f"integer from {-rank} to {rank - 1} (-1 is the last axis). Received: "
            f"{name}={axis!r}")
    normalized = [int(a) % rank for a in axes]
    return normalized if isinstance(axis, (list, tuple)) else normalized[0]
