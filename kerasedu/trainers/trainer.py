"""Model's training API: compile, the training, test and prediction steps, and the metrics.

One training step, the heart of the book's training chapter (``train_step``):

    with GradientTape() as tape:                          # forward pass, recorded on the tape
        y_pred = model(x, training=True)
        loss = compute_loss(x, y, y_pred, sample_weight)  # compiled loss + Σ model.losses
    grads = tape.gradient(loss, model.trainable_weights)  # reverse pass through the tape
    optimizer.apply(grads, model.trainable_weights)
    return compute_metrics(x, y, y_pred, sample_weight)   # {name: value} for the logs

``fit``, ``evaluate`` and ``predict`` (in :mod:`kerasedu.trainers.loops`) call ``train_step``,
``test_step`` and ``predict_step`` once per batch, so a subclass that overrides one of them
(a GAN's two optimizers, a VAE's losses) still gets the loops, callbacks and progress bar.

What the logs report is ``model.metrics``: the ``loss`` tracker (a Mean, weighted by batch
size, so that an epoch's loss is Σ bᵢ·lossᵢ / N), ``compile_metrics`` (the metrics given to
compile), one ``<output>_loss`` per output when several outputs have a loss, then every Metric
that the model or its layers hold as attributes (``self.loss_tracker = metrics.Mean(...)``).
``reset_metrics()`` zeroes them all at the start of each epoch and of each evaluation.
"""

import numpy as np

from .. import losses, metrics, optimizers
from ..backend.autodiff import GradientTape, no_grad
from ..backend.quiet import quietly
from ..backend.ops import add
from ..layer_machinery.layer_state import metric_attributes
from ..metrics import Mean
from ..serialization import serialize_keras_object
from ..utils.data_packing import unpack_x_y_sample_weight
from . import data_adapter
from .arguments import check_class_weight
from .compile_utils import (CompileLoss, CompileMetrics, output_keys, resolve_compile_spec)
from .loops import TrainingLoops

# Attributes of the trainer itself, which hold the compiled metrics in their place.
_OWN_METRICS = ("_loss_tracker", "_compile_metrics", "_compile_loss")


