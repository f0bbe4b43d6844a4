"""Hinge losses: margin losses for classifiers that output scores rather than probabilities.

Targets are −1 or +1; targets that are all 0 or 1 are first mapped to −1/+1 (t -> 2t − 1).
Per-sample formulas, shapes (N, ..., d) -> (N, ...):

    hinge              mean(max(1 − t·y_pred, 0))   over the last axis
    squared_hinge      mean(max(1 − t·y_pred, 0)²)  over the last axis
    categorical_hinge  max(neg − pos + 1, 0) with pos = Σ t·y_pred, neg = max((1 − t)·y_pred)
"""

import numpy as np

from ..backend import ops
from .loss import LossFunctionWrapper
from .shapes import align_targets

_REDUCTION = "sum_over_batch_size"


def binary_labels_to_signs(y_true):
    """2·y_true − 1 when every label is 0 or 1; the labels unchanged otherwise."""
    values = y_true.value
    if np.all((values == 0) | (values == 1)):
        return ops.subtract(ops.multiply(y_true, 2.0), 1.0)
    return y_true


def _margin_violation(y_true, y_pred, name):
    y_true, y_pred = align_targets(y_true, y_pred, name)
    signs = binary_labels_to_signs(y_true)
    return ops.maximum(ops.subtract(1.0, ops.multiply(signs, y_pred)), 0.0)


def hinge(y_true, y_pred):
    """mean(max(1 − y_true·y_pred, 0), axis=−1)."""
    return ops.mean(_margin_violation(y_true, y_pred, "hinge"), axis=-1)


def squared_hinge(y_true, y_pred):
    """mean(max(1 − y_true·y_pred, 0)², axis=−1)."""
    return ops.mean(ops.square(_margin_violation(y_true, y_pred, "squared_hinge")), axis=-1)


def categorical_hinge(y_true, y_pred):
    """max(neg − pos + 1, 0): pos = Σ y_true·y_pred, neg = max((1 − y_true)·y_pred)."""
    y_true, y_pred = align_targets(y_true, y_pred, "categorical_hinge")
    positive = ops.sum(ops.multiply(y_true, y_pred), axis=-1)
    negative = ops.max(ops.multiply(ops.subtract(1.0, y_true), y_pred), axis=-1)
    return ops.maximum(ops.add(ops.subtract(negative, positive), 1.0), 0.0)


class Hinge(LossFunctionWrapper):
    """Hinge loss. See :func:`hinge`."""

    def __init__(self, reduction=_REDUCTION, name="hinge", dtype=None):
        super().__init__(hinge, reduction=reduction, name=name, dtype=dtype)


class SquaredHinge(LossFunctionWrapper):
    """Squared hinge loss. See :func:`squared_hinge`."""

    def __init__(self, reduction=_REDUCTION, name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, reduction=reduction, name=name, dtype=dtype)


class CategoricalHinge(LossFunctionWrapper):
    """Categorical hinge loss for one-hot targets. See :func:`categorical_hinge`."""

    def __init__(self, reduction=_REDUCTION, name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, reduction=reduction, name=name, dtype=dtype)
