"""Confusion-matrix counts at decision thresholds, and Precision and Recall built on them.

For a threshold t, a prediction counts as positive when y_pred > t, and a label as positive
when it is non-zero. With sample weights w (1 by default), for every threshold:

    TP(t) = Σ w·[label ∧ y_pred > t]      FP(t) = Σ w·[¬label ∧ y_pred > t]
    FN(t) = Σ w·[label ∧ y_pred ≤ t]      TN(t) = Σ w·[¬label ∧ y_pred ≤ t]

    precision = TP / (TP + FP)            recall = TP / (TP + FN)      (0 when undefined)

Every prediction value counts separately: shapes (N,) and (N, K) are both flattened.
``top_k`` keeps only the k largest predictions of each row (the others count as negative);
``class_id`` looks at one column of (N, K) predictions only.
"""

import numpy as np

from ..losses.shapes import squeeze_or_expand_to_same_rank
from .metric import Metric, as_array

TRUE_POSITIVES, FALSE_POSITIVES = "true_positives", "false_positives"
TRUE_NEGATIVES, FALSE_NEGATIVES = "true_negatives", "false_negatives"
NEG_INF = -1e10


def parse_thresholds(thresholds, default=0.5):
    """``thresholds`` as a list of floats in [0, 1] (``[default]`` when None)."""
    if thresholds is None:
        return [default]
    values = list(thresholds) if isinstance(thresholds, (list, tuple, np.ndarray)) \
        else [thresholds]
    invalid = [t for t in values if t is None or t < 0 or t > 1]
    if invalid:
        raise ValueError(f"Threshold values must be in [0, 1]. Received: {invalid}")
    return [float(t) for t in values]


def evenly_spaced(thresholds):
    """True for 3 or more thresholds i/(n − 1), i = 0..n−1 (up to ε)."""
    n = len(thresholds)
    return n >= 3 and np.allclose(thresholds, np.arange(n) / (n - 1), atol=1e-7)


def keep_top_k(y_pred, k):
    """y_pred with all but the k largest values of each row replaced by −10¹⁰ (ties: the
    first ones win)."""
    order = np.argsort(-y_pred, axis=-1, kind="stable")[..., :k]
    keep = np.zeros(y_pred.shape, dtype=bool)
    np.put_along_axis(keep, order, True, axis=-1)
    return np.where(keep, y_pred, NEG_INF)


def _line_up(y_true, y_pred, sample_weight, dtype, top_k, class_id):
    """Labels (bool), predictions and weights, all of one shape (numpy)."""
    y_true, y_pred = as_array(y_true, dtype), as_array(y_pred, dtype)
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if sample_weight is not None:
        weights = np.expand_dims(as_array(sample_weight, dtype), -1)
        _, weights = squeeze_or_expand_to_same_rank(y_true, weights, expand_rank_1=False)
    if top_k is not None:
        y_pred = keep_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim == 1:
            raise ValueError(
                f"When class_id is given, y_pred must have shape (num_samples, num_classes); "
                f"received shape {y_pred.shape}.")
        y_true, y_pred = y_true[..., class_id, None], y_pred[..., class_id, None]
    if sample_weight is None:
        weights = np.ones(y_pred.shape, dtype)
    return y_true != 0, y_pred, np.broadcast_to(weights, y_pred.shape).astype(dtype)