class Trainer(TrainingLoops):
    """Mixin giving Model its training API."""

    def __init__(self):
        self.optimizer = None
        self.compiled = False
        self.stop_training = False
        self.history = None
        self._compile_loss = None
        self._compile_metrics = None
        self._loss_tracker = None
        self._compile_config = None
        self._epoch_trainable_weights = None

    # ------------------------------------------------------------------ compile

    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True, sample_weight_mode=None):
        """Choose the optimizer, the loss (per output) and the metrics to report.

        With no ``loss``, training minimizes the losses the layers add with ``add_loss``.
        """
        if sample_weight_mode not in (None, "temporal"):
            raise ValueError(
                f"sample_weight_mode must be None or 'temporal', received {sample_weight_mode!r}.")
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self.sample_weight_mode = sample_weight_mode
        names = output_keys(self)
        dict_outputs = isinstance(getattr(self, "_output_structure", None), dict)
        self._compile_loss = None if loss is None else \
            CompileLoss(loss, loss_weights, names, dict_outputs)
        self._compile_metrics = None if not (metrics or weighted_metrics) else \
            CompileMetrics(metrics, weighted_metrics, names)
        self._loss_tracker = Mean(name="loss")
        self.compiled = True
        self._compile_config = {"optimizer": optimizer, "loss": loss, "loss_weights": loss_weights,
                                "metrics": metrics, "weighted_metrics": weighted_metrics,
                                "sample_weight_mode": sample_weight_mode}

    @property
    def compiled_loss(self):
        """The loss given to compile, as one callable (None without one)."""
        return self._compile_loss

    @property
    def compiled_metrics(self):
        """The metrics given to compile, as one metric (None without any)."""
        return self._compile_metrics

    def _assert_compiled(self, method):
        if not self.compiled:
            raise RuntimeError(
                f"You must call `compile()` before using the model in {method}(): "
                f"model.compile(optimizer='adam', loss='mse') chooses how it learns.")

    # ------------------------------------------------------------------ losses and metrics

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The loss to minimize: the compiled loss of ``y`` and ``y_pred`` (if compile was
        given one) plus every loss the layers added during the forward pass (``self.losses``).
        """
        terms = []
        if self._compile_loss is not None:
            value = self._compile_loss(y, y_pred, sample_weight)
            if value is not None:
                terms.append(value)
        terms.extend(self.losses)
        if not terms:
            raise ValueError(
                "No loss to compute. Provide a `loss` argument in `compile()` (for example "
                "loss='mse'), or add losses in your layers with `self.add_loss(...)`.")
        total = terms[0]
        for term in terms[1:]:
            total = add(total, term)
        return total

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Update the compiled metrics with this batch; returns every metric's result."""
        if self._compile_metrics is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def get_metrics_result(self):
        """{name: value} of ``self.metrics``, the compiled metrics' dict spread out."""
        results = {}
        for metric in self.metrics:
            if isinstance(metric, CompileMetrics) and not metric.built:
                continue
            value = metric.result()
            if isinstance(value, dict):
                results.update(value)
            else:
                results[metric.name] = value
        return pythonify_logs(results)

    @property
    def metrics(self):
        """The metrics the logs report, in Keras's order (see the module docstring)."""
        found = []
        if self.compiled:
            found.append(self._loss_tracker)
            if self._compile_metrics is not None:
                found.append(self._compile_metrics)
            if self._compile_loss is not None:
                found.extend(self._compile_loss.metrics)
        found.extend(metric_attributes(self, skip=_OWN_METRICS))
        for layer in _sublayers(self):
            if not isinstance(layer, Trainer):   # a model inside reports its own metrics
                found.extend(metric_attributes(layer))
        return found

    @property
    def metrics_names(self):
        return [metric.name for metric in self.metrics]

    def reset_metrics(self):
        for metric in self.metrics:
            metric.reset_state()

    # ------------------------------------------------------------------ the steps

    def train_step(self, data):
        """One optimizer step on one batch (``data`` is x, (x, y) or (x, y, sample_weight));
        returns the logs. Override it to train in your own way."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        with GradientTape() as tape:     # float(t), np.asarray(t) ... of what carries a gradient
            y_pred = self(x, training=True)  # are refused here, rather than cut it silently
            loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight,
                                     training=True)
        self._loss_tracker.update_state(loss.numpy(), sample_weight=_batch_size(x))
        variables = self._epoch_trainable_weights or self.trainable_weights
        if variables:
            grads = tape.gradient(loss, variables)
            pairs = [(g, v) for g, v in zip(grads, variables) if g is not None]
            if pairs:
                self.optimizer.apply([g for g, _ in pairs], [v for _, v in pairs])
        with no_grad():
            return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def test_step(self, data):
        """The loss and metrics of one batch, without training; returns the logs."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        with no_grad():
            y_pred = self(x, training=False)
            loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight,
                                     training=False)
            self._loss_tracker.update_state(loss.numpy(), sample_weight=_batch_size(x))
            return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def predict_step(self, data):
        """The model's outputs for one batch."""
        x, _, _ = unpack_x_y_sample_weight(data)
        return self(x, training=False)

    # ------------------------------------------------------------------ one batch

    @quietly
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       return_dict=False):
        """One optimizer step on one batch; returns that batch's loss and metrics."""
        check_class_weight("train_on_batch", class_weight)
        self._assert_compiled("train_on_batch")
        x, y = data_adapter.as_arrays(x), data_adapter.as_arrays(y)
        sample_weight = data_adapter.as_arrays(sample_weight)
        if class_weight is not None:
            if sample_weight is not None:
                raise ValueError(
                    "Arguments `sample_weight` and `class_weight` cannot be specified at the "
                    "same time.")
            sample_weight = data_adapter.class_weights_to_sample_weights(y, class_weight)
        self.reset_metrics()
        logs = self._step_logs(self.train_step, (x, y, sample_weight))
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    @quietly
    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """The loss and metrics of one batch, without training."""
        self._assert_compiled("test_on_batch")
        data = (data_adapter.as_arrays(x), data_adapter.as_arrays(y),
                data_adapter.as_arrays(sample_weight))
        self.reset_metrics()
        logs = self._step_logs(self.test_step, data)
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    @quietly
    def predict_on_batch(self, x):
        """The outputs for one batch, as numpy arrays."""
        with no_grad():
            outputs = self.predict_step((data_adapter.as_arrays(x),))
        return _to_numpy(outputs)

    def _step_logs(self, step, data):
        """The logs of ``step(data)``, as numbers."""
        logs = step(data)
        return pythonify_logs(self._metrics_result_or_logs(logs))

    def _metrics_result_or_logs(self, logs):
        """The model's metrics, when a step's logs name the same values; else the step's own
        logs (a custom step may report other things)."""
        results = self.get_metrics_result()
        if isinstance(logs, dict) and set(logs) == set(results):
            return results
        return logs

    def _flatten_metrics_in_order(self, logs):
        """``evaluate``'s list: the loss, the metrics in ``self.metrics`` order, then the rest
        by name; a single value alone."""
        names = []
        for metric in self.metrics:
            if isinstance(metric, CompileMetrics):
                names += [m.name for m in metric.metrics]
            else:
                names.append(metric.name)
        values = [logs[name] for name in names if name in logs]
        values += [logs[key] for key in sorted(logs) if key not in names]
        return values[0] if len(values) == 1 else values

    # ------------------------------------------------------------------ compile config

    def get_compile_config(self):
        """The compile() arguments, serialized (saved with the model, used by load_model)."""
        if self._compile_config is None:
            return None
        config = dict(self._compile_config)
        config["optimizer"] = self.optimizer
        return serialize_keras_object(config)

    def compile_from_config(self, config):
        """compile() again from get_compile_config()'s output.

        Names that are not kerasedu's own (a student's loss or metric function) are looked up
        now, through custom_objects / custom_object_scope / the registry, so a missing one
        fails here with a message that says how to provide it.
        """
        config = dict(config)
        if isinstance(config.get("optimizer"), (dict, str)):
            config["optimizer"] = optimizers.deserialize(config["optimizer"])
        config["loss"] = resolve_compile_spec(config.get("loss"), losses, "loss")
        for key in ("metrics", "weighted_metrics"):
            config[key] = resolve_compile_spec(config.get(key), metrics, "metric")
        self.compile(**{k: v for k, v in config.items()
                        if k in ("optimizer", "loss", "loss_weights", "metrics",
                                 "weighted_metrics", "sample_weight_mode")})


def pythonify_logs(logs):
    """Logs as Keras gives them to callbacks: sorted by name, nested dicts spread out, numbers
    as Python floats."""
    result = {}
    for key, value in sorted((logs or {}).items()):
        if isinstance(value, dict):
            result.update(pythonify_logs(value))
            continue
        try:
            result[key] = float(np.asarray(getattr(value, "value", value)))
        except (TypeError, ValueError):
            result[key] = value
    return result


def _sublayers(layer):
    """Every layer inside ``layer``, depth first."""
    for sublayer in layer._layers:
        yield sublayer
        yield from _sublayers(sublayer)


def _batch_size(x):
    return data_adapter.num_samples((x,)) or 1


def _to_numpy(structure):
    if isinstance(structure, dict):
        return {k: _to_numpy(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_to_numpy(v) for v in structure)
    return np.asarray(getattr(structure, "value", structure))
