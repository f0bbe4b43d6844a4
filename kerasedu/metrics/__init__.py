"""Metrics: stateful statistics reported during training, and their per-sample functions.

    from kerasedu import metrics
    m = metrics.BinaryAccuracy()
    m.update_state(y_true, y_pred); m.result(); m.reset_state()
    metrics.get("mae"), metrics.binary_accuracy(y_true, y_pred)

:mod:`kerasedu.metrics.lookup` lists the names ``get`` knows; ``get_compile_metric`` and
``resolve_accuracy`` (in :mod:`kerasedu.metrics.compile`) do what ``compile(metrics=[...])``
does with each entry.
"""

from ..losses import (binary_crossentropy, categorical_crossentropy, categorical_hinge, hinge,
                      huber, kl_divergence, log_cosh, mean_absolute_error,
                      mean_absolute_percentage_error, mean_squared_error,
                      mean_squared_logarithmic_error, poisson, sparse_categorical_crossentropy,
                      squared_hinge)
from .accuracy import (Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
                       SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy, accuracy,
                       binary_accuracy, categorical_accuracy, in_top_k,
                       sparse_categorical_accuracy, sparse_top_k_categorical_accuracy,
                       top_k_categorical_accuracy)
from .auc import AUC
from .compile import get_compile_metric, resolve_accuracy
from .confusion import (FalseNegatives, FalsePositives, Precision, Recall, TrueNegatives,
                        TruePositives)
from .lookup import ALL_OBJECTS, FUNCTIONS, deserialize, get, serialize
from .metric import Metric
from .probabilistic import (BinaryCrossentropy, CategoricalCrossentropy, CategoricalHinge, Hinge,
                            KLDivergence, Poisson, SparseCategoricalCrossentropy, SquaredHinge)
from .reduction import Mean, MeanMetricWrapper, Sum
from .regression import (CosineSimilarity, LogCoshError, MeanAbsoluteError,
                         MeanAbsolutePercentageError, MeanSquaredError,
                         MeanSquaredLogarithmicError, RootMeanSquaredError, cosine_similarity)

# Keras 2 short names of the functions.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kl_divergence
logcosh = log_cosh