def confusion_counts(y_true, y_pred, thresholds, sample_weight=None, top_k=None,
                     class_id=None, multi_label=False, label_weights=None, clip=None,
                     dtype="float32"):
    """The four weighted counts at each threshold, as a dict of numpy arrays.

    Shapes: (T,) for T thresholds, or (T, K) with ``multi_label`` (one column per label of
    (N, K) predictions). With ``clip`` (by default: when the thresholds are evenly spaced over
    [0, 1], as in Keras) the predictions are clipped to [0, 1] first.
    """
    labels, y_pred, weights = _line_up(y_true, y_pred, sample_weight, dtype, top_k, class_id)
    if clip is None:
        clip = evenly_spaced(thresholds)
    thresholds = np.asarray(thresholds, dtype)
    if clip:
        y_pred = np.clip(y_pred, 0.0, 1.0)
    if label_weights is not None and not multi_label:
        weights = weights * np.broadcast_to(as_array(label_weights, dtype), y_pred.shape)
    if multi_label:
        shape, sum_axis = (-1, 1, 1), 1
    else:
        labels, y_pred, weights = labels.reshape(-1), y_pred.reshape(-1), weights.reshape(-1)
        shape, sum_axis = (-1, 1), 1
    above = y_pred[None] > thresholds.reshape(shape)
    positive_weight = np.where(labels, weights, 0)[None]
    negative_weight = np.where(labels, 0, weights)[None]
    return {
        TRUE_POSITIVES: np.sum(np.where(above, positive_weight, 0), axis=sum_axis, dtype=dtype),
        FALSE_POSITIVES: np.sum(np.where(above, negative_weight, 0), axis=sum_axis, dtype=dtype),
        FALSE_NEGATIVES: np.sum(np.where(above, 0, positive_weight), axis=sum_axis, dtype=dtype),
        TRUE_NEGATIVES: np.sum(np.where(above, 0, negative_weight), axis=sum_axis, dtype=dtype),
    }


def divide_no_nan(numerator, denominator):
    """numerator / denominator, with 0 wherever the denominator is 0."""
    numerator, denominator = np.asarray(numerator), np.asarray(denominator)
    safe = np.where(denominator == 0, 1, denominator)
    return np.where(denominator == 0, 0, numerator / safe).astype(numerator.dtype)


class _ConfusionCount(Metric):
    """One confusion-matrix cell, counted at each threshold."""

    cell = None

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = parse_thresholds(thresholds)
        self.accumulator = self.add_variable(shape=(len(self.thresholds),), name="accumulator")

    def update_state(self, y_true, y_pred, sample_weight=None):
        counts = confusion_counts(y_true, y_pred, self.thresholds, sample_weight,
                                  dtype=self.dtype)
        self.accumulator.assign_add(counts[self.cell])

    def result(self):
        values = self.accumulator.value
        return self._tensor(values[0] if len(self.thresholds) == 1 else values)

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds}


class TruePositives(_ConfusionCount):
    """Weighted count of positive labels predicted positive (y_pred > threshold, default 0.5)."""
    cell = TRUE_POSITIVES


class FalsePositives(_ConfusionCount):
    """Weighted count of negative labels predicted positive."""
    cell = FALSE_POSITIVES


class TrueNegatives(_ConfusionCount):
    """Weighted count of negative labels predicted negative."""
    cell = TRUE_NEGATIVES


class FalseNegatives(_ConfusionCount):
    """Weighted count of positive labels predicted negative."""
    cell = FALSE_NEGATIVES


class _PrecisionOrRecall(Metric):
    """TP / (TP + other) at each threshold; ``other`` is FP (precision) or FN (recall)."""

    other = None

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else NEG_INF
        self.thresholds = (parse_thresholds(thresholds) if thresholds is not None
                           else [default])
        size = (len(self.thresholds),)
        self.true_positives = self.add_variable(shape=size, name=TRUE_POSITIVES)
        self._other = self.add_variable(shape=size, name=self.other)

    def update_state(self, y_true, y_pred, sample_weight=None):
        counts = confusion_counts(y_true, y_pred, self.thresholds, sample_weight,
                                  top_k=self.top_k, class_id=self.class_id, dtype=self.dtype)
        self.true_positives.assign_add(counts[TRUE_POSITIVES])
        self._other.assign_add(counts[self.other])

    def result(self):
        tp = self.true_positives.value
        values = divide_no_nan(tp, tp + self._other.value)
        return self._tensor(values[0] if len(self.thresholds) == 1 else values)

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds,
                "top_k": self.top_k, "class_id": self.class_id}


class Precision(_PrecisionOrRecall):
    """TP / (TP + FP): of the predictions called positive, the fraction that are.

    Args:
        thresholds: a float or list of floats in [0, 1] (default 0.5; one result per threshold).
        top_k: count only the k largest predictions of each row as positive.
        class_id: look only at this column of (N, num_classes) predictions.
    """
    other = FALSE_POSITIVES

    @property
    def false_positives(self):
        return self._other


class Recall(_PrecisionOrRecall):
    """TP / (TP + FN): of the positive labels, the fraction predicted positive.

    Args as for :class:`Precision`.
    """
    other = FALSE_NEGATIVES

    @property
    def false_negatives(self):
        return self._other
