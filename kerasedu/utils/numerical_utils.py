"""Turning labels into one-hot rows (``to_categorical``) and rows into unit vectors (``normalize``).

    to_categorical([0, 2, 1])           ->  [[1, 0, 0],
                                             [0, 0, 1],
                                             [0, 1, 0]]

    normalize([[3, 4]])                 ->  [[0.6, 0.8]]      (each row divided by its L2 norm)

Labels of shape ``(N,)`` and ``(N, 1)`` both give ``(N, num_classes)``: a last axis of size 1 is
dropped before the class axis is added, as Keras does, so that the labels straight out of a
dataset loader (often a column) work either way.
"""

import numbers

import numpy as np

from ..backend import ops
from ..backend.tensor import Tensor


class LabelError(ValueError, IndexError):
    """A label outside ``0 .. num_classes - 1``.

    It is a ValueError (a bad argument) and an IndexError (what numpy, and so Keras, raises for
    a label that is too large), so code written for either keeps working.
    """


def _as_numpy(x):
    if hasattr(x, "numpy") and not isinstance(x, np.ndarray):
        return np.asarray(x.numpy())
    return x


def to_categorical(x, num_classes=None, dtype="float32"):
    """One-hot encode integer class labels.

    Args:
        x: array-like of integer labels from 0 to ``num_classes - 1``, any shape. Floats are
            truncated to integers, as in Keras.
        num_classes: the number of classes, the length of each one-hot row. ``None`` (or 0)
            uses ``max(x) + 1``.
        dtype: the dtype of the result. ``"float32"`` (the Keras 2 default and kerasedu's
            floatx) by default; Keras 3 returns float64 for numpy input.

    Returns:
        A numpy array of shape ``x.shape + (num_classes,)``, with the last axis of ``x``
        dropped first when it has size 1: ``(N,)`` and ``(N, 1)`` both give
        ``(N, num_classes)``. Entry ``[..., c]`` is 1 where the label is ``c``, else 0.

    Example:
        >>> to_categorical([0, 1, 2, 3], num_classes=4)
        array([[1., 0., 0., 0.],
               [0., 1., 0., 0.],
               [0., 0., 1., 0.],
               [0., 0., 0., 1.]], dtype=float32)
    """
    labels = np.array(_as_numpy(x), dtype="int64")
    shape = labels.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    labels = labels.reshape(-1)
    if not num_classes:
        if labels.size == 0:
            raise ValueError(
                "to_categorical() received no labels, so it cannot infer the number of "
                "classes. Pass num_classes=... explicitly.")
        num_classes = int(labels.max()) + 1
    if not isinstance(num_classes, numbers.Integral) or num_classes < 0:
        raise ValueError(
            f"`num_classes` must be a positive integer. Received: num_classes={num_classes!r}.")
    num_classes = int(num_classes)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        bad = labels[(labels < 0) | (labels >= num_classes)][0]
        raise LabelError(
            f"to_categorical() expects labels from 0 to num_classes - 1 = {num_classes - 1}, "
            f"but received the label {bad}. Check the labels, or pass a larger num_classes "
            f"(currently {num_classes}).")
    one_hot = np.zeros((labels.size, num_classes), dtype=dtype)
    one_hot[np.arange(labels.size), labels] = 1
    return one_hot.reshape(shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """Divide ``x`` by its ``order``-norm along ``axis`` (rows of norm 0 are left as they are).

        normalize(x)[i] = x[i] / ||x[i]||_order          (for the default axis=-1 on 2-D x)

    Args:
        x: a numpy array (a numpy array is returned) or a kerasedu Tensor (a Tensor is
            returned, computed with differentiable ops).
        axis: the axis to normalize along. ``None`` divides by the norm of the whole array
            as ``np.linalg.norm(x, order)`` defines it.
        order: the norm's order: 2 (Euclidean, the default), 1, ``np.inf``, ...

    Returns:
        A normalized copy of ``x``, same shape.
    """
    if isinstance(x, Tensor):
        return _normalize_tensor(x, axis, order)
    x = np.asarray(x)
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    if axis is None:
        return x / norm
    return x / np.expand_dims(norm, axis)


def _normalize_tensor(x, axis, order):
    """The same computation in backend ops. A zero row's norm is replaced by 1 *before* any
    square root or power is taken, so its gradient stays finite."""
    if axis is None:
        axis = tuple(range(x.ndim))
    magnitude = ops.abs(x)
    if order == np.inf:
        norm = ops.max(magnitude, axis=axis, keepdims=True)
        return ops.divide(x, ops.where(ops.equal(norm, 0), ops.ones_like(norm), norm))
    if order == 1:
        norm = ops.sum(magnitude, axis=axis, keepdims=True)
        return ops.divide(x, ops.where(ops.equal(norm, 0), ops.ones_like(norm), norm))
    if order == 2:
        total = ops.sum(ops.square(x), axis=axis, keepdims=True)
    else:
        total = ops.sum(ops.power(magnitude, order), axis=axis, keepdims=True)
    total = ops.where(ops.equal(total, 0), ops.ones_like(total), total)
    norm = ops.sqrt(total) if order == 2 else ops.power(total, 1.0 / order)
    return ops.divide(x, norm)
