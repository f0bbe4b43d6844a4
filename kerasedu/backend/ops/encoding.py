"""Integer labels as indicator vectors: one-hot and multi-hot encodings.

    one_hot([2, 0], 3)         [[0, 0, 1], [1, 0, 0]]     (a new axis of num_classes)
    multi_hot([[0, 2]], 3)     [[1, 0, 1]]                (the classes present in each row)

Indices outside [0, num_classes) (negative ones too) give rows of zeros, as in Keras. The
results are constants of ``dtype`` (floatx by default): labels have no gradient.
"""

import numpy as np

from ..tensor import Tensor
from ._inputs import no_gradient, value_of
from .creation import creation_dtype

_SPARSE = ("{name}: sparse=True asks for a sparse tensor, which kerasedu does not have; use "
           "sparse=False (the default), which gives the same values as a dense tensor.")


def _labels(x, name):
    labels = np.asarray(value_of(x))
    if labels.dtype.kind == "f":
        if not np.all(np.isnan(labels) | (labels == np.round(labels))):
            raise ValueError(f"{name} expects integer class indices, received values such as "
                             f"{labels.ravel()[:3]}.")
        labels = np.nan_to_num(labels, nan=-1)
    elif labels.dtype.kind not in "iub":
        raise ValueError(f"{name} expects integer class indices, received dtype "
                        f"{labels.dtype}.")
    return labels.astype(np.int64)


@no_gradient
def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """x (...) integer labels -> (..., num_classes) with a 1 at each label (the new axis at
    ``axis``); labels outside [0, num_classes) give zeros."""
    if sparse:
        raise ValueError(_SPARSE.format(name="one_hot"))
    labels = _labels(x, "one_hot")
    num_classes = int(num_classes)
    encoded = (labels[..., None] == np.arange(num_classes)).astype(creation_dtype(dtype))
    return Tensor(np.moveaxis(encoded, -1, axis) if axis not in (-1, labels.ndim) else encoded)


@no_gradient
def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    """Integer labels -> 1 for every class present: a 1-D input (k,) gives (num_classes,);
    a batch (batch, k) gives (batch, num_classes). ``num_tokens`` is Keras 2's name for
    num_classes."""
    if sparse:
        raise ValueError(_SPARSE.format(name="multi_hot"))
    if "num_tokens" in kwargs:
        num_classes = kwargs.pop("num_tokens")
    if kwargs:
        raise TypeError(f"multi_hot got unexpected keyword arguments {sorted(kwargs)}.")
    if num_classes is None:
        raise ValueError("multi_hot needs num_classes.")
    labels = _labels(inputs, "multi_hot")
    reduce_axis = 1 if labels.ndim > 1 else 0
    encoded = one_hot(labels, num_classes, axis=axis, dtype=dtype).value
    return Tensor(np.max(encoded, axis=reduce_axis))
