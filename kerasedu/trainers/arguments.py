"""The arguments of fit, evaluate and predict, checked before anything runs.

Each check fails with a message naming the method and the argument, what it expects and what
it received, and an example of a good value. A bad value never starts training: with
``batch_size=0`` or ``epochs=2.5`` nothing is changed, no callback is called.

    check_fit_arguments("fit", batch_size=32, epochs=10, ...)
"""

import math
import numbers

_VERBOSE = ("auto", 0, 1, 2)


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _refuse(method, name, value, expected, example):
    return ValueError(
        f"{method}(): `{name}` must be {expected}. Received: {name}={value!r}. For example: "
        f"{name}={example}.")


def positive_int_or_none(method, name, value, example, meaning=""):
    """``value`` must be None or an int > 0."""
    if value is not None and (not _is_int(value) or value <= 0):
        raise _refuse(method, name, value, f"a positive integer{meaning} or None", example)


def _non_negative_int(method, name, value, example, meaning=""):
    if not _is_int(value) or value < 0:
        raise _refuse(method, name, value, f"a whole number >= 0{meaning}", example)


def check_verbose(method, verbose):
    """``verbose`` must be "auto", 0, 1 or 2 (True and False count as 1 and 0)."""
    if not (isinstance(verbose, bool) or (verbose in _VERBOSE and not isinstance(verbose, float))):
        raise _refuse(method, "verbose", verbose,
                      "'auto', 0 (silent), 1 (progress bar) or 2 (one line per epoch)", 0)


def check_batch_arguments(method, batch_size, steps, verbose, steps_name="steps"):
    """What evaluate and predict take: ``batch_size``, ``steps``, ``verbose``."""
    positive_int_or_none(method, "batch_size", batch_size, 32,
                         " (the number of samples per batch)")
    positive_int_or_none(method, steps_name, steps, 10, " (the number of batches)")
    check_verbose(method, verbose)


def check_class_weight(method, class_weight):
    """``class_weight`` must be None or {class index: weight >= 0}."""
    if class_weight is None:
        return
    example = "{0: 1.0, 1: 5.0}"
    if not isinstance(class_weight, dict):
        raise _refuse(method, "class_weight", class_weight,
                      "a dict from class index to weight", example)
    for cls, weight in class_weight.items():
        if not _is_int(cls) or cls < 0:
            raise _refuse(method, "class_weight", class_weight,
                          f"a dict whose keys are class indices 0, 1, 2, ... (received the key "
                          f"{cls!r})", example)
        if (isinstance(weight, bool) or not isinstance(weight, numbers.Real)
                or not math.isfinite(weight) or weight < 0):
            raise _refuse(method, "class_weight", class_weight,
                          f"a dict whose weights are numbers >= 0 (class {cls} has the weight "
                          f"{weight!r}; a weight of 0 ignores a class)", example)


def check_fit_arguments(batch_size, epochs, verbose, validation_split, shuffle, class_weight,
                        initial_epoch, steps_per_epoch, validation_steps, validation_batch_size,
                        validation_freq):
    """Every argument of ``fit`` that is not data or callbacks."""
    check_batch_arguments("fit", batch_size, steps_per_epoch, verbose, "steps_per_epoch")
    _non_negative_int("fit", "epochs", epochs, 10, " (the number of passes over the data)")
    _non_negative_int("fit", "initial_epoch", initial_epoch, 0,
                      " (the epoch at which to start counting)")
    if (isinstance(validation_split, bool) or not isinstance(validation_split, numbers.Real)
            or not 0 <= validation_split < 1):
        raise _refuse("fit", "validation_split", validation_split,
                      "a fraction between 0 and 1 (the share of the data kept for validation)",
                      0.2)
    if not (isinstance(shuffle, bool) or shuffle == "batch"):
        raise _refuse("fit", "shuffle", shuffle, "True, False or 'batch'", True)
    check_class_weight("fit", class_weight)
    positive_int_or_none("fit", "validation_steps", validation_steps, 10)
    positive_int_or_none("fit", "validation_batch_size", validation_batch_size, 32)
    frequencies = validation_freq if isinstance(validation_freq, (list, tuple, set, range)) \
        else [validation_freq]
    if not frequencies or not all(_is_int(f) and f > 0 for f in frequencies):
        raise _refuse("fit", "validation_freq", validation_freq,
                      "a positive integer (validate every that many epochs) or a list of "
                      "epoch numbers", 1)
