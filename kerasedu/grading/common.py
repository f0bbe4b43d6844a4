"""What every check shares: the error a failed check raises, and the words and arrays of its
message.

A failed check raises :class:`GradingError` (an AssertionError) whose message is written for
the student: which method to look at, the input it was given, what was expected and what came
back. Messages are wrapped to lines of at most :data:`LINE_WIDTH` characters, so that every
tool that shows them (a notebook, ``nbgrader validate``, which cuts longer lines, the feedback
pages) shows all of it.
"""

import numbers
import textwrap

import numpy as np

LINE_WIDTH = 78


class Failure(AssertionError):
    """A test that fails; ``message`` is written for the student (``str()`` gives it
    wrapped)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        # A traceback shows "<class name>: <first line>", so the first line is shorter.
        return wrap(self.message, first_line=LINE_WIDTH - len(type(self).__name__) - 2)


class GradingError(Failure):
    """A check found a mistake in the student's code."""


def wrap(message, width=LINE_WIDTH, first_line=None):
    """``message`` with every line longer than ``width`` broken at spaces; a broken line's
    continuation is indented two spaces more than the line itself."""
    out = []
    for number, line in enumerate(message.splitlines() or [""]):
        indent = line[:len(line) - len(line.lstrip())]
        limit = first_line if number == 0 and first_line else width
        pieces = textwrap.wrap(line.strip(), width=limit - len(indent), break_long_words=False,
                               break_on_hyphens=False) or [""]
        out.append(indent + pieces[0])
        rest = " ".join(pieces[1:])
        if rest:
            out.extend(textwrap.wrap(rest, width=width, initial_indent=indent + "  ",
                                     subsequent_indent=indent + "  ", break_long_words=False,
                                     break_on_hyphens=False))
    return "\n".join(out)


# ---------------------------------------------------------------------- words

def arguments_text(args=(), kwargs=None):
    """``(4, activation='relu')`` as it would be written in a call: ``4, activation='relu'``."""
    parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in (kwargs or {}).items()]
    return ", ".join(parts)


def shape_text(shape):
    """A shape, or a list of shapes, as tuples."""
    if isinstance(shape, list) and shape and isinstance(shape[0], (list, tuple)):
        return str([tuple(s) for s in shape])
    return str(tuple(shape))


def first_difference(got, want):
    """Where ``got`` differs most from ``want``, in words for a student."""
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.shape != want.shape:
        return f"shape {want.shape} expected, received shape {got.shape}"
    if not got.size:
        return "the arrays are empty"
    index = np.unravel_index(np.argmax(np.abs(got - want)), got.shape)
    return (f"at index {tuple(int(i) for i in index)}: expected {want[index]:.6g}, "
            f"received {got[index]:.6g}")


def first_rows(got, want):
    """The first few values of the first sample of each, for a message."""
    def row(a):
        return np.round(a.reshape(len(a), -1)[0][:6], 5) if a.ndim else np.round(a, 5)
    return f"  expected (first row): {row(want)}\n  received (first row): {row(got)}"


# ---------------------------------------------------------------------- shapes and data

def concrete(shape, batch):
    """``shape`` (or a list of shapes) with every None replaced by ``batch``."""
    if isinstance(shape, list):
        return [concrete(s, batch) for s in shape]
    return tuple(batch if d is None else d for d in shape)


def random_input(shape, seed, dtype="float32"):
    """Normal random data of ``shape`` (a list of shapes gives a list of arrays)."""
    rng = np.random.default_rng(seed)
    if isinstance(shape, list):
        return [rng.normal(size=s).astype(dtype) for s in shape]
    return rng.normal(size=shape).astype(dtype)


def as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def values(x):
    """The numpy array inside a kerasedu Tensor (or the array itself), as float64 numpy."""
    return np.array(getattr(x, "value", x), dtype=np.float64)


# ---------------------------------------------------------------------- shapes from students

def plain_shape(value, what):
    """A shape a student returned (a tuple, or a list as Keras accepts too) as a tuple of ints
    and Nones; a GradingError that says what is wrong with it otherwise."""
    if not isinstance(value, (tuple, list)):
        raise GradingError(
            f"{what} returned {value!r} ({type(value).__name__}); it should return the output "
            f"shape as a tuple, batch axis first, e.g. (None, 14, 14, 8).")
    shape = []
    for d in value:
        if d is None:
            shape.append(None)
        elif isinstance(d, (bool, np.bool_)):
            raise GradingError(f"{what} returned {tuple(value)}, which holds a bool; every "
                               f"entry must be an int (or None for an unknown size).")
        elif isinstance(d, numbers.Integral):
            shape.append(int(d))
        elif isinstance(d, numbers.Real):
            raise GradingError(
                f"{what} returned {tuple(value)}, which holds the float {d!r}. Sizes are "
                f"ints: use integer division (a // b) to round down, or -(-a // b) (or "
                f"math.ceil) to round up.")
        else:
            raise GradingError(
                f"{what} returned {tuple(value)}, which holds {d!r} ({type(d).__name__}); "
                f"every entry must be an int, or None for an unknown size.")
    return tuple(shape)


def plain_shapes(value, what):
    """One shape (a tuple) or, when the student returned a list or tuple of shapes, a list of
    them."""
    if isinstance(value, (list, tuple)) and value and all(
            isinstance(s, (list, tuple)) for s in value):
        return [plain_shape(s, what) for s in value]
    return plain_shape(value, what)


_AXIS_NAMES = {4: ("batch", "height", "width", "channels")}


def shape_difference(got, want):
    """How shape ``got`` differs from ``want``, axis by axis, in words."""
    if len(got) != len(want):
        return (f"the output should have {len(want)} axes (rank {len(want)}), yours has "
                f"{len(got)}")
    names = _AXIS_NAMES.get(len(want), ())
    parts = []
    for axis, (g, w) in enumerate(zip(got, want)):
        if g != w:
            label = f"axis {axis}" + (f" ({names[axis]})" if names else "")
            parts.append(f"{label}: expected {w}, received {g}")
    if got and want and got[0] != want[0]:
        parts.append("keep the batch axis (input_shape[0], usually None) as it is")
    return "; ".join(parts)


def plain_count(value, what):
    """A number of parameters a student returned, as an int."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise GradingError(f"{what} returned {value!r} ({type(value).__name__}); it should "
                           f"return the number of parameters as an int.")
    return int(value)
