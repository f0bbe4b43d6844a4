"""Accuracy metrics: the fraction of predictions that match the labels.

Per-sample functions (1.0 for a match, 0.0 otherwise):

    accuracy                           y_pred == y_true exactly
    binary_accuracy (threshold 0.5)    (y_pred > threshold) == y_true, per output unit
    categorical_accuracy               argmax(y_pred) == argmax(y_true)        one-hot labels
    sparse_categorical_accuracy        argmax(y_pred) == y_true                integer labels
    top_k_categorical_accuracy (k=5)   argmax(y_true) is among the k largest y_pred
    sparse_top_k_categorical_accuracy  y_true is among the k largest y_pred

Shapes: (N, ..., K) predictions give (N, ...) matches; binary_accuracy keeps the unit axis.
The classes (Accuracy, BinaryAccuracy, ...) average these over all samples seen.
"""

import numpy as np

from ..backend.config import floatx
from ..backend.tensor import Tensor
from ..losses.shapes import squeeze_or_expand_to_same_rank
from .metric import as_array
from .reduction import MeanMetricWrapper


def _matches(condition):
    return Tensor(np.asarray(condition, dtype=floatx()))


def accuracy(y_true, y_pred):
    """1.0 where y_pred equals y_true, else 0.0."""
    y_pred = as_array(y_pred)
    y_true = as_array(y_true).astype(y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return _matches(y_true == y_pred)


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where (y_pred > threshold) agrees with the 0/1 label y_true, per unit."""
    y_true, y_pred = squeeze_or_expand_to_same_rank(as_array(y_true), as_array(y_pred))
    return _matches(y_true == (y_pred > threshold).astype(y_true.dtype))


def categorical_accuracy(y_true, y_pred):
    """1.0 where the largest prediction is at the one-hot label's position: (N, K) -> (N,)."""
    y_true, y_pred = as_array(y_true), as_array(y_pred)
    return _matches(np.argmax(y_true, axis=-1) == np.argmax(y_pred, axis=-1))


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the largest prediction is at the integer label: (N,) or (N, 1) labels -> (N,)."""
    y_true, y_pred = as_array(y_true), as_array(y_pred)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = np.squeeze(y_true, -1)
    return _matches(y_true == np.argmax(y_pred, axis=-1))


def in_top_k(targets, predictions, k):
    """True where predictions[i, targets[i]] is among the k largest of row i (ties count as in).

    targets (N,) integers, predictions (N, K) -> (N,) booleans. NaN scores are never in.
    """
    at_target = np.take_along_axis(predictions, targets[:, None].astype(np.int64), axis=-1)
    at_target = np.where(np.isnan(at_target), -np.inf, at_target)
    rank = 1 + np.sum(predictions > at_target, axis=-1)
    return rank <= k


def _top_k_matches(labels, y_pred, k):
    """in_top_k over all leading axes of y_pred: labels (N, ...) -> matches of that shape."""
    flat_pred = y_pred.reshape(-1, y_pred.shape[-1])
    return _matches(in_top_k(labels.reshape(-1), flat_pred, k).reshape(labels.shape))


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the one-hot label is among the k largest predictions: (N, K) -> (N,)."""
    y_true, y_pred = as_array(y_true), as_array(y_pred)
    return _top_k_matches(np.argmax(y_true, axis=-1), y_pred, k)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """1.0 where the integer label is among the k largest predictions.

    With ``from_sorted_ids=True``, y_pred holds class ids sorted best first, and a match is the
    label appearing among the first k of them.
    """
    y_true, y_pred = as_array(y_true), as_array(y_pred)
    if from_sorted_ids:
        flat_true = y_true.reshape(-1, 1)
        flat_pred = y_pred.reshape(-1, y_pred.shape[-1])[:, :k]
        return _matches(np.any(flat_true == flat_pred, axis=1).reshape(y_true.shape))
    return _top_k_matches(y_true.astype(np.int64), y_pred, k)


class Accuracy(MeanMetricWrapper):
    """How often y_pred equals y_true exactly. See :func:`accuracy`."""

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name=name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """How often (y_pred > threshold) matches the 0/1 labels. See :func:`binary_accuracy`."""

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)
        self.threshold = threshold

    def get_config(self):
        return {**super().get_config(), "threshold": self.threshold}


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the largest prediction matches the one-hot label."""

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the largest prediction matches the integer label."""

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot label is among the ``k`` largest predictions."""

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k

    def get_config(self):
        return {**super().get_config(), "k": self.k}


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label is among the ``k`` largest predictions."""

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None,
                 from_sorted_ids=False):
        super().__init__(sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k,
                         from_sorted_ids=from_sorted_ids)
        self.k = k
        self.from_sorted_ids = from_sorted_ids

    def get_config(self):
        config = {**super().get_config(), "k": self.k}
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True
        return config
