"""Sum, Mean and MeanMetricWrapper: metrics that accumulate per-sample values.

Values of shape (N, ...) are first reduced to one value per sample (weights of shape (N, T)
keep the T axis: the values are reduced to the weights' rank). With weights w:

    Sum:   total += Σ w·v                      result = total
    Mean:  total += Σ w·v,  count += Σ w       result = total / count   (0 when count is 0)

Without weights, w = 1 and count grows by the number of samples N. MeanMetricWrapper is a Mean
of ``fn(y_true, y_pred)``, the per-sample values of a function such as a loss.
"""

import numpy as np

from ..backend.autodiff import no_grad
from ..losses.reduction import mask_to_weights
from ..losses.shapes import squeeze_or_expand_to_same_rank
from ..serialization import deserialize_keras_object, serialize_keras_object
from .metric import Metric, as_array


# Per-sample metric functions by name, for rebuilding a MeanMetricWrapper from its config. The
# table of kerasedu.metrics (metrics/lookup.py) registers its functions here; a function of your
# own is found through custom_objects or @register_serializable().
_KNOWN_FUNCTIONS = {}


def register_metric_functions(functions):
    """Make the functions in ``functions`` ({name: function}) loadable as a wrapper's ``fn``."""
    _KNOWN_FUNCTIONS.update(functions)


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """``(values, weights)``: values reduced to the rank of the weights (then to one per
    sample) and already multiplied by them; weights reduced to one per sample (numpy)."""
    values = as_array(values, dtype)
    if sample_weight is not None:
        sample_weight = as_array(sample_weight, dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_ndim = sample_weight.ndim
        if values.ndim > weight_ndim:
            values = reduce_fn(values, axis=tuple(range(weight_ndim, values.ndim)))
        sample_weight = np.broadcast_to(sample_weight, values.shape)
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, axis=tuple(range(1, weight_ndim)))
    if values.ndim > 1:
        values = reduce_fn(values, axis=tuple(range(1, values.ndim)))
    return values, sample_weight


class Sum(Metric):
    """The (weighted) sum of all values seen: values [1, 3, 5, 7] give 16."""

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), name="total")

    def update_state(self, values, sample_weight=None):
        values, _ = reduce_to_samplewise_values(values, sample_weight, np.sum, self.dtype)
        self.total.assign_add(np.sum(values, dtype=self.dtype))

    def result(self):
        return self._tensor(self.total.value)


class Mean(Metric):
    """The (weighted) mean of all values seen: [1, 3, 5, 7] give 4; weights [1, 1, 0, 0] give 2."""

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), name="total")
        self.count = self.add_variable(shape=(), name="count")

    def update_state(self, values, sample_weight=None):
        values, sample_weight = reduce_to_samplewise_values(values, sample_weight, np.mean,
                                                            self.dtype)
        self.total.assign_add(np.sum(values, dtype=self.dtype))
        if sample_weight is not None:
            samples = np.sum(sample_weight, dtype=self.dtype)
        else:
            samples = values.shape[0] if values.ndim else 1
        self.count.assign_add(np.asarray(samples, self.dtype))

    def result(self):
        count = self.count.value
        return self._tensor(self.total.value / count if count else 0.0)


class MeanMetricWrapper(Mean):
    """The mean of ``fn(y_true, y_pred, **kwargs)`` over all samples seen.

        MeanMetricWrapper(fn=my_error, name="my_error")

    ``fn`` returns one value per sample (a Tensor or an array). A mask on ``y_pred`` (from a
    Masking or Embedding layer) leaves the masked samples out.
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        mask = getattr(y_pred, "_keras_mask", None)
        with no_grad():
            values = self._fn(y_true, y_pred, **self._fn_kwargs)
        if mask is not None:
            sample_weight = mask_to_weights(sample_weight, mask, self.dtype, reduction="sum")
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self):
        config = super().get_config()
        if type(self) is MeanMetricWrapper:
            config["fn"] = serialize_keras_object(self._fn)
            config.update(serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if "fn" in config:
            config["fn"] = deserialize_keras_object(config["fn"], module_objects=_KNOWN_FUNCTIONS,
                                                    printable_module_name="metric function")
        return cls(**config)
