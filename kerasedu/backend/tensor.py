"""Tensor and Variable: numpy arrays that remember how they were made.

A :class:`Tensor` wraps a numpy array (``tensor.value``). When it is the result of a backend op
whose inputs need gradients, it also keeps the op's inputs (``_parents``) and a function that
maps the gradient of the result to the gradients of those inputs (``_backward``). Following
those links from a loss back to the weights is reverse-mode differentiation; see
:mod:`kerasedu.backend.autodiff`.

A :class:`Variable` is a Tensor that holds state (a layer's kernel, an optimizer's moment). A
trainable one always takes part in differentiation. ``assign`` changes it in place, after
checking the new value's shape and dtype.

Python operators (``+ - * / @ ** -x x[i]``), ``t.astype(dtype)`` and numpy functions
(``np.exp(t)``, ``np.sum(t)``) are wired to the differentiable ops in
:mod:`kerasedu.backend.operators`.

Leaving the tape. ``float(t)``, ``int(t)``, ``math.sqrt(t)``, ``np.asarray(t)``, ``t.numpy()``,
``t.tolist()`` and ``t.item()`` give plain Python or numpy values, which no gradient can flow
through. While a gradient is being taken (inside ``GradientTape``, or fit's training step) they
raise :class:`GradientDroppedError` for a float Tensor that carries a gradient, naming the op to
use instead, rather than silently cutting it; so does an op given ``t.value`` (the raw array) in
place of ``t``, and a copy of a Variable (a new Variable, which would take its place). Everywhere
else (printing, plotting, ``predict``, ``no_grad``, labels and other constants) they simply
work. ``bool(t)``, so ``if t > 0:``, always works: a branch taken on a value drops no gradient,
each branch is differentiated as it runs. A copy of a Tensor is the Tensor itself: it never
changes.
"""

import copy
import weakref

import numpy as np

from . import config
from .exit_log import note_exit
from .recording import is_differentiating, is_recording
from .tape_exits import GradientDroppedError, dropped_gradient_message


class Tensor:
    """An immutable n-dimensional array with an optional record of the op that produced it.

    ``shape`` and ``dtype`` are numpy's; ``numpy()`` (or ``np.asarray(t)``) returns the values.
    """

    __slots__ = ("value", "_parents", "_backward", "_op", "_watched", "_keras_mask",
                 "_made_at", "__weakref__")
    __array_priority__ = 1000  # numpy defers `ndarray + Tensor` to Tensor.__radd__

    def __init__(self, value):
        self.value = value if isinstance(value, np.ndarray) else np.asarray(value)
        self._parents = None
        self._backward = None
        self._op = None
        self._watched = False
        self._keras_mask = None
        self._made_at = None     # when a recorded op made it (exit_log's clock)

    # What readers look at.
    @property
    def shape(self):
        return self.value.shape

    @property
    def dtype(self):
        return self.value.dtype

    @property
    def ndim(self):
        return self.value.ndim

    @property
    def size(self):
        return self.value.size

    def numpy(self):
        """The values as a numpy array (a copy for Variables, which can change later)."""
        self._leave_tape("t.numpy()")
        return self.value

    def __array__(self, dtype=None, copy=None):
        self._leave_tape("np.asarray(t) / np.array(t)")
        if dtype is not None and dtype != self.value.dtype:
            return self.value.astype(dtype)
        return self.value.copy() if copy else self.value

    def tolist(self):
        """The values as (nested) Python lists of numbers."""
        self._leave_tape("t.tolist()")
        return self.value.tolist()

    def item(self, *args):
        """One value as a Python number (the only one, or the one at ``args``)."""
        self._leave_tape("t.item()")
        return self.value.item(*args)

    def __float__(self):
        self._leave_tape("float(t)")
        return float(self.value)

    def __int__(self):
        self._leave_tape("int(t)")
        return int(self.value)

    def __complex__(self):
        self._leave_tape("complex(t)")
        return complex(self.value)

    def __trunc__(self):
        self._leave_tape("math.trunc(t)")
        return int(self.value)

    def __copy__(self):
        return self        # a Tensor never changes: a copy is itself, and keeps its gradient

    def __deepcopy__(self, memo):
        return self

    def __index__(self):
        return self.value.__index__()    # integer Tensors only: they carry no gradient

    def __bool__(self):
        if self.value.size != 1:
            raise ValueError(
                f"The truth value of a Tensor of shape {self.shape} is ambiguous. Use "
                f"ops.any(t) or ops.all(t) to combine its values into one.")
        return bool(self.value)

    def __len__(self):
        if self.value.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.value.shape[0]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __format__(self, spec):
        return self.value.__format__(spec)    # f"{loss:.3f}": only a picture of the values

    def _leave_tape(self, conversion):
        """Refuse ``conversion`` when it would silently cut a gradient being taken; outside
        GradientTape, write it down for a gradient asked for afterwards (exit_log)."""
        if not self._tracks_gradient or self.value.dtype.kind != "f":
            return
        if is_differentiating():
            raise GradientDroppedError(dropped_gradient_message(self._what(), conversion))
        if is_recording() and not conversion.startswith("copy."):
            note_exit(self, conversion)

    def _what(self):
        made_by = f", computed by '{self._op}'" if self._op else ""
        return f"a {self.dtype} Tensor of shape {self.shape}{made_by}"

    __hash__ = object.__hash__  # identity: `==` is elementwise, as in numpy

    def __repr__(self):
        values = np.array2string(self.value, separator=", ", prefix="array(")
        dtype = self.value.dtype.name
        return f"<Tensor shape={self.shape}, dtype={dtype}, numpy=\narray({values}, dtype={dtype})>"

    __str__ = __repr__

    # Differentiation bookkeeping.
    @property
    def _tracks_gradient(self):
        return self._backward is not None or self._watched


