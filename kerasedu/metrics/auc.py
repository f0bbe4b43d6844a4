"""AUC: the area under the ROC or precision–recall curve, from confusion counts at thresholds.

The thresholds are −ε, 1/(n−1), 2/(n−1), ..., (n−2)/(n−1), 1+ε for ``num_thresholds`` = n
(or −ε, the given ``thresholds`` sorted, 1+ε). At each threshold i the counts TP, FP, TN, FN
(see :mod:`kerasedu.metrics.confusion`) give a point of the curve:

    ROC: x = FP/(FP + TN) (false-positive rate),  y = TP/(TP + FN) (recall)
    PR:  x = recall,                               y = TP/(TP + FP) (precision)

and the area is the Riemann sum Σ (x_i − x_{i+1})·h_i with the height h_i from
``summation_method``: 'interpolation' (y_i + y_{i+1})/2, 'minoring' min, 'majoring' max.
For PR with 'interpolation', precision is not averaged linearly: TP and P = TP + FP are taken
as linear between thresholds (Davis & Goadrich, 2006), which integrates to

    Σ slope·(ΔTP + intercept·log(P_i / P_{i+1})) / (TP_{i+1} + FN_{i+1}),
    slope = ΔTP/ΔP, intercept = TP_{i+1} − slope·P_{i+1}.
"""

import numpy as np

from ..backend.config import epsilon
from .confusion import (FALSE_NEGATIVES, FALSE_POSITIVES, TRUE_NEGATIVES, TRUE_POSITIVES,
                        confusion_counts, divide_no_nan, evenly_spaced)
from .metric import Metric, as_array

CURVES = ("ROC", "PR")
SUMMATION_METHODS = ("interpolation", "minoring", "majoring")


def _sigmoid(x):
    return 0.5 * (1 + np.tanh(0.5 * x))


class AUC(Metric):
    """Area under the ROC (default) or PR curve, approximated at ``num_thresholds`` thresholds.

    Args:
        num_thresholds: number of thresholds (> 1), 200 by default.
        curve: 'ROC' or 'PR'.
        summation_method: 'interpolation' (default), 'minoring' or 'majoring'.
        thresholds: explicit thresholds in [0, 1], instead of ``num_thresholds``.
        multi_label: with (N, K) predictions, one curve per label, then the (label-weighted)
            mean of the K areas; otherwise all values form one curve.
        num_labels: K, to create the state before the first batch (multi_label only).
        label_weights: a weight per label.
        from_logits: apply a sigmoid to the predictions first.
    """

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation",
                 name=None, dtype=None, thresholds=None, multi_label=False, num_labels=None,
                 label_weights=None, from_logits=False):
        super().__init__(name=name, dtype=dtype)
        curve, summation_method = str(curve).upper(), str(summation_method).lower()
        if curve not in CURVES:
            raise ValueError(f'Invalid AUC curve value: "{curve}". Expected one of {CURVES}.')
        if summation_method not in SUMMATION_METHODS:
            raise ValueError(f'Invalid AUC summation method value: "{summation_method}". '
                             f'Expected one of {SUMMATION_METHODS}.')
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            inner = sorted(float(t) for t in thresholds)
            self.num_thresholds = len(inner) + 2
            self._evenly_spaced = evenly_spaced([0.0] + inner + [1.0])
        else:
            if num_thresholds <= 1:
                raise ValueError(f"Argument `num_thresholds` must be an integer > 1. "
                                 f"Received: num_thresholds={num_thresholds}")
            self.num_thresholds = int(num_thresholds)
            inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self._evenly_spaced = True
        self._thresholds = np.array([0.0 - epsilon()] + inner + [1.0 + epsilon()])
        self.curve = curve
        self.summation_method = summation_method
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = (None if label_weights is None
                              else as_array(label_weights, self.dtype))
        self._from_logits = from_logits
        self._built = False
        if not multi_label and num_labels:
            raise ValueError("`num_labels` is needed only when `multi_label` is True.")
        if not multi_label or num_labels:
            self._build(num_labels)

    @property
    def thresholds(self):
        """The thresholds, including the −ε and 1+ε end points."""
        return [float(t) for t in self._thresholds]

    def _build(self, num_labels):
        shape = (self.num_thresholds, num_labels) if self.multi_label else (self.num_thresholds,)
        for cell in (TRUE_POSITIVES, FALSE_POSITIVES, TRUE_NEGATIVES, FALSE_NEGATIVES):
            setattr(self, cell, self.add_variable(shape=shape, name=cell))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = as_array(y_pred, self.dtype)
        if not self._built:
            if y_pred.ndim != 2:
                raise ValueError(
                    f"`y_pred` must have rank 2 when `multi_label=True`. Received shape "
                    f"{y_pred.shape}.")
            self._build(y_pred.shape[1])
        if self._from_logits:
            y_pred = _sigmoid(y_pred)
        counts = confusion_counts(
            y_true, y_pred, self._thresholds, sample_weight, multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights,
            clip=self._evenly_spaced, dtype=self.dtype)
        for cell, count in counts.items():
            getattr(self, cell).assign_add(count)

    def _average_over_labels(self, per_threshold_areas):
        if not self.multi_label:
            return np.sum(per_threshold_areas)
        by_label = np.sum(per_threshold_areas, axis=0)
        if self.label_weights is None:
            return np.mean(by_label)
        return divide_no_nan(np.sum(by_label * self.label_weights),
                             np.sum(self.label_weights))

    def _interpolated_pr_areas(self, tp, fp, fn):
        predicted_positive = tp + fp
        d_tp = tp[:-1] - tp[1:]
        d_p = predicted_positive[:-1] - predicted_positive[1:]
        slope = divide_no_nan(d_tp, np.maximum(d_p, 0))
        intercept = tp[1:] - slope * predicted_positive[1:]
        both_positive = (predicted_positive[:-1] > 0) & (predicted_positive[1:] > 0)
        ratio = np.where(both_positive,
                         divide_no_nan(predicted_positive[:-1],
                                       np.maximum(predicted_positive[1:], 0)), 1.0)
        log_ratio = np.log(np.where(ratio > 0, ratio, 1.0))
        return divide_no_nan(slope * (d_tp + intercept * log_ratio),
                             np.maximum(tp[1:] + fn[1:], 0))

    def result(self):
        if not self._built:
            return self._tensor(0.0)
        tp, fp = self.true_positives.value, self.false_positives.value
        tn, fn = self.true_negatives.value, self.false_negatives.value
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._tensor(self._average_over_labels(self._interpolated_pr_areas(tp, fp, fn)))
        recall = divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = divide_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, divide_no_nan(tp, tp + fp)
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2
        elif self.summation_method == "minoring":
            heights = np.minimum(y[:-1], y[1:])
        else:
            heights = np.maximum(y[:-1], y[1:])
        return self._tensor(self._average_over_labels((x[:-1] - x[1:]) * heights))

    def reset_state(self):
        if self._built:
            super().reset_state()

    def get_config(self):
        config = {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": (None if self.label_weights is None
                              else self.label_weights.tolist()),
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config
