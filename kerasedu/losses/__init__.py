"""Losses, as functions ``fn(y_true, y_pred) -> per-sample Tensor`` and as Loss classes.

    from kerasedu import losses
    losses.mean_squared_error(y_true, y_pred)          # shape (N,)
    losses.MeanSquaredError()(y_true, y_pred)          # a scalar: Σ w·l / N
    losses.get("mse"), losses.get("CategoricalCrossentropy")

See :mod:`kerasedu.losses.reduction` for sample weights and reductions, and
:func:`get_compile_loss` (in :mod:`kerasedu.losses.compile`) for what ``compile(loss=...)``
does with its argument.
"""

import inspect

from ..serialization import deserialize_keras_object, serialize_keras_object
from .compile import get_compile_loss, is_binary_or_sparse_categorical
from .hinge import CategoricalHinge, Hinge, SquaredHinge, categorical_hinge, hinge, squared_hinge
from .loss import Loss, LossFunctionWrapper
from .probabilistic import (BinaryCrossentropy, CategoricalCrossentropy, KLDivergence, Poisson,
                            SparseCategoricalCrossentropy, binary_crossentropy,
                            categorical_crossentropy, kl_divergence, poisson,
                            sparse_categorical_crossentropy)
from .reduction import REDUCTIONS, reduce_weighted_values, standardize_reduction
from .regression import (CosineSimilarity, Huber, LogCosh, MeanAbsoluteError,
                         MeanAbsolutePercentageError, MeanSquaredError,
                         MeanSquaredLogarithmicError, cosine_similarity, huber, log_cosh,
                         mean_absolute_error, mean_absolute_percentage_error, mean_squared_error,
                         mean_squared_logarithmic_error)
from .shapes import squeeze_or_expand_to_same_rank

# Keras 2 short names.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh
bce = BCE = binary_crossentropy

_CLASSES = (Loss, LossFunctionWrapper, MeanSquaredError, MeanAbsoluteError,
            MeanAbsolutePercentageError, MeanSquaredLogarithmicError, CosineSimilarity, Huber,
            LogCosh, Hinge, SquaredHinge, CategoricalHinge, BinaryCrossentropy,
            CategoricalCrossentropy, SparseCategoricalCrossentropy, KLDivergence, Poisson)
_FUNCTIONS = (mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
              mean_squared_logarithmic_error, cosine_similarity, huber, log_cosh, hinge,
              squared_hinge, categorical_hinge, binary_crossentropy, categorical_crossentropy,
              sparse_categorical_crossentropy, kl_divergence, poisson)

ALL_OBJECTS = {obj.__name__: obj for obj in _CLASSES + _FUNCTIONS}
ALL_OBJECTS.update({
    "mse": mean_squared_error, "MSE": mean_squared_error,
    "mae": mean_absolute_error, "MAE": mean_absolute_error,
    "mape": mean_absolute_percentage_error, "MAPE": mean_absolute_percentage_error,
    "msle": mean_squared_logarithmic_error, "MSLE": mean_squared_logarithmic_error,
    "kld": kl_divergence, "KLD": kl_divergence,
    "kullback_leibler_divergence": kl_divergence,
    "logcosh": log_cosh, "bce": binary_crossentropy, "BCE": binary_crossentropy,
    "huber_loss": huber,
})


def serialize(loss):
    """A Loss as a config dict, a loss function as its name."""
    return serialize_keras_object(loss)


def deserialize(config, custom_objects=None):
    """The loss function or Loss object described by ``config`` (a name or a dict)."""
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS,
                                    custom_objects=custom_objects,
                                    printable_module_name="loss function")


def get(identifier):
    """A loss from a name ('mse', 'MeanSquaredError'), a config dict, a function or a Loss.

    Names of functions give the function, names of classes a new instance; None gives None.
    """
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        found = deserialize(identifier)
    else:
        found = identifier
    if inspect.isclass(found):
        found = found()
    if callable(found):
        return found
    raise ValueError(
        f"Could not interpret loss identifier: {identifier!r}. Pass a loss name such as "
        f"'mse', a loss function, or a Loss instance.")
