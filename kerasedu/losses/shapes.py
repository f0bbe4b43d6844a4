"""Lining up targets, predictions and sample weights before a loss or metric compares them.

Labels often arrive with one axis more or less than the predictions: ``y_true`` of shape (N,)
against ``y_pred`` of shape (N, 1), or the other way round. Keras forgives a difference of
exactly one trailing axis of size 1:

    ranks equal                        -> unchanged
    one rank higher with last axis 1   -> that axis is squeezed away, except that a rank-1
                                          partner is expanded to (N, 1) instead

Anything else must broadcast, or the error names both shapes.
"""

import numpy as np

from ..backend import ops
from ..backend.config import floatx
from ..backend.tensor import Tensor, convert_to_tensor


def _expand_last(x):
    return ops.expand_dims(x, -1) if isinstance(x, Tensor) else np.expand_dims(x, -1)


def _squeeze_last(x):
    return ops.squeeze(x, -1) if isinstance(x, Tensor) else np.squeeze(x, -1)


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """``(x1, x2)`` with a rank difference of one trailing size-1 axis removed.

    Works on Tensors (differentiably) and on numpy arrays. With ``expand_rank_1`` a rank-1
    partner of an (N, 1) array is expanded to (N, 1) rather than the other squeezed to (N,).
    """
    rank1, rank2 = len(x1.shape), len(x2.shape)
    if rank1 == rank2 + 1 and x1.shape[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            x2 = _expand_last(x2)
        else:
            x1 = _squeeze_last(x1)
    elif rank2 == rank1 + 1 and x2.shape[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            x1 = _expand_last(x1)
        else:
            x2 = _squeeze_last(x2)
    return x1, x2


def incompatible_shapes(name, y_true_shape, y_pred_shape):
    """The ValueError for targets that cannot be compared with the predictions."""
    return ValueError(
        f"{name}: y_true and y_pred have incompatible shapes. Received "
        f"y_true.shape={tuple(y_true_shape)} and y_pred.shape={tuple(y_pred_shape)}. "
        f"The targets must have the shape of the model's output (or differ from it only by "
        f"a trailing axis of size 1).")


def broadcastable(shape1, shape2):
    """True when numpy can broadcast the two shapes together."""
    try:
        np.broadcast_shapes(tuple(shape1), tuple(shape2))
    except ValueError:
        return False
    return True


def as_float_tensor(x, dtype=None):
    """``x`` as a Tensor of a float dtype: ``dtype`` when given, else its own float dtype or
    floatx(). The cast is differentiable."""
    x = convert_to_tensor(x)
    target = dtype or (x.dtype if x.dtype.kind == "f" else floatx())
    return x if x.dtype == np.dtype(target) else ops.cast(x, target)


def align_targets(y_true, y_pred, name):
    """``(y_true, y_pred)`` as Tensors of y_pred's float dtype, ranks reconciled, shapes checked.

    ``name`` (the loss's name) starts the error message when the shapes cannot match.
    """
    y_pred = as_float_tensor(y_pred)
    y_true = as_float_tensor(y_true, y_pred.dtype)
    received = (y_true.shape, y_pred.shape)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    if not broadcastable(y_true.shape, y_pred.shape):
        raise incompatible_shapes(name, *received)
    return y_true, y_pred
