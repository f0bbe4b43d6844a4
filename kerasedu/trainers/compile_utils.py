"""What compile() stores: the losses and metrics of each model output.

A model with outputs [o1, o2] can take a loss per output (a list, or a dict keyed by output
name) or one loss for all; ``loss_weights`` scale them before summing:

    total = Σ_i loss_weight_i · loss_i(y_true_i, y_pred_i, sample_weight_i) + Σ model.losses

``metrics`` for several outputs: a dict by output name, or a list with one entry (a metric or a
list of metrics) per output, as in Keras 3 (``['mae', 'mse']`` on two outputs gives ``o1_mae``
and ``o2_mse``); a list of another length applies every metric to every output (Keras 2).

Losses and metrics that depend on the data ('accuracy', 'crossentropy') are resolved on the first
batch, from the shapes of the targets and outputs, as Keras does.
"""

import numpy as np

from ..layer_machinery import nest
from ..losses import get_compile_loss
from ..metrics.compile import get_compile_metric
from ..serialization import get_registered_object


def _per_output(spec, output_names, what):
    """``spec`` as one entry per output: broadcast a single value, or pick from list/dict."""
    count = len(output_names)
    if isinstance(spec, dict):
        unknown = [k for k in spec if k not in output_names]
        if unknown:
            raise ValueError(
                f"Unknown output names in {what}: {unknown}. The model's outputs are "
                f"{output_names}.")
        return [spec.get(name) for name in output_names]
    if isinstance(spec, (list, tuple)) and count > 1 and len(spec) == count:
        # Keras 3 reads a list with one entry per output as per-output, even when each
        # entry is a single metric: metrics=['mae', 'mse'] gives o1_mae and o2_mse.
        return list(spec)
    if isinstance(spec, (list, tuple)) and count > 1 and what in ("loss", "loss_weights"):
        raise ValueError(
            f"The model has {count} outputs {output_names}, but {what} is a list of "
            f"{len(spec)} entries. Pass one entry per output, or a dict keyed by output name.")
    return [spec] * count


def match_targets(y, output_names):
    """Targets as a list in output order, from a single array, a list or a dict by name."""
    if y is None:
        return [None] * len(output_names)
    if isinstance(y, dict):
        return [y.get(name) for name in output_names]
    if len(output_names) == 1:
        return [y[0] if isinstance(y, list) and len(y) == 1 else y]
    if not isinstance(y, list) or len(y) != len(output_names):
        raise ValueError(
            f"The model has {len(output_names)} outputs {output_names}: pass y as a list of "
            f"{len(output_names)} arrays or a dict keyed by output name.")
    return list(y)


def match_sample_weights(sample_weight, count, output_names):
    """Sample weights for each of ``count`` outputs: one array for all, a list in output
    order, or a dict by output name (outputs without weights get None)."""
    if sample_weight is None:
        return [None] * count
    if isinstance(sample_weight, dict):
        return [sample_weight.get(n) for n in output_names]
    if isinstance(sample_weight, list):
        return list(sample_weight) + [None] * (count - len(sample_weight))
    return [sample_weight] * count


class CompileLoss:
    """The compiled loss: per-output losses, their weights, and their sum."""

    def __init__(self, loss, loss_weights, output_names):
        self.output_names = list(output_names)
        self._specs = _per_output(loss, self.output_names, "loss")
        weights = [1.0] * len(self.output_names) if loss_weights is None else \
            _per_output(loss_weights, self.output_names, "loss_weights")
        self.weights = [1.0 if w is None else float(w) for w in weights]
        self.losses = None

    def build(self, y_true, y_pred):
        self.losses = [get_compile_loss(spec, t, p) if spec is not None and t is not None
                       else None for spec, t, p in zip(self._specs, y_true, y_pred)]

    def __call__(self, y_true, y_pred, sample_weights):
        """(total loss Tensor, [weighted loss of each output, or None])."""
        if self.losses is None:
            self.build(y_true, y_pred)
        total, parts = None, []
        for loss, weight, t, p, w in zip(self.losses, self.weights, y_true, y_pred,
                                         sample_weights):
            if loss is None or t is None:
                parts.append(None)
                continue
            value = loss(t, p, sample_weight=w)
            parts.append(value)
            weighted = value * weight if weight != 1.0 else value
            total = weighted if total is None else total + weighted
        if total is None:
            raise ValueError(
                "No loss to compute: compile() was given no loss for the outputs that have "
                "targets. Pass loss=... to compile, and y=... to fit.")
        return total, parts


class CompileMetrics:
    """The compiled metrics of each output, updated with numpy values after every batch."""

    def __init__(self, metrics, weighted_metrics, output_names):
        self.output_names = list(output_names)
        self._specs = [list(_as_list(s)) for s in
                       _per_output(metrics or [], self.output_names, "metrics")]
        self._weighted_specs = [list(_as_list(s)) for s in
                                _per_output(weighted_metrics or [], self.output_names,
                                            "metrics")]
        self.metrics = None   # [(output index, metric, uses sample weights)]

    def build(self, y_true, y_pred):
        self.metrics = []
        prefix = len(self.output_names) > 1
        for index, (specs, weighted) in enumerate(zip(self._specs, self._weighted_specs)):
            for spec_list, uses_weights in ((specs, False), (weighted, True)):
                for spec in spec_list:
                    metric = get_compile_metric(spec, y_true[index], y_pred[index])
                    if prefix:
                        metric.name = f"{self.output_names[index]}_{metric.name}"
                    self.metrics.append((index, metric, uses_weights))

    def update_state(self, y_true, y_pred, sample_weights):
        if self.metrics is None:
            self.build(y_true, y_pred)
        for index, metric, uses_weights in self.metrics:
            if y_true[index] is None:
                continue
            weight = sample_weights[index] if uses_weights else None
            metric.update_state(y_true[index], _value(y_pred[index]), sample_weight=weight)

    def reset_state(self):
        for _, metric, _ in self.metrics or []:
            metric.reset_state()

    def result(self):
        return {metric.name: float(np.asarray(_value(metric.result())))
                for _, metric, _ in self.metrics or []}

    @property
    def names(self):
        return [metric.name for _, metric, _ in self.metrics or []]


def _as_list(spec):
    if spec is None:
        return []
    if isinstance(spec, (list, tuple)):
        return spec
    return [spec]


def _value(x):
    return getattr(x, "value", x)


def flatten_outputs(y_pred):
    """Model outputs as a list."""
    return nest.flatten(y_pred) if isinstance(y_pred, (list, tuple, dict)) else [y_pred]


def resolve_compile_spec(spec, module, what):
    """Loss / metric specs from a saved compile config, with custom names looked up now."""
    if spec is None:
        return None
    if isinstance(spec, list):
        return [resolve_compile_spec(s, module, what) for s in spec]
    if isinstance(spec, dict) and "class_name" not in spec:
        return {k: resolve_compile_spec(v, module, what) for k, v in spec.items()}
    if isinstance(spec, dict):
        return module.deserialize(spec)
    if isinstance(spec, str):
        if spec.lower() in ("accuracy", "acc", "crossentropy", "ce") or \
                spec in module.ALL_OBJECTS or spec in getattr(module, "FUNCTIONS", {}):
            return spec
        found = get_registered_object(spec)
        if found is None:
            raise ValueError(
                f"Unknown {what} {spec!r} in the saved compile configuration. If it is your own "
                f"function or class, pass custom_objects={{'{spec}': {spec}}} to load_model "
                f"(or decorate it with @kerasedu.saving.register_serializable()).")
        return found
    return spec
