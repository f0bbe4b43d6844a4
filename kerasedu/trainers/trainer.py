"""Model's training API: compile, fit, evaluate, predict and the *_on_batch methods.

One training step, the heart of the book's training chapter:

    with GradientTape() as tape:                       # forward pass, recorded on the tape
        y_pred = model(x, training=True)
        loss = compiled_loss(y, y_pred, sample_weight) + Σ model.losses
    grads = tape.gradient(loss, model.trainable_weights)  # reverse pass through the tape
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    metrics.update_state(y, y_pred)

Epoch logs are running means weighted by batch size (Σ bᵢ·lossᵢ / N), so a short last batch
counts for what it holds. The trainer uses losses, metrics, optimizers and callbacks, which sit
on the floor below it; Model (on the floor above) inherits it.
"""

import numpy as np

from .. import losses, metrics, optimizers
from ..backend.autodiff import GradientTape, no_grad
from ..backend.quiet import quietly
from ..backend.ops import add
from ..backend.ops.random import generator_for
from ..callbacks.callback_list import CallbackList
from ..layer_machinery import nest
from ..serialization import serialize_keras_object
from . import data_adapter
from .arguments import check_batch_arguments, check_class_weight, check_fit_arguments
from .epoch_iterator import make_batches
from .compile_utils import (CompileLoss, CompileMetrics, flatten_outputs, match_sample_weights,
                            match_targets, resolve_compile_spec)


class _WeightedMean:
    """Running mean of per-batch values weighted by batch size."""

    def __init__(self):
        self.total, self.count = 0.0, 0

    def update(self, value, weight):
        self.total += float(value) * weight
        self.count += weight

    def result(self):
        return self.total / self.count if self.count else 0.0


