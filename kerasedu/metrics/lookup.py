"""Metrics by name: ``metrics.get("mae")``, ``serialize`` and ``deserialize``.

``ALL_OBJECTS`` maps every name kerasedu knows to its Metric class: class names
(``"Precision"``), their snake_case (``"binary_accuracy"``) and Keras 2's short names
(``"mae"``, ``"acc"``, ...); names give new instances. ``FUNCTIONS`` holds the per-sample
functions by name, which a MeanMetricWrapper's config refers to. Your own metrics are found
through ``custom_objects``, ``custom_object_scope`` or ``@register_serializable()``.
"""

import inspect

from ..losses import (binary_crossentropy, categorical_crossentropy, categorical_hinge, hinge,
                      huber, kl_divergence, log_cosh, mean_absolute_error,
                      mean_absolute_percentage_error, mean_squared_error,
                      mean_squared_logarithmic_error, poisson, sparse_categorical_crossentropy,
                      squared_hinge)
from ..naming import to_snake_case
from ..serialization import deserialize_keras_object, serialize_keras_object
from .accuracy import (Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
                       SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy, accuracy,
                       binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
                       sparse_top_k_categorical_accuracy, top_k_categorical_accuracy)
from .auc import AUC
from .confusion import (FalseNegatives, FalsePositives, Precision, Recall, TrueNegatives,
                        TruePositives)
from .metric import Metric
from .probabilistic import (BinaryCrossentropy, CategoricalCrossentropy, CategoricalHinge, Hinge,
                            KLDivergence, Poisson, SparseCategoricalCrossentropy, SquaredHinge)
from .reduction import Mean, MeanMetricWrapper, Sum, register_metric_functions
from .regression import (CosineSimilarity, LogCoshError, MeanAbsoluteError,
                         MeanAbsolutePercentageError, MeanSquaredError,
                         MeanSquaredLogarithmicError, RootMeanSquaredError, cosine_similarity)

_CLASSES = (Metric, Mean, Sum, MeanMetricWrapper, MeanSquaredError, RootMeanSquaredError,
            MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError,
            CosineSimilarity, LogCoshError, AUC, FalseNegatives, FalsePositives, Precision,
            Recall, TrueNegatives, TruePositives, Hinge, SquaredHinge, CategoricalHinge,
            KLDivergence, Poisson, BinaryCrossentropy, CategoricalCrossentropy,
            SparseCategoricalCrossentropy, Accuracy, BinaryAccuracy, CategoricalAccuracy,
            SparseCategoricalAccuracy, TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy)

ALL_OBJECTS = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS.update({to_snake_case(cls.__name__): cls for cls in _CLASSES})
ALL_OBJECTS.update({
    "mse": MeanSquaredError, "MSE": MeanSquaredError,
    "mae": MeanAbsoluteError, "MAE": MeanAbsoluteError,
    "mape": MeanAbsolutePercentageError, "MAPE": MeanAbsolutePercentageError,
    "msle": MeanSquaredLogarithmicError, "MSLE": MeanSquaredLogarithmicError,
    "bce": BinaryCrossentropy, "BCE": BinaryCrossentropy,
    "acc": Accuracy, "logcosh": LogCoshError, "rmse": RootMeanSquaredError,
})

# The per-sample functions, by name: what a MeanMetricWrapper's config refers to.
FUNCTIONS = {fn.__name__: fn for fn in (
    accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
    top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, cosine_similarity,
    mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
    mean_squared_logarithmic_error, log_cosh, huber, hinge, squared_hinge, categorical_hinge,
    binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy,
    kl_divergence, poisson)}

register_metric_functions(FUNCTIONS)


def serialize(metric):
    """A Metric as a config dict, a metric function as its name."""
    return serialize_keras_object(metric)


def deserialize(config, custom_objects=None):
    """The Metric (or function) described by ``config``, a name or a dict."""
    return deserialize_keras_object(config, module_objects=ALL_OBJECTS,
                                    custom_objects=custom_objects,
                                    printable_module_name="metric")


def get(identifier):
    """A metric from a name ('mae', 'Precision', 'binary_accuracy'), a config dict, a
    function or a Metric. Names give new Metric instances; None gives None."""
    if identifier is None:
        return None
    found = deserialize(identifier) if isinstance(identifier, (str, dict)) else identifier
    if inspect.isclass(found):
        found = found()
    if callable(found):
        return found
    raise ValueError(
        f"Could not interpret metric identifier: {identifier!r}. Pass a metric name such as "
        f"'mae', a metric function, or a Metric instance.")
