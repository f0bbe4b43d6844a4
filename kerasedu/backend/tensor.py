"""Tensor and Variable: numpy arrays that remember how they were made.

A :class:`Tensor` wraps a numpy array (``tensor.value``). When it is the result of a backend op
whose inputs need gradients, it also keeps the op's inputs (``_parents``) and a function that
maps the gradient of the result to the gradients of those inputs (``_backward``). Following
those links from a loss back to the weights is reverse-mode differentiation; see
:mod:`kerasedu.backend.autodiff`.

A :class:`Variable` is a Tensor that holds state (a layer's kernel, an optimizer's moment). It
always takes part in differentiation and can be changed in place with ``assign``.

Python operators (``+ - * / @ ** -x x[i]``), ``t.astype(dtype)`` and numpy functions
(``np.exp(t)``, ``np.sum(t)``) are wired to the differentiable ops in
:mod:`kerasedu.backend.operators`.
"""

import numpy as np

from . import config


class Tensor:
    """An immutable n-dimensional array with an optional record of the op that produced it.

    ``shape`` and ``dtype`` are numpy's; ``numpy()`` (or ``np.asarray(t)``) returns the values.
    """

    __slots__ = ("value", "_parents", "_backward", "_op", "_watched", "_keras_mask",
                 "__weakref__")
    __array_priority__ = 1000  # numpy defers `ndarray + Tensor` to Tensor.__radd__

    def __init__(self, value):
        self.value = value if isinstance(value, np.ndarray) else np.asarray(value)
        self._parents = None
        self._backward = None
        self._op = None
        self._watched = False
        self._keras_mask = None

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
        return self.value

    def __array__(self, dtype=None, copy=None):
        if dtype is not None and dtype != self.value.dtype:
            return self.value.astype(dtype)
        return self.value.copy() if copy else self.value

    def __len__(self):
        if self.value.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.value.shape[0]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __bool__(self):
        return bool(self.value)

    def __float__(self):
        return float(self.value)

    def __int__(self):
        return int(self.value)

    def __index__(self):
        return self.value.__index__()

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
    ``trainable`` says whether optimizers update it. ``assign``, ``assign_add`` and
    ``assign_sub`` replace the value in place of the variable (the shape must not change).
    """

    __slots__ = ("name", "path", "trainable", "constraint", "regularizer", "_layer")

    def __init__(self, initializer, shape=None, dtype=None, trainable=True, name=None,
                 constraint=None, path=None):
        dtype = np.dtype(dtype or config.floatx())
        value = initializer(shape, dtype=dtype) if callable(initializer) else initializer
        super().__init__(np.array(value, dtype=dtype))
        self.name = name or "variable"
        self.path = path or self.name
        self.trainable = bool(trainable)
        self.constraint = constraint
        self.regularizer = None
        self._layer = None

    @property
    def _tracks_gradient(self):
        return True

    def numpy(self):
        return self.value.copy()

    def assign(self, value):
        """Replace the values; ``value`` must have this variable's shape. Returns the variable."""
        value = np.asarray(value.value if isinstance(value, Tensor) else value)
        return self._replace(value.astype(self.value.dtype, copy=True))

    def assign_add(self, delta):
        """value += delta."""
        return self._replace(self.value + np.asarray(getattr(delta, "value", delta)))

    def assign_sub(self, delta):
        """value -= delta."""
        return self._replace(self.value - np.asarray(getattr(delta, "value", delta)))

    def _replace(self, new_value):
        """Take ``new_value`` (an array nobody else holds) as the value, in this variable's dtype.

        The old array is replaced, not written into, so arrays read from the variable earlier
        (by a recorded op, say) keep their values.
        """
        if new_value.shape != self.value.shape:
            raise ValueError(
                f"Cannot assign a value of shape {new_value.shape} to variable '{self.path}' of "
                f"shape {self.value.shape}. Reshape the value, or create a new variable.")
        self.value = new_value.astype(self.value.dtype, copy=False)
        return self

    def __repr__(self):
        values = np.array2string(self.value, separator=", ", prefix="array(")
        dtype = self.value.dtype.name
        return (f"<Variable '{self.path}' shape={self.shape} dtype={dtype}, numpy=\n"
                f"array({values}, dtype={dtype})>")

    __str__ = __repr__


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
    if dtype is None and not isinstance(x, np.ndarray):
        array = np.asarray(x)
        if array.dtype.kind == "f":
            array = array.astype(config.floatx())
        return Tensor(array)
    return Tensor(np.asarray(x, dtype=dtype))
