"""What ``compile(metrics=[...])`` turns each entry into (Keras 3's rule).

'accuracy' and 'acc' depend on the data. Keras 3 decides from the shapes of the targets and of
the model's output (the loss plays no part):

    output with one unit, (..., 1)                          -> BinaryAccuracy
    targets with fewer axes than the output, or one label
    per sample, (..., 1), against several output units      -> SparseCategoricalAccuracy
    otherwise (one-hot targets)                             -> CategoricalAccuracy

The metric keeps the string as its name, so History shows 'accuracy' (or 'acc'). Other strings
go through ``metrics.get`` and are also named after the string ('mae' stays 'mae'); a plain
function is wrapped in MeanMetricWrapper and named after the function.
"""

from ..losses import is_binary_or_sparse_categorical
from ..naming import object_name
from .accuracy import BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy
from .lookup import get
from .metric import Metric
from .reduction import MeanMetricWrapper

ACCURACY_NAMES = ("accuracy", "acc")


def _shape_of(x):
    return tuple(getattr(x, "shape", x))


def resolve_accuracy(identifier, y_true, y_pred):
    """The accuracy metric that 'accuracy' / 'acc' means for these targets and outputs.

    ``y_true`` and ``y_pred`` are a batch of targets and of model outputs, or their shapes
    (a None batch axis is fine). The metric is named ``str(identifier)``.
    """
    is_binary, is_sparse = is_binary_or_sparse_categorical(_shape_of(y_true), _shape_of(y_pred))
    if is_binary:
        return BinaryAccuracy(name=str(identifier))
    if is_sparse:
        return SparseCategoricalAccuracy(name=str(identifier))
    return CategoricalAccuracy(name=str(identifier))


def get_compile_metric(identifier, y_true, y_pred):
    """The Metric object for one entry of ``compile(metrics=[...])``.

    ``y_true`` and ``y_pred`` (or their shapes) are needed only to resolve 'accuracy'.
    """
    if identifier is None:
        raise ValueError("Expected a metric, received None.")
    if isinstance(identifier, str) and identifier.lower() in ACCURACY_NAMES:
        metric = resolve_accuracy(identifier, y_true, y_pred)
    else:
        metric = get(identifier)
    name = identifier if isinstance(identifier, str) else object_name(metric)
    if not isinstance(metric, Metric):
        return MeanMetricWrapper(metric, name=name)
    metric.name = name
    return metric
