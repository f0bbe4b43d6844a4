"""Moving between Tensors and numpy, and cutting the gradient.

    convert_to_tensor(x)   a Tensor (Tensors pass through; Python floats become floatx)
    convert_to_numpy(x)    the values as a numpy array
    stop_gradient(x)       the same values, with no gradient flowing back through them
"""

import numpy as np

from .. import autodiff
from ..tensor import Tensor, convert_to_tensor as _to_tensor
from ._inputs import no_gradient


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """x as a Tensor of ``dtype`` (kept when None; Python floats become floatx). kerasedu's
    tensors are dense: ``sparse=True`` and ``ragged=True`` are errors."""
    if sparse:
        raise ValueError("convert_to_tensor: sparse=True asks for a sparse tensor, which "
                         "kerasedu does not have; leave sparse None or False.")
    if ragged:
        raise ValueError("convert_to_tensor: ragged=True asks for a ragged tensor, which "
                         "kerasedu does not have; pad the rows to one length instead.")
    return _to_tensor(x, dtype=dtype)


@no_gradient
def convert_to_numpy(x):
    """The values of x as a numpy array (nothing is recorded)."""
    return np.array(x.value) if isinstance(x, Tensor) else np.asarray(x)


def stop_gradient(variable):
    """The values of ``variable`` (any tensor), with the gradient stopped there."""
    return autodiff.stop_gradient(variable)


stop_gradient.differentiable = False
