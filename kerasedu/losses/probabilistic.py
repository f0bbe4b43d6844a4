"""Probabilistic losses: how unlikely the targets are under the predicted distribution.

Per-sample formulas (p = y_pred as probabilities, clipped to [ε, 1 − ε]; z = y_pred as logits
when ``from_logits=True``; t = y_true):

    binary_crossentropy       mean over ``axis`` of −(t·log p + (1 − t)·log(1 − p))
                              label_smoothing s: t -> t·(1 − s) + s/2
    categorical_crossentropy  −Σ t·log p along ``axis`` (one-hot t; p rescaled to sum to 1)
                              label_smoothing s: t -> t·(1 − s) + s/K for K classes
    sparse_categorical_crossentropy
                              −log p[label] (integer labels, shape of y_pred without ``axis``);
                              ``ignore_class`` labels contribute 0 and are left out of the mean
    kl_divergence             Σ t·log(t/p) over the last axis (t and p clipped to [ε, 1])
    poisson                   mean(p − t·log(p + ε)) over the last axis

Shapes: (N, ..., K) -> (N, ...). The Loss classes add sample weights and the reduction.
"""

import numpy as np

from ..backend import ops
from ..backend.config import epsilon
from .loss import LossFunctionWrapper
from .shapes import align_targets, as_float_tensor, incompatible_shapes

_REDUCTION = "sum_over_batch_size"


def _check_axis(axis):
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise ValueError(f"`axis` must be an int. Received: axis={axis!r}")


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Mean over ``axis`` of the elementwise binary cross-entropy: (N, ..., d) -> (N, ...)."""
    _check_axis(axis)
    y_true, y_pred = align_targets(y_true, y_pred, "binary_crossentropy")
    if y_true.shape != y_pred.shape:
        raise incompatible_shapes("binary_crossentropy", y_true.shape, y_pred.shape)
    if label_smoothing:
        y_true = ops.add(ops.multiply(y_true, 1.0 - label_smoothing), 0.5 * label_smoothing)
    return ops.mean(ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits),
                    axis=axis)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """−Σ y_true·log(y_pred) along ``axis`` for one-hot (or soft) targets.

    Shapes: (N, ..., K) -> (N, ...).
    """
    _check_axis(axis)
    y_pred = as_float_tensor(y_pred)
    y_true = as_float_tensor(y_true, y_pred.dtype)
    if label_smoothing and y_true.ndim:
        classes = y_true.shape[axis]
        y_true = ops.add(ops.multiply(y_true, 1.0 - label_smoothing), label_smoothing / classes)
    return ops.categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


def _labels_and_mask(y_true, y_pred, axis, ignore_class):
    """Integer labels shaped like y_pred without ``axis``, and the mask of labels that count."""
    labels = np.asarray(getattr(y_true, "value", y_true))
    class_axis = axis % y_pred.ndim
    if labels.ndim == y_pred.ndim and labels.shape[class_axis] == 1:
        labels = np.squeeze(labels, class_axis)
    expected = y_pred.shape[:class_axis] + y_pred.shape[class_axis + 1:]
    if labels.shape != expected:
        hint = (" These targets look one-hot encoded: use categorical_crossentropy, or pass "
                "integer labels." if labels.shape == y_pred.shape else "")
        raise ValueError(
            f"sparse_categorical_crossentropy expects one integer label per prediction: "
            f"y_true.shape should be {expected} (or {expected + (1,)}). Received "
            f"y_true.shape={np.shape(getattr(y_true, 'value', y_true))} and "
            f"y_pred.shape={y_pred.shape}.{hint}")
    if ignore_class is None:
        return labels, None
    valid = labels != ignore_class
    return np.where(valid, labels, 0), valid


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None,
                                    axis=-1):
    """−log y_pred[label] along ``axis`` for integer labels: (N, ..., K) -> (N, ...).

    With ``ignore_class``, those labels get loss 0 and the result carries a mask, so that a
    Loss averages over the other labels only.
    """
    _check_axis(axis)
    y_pred = as_float_tensor(y_pred)
    labels, valid = _labels_and_mask(y_true, y_pred, axis, ignore_class)
    if valid is None:
        return ops.sparse_categorical_crossentropy(labels, y_pred, from_logits=from_logits,
                                                   axis=axis)
    keep = np.expand_dims(valid, axis % y_pred.ndim)
    y_pred = ops.where(keep, y_pred, 1.0)
    losses = ops.sparse_categorical_crossentropy(labels, y_pred, from_logits=from_logits,
                                                 axis=axis)
    losses = ops.where(valid, losses, 0.0)
    losses._keras_mask = valid
    return losses


def kl_divergence(y_true, y_pred):
    """Σ y_true·log(y_true / y_pred) over the last axis, both clipped to [ε, 1]."""
    y_true, y_pred = align_targets(y_true, y_pred, "kl_divergence")
    y_true = ops.clip(y_true, epsilon(), 1.0)
    y_pred = ops.clip(y_pred, epsilon(), 1.0)
    return ops.sum(ops.multiply(y_true, ops.log(ops.divide(y_true, y_pred))), axis=-1)


def poisson(y_true, y_pred):
    """mean(y_pred − y_true·log(y_pred + ε)) over the last axis."""
    y_true, y_pred = align_targets(y_true, y_pred, "poisson")
    return ops.mean(ops.subtract(y_pred, ops.multiply(y_true, ops.log(ops.add(y_pred,
                                                                              epsilon())))),
                    axis=-1)


class BinaryCrossentropy(LossFunctionWrapper):
    """Binary cross-entropy for 0/1 (or probability) targets. See :func:`binary_crossentropy`.

    Use ``from_logits=True`` when the model's last layer has no sigmoid.
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1, reduction=_REDUCTION,
                 name="binary_crossentropy", dtype=None):
        super().__init__(binary_crossentropy, reduction=reduction, name=name, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis


class CategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy for one-hot targets. See :func:`categorical_crossentropy`.

    Use ``from_logits=True`` when the model's last layer has no softmax.
    """

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1, reduction=_REDUCTION,
                 name="categorical_crossentropy", dtype=None):
        super().__init__(categorical_crossentropy, reduction=reduction, name=name, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy for integer labels. See :func:`sparse_categorical_crossentropy`."""

    def __init__(self, from_logits=False, ignore_class=None, reduction=_REDUCTION, axis=-1,
                 name="sparse_categorical_crossentropy", dtype=None):
        super().__init__(sparse_categorical_crossentropy, reduction=reduction, name=name,
                         dtype=dtype, from_logits=from_logits, ignore_class=ignore_class,
                         axis=axis)
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis


class KLDivergence(LossFunctionWrapper):
    """Kullback–Leibler divergence of y_pred from y_true. See :func:`kl_divergence`."""

    def __init__(self, reduction=_REDUCTION, name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, reduction=reduction, name=name, dtype=dtype)


class Poisson(LossFunctionWrapper):
    """Poisson negative log-likelihood (up to a constant). See :func:`poisson`."""

    def __init__(self, reduction=_REDUCTION, name="poisson", dtype=None):
        super().__init__(poisson, reduction=reduction, name=name, dtype=dtype)
