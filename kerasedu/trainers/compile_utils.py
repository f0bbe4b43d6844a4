"""What compile() keeps: the losses and the metrics of each model output, as Keras 3 has them.

A model with outputs [o1, o2] takes a loss per output (a list, or a dict keyed by output name;
``None`` for an output that is not trained) or one loss for all; ``loss_weights`` scale them:

    total = Σ_i loss_weight_i · loss_i(y_true_i, y_pred_i, sample_weight_i)

With more than one loss, each output's unweighted loss is also reported as ``<output>_loss``
(the Mean metrics in ``CompileLoss.metrics``). A loss dict must name every output, as Keras 3
requires, unless the model's outputs are themselves a dict.

``metrics`` for several outputs: a dict by output name, or a list with one entry (a metric or
a list of metrics) per output, as in Keras 3 (``['mae', 'mse']`` on two outputs gives ``o1_mae``
and ``o2_mse``); a list of another length applies every metric to every output (Keras 2).
:class:`CompileMetrics` holds them all as one metric named ``compile_metrics``, whose result is
a dict of their values.

Losses and metrics that depend on the data ('accuracy', 'crossentropy') are resolved on the first
batch, from the shapes of the targets and outputs, as Keras does.
"""

import numpy as np

from ..backend.autodiff import stop_gradient
from ..layer_machinery import nest
from ..losses import get_compile_loss
from ..metrics import Mean
from ..metrics.compile import get_compile_metric
from ..serialization import get_registered_object


def output_keys(model):
    """The names under which a model's outputs take losses, metrics and targets: the keys of
    a dict of outputs, else the names of the output layers."""
    structure = getattr(model, "_output_structure", None)
    if isinstance(structure, dict):
        return sorted(structure)
    if hasattr(model, "output_names"):
        return list(model.output_names)
    outputs = getattr(model, "outputs", None)
    if outputs:
        return [t._keras_history[0].name for t in outputs]
    layers = getattr(model, "layers", None)
    return [layers[-1].name] if layers else ["output_1"]


def _per_output(spec, output_names, what):
    """``spec`` as one entry per output: broadcast a single value, or pick from list/dict."""
    count = len(output_names)
    if isinstance(spec, dict):
        unknown = [k for k in spec if k not in output_names]
        if unknown and what not in ("loss", "loss_weights"):
            raise ValueError(
                f"Unknown output names in {what}: {unknown}. The model's outputs are "
                f"{output_names}.")
        return [spec.get(name) for name in output_names]
    if isinstance(spec, (list, tuple)) and count > 1 and len(spec) == count:
        return list(spec)
    if isinstance(spec, (list, tuple)) and count > 1 and what in ("loss", "loss_weights"):
        raise ValueError(
            f"The model has {count} outputs {output_names}, but {what} is a list of "
            f"{len(spec)} entries. Pass one entry per output, or a dict keyed by output name.")
    if isinstance(spec, (list, tuple)) and count == 1 and len(spec) == 1 and \
            what in ("loss", "loss_weights"):
        return list(spec)
    return [spec] * count


def match_targets(y, output_names, losses=None):
    """Targets as a list in output order, from a single array, a list or a dict by name.

    A list with one target per output that has a loss (``losses``, None for the others) is
    accepted too, as Keras accepts ``y=[y2]`` for ``loss=[None, loss2]``.
    """
    if y is None:
        return [None] * len(output_names)
    if isinstance(y, dict):
        return [y.get(name) for name in output_names]
    if len(output_names) == 1:
        return [y[0] if isinstance(y, (list, tuple)) and len(y) == 1 else y]
    if isinstance(y, tuple):
        y = list(y)
    if isinstance(y, list) and len(y) != len(output_names) and losses is not None:
        trained = [i for i, loss in enumerate(losses) if loss is not None]
        if len(y) == len(trained):
            targets = [None] * len(output_names)
            for index, target in zip(trained, y):
                targets[index] = target
            return targets
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
    if isinstance(sample_weight, (list, tuple)):
        return list(sample_weight) + [None] * (count - len(sample_weight))
    return [sample_weight] * count


def flatten_outputs(y_pred):
    """Model outputs as a list."""
    return nest.flatten(y_pred) if isinstance(y_pred, (list, tuple, dict)) else [y_pred]


def _batch_size(values):
    for value in values:
        if value is not None and np.ndim(getattr(value, "value", value)):
            return int(np.shape(getattr(value, "value", value))[0])
    return 1


