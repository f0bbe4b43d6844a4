"""Losses, as functions ``fn(y_true, y_pred) -> per-sample Tensor`` and as Loss classes.

    from kerasedu import losses
    losses.mean_squared_error(y_true, y_pred)          # shape (N,)
    losses.MeanSquaredError()(y_true, y_pred)          # a scalar: Σ w·l / N
    losses.get("mse"), losses.get("CategoricalCrossentropy")

See :mod:`kerasedu.losses.reduction` for sample weights and reductions,
:mod:`kerasedu.losses.lookup` for the names ``get`` knows, and :func:`get_compile_loss` (in
:mod:`kerasedu.losses.compile`) for what ``compile(loss=...)`` does with its argument.
"""

from .compile import get_compile_loss, is_binary_or_sparse_categorical
from .hinge import CategoricalHinge, Hinge, SquaredHinge, categorical_hinge, hinge, squared_hinge
from .loss import Loss, LossFunctionWrapper
from .lookup import ALL_OBJECTS, deserialize, get, serialize
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
