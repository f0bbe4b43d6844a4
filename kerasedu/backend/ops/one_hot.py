"""One-hot encoding: class indices to rows of zeros with a single one.

    one_hot([2, 0], 3)  ->  [[0, 0, 1],
                             [1, 0, 0]]

x of shape (d1, ..., dn) gives (d1, ..., dn, num_classes) (the new axis where ``axis`` says).
An index outside [0, num_classes) gives a row of zeros, as in Keras 3. Float indices are
truncated to integers. Indices are not differentiable, so no gradient flows through it.
"""

import numpy as np

from .. import config
from ..tensor import Tensor
from ._inputs import unpack


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """``x`` (integer class indices) as one-hot vectors of length ``num_classes``."""
    if sparse:
        raise ValueError("kerasedu has no sparse tensors: call one_hot(..., sparse=False).")
    indices = np.asarray(unpack(x)[1])
    if indices.dtype.kind not in "iuf" and indices.dtype != bool:
        raise ValueError(f"one_hot() expects integer class indices; received dtype "
                         f"{indices.dtype}.")
    num_classes = int(num_classes)
    indices = indices.astype(np.int64)
    encoded = indices[..., None] == np.arange(num_classes)
    out = np.moveaxis(encoded, -1, axis) if axis != -1 else encoded
    return Tensor(out.astype(dtype or config.floatx()))
