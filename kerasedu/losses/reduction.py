"""From per-sample losses l (shape (N,) or (N, T) ...) and sample weights w to one number.

Weights first: w is lined up with l (a trailing size-1 axis squeezed or added; a per-sample
w of shape (N,) against (N, T) losses is applied to every step of its sample, as Keras 2 did)
and multiplied in. Then the reduction:

    "sum_over_batch_size" (default)  Σ w·l / number of elements of l   (not divided by Σ w)
    "mean"                           the same as "sum_over_batch_size"
    "mean_with_sample_weight"        Σ w·l / Σ w
    "sum"                            Σ w·l
    "none" or None                   w·l, unreduced

A mask (from masked timesteps, or from a loss's ``ignore_class``) becomes extra weights. For the
averaging reductions a masked-in entry weighs total/valid, so the average runs over the valid
entries only.
"""

import numpy as np

from ..backend import ops
from .shapes import squeeze_or_expand_to_same_rank

REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


def standardize_reduction(reduction):
    """``reduction`` itself, after checking it is one of :data:`REDUCTIONS`."""
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"Invalid value for argument `reduction`. Expected one of {REDUCTIONS}. "
            f"Received: reduction={reduction!r}")
    return reduction


def _plain(x, dtype=None):
    return np.asarray(getattr(x, "value", x), dtype=dtype)


def mask_to_weights(sample_weight, mask, dtype, reduction):
    """The sample weights with ``mask`` (booleans, True = counts) merged in (numpy)."""
    mask = _plain(mask, bool)
    if reduction in ("mean", "sum_over_batch_size"):
        valid = mask.sum()
        weight = mask.size / valid if valid else 0.0
        float_mask = np.where(mask, weight, 0.0).astype(dtype)
    else:
        float_mask = mask.astype(dtype)
    if sample_weight is None:
        return float_mask
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(
        float_mask, _plain(sample_weight, dtype))
    return sample_weight * float_mask


def align_sample_weight(values, sample_weight, loss_name="loss"):
    """``(values, weights)`` lined up for multiplication (weights as a numpy array)."""
    weights = _plain(sample_weight, values.dtype)
    values, weights = squeeze_or_expand_to_same_rank(values, weights)
    if weights.ndim < values.ndim and weights.shape == values.shape[:weights.ndim]:
        weights = weights.reshape(weights.shape + (1,) * (values.ndim - weights.ndim))
    try:
        np.broadcast_shapes(weights.shape, values.shape)
    except ValueError:
        raise ValueError(
            f"{loss_name}: sample_weight of shape {_plain(sample_weight).shape} cannot be "
            f"applied to per-sample losses of shape {tuple(values.shape)}. Pass one weight per "
            f"sample, shape ({values.shape[0] if values.ndim else 1},), or one per "
            f"timestep, shape {tuple(values.shape)}.") from None
    return values, weights


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Apply ``reduction`` to already weighted ``values`` (a Tensor); see the module docstring."""
    if reduction in (None, "none") or values.shape in ((), (0,)):
        return values
    total = ops.sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        divisor = float(np.sum(sample_weight))
    else:
        divisor = float(values.size)
    if divisor == 0:
        return ops.multiply(total, np.asarray(0.0, dtype=total.dtype))
    return ops.divide(total, np.asarray(divisor, dtype=total.dtype))


def reduce_weighted_values(values, sample_weight=None, mask=None,
                           reduction="sum_over_batch_size", loss_name="loss"):
    """Weight ``values`` (per-sample losses, a Tensor), merge ``mask``, then reduce."""
    reduction = standardize_reduction(reduction)
    if mask is not None:
        sample_weight = mask_to_weights(sample_weight, mask, values.dtype, reduction)
    if sample_weight is not None:
        values, sample_weight = align_sample_weight(values, sample_weight, loss_name)
        values = ops.multiply(values, sample_weight)
    return reduce_values(values, sample_weight, reduction)
