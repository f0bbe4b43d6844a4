"""Regression metrics: running means of the regression losses' per-sample values.

    MeanSquaredError             mean of (y_true − y_pred)²
    MeanAbsoluteError            mean of |y_true − y_pred|
    MeanAbsolutePercentageError  mean of 100·|y_true − y_pred| / max(|y_true|, ε)
    MeanSquaredLogarithmicError  mean of (log(1 + y_pred) − log(1 + y_true))²
    RootMeanSquaredError         √(mean of (y_true − y_pred)² over every value seen)
    CosineSimilarity (axis)      mean of +cos(y_true, y_pred) (the loss's negative)
    LogCoshError                 mean of log cosh(y_pred − y_true)

The per-sample formulas are those of :mod:`kerasedu.losses.regression`.
"""

import numpy as np

from ..backend import ops
from ..backend.autodiff import no_grad
from ..backend.config import floatx
from ..backend.tensor import Tensor
from ..losses.regression import (l2_normalize, log_cosh, mean_absolute_error,
                                 mean_absolute_percentage_error, mean_squared_error,
                                 mean_squared_logarithmic_error)
from ..losses.shapes import align_targets
from .metric import as_array
from .reduction import Mean, MeanMetricWrapper


def cosine_similarity(y_true, y_pred, axis=-1):
    """Σ normalize(y_true)·normalize(y_pred) along ``axis``: +1 for the same direction."""
    with no_grad():
        y_true, y_pred = align_targets(y_true, y_pred, "cosine_similarity")
        similarity = ops.sum(ops.multiply(l2_normalize(y_true, axis), l2_normalize(y_pred, axis)),
                             axis=axis)
    return Tensor(np.asarray(similarity.value, dtype=floatx()))


class MeanSquaredError(MeanMetricWrapper):
    """Running mean of squared errors."""

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, name=name, dtype=dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    """Running mean of absolute errors."""

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name=name, dtype=dtype)


class MeanAbsolutePercentageError(MeanMetricWrapper):
    """Running mean of absolute percentage errors."""

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(mean_absolute_percentage_error, name=name, dtype=dtype)


class MeanSquaredLogarithmicError(MeanMetricWrapper):
    """Running mean of squared logarithmic errors."""

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(mean_squared_logarithmic_error, name=name, dtype=dtype)


class RootMeanSquaredError(Mean):
    """√(mean of every squared error seen): the mean is taken first, the root at the end."""

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        with no_grad():
            y_true, y_pred = align_targets(as_array(y_true, self.dtype),
                                           as_array(y_pred, self.dtype),
                                           "root_mean_squared_error")
        squared_error = np.square(y_pred.value - y_true.value)
        super().update_state(squared_error, sample_weight=sample_weight)

    def result(self):
        return self._tensor(np.sqrt(super().result().value))


class CosineSimilarity(MeanMetricWrapper):
    """Running mean of the cosine similarity along ``axis`` (+1 is best)."""

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(cosine_similarity, name=name, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


class LogCoshError(MeanMetricWrapper):
    """Running mean of log(cosh(y_pred − y_true))."""

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(log_cosh, name=name, dtype=dtype)
