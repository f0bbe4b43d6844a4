"""Losses by name: ``losses.get("mse")``, ``serialize`` and ``deserialize``.

``ALL_OBJECTS`` maps every name kerasedu knows to its loss: class names
(``"MeanSquaredError"``), function names (``"mean_squared_error"``) and Keras 2's short names
(``"mse"``, ``"bce"``, ...). Names of functions give the function, names of classes a new
instance. Your own losses are found through ``custom_objects``, ``custom_object_scope`` or
``@register_serializable()``.
"""

import inspect

from ..serialization import deserialize_keras_object, serialize_keras_object
from .hinge import CategoricalHinge, Hinge, SquaredHinge, categorical_hinge, hinge, squared_hinge
from .loss import Loss, LossFunctionWrapper, register_loss_functions
from .probabilistic import (BinaryCrossentropy, CategoricalCrossentropy, KLDivergence, Poisson,
                            SparseCategoricalCrossentropy, binary_crossentropy,
                            categorical_crossentropy, kl_divergence, poisson,
                            sparse_categorical_crossentropy)
from .regression import (CosineSimilarity, Huber, LogCosh, MeanAbsoluteError,
                         MeanAbsolutePercentageError, MeanSquaredError,
                         MeanSquaredLogarithmicError, cosine_similarity, huber, log_cosh,
                         mean_absolute_error, mean_absolute_percentage_error, mean_squared_error,
                         mean_squared_logarithmic_error)

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

register_loss_functions(ALL_OBJECTS)


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
