"""What ``compile(loss=...)`` trains with (Keras 3's rule).

'crossentropy' and 'ce' depend on the data. Keras 3 decides from the shapes of the targets and
of the model's output:

    output with one unit, (..., 1)                          -> binary_crossentropy
    targets with fewer axes than the output, or one label
    per sample, (..., 1), against several output units      -> sparse_categorical_crossentropy
    otherwise (one-hot targets)                             -> categorical_crossentropy

Any other identifier goes through ``losses.get``; a plain function is wrapped in a
LossFunctionWrapper named after the string (or the function), so that it reduces and weights
like every other Loss.
"""

from ..naming import object_name
from .loss import Loss, LossFunctionWrapper
from .lookup import get
from .probabilistic import (binary_crossentropy, categorical_crossentropy,
                            sparse_categorical_crossentropy)


def is_binary_or_sparse_categorical(y_true_shape, y_pred_shape):
    """Keras 3's reading of the target and output shapes, as ``(is_binary, is_sparse)``.

    Binary when the output has one unit; sparse categorical when the targets have fewer axes
    than the output, or one label per sample against several output units.
    """
    y_true_shape, y_pred_shape = tuple(y_true_shape), tuple(y_pred_shape)
    true_last = y_true_shape[-1] if y_true_shape else None
    pred_last = y_pred_shape[-1] if y_pred_shape else None
    is_binary = pred_last == 1
    is_sparse = (len(y_true_shape) < len(y_pred_shape)
                 or (true_last == 1 and pred_last is not None and pred_last > 1))
    return is_binary, is_sparse


def _shape_of(x):
    shape = getattr(x, "shape", x)
    return tuple(shape)


def get_compile_loss(identifier, y_true, y_pred):
    """The Loss object that ``compile(loss=identifier)`` trains with (Keras 3's rule).

    ``y_true`` and ``y_pred`` are the targets and outputs of a batch, or just their shapes.
    'crossentropy' / 'ce' pick binary, sparse categorical or categorical cross-entropy from
    the shapes; a loss function is wrapped in a LossFunctionWrapper named after the string
    (or the function). None gives None.
    """
    if identifier is None:
        return None
    if str(identifier).lower() in ("crossentropy", "ce"):
        is_binary, is_sparse = is_binary_or_sparse_categorical(_shape_of(y_true),
                                                               _shape_of(y_pred))
        loss = (binary_crossentropy if is_binary else
                sparse_categorical_crossentropy if is_sparse else categorical_crossentropy)
    else:
        loss = get(identifier)
    if isinstance(loss, Loss):
        return loss
    name = identifier if isinstance(identifier, str) else object_name(loss)
    return LossFunctionWrapper(loss, name=name)