class Variable(Tensor):
    """A named, mutable Tensor holding state that training updates.

    ``name`` is the short name ('kernel'); ``path`` includes the owner ('dense/kernel').
    ``trainable`` says whether optimizers update it (and whether gradients are taken with
    respect to it without ``tape.watch``). ``assign``, ``assign_add`` and ``assign_sub``
    replace the value of the variable; the value is always a numpy array of the variable's
    own shape and dtype, and a value that cannot be one is refused before anything changes.
    """

    __slots__ = ("name", "path", "trainable", "constraint", "regularizer", "_layer",
                 "_self_reference")

    def __copy__(self):
        return self._copied("copy.copy(v)", lambda value: value)

    def __deepcopy__(self, memo):
        return self._copied("copy.deepcopy(v)", lambda value: copy.deepcopy(value, memo), memo)

    def _copied(self, how, copy_item, memo=None):
        """A new Variable, with nothing linking it to this one (copying a model copies its
        weights); refused for a Variable that carries a gradient while one is being taken,
        where the copy would silently take this variable's place."""
        self._leave_tape(how)
        twin = object.__new__(type(self))
        if memo is not None:
            memo[id(self)] = twin
        for cls in type(self).__mro__:
            for slot in getattr(cls, "__slots__", ()):
                if slot not in ("__weakref__", "_self_reference") and hasattr(self, slot):
                    setattr(twin, slot, copy_item(getattr(self, slot)))
        twin._self_reference = weakref.ref(twin)
        if hasattr(self, "__dict__"):
            twin.__dict__.update(copy_item(self.__dict__))
        hold(twin)
        return twin

    def __init__(self, initializer, shape=None, dtype=None, trainable=True, name=None,
                 constraint=None, path=None):
        dtype = np.dtype(dtype or config.floatx())
        self.name = name or "variable"
        self.path = path or self.name
        value = initializer(shape, dtype=dtype) if callable(initializer) else initializer
        super().__init__(np.array(numeric_array(value, f"variable '{self.path}'"), dtype=dtype))
        self._self_reference = weakref.ref(self)
        hold(self)
        self.trainable = bool(trainable)
        self.constraint = constraint
        self.regularizer = None
        self._layer = None

    @property
    def _tracks_gradient(self):
        return self.trainable or self._watched

    def numpy(self):
        self._leave_tape("v.numpy()")
        return self.value.copy()

    def assign(self, value):
        """Replace the values; ``value`` must have this variable's shape. Returns the variable."""
        return self._replace(self.assignable(value))

    def assign_add(self, delta):
        """value += delta."""
        return self.assign(self._updated(np.add, delta, "add"))

    def assign_sub(self, delta):
        """value -= delta."""
        return self.assign(self._updated(np.subtract, delta, "subtract"))

    def _updated(self, operation, delta, verb):
        delta = numeric_array(delta, self._description())
        try:
            fits = np.broadcast_shapes(self.value.shape, delta.shape) == self.value.shape
        except ValueError:
            fits = False
        if not fits:
            raise ValueError(
                f"Cannot {verb} a value of shape {delta.shape} to {self._description()} of "
                f"shape {self.value.shape}. Give it the variable's shape.")
        return operation(self.value, delta)

    def assignable(self, value):
        """The array ``assign(value)`` would store: ``value`` as a new numpy array of this
        variable's dtype, after checking that its shape is the variable's and that its values
        are numbers. Raises (and changes nothing) otherwise.

        A new array, not the old one written into, so that arrays read from the variable
        earlier (by a recorded op, say) keep their values.
        """
        array = numeric_array(value, self._description())
        if array.shape != self.value.shape:
            raise ValueError(
                f"Cannot assign a value of shape {array.shape} to {self._description()} of "
                f"shape {self.value.shape}. Reshape the value, or create a new variable.")
        return array.astype(self.value.dtype, copy=True)

    def _replace(self, new_value):
        """Take ``new_value``, an array of this variable's shape and dtype that nobody else
        holds (what :meth:`assignable` returns), as the value."""
        if new_value.shape != self.value.shape or new_value.dtype != self.value.dtype:
            raise ValueError(
                f"Internal error: {self._description()} of shape {self.value.shape} and dtype "
                f"{self.value.dtype} was given an array of shape {new_value.shape} and dtype "
                f"{new_value.dtype}; use assign(value), which converts and checks it.")
        _held_by.pop(id(self.value), None)
        self.value = new_value
        hold(self)
        return self

    def _description(self):
        return f"variable '{self.path}'"

    def _what(self):
        return f"Variable '{self.path}'"

    def __repr__(self):
        values = np.array2string(self.value, separator=", ", prefix="array(")
        dtype = self.value.dtype.name
        return (f"<Variable '{self.path}' shape={self.shape} dtype={dtype}, numpy=\n"
                f"array({values}, dtype={dtype})>")

    __str__ = __repr__