class CompileLoss:
    """The compiled loss: per-output losses, their weights, and their sum."""

    def __init__(self, loss, loss_weights, output_names, dict_outputs=False):
        self.output_names = list(output_names)
        # A loss dict must name every output (checked on the first batch, as Keras does, so
        # that compile itself accepts it), unless the outputs are a dict themselves.
        self._unmatched_dict = None
        if isinstance(loss, dict) and set(loss) != set(self.output_names) and \
                not (dict_outputs and set(loss) <= set(self.output_names)):
            self._unmatched_dict = list(loss)
        self._specs = _per_output(loss, self.output_names, "loss")
        weights = [1.0] * len(self.output_names) if loss_weights is None else \
            _per_output(loss_weights, self.output_names, "loss_weights")
        self.weights = [1.0 if w is None else float(w) for w in weights]
        self.losses = None
        trained = [name for name, spec in zip(self.output_names, self._specs)
                   if spec is not None]
        if isinstance(loss, dict):   # the trackers come in the order the dict names them
            trained = [name for name in loss if name in trained]
        # One Mean per trained output, reporting its unweighted loss, when there are several.
        self.metrics = [Mean(name=f"{name}_loss") for name in trained] if len(trained) > 1 \
            else []
        self._trackers = dict(zip(trained, self.metrics))

    @property
    def specs(self):
        """The loss given for each output (None where it has none)."""
        return list(self._specs)

    def build(self, y_true, y_pred):
        if self._unmatched_dict is not None:
            raise ValueError(
                f"Expected keys {self.output_names} in loss dict, but found "
                f"loss.keys()={self._unmatched_dict}. Name every output of the model in the "
                f"loss dict (give None to an output that has no loss), or pass a list with one "
                f"loss per output.")
        self.losses = [get_compile_loss(spec, t, p) if spec is not None and t is not None
                       else None for spec, t, p in zip(self._specs, y_true, y_pred)]

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The total loss (a Tensor), or None when no output with a loss has a target.

        ``y_true``, ``y_pred`` and ``sample_weight`` are as the model gives and fit receives
        them: single values, lists in output order, or dicts by output name.
        """
        y_pred = flatten_outputs(y_pred)
        y_true = match_targets(y_true, self.output_names, self._specs)
        weights = match_sample_weights(sample_weight, len(y_pred), self.output_names)
        if self.losses is None:
            self.build(y_true, y_pred)
        total = None
        for name, loss, weight, t, p, w in zip(self.output_names, self.losses, self.weights,
                                               y_true, y_pred, weights):
            if loss is None or t is None:
                continue
            value = loss(t, p, sample_weight=w)
            if name in self._trackers:
                self._trackers[name].update_state(stop_gradient(value).numpy(),  # a record
                                                  sample_weight=_batch_size([p]))
            weighted = value * weight if weight != 1.0 else value
            total = weighted if total is None else total + weighted
        return total


class CompileMetrics:
    """The compiled metrics of every output, as one metric named ``compile_metrics``.

    ``update_state(y_true, y_pred, sample_weight)`` takes the targets and outputs as the model
    gives them; ``result()`` is ``{name: value}``, each name prefixed by its output's when the
    model has several (``class_output_accuracy``); ``metrics`` lists the Metric objects.
    """

    def __init__(self, metrics, weighted_metrics, output_names):
        self.name = "compile_metrics"
        self.output_names = list(output_names)
        self._specs = [list(_as_list(s)) for s in
                       _per_output(metrics or [], self.output_names, "metrics")]
        self._weighted_specs = [list(_as_list(s)) for s in
                                _per_output(weighted_metrics or [], self.output_names,
                                            "weighted_metrics")]
        self._entries = None   # [(output index, metric, uses sample weights, result name)]

    @property
    def built(self):
        return self._entries is not None

    @property
    def metrics(self):
        """The Metric objects (none before the first batch)."""
        return [metric for _, metric, _, _ in self._entries or []]

    @property
    def variables(self):
        return [v for metric in self.metrics for v in metric.variables]

    def build(self, y_true, y_pred):
        self._entries, used = [], set()
        prefix = len(self.output_names) > 1
        for index, (specs, weighted) in enumerate(zip(self._specs, self._weighted_specs)):
            for spec_list, uses_weights in ((specs, False), (weighted, True)):
                for spec in spec_list:
                    metric = get_compile_metric(spec, y_true[index], y_pred[index])
                    name = _result_name(metric.name, self.output_names[index] if prefix
                                        else None, uses_weights, used)
                    self._entries.append((index, metric, uses_weights, name))

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = flatten_outputs(y_pred)
        y_true = match_targets(y_true, self.output_names)
        weights = match_sample_weights(sample_weight, len(y_pred), self.output_names)
        if self._entries is None:
            self.build(y_true, y_pred)
        for index, metric, uses_weights, _ in self._entries:
            if y_true[index] is None:
                continue
            weight = weights[index] if uses_weights else None
            metric.update_state(y_true[index], _value(y_pred[index]), sample_weight=weight)

    def reset_state(self):
        for metric in self.metrics:
            metric.reset_state()

    def result(self):
        return {name: metric.result() for _, metric, _, name in self._entries or []}

    def named_metrics(self):
        """{name in the logs: Metric}."""
        return {name: metric for _, metric, _, name in self._entries or []}

    def __repr__(self):
        return f"<CompileMetrics name={self.name}>"


def _result_name(name, output, weighted, used):
    """The log name of a compiled metric, as Keras 3 makes it unique."""
    full = f"{output}_{name}" if output else name
    if full in used and weighted:
        full = f"{output}_weighted_{name}" if output else f"weighted_{name}"
    if full in used:
        base, index = full, 1
        while f"{base}_{index}" in used:
            index += 1
        full = f"{base}_{index}"
    used.add(full)
    return full


def _as_list(spec):
    if spec is None:
        return []
    if isinstance(spec, (list, tuple)):
        return spec
    return [spec]


def _value(x):
    return getattr(x, "value", x)


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
