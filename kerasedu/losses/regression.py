"""Regression losses: how far predictions are from real-valued targets.

Each function maps y_true, y_pred of shape (N, ..., d) to per-sample losses of shape (N, ...),
averaging over the last axis (e = y_pred − y_true, ε = backend epsilon):

    mean_squared_error              mean(e²)
    mean_absolute_error             mean(|e|)
    mean_absolute_percentage_error  100 · mean(|e| / max(|y_true|, ε))
    mean_squared_logarithmic_error  mean((log(max(y_pred, ε) + 1) − log(max(y_true, ε) + 1))²)
    huber (delta δ)                 mean(½e² where |e| ≤ δ, else δ|e| − ½δ²)
    log_cosh                        mean(log cosh e),  computed as e + softplus(−2e) − log 2
    cosine_similarity (axis)        −Σ normalize(y_true) · normalize(y_pred)  along ``axis``

Each has a Loss class (MeanSquaredError, ...) that adds sample weights and the reduction.
"""

import numpy as np

from ..backend import ops
from ..backend.config import epsilon
from .loss import LossFunctionWrapper
from .shapes import align_targets

_REDUCTION = "sum_over_batch_size"


def mean_squared_error(y_true, y_pred):
    """mean((y_true − y_pred)², axis=−1): (N, ..., d) -> (N, ...)."""
    y_true, y_pred = align_targets(y_true, y_pred, "mean_squared_error")
    return ops.mean(ops.square(ops.subtract(y_true, y_pred)), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """mean(|y_true − y_pred|, axis=−1): (N, ..., d) -> (N, ...)."""
    y_true, y_pred = align_targets(y_true, y_pred, "mean_absolute_error")
    return ops.mean(ops.abs(ops.subtract(y_true, y_pred)), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    """100 · mean(|y_true − y_pred| / max(|y_true|, ε), axis=−1): (N, ..., d) -> (N, ...)."""
    y_true, y_pred = align_targets(y_true, y_pred, "mean_absolute_percentage_error")
    scale = ops.maximum(ops.abs(y_true), epsilon())
    return ops.multiply(ops.mean(ops.abs(ops.divide(ops.subtract(y_true, y_pred), scale)),
                                 axis=-1), 100.0)


def mean_squared_logarithmic_error(y_true, y_pred):
    """mean((log(max(y_pred, ε) + 1) − log(max(y_true, ε) + 1))², axis=−1)."""
    y_true, y_pred = align_targets(y_true, y_pred, "mean_squared_logarithmic_error")
    log_pred = ops.log(ops.add(ops.maximum(y_pred, epsilon()), 1.0))
    log_true = ops.log(ops.add(ops.maximum(y_true, epsilon()), 1.0))
    return ops.mean(ops.square(ops.subtract(log_pred, log_true)), axis=-1)


def l2_normalize(x, axis=-1):
    """x / ||x|| along ``axis``; the norm is kept at least ε, so a zero vector stays zero."""
    squared_norm = ops.sum(ops.square(x), axis=axis, keepdims=True)
    return ops.multiply(x, ops.power(ops.maximum(squared_norm, epsilon() ** 2), -0.5))


def cosine_similarity(y_true, y_pred, axis=-1):
    """−Σ (y_true/||y_true||)·(y_pred/||y_pred||) along ``axis``: −1 means same direction."""
    y_true, y_pred = align_targets(y_true, y_pred, "cosine_similarity")
    return ops.negative(ops.sum(ops.multiply(l2_normalize(y_true, axis),
                                             l2_normalize(y_pred, axis)), axis=axis))


def huber(y_true, y_pred, delta=1.0):
    """mean(½e² if |e| ≤ δ else δ|e| − ½δ², axis=−1) with e = y_pred − y_true."""
    y_true, y_pred = align_targets(y_true, y_pred, "huber")
    error = ops.subtract(y_pred, y_true)
    abs_error = ops.abs(error)
    quadratic = ops.multiply(ops.square(error), 0.5)
    linear = ops.subtract(ops.multiply(abs_error, float(delta)), 0.5 * float(delta) ** 2)
    return ops.mean(ops.where(abs_error.value <= delta, quadratic, linear), axis=-1)


def log_cosh(y_true, y_pred):
    """mean(log(cosh(y_pred − y_true)), axis=−1), as e + softplus(−2e) − log 2 (no overflow)."""
    y_true, y_pred = align_targets(y_true, y_pred, "log_cosh")
    error = ops.subtract(y_pred, y_true)
    log_cosh_error = ops.subtract(ops.add(error, ops.softplus(ops.multiply(error, -2.0))),
                                  float(np.log(2.0)))
    return ops.mean(log_cosh_error, axis=-1)


class MeanSquaredError(LossFunctionWrapper):
    """Mean of squared errors, reduced over the batch. See :func:`mean_squared_error`."""

    def __init__(self, reduction=_REDUCTION, name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, reduction=reduction, name=name, dtype=dtype)


class MeanAbsoluteError(LossFunctionWrapper):
    """Mean of absolute errors. See :func:`mean_absolute_error`."""

    def __init__(self, reduction=_REDUCTION, name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, reduction=reduction, name=name, dtype=dtype)


class MeanAbsolutePercentageError(LossFunctionWrapper):
    """Mean absolute error as a percentage of the target. See
    :func:`mean_absolute_percentage_error`."""

    def __init__(self, reduction=_REDUCTION, name="mean_absolute_percentage_error",
                 dtype=None):
        super().__init__(mean_absolute_percentage_error, reduction=reduction, name=name,
                         dtype=dtype)


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """Mean squared error of log(1 + ·). See :func:`mean_squared_logarithmic_error`."""

    def __init__(self, reduction=_REDUCTION, name="mean_squared_logarithmic_error",
                 dtype=None):
        super().__init__(mean_squared_logarithmic_error, reduction=reduction, name=name,
                         dtype=dtype)


class CosineSimilarity(LossFunctionWrapper):
    """Negative cosine similarity along ``axis``. See :func:`cosine_similarity`."""

    def __init__(self, axis=-1, reduction=_REDUCTION, name="cosine_similarity", dtype=None):
        super().__init__(cosine_similarity, reduction=reduction, name=name, dtype=dtype,
                         axis=axis)
        self.axis = axis


class Huber(LossFunctionWrapper):
    """Quadratic for errors up to ``delta``, linear beyond. See :func:`huber`."""

    def __init__(self, delta=1.0, reduction=_REDUCTION, name="huber_loss", dtype=None):
        super().__init__(huber, reduction=reduction, name=name, dtype=dtype, delta=delta)
        self.delta = delta


class LogCosh(LossFunctionWrapper):
    """log(cosh(error)): like half the squared error near 0, like |error| far away."""

    def __init__(self, reduction=_REDUCTION, name="log_cosh", dtype=None):
        super().__init__(log_cosh, reduction=reduction, name=name, dtype=dtype)
