"""What every check shares: the error a failed check raises, and the words and arrays of its
message.

A failed check raises :class:`GradingError` (an AssertionError) whose message is written for
the student: which method to look at, the input it was given, what was expected and what came
back. Messages are wrapped to lines of at most :data:`LINE_WIDTH` columns, so that every tool
that shows them (a notebook, ``nbgrader validate``, which cuts longer lines, the feedback pages)
shows all of it; a Chinese character takes two columns, and a Chinese line may break between
any two characters. The words of a message are written with :func:`.language.tr`.
"""

import numbers
import unicodedata

import numpy as np

from .language import deferred, tr

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
    """``message`` with every line wider than ``width`` columns broken, at spaces or between
    Chinese characters; a broken line's continuation is indented two spaces more than the line
    itself. Widths are display widths: a Chinese character takes two columns of a terminal."""
    out = []
    for number, line in enumerate(message.splitlines() or [""]):
        indent = line[:len(line) - len(line.lstrip())]
        limit = first_line if number == 0 and first_line else width
        pieces = _fill(_chunks(line.strip()), limit - len(indent), width - len(indent) - 2)
        out.append(indent + pieces[0])
        out.extend(indent + "  " + piece for piece in pieces[1:])
    return "\n".join(out)


# Chinese punctuation that must not start a line, and that must not end one.
_CLOSING = "，。、：；！？）》」』】”’…"
_OPENING = "（《「『【“‘"


def display_width(text):
    """Columns ``text`` takes in a terminal: two for a wide (East Asian) character, else one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _chunks(text):
    """``text`` cut where a line may break: runs of spaces, words (no spaces, no wide
    characters), and single wide characters. Opening punctuation stays with what follows it,
    closing punctuation with what precedes it."""
    chunks = []
    for c in text:
        wide = unicodedata.east_asian_width(c) in "WF"
        last = chunks[-1] if chunks else ""
        joins = last and (
            c in _CLOSING or last[-1] in _OPENING
            or not wide and not c.isspace() and not last[-1].isspace()
            and unicodedata.east_asian_width(last[-1]) not in "WF"
            or c.isspace() and last.isspace())
        if joins:
            chunks[-1] += c
        else:
            chunks.append(c)
    return chunks


def _fill(chunks, first, rest):
    """Lines of at most ``first`` columns (then ``rest``) made greedily from ``chunks``; a
    chunk wider than a line has a line of its own, and spaces at a break are dropped."""
    lines, line, used, limit = [], "", 0, first
    for chunk in chunks:
        size = display_width(chunk)
        if used + size > limit and line.strip():
            lines.append(line.rstrip())
            line, used, limit = "", 0, rest
        if chunk.isspace() and not line:
            continue
        line, used = line + chunk, used + size
    lines.append(line.rstrip())
    return lines


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
        return tr("shape {want_shape} expected, received shape {got_shape}", want_shape=want.shape,
                  got_shape=got.shape)
    if not got.size:
        return tr("the arrays are empty")
    index = np.unravel_index(np.argmax(np.abs(got - want)), got.shape)
    return tr("at index {index}: expected {want:.6g}, received {got:.6g}",
              index=tuple(int(i) for i in index), want=want[index], got=got[index])


def first_rows(got, want):
    """The first few values of the first sample of each, for a message."""
    def row(a):
        return np.round(a.reshape(len(a), -1)[0][:6], 5) if a.ndim else np.round(a, 5)
    return tr("  expected (first row): {want}\n  received (first row): {got}", want=row(want),
              got=row(got))


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
            tr("{what} returned {value!r} ({value_type}); it should return the output shape as a "
               "tuple, batch axis first, e.g. (None, 14, 14, 8).", what=what, value=value,
               value_type=type(value).__name__))
    shape = []
    for d in value:
        if d is None:
            shape.append(None)
        elif isinstance(d, (bool, np.bool_)):
            raise GradingError(tr("{what} returned {value}, which holds a bool; every entry must "
                                  "be an int (or None for an unknown size).", what=what,
                                  value=tuple(value)))
        elif isinstance(d, numbers.Integral):
            shape.append(int(d))
        elif isinstance(d, numbers.Real):
            raise GradingError(
                tr("{what} returned {value}, which holds the float {d!r}. Sizes are ints: use "
                   "integer division (a // b) to round down, or -(-a // b) (or math.ceil) to "
                   "round up.", what=what, value=tuple(value), d=d))
        else:
            raise GradingError(
                tr("{what} returned {value}, which holds {d!r} ({d_type}); every entry must be "
                   "an int, or None for an unknown size.", what=what, value=tuple(value), d=d,
                   d_type=type(d).__name__))
    return tuple(shape)


def plain_shapes(value, what):
    """One shape (a tuple) or, when the student returned a list or tuple of shapes, a list of
    them."""
    if isinstance(value, (list, tuple)) and value and all(
            isinstance(s, (list, tuple)) for s in value):
        return [plain_shape(s, what) for s in value]
    return plain_shape(value, what)


_AXIS_LABELS = {4: (deferred("axis 0 (batch)"), deferred("axis 1 (height)"),
                   deferred("axis 2 (width)"), deferred("axis 3 (channels)"))}


def shape_difference(got, want):
    """How shape ``got`` differs from ``want``, axis by axis, in words."""
    if len(got) != len(want):
        return tr("the output should have {n_want} axes (rank {n_want}), yours has {n_got}",
                  n_want=len(want), n_got=len(got))
    labels = _AXIS_LABELS.get(len(want), ())
    parts = []
    for axis, (g, w) in enumerate(zip(got, want)):
        if g != w:
            label = labels[axis] if labels else tr("axis {axis}", axis=axis)
            parts.append(tr("{label}: expected {w}, received {g}", label=label, w=w, g=g))
    if got and want and got[0] != want[0]:
        parts.append(tr("keep the batch axis (input_shape[0], usually None) as it is"))
    return tr("; ").join(parts)


def plain_count(value, what):
    """A number of parameters a student returned, as an int."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise GradingError(tr("{what} returned {value!r} ({value_type}); it should return the "
                              "number of parameters as an int.", what=what, value=value,
                              value_type=type(value).__name__))
    return int(value)