_held_by = {}       # id of a Variable's array -> a weak reference to that Variable
_recorded = {}      # id of a result's array -> the result, while a gradient is being taken


def hold(variable):
    """Remember that ``variable``'s array is its own."""
    _held_by[id(variable.value)] = variable._self_reference


def hold_recorded(tensor):
    """Remember that ``tensor``'s array is its own, until :func:`forget_recorded`."""
    _recorded[id(tensor.value)] = tensor


def forget_recorded():
    """The gradient has been taken: forget the recorded results' arrays."""
    _recorded.clear()


def _holder(array):
    holder = _recorded.get(id(array))
    if holder is None:
        reference = _held_by.get(id(array))
        holder = reference and reference()
    return holder if holder is not None and holder.value is array else None


def _refuse_a_tensors_array(array):
    """While a gradient is being taken, ``t.value`` (the array of a Tensor that carries a
    gradient) given to an op in place of ``t`` would be a constant: refuse it."""
    tensor = _holder(array)
    if tensor is not None and tensor._tracks_gradient and is_differentiating():
        name, kind = ("v", "variable") if isinstance(tensor, Variable) else ("t", "Tensor")
        raise GradientDroppedError(
            f"{name}.value (the numpy array of {tensor._what()}) was given to an op while a "
            f"gradient is being taken: to the tape it is a constant, so what it depends on "
            f"would silently get no gradient through it. Pass the {kind} itself "
            f"(ops.matmul(x, self.kernel), not self.kernel.value). If no gradient should flow "
            f"here, say so with ops.stop_gradient({name}).")


def is_tensor(x):
    """True for kerasedu Tensors and Variables."""
    return isinstance(x, Tensor)


def convert_to_tensor(x, dtype=None):
    """A Tensor for ``x``: Tensors pass through (cast when ``dtype`` differs), numpy arrays are
    wrapped without copying, Python floats and lists of floats become ``floatx()``.
    """
    if isinstance(x, Tensor):
        if dtype is None or np.dtype(dtype) == x.dtype:
            return x
        return x.astype(dtype)
    if isinstance(x, np.ndarray) and (id(x) in _recorded or id(x) in _held_by):
        _refuse_a_tensors_array(x)
    if dtype is None and not isinstance(x, np.ndarray):
        array = np.asarray(x)
        if array.dtype.kind == "f":
            array = array.astype(config.floatx())
        return Tensor(array)
    return Tensor(np.asarray(x, dtype=dtype))


# What numbers are: numpy's kinds for bool, signed and unsigned integers, and floats.
_NUMBER_KINDS = "biuf"
_NOT_NUMBERS = {"c": "complex numbers (their imaginary part would be lost)",
                "U": "strings", "S": "byte strings", "O": "Python objects",
                "M": "dates", "m": "time differences", "V": "structured records"}


def numeric_array(value, destination):
    """``value`` (a Tensor, array, number or nested list) as a numpy array of real numbers.

    Strings, None and other Python objects, complex numbers and lists of uneven lengths are
    refused with a message naming ``destination`` ("variable 'dense/kernel'", "layer 'dense'").
    """
    if isinstance(value, Tensor):
        return value.value
    who = destination[:1].upper() + destination[1:]
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:    # lists of uneven lengths, say
        raise ValueError(
            f"{who} takes a rectangular array of numbers, but received {_preview(value)}, "
            f"which numpy cannot make into one ({error}). Make every row the same length (pad "
            f"shorter ones), or pass a numpy array.") from None
    if array.dtype.kind not in _NUMBER_KINDS:
        raise TypeError(
            f"{who} takes real numbers, but received "
            f"{_NOT_NUMBERS.get(array.dtype.kind, array.dtype.name)} (an array of dtype "
            f"{array.dtype}: {_preview(array)}). Convert the values to numbers first, for "
            f"example np.asarray(values, dtype='float32'){_complex_hint(array)}.")
    return array


def _complex_hint(array):
    return ", or np.real(values) to keep only the real part" if array.dtype.kind == "c" else ""


def _preview(value, limit=60):
    text = repr(value.tolist() if isinstance(value, np.ndarray) else value)
    return text if len(text) <= limit else text[:limit - 3] + "..."