class Trainer:
    """Mixin giving Model its training API."""

    def __init__(self):
        self.optimizer = None
        self.compiled = False
        self.stop_training = False
        self.history = None
        self._inside_fit = False
        self._compile_config = None
        self._initial_epoch = None

    # ------------------------------------------------------------------ compile

    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True, sample_weight_mode=None):
        """Choose the optimizer, the loss (per output) and the metrics to report."""
        if sample_weight_mode not in (None, "temporal"):
            raise ValueError(
                f"sample_weight_mode must be None or 'temporal', received {sample_weight_mode!r}.")
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self._loss_spec = (loss, loss_weights)
        self._metric_spec = (metrics, weighted_metrics)
        self.sample_weight_mode = sample_weight_mode
        self._compiled_loss = None
        self._compiled_metrics = None
        self.compiled = True
        self._compile_config = {"optimizer": optimizer, "loss": loss, "loss_weights": loss_weights,
                                "metrics": metrics, "weighted_metrics": weighted_metrics,
                                "sample_weight_mode": sample_weight_mode}

    def _output_names(self):
        if hasattr(self, "output_names"):
            return list(self.output_names)
        outputs = getattr(self, "outputs", None)
        if outputs:
            return [t._keras_history[0].name for t in outputs]
        layers = getattr(self, "layers", None)
        return [layers[-1].name] if layers else ["output_1"]

    def _ensure_compiled_objects(self):
        if not self.compiled:
            raise RuntimeError(
                "You must call `compile()` before using the model: model.compile(optimizer="
                "'adam', loss='mse') chooses how it learns.")
        if self._compiled_loss is None:
            names = self._output_names()
            self._compiled_loss = CompileLoss(self._loss_spec[0], self._loss_spec[1], names)
            self._compiled_metrics = CompileMetrics(self._metric_spec[0], self._metric_spec[1],
                                                    names)

    # ------------------------------------------------------------------ one step

    def _loss_of(self, x, y, sample_weight, training):
        y_pred = self(x, training=training)
        outputs = flatten_outputs(y_pred)
        self._ensure_compiled_objects()
        targets = match_targets(y, self._compiled_loss.output_names)
        weights = match_sample_weights(sample_weight, len(outputs), self._output_names())
        total, parts = self._compiled_loss(targets, outputs, weights)
        extra = self.losses
        if extra:
            total = add(total, _sum(extra))
        return total, parts, targets, outputs, weights

    def _train_step(self, x, y, sample_weight, variables=None):
        """One optimizer step on a batch; ``variables`` are the trainable weights (fit looks
        them up once per epoch, as Keras does)."""
        with GradientTape() as tape:
            total, parts, targets, outputs, weights = self._loss_of(x, y, sample_weight, True)
        if variables is None:
            variables = self.trainable_weights
        grads = tape.gradient(total, variables)
        self.optimizer.apply_gradients(
            [(g, v) for g, v in zip(grads, variables) if g is not None])
        with no_grad():
            self._compiled_metrics.update_state(targets, outputs, weights)
        return total, parts

    def _test_step(self, x, y, sample_weight):
        with no_grad():
            total, parts, targets, outputs, weights = self._loss_of(x, y, sample_weight, False)
            self._compiled_metrics.update_state(targets, outputs, weights)
        return total, parts

    # ------------------------------------------------------------------ logs

    def _start_epoch_logs(self):
        self._loss_tracker = _WeightedMean()
        self._output_loss_trackers = [_WeightedMean() for _ in self._output_names()]
        if self._compiled_metrics is not None:
            self._compiled_metrics.reset_state()

    def _record(self, total, parts, batch_size):
        self._loss_tracker.update(total.numpy(), batch_size)
        for tracker, part in zip(self._output_loss_trackers, parts):
            if part is not None:
                tracker.update(part.numpy(), batch_size)

    def _logs(self):
        logs = {"loss": self._loss_tracker.result()}
        names = self._compiled_loss.output_names if self._compiled_loss else []
        if len(names) > 1:
            for name, tracker in zip(names, self._output_loss_trackers):
                if tracker.count:
                    logs[f"{name}_loss"] = tracker.result()
        if self._compiled_metrics is not None:
            logs.update(self._compiled_metrics.result())
        return dict(sorted(logs.items()))

    @property
    def metrics(self):
        """The compiled metric objects (after the first batch of fit or evaluate)."""
        if self._compiled_metrics is None:
            return []
        return [metric for _, metric, _ in self._compiled_metrics.metrics or []]

    @property
    def metrics_names(self):
        names = ["loss"]
        if self._compiled_loss is not None and len(self._compiled_loss.output_names) > 1:
            names += [f"{n}_loss" for n, loss in zip(self._compiled_loss.output_names,
                                                     self._compiled_loss.losses or [])
                      if loss is not None]
        if self._compiled_metrics is not None:
            names += self._compiled_metrics.names
        return names

    def reset_metrics(self):
        self._start_epoch_logs()

    # ------------------------------------------------------------------ fit

    @quietly
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1):
        """Train for ``epochs`` passes over the data; returns a History.

        The order of events, and what each callback hook receives, is described in
        :mod:`kerasedu.callbacks.callback`. ``on_train_end`` runs only when training finishes
        without an exception.
        """
        check_fit_arguments(batch_size, epochs, verbose, validation_split, shuffle, class_weight,
                            initial_epoch, steps_per_epoch, validation_steps,
                            validation_batch_size, validation_freq)
        self._ensure_compiled_objects()
        iterator_data = data_adapter.is_iterator_data(x)
        if validation_split and validation_data is None:
            if iterator_data:
                raise ValueError(
                    "validation_split is only supported for arrays, not for generators or "
                    "Sequence objects: pass validation_data instead.")
            x, y = data_adapter.as_arrays(x), data_adapter.as_arrays(y)
            sample_weight = data_adapter.as_arrays(sample_weight)
            (x, y, sample_weight), validation_data = data_adapter.split_for_validation(
                x, y, sample_weight, validation_split)
        if class_weight is not None and isinstance(y, (list, dict)):
            raise ValueError(
                "`class_weight` is only supported for models with a single output. Use "
                "`sample_weight` for models with several outputs.")
        batches = make_batches(
            x, y, sample_weight, batch_size=batch_size, shuffle=shuffle, steps=steps_per_epoch,
            seed_generator=generator_for(None), class_weight=class_weight)
        validation = None
        if validation_data is not None:
            validation = make_batches(
                *data_adapter.unpack_validation_data(validation_data),
                batch_size=validation_batch_size or batch_size, steps=validation_steps)

        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_history=True, add_progbar=verbose != 0,
                                     verbose=verbose, epochs=epochs,
                                     steps=batches.num_batches, model=self)
        self.stop_training = False
        self._initial_epoch = None
        self._inside_fit = True
        training_logs = {}
        finished = False
        try:
            callbacks.on_train_begin({})
            initial_epoch = self._initial_epoch or initial_epoch
            for epoch in range(initial_epoch, epochs):
                self.reset_metrics()
                callbacks.on_epoch_begin(epoch, {})
                logs = None
                variables = self.trainable_weights
                for step, (bx, by, bw) in batches.epoch():
                    callbacks.on_train_batch_begin(step, {})
                    total, parts = self._train_step(bx, by, bw, variables)
                    self._record(total, parts, data_adapter.num_samples(bx))
                    logs = self._logs()
                    callbacks.on_train_batch_end(step, logs)
                    if self.stop_training:
                        break
                if logs is None:
                    raise ValueError(_no_batches_message(batches, epoch))
                epoch_logs = self._logs()
                if validation is not None and _should_validate(epoch, validation_freq):
                    val_logs = self._run_evaluation(validation, callbacks)
                    epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
                callbacks.on_epoch_end(epoch, epoch_logs)
                training_logs = epoch_logs
                if self.stop_training:
                    break
            finished = True
        finally:
            self._inside_fit = False
            if self.optimizer is not None and epochs > 0:
                self.optimizer.finalize_variable_values(self.trainable_weights)
        if finished:
            callbacks.on_train_end(training_logs)
        return self.history

    def _run_evaluation(self, batches, callbacks):
        callbacks.on_test_begin({})
        self.reset_metrics()
        logs = None
        for step, (bx, by, bw) in batches.epoch():
            callbacks.on_test_batch_begin(step, {})
            total, parts = self._test_step(bx, by, bw)
            self._record(total, parts, data_adapter.num_samples(bx))
            logs = self._logs()
            callbacks.on_test_batch_end(step, logs)
        if logs is None:
            raise ValueError(
                "Evaluation received no data (0 batches). Pass at least one sample. A Python "
                "generator given as validation_data is used up after one pass: make it loop "
                "forever and give validation_steps, or use a kerasedu.utils.Sequence.")
        logs = self._logs()
        callbacks.on_test_end(logs)
        return logs

    # ------------------------------------------------------------------ evaluate / predict

    @quietly
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False):
        """The loss and metrics on the data: [loss, *metrics] (a float with no metrics)."""
        check_batch_arguments("evaluate", batch_size, steps, verbose)
        self._ensure_compiled_objects()
        batches = make_batches(x, y, sample_weight, batch_size=batch_size, steps=steps)
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_progbar=verbose != 0, verbose=verbose,
                                     epochs=1, steps=batches.num_batches, model=self)
        logs = self._run_evaluation(batches, callbacks)
        return logs if return_dict else self._as_list(logs)

    def _as_list(self, logs):
        values = [logs[name] for name in self.metrics_names if name in logs]
        return values[0] if len(values) == 1 else values

    @quietly
    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs for ``x``, batch by batch, as numpy arrays."""
        check_batch_arguments("predict", batch_size, steps, verbose)
        batches = make_batches(x, None, None, batch_size=batch_size, steps=steps)
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_progbar=verbose != 0, verbose=verbose,
                                     epochs=1, steps=batches.num_batches, model=self)
        callbacks.on_predict_begin({})
        collected = []
        with no_grad():
            for step, (bx, _, _) in batches.epoch():
                callbacks.on_predict_batch_begin(step, {})
                collected.append(nest.map_structure(lambda t: t.numpy(), self(bx, training=False)))
                callbacks.on_predict_batch_end(step, {"outputs": collected[-1]})
        callbacks.on_predict_end({})
        if not collected:
            raise ValueError("predict() received no data (0 samples).")
        first = collected[0]
        leaves = [np.concatenate(parts) for parts in
                  zip(*[nest.flatten(batch) for batch in collected])]
        return nest.pack_like(first, leaves)

    @quietly
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       return_dict=False):
        """One optimizer step on one batch; returns that batch's loss and metrics."""
        check_class_weight("train_on_batch", class_weight)
        self._ensure_compiled_objects()
        x, y = data_adapter.as_arrays(x), data_adapter.as_arrays(y)
        sample_weight = data_adapter.as_arrays(sample_weight)
        if class_weight is not None:
            if sample_weight is not None:
                raise ValueError(
                    "Arguments `sample_weight` and `class_weight` cannot be specified at the "
                    "same time.")
            sample_weight = data_adapter.class_weights_to_sample_weights(y, class_weight)
        self.reset_metrics()
        total, parts = self._train_step(x, y, sample_weight)
        self._record(total, parts, data_adapter.num_samples(x))
        logs = self._logs()
        return logs if return_dict else self._as_list(logs)

    @quietly
    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """The loss and metrics of one batch, without training."""
        self._ensure_compiled_objects()
        x, y = data_adapter.as_arrays(x), data_adapter.as_arrays(y)
        self.reset_metrics()
        total, parts = self._test_step(x, y, data_adapter.as_arrays(sample_weight))
        self._record(total, parts, data_adapter.num_samples(x))
        logs = self._logs()
        return logs if return_dict else self._as_list(logs)

    @quietly
    def predict_on_batch(self, x):
        """The outputs for one batch, as numpy arrays."""
        with no_grad():
            outputs = self(data_adapter.as_arrays(x), training=False)
        return nest.map_structure(lambda t: t.numpy(), outputs)

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


def _no_batches_message(batches, epoch):
    return (f"fit() received no data for epoch {epoch + 1}: the data produced 0 batches. "
            f"Pass at least one sample; a generator must keep yielding batches for every epoch "
            f"(give steps_per_epoch and make it loop forever).")


def _sum(tensors):
    total = tensors[0]
    for t in tensors[1:]:
        total = add(total, t)
    return total


def _should_validate(epoch, validation_freq):
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return epoch + 1 in validation_freq
