"""Model's training API: compile, fit, evaluate, predict and the *_on_batch methods.

One training step, the heart of the book's training chapter:

    y_pred = model(x, training=True)                      # forward pass, recorded on the tape
    loss   = compiled_loss(y, y_pred, sample_weight) + Σ model.losses
    grads  = gradients(loss, model.trainable_weights)     # reverse pass through the tape
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    metrics.update_state(y, y_pred)

Epoch logs are running means weighted by batch size (Σ bᵢ·lossᵢ / N), so a short last batch
counts for what it holds. Losses, metrics, optimizers and callbacks are looked up when compile
and fit run, so those modules may themselves build on the engine.
"""

import numpy as np

from ..backend.autodiff import gradients, no_grad
from ..backend.ops import add
from . import data_adapter, nest
from .compile_utils import CompileLoss, CompileMetrics, flatten_outputs, match_targets


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

    # ------------------------------------------------------------------ compile

    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True, sample_weight_mode=None):
        """Choose the optimizer, the loss (per output) and the metrics to report."""
        from .. import optimizers
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

    def _sample_weights(self, sample_weight, count):
        if sample_weight is None:
            return [None] * count
        if isinstance(sample_weight, dict):
            return [sample_weight.get(n) for n in self._output_names()]
        if isinstance(sample_weight, list):
            return list(sample_weight) + [None] * (count - len(sample_weight))
        return [sample_weight] * count

    def _loss_of(self, x, y, sample_weight, training):
        y_pred = self(x, training=training)
        outputs = flatten_outputs(y_pred)
        self._ensure_compiled_objects()
        targets = match_targets(y, self._compiled_loss.output_names)
        weights = self._sample_weights(sample_weight, len(outputs))
        total, parts = self._compiled_loss(targets, outputs, weights)
        extra = self.losses
        if extra:
            total = add(total, _sum(extra))
        return total, parts, targets, outputs, weights

    def _train_step(self, x, y, sample_weight):
        total, parts, targets, outputs, weights = self._loss_of(x, y, sample_weight, True)
        variables = self.trainable_weights
        grads = gradients(total, variables)
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

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1):
        """Train for ``epochs`` passes over the data; returns a History."""
        from ..callbacks import CallbackList
        from ..backend.ops.random import generator_for
        self._ensure_compiled_objects()
        verbose = 1 if verbose == "auto" else int(verbose)
        iterator_data = data_adapter.is_iterator_data(x)
        if not iterator_data:
            x, y = data_adapter.as_arrays(x), data_adapter.as_arrays(y)
            sample_weight = data_adapter.as_arrays(sample_weight)
        if validation_split and validation_data is None:
            if iterator_data:
                raise ValueError(
                    "validation_split is only supported for arrays, not for generators or "
                    "Sequence objects: pass validation_data instead.")
            (x, y, sample_weight), validation_data = data_adapter.split_for_validation(
                x, y, sample_weight, validation_split)
        if class_weight is not None:
            if sample_weight is not None:
                raise ValueError(
                    "You cannot pass both `class_weight` and `sample_weight`: Keras 3 refuses "
                    "the combination. Multiply the class weights into sample_weight yourself.")
            if iterator_data:
                raise ValueError("class_weight is only supported with array data.")
            sample_weight = data_adapter.class_weights_to_sample_weights(y, class_weight)
        batches = data_adapter.make_batches(
            x, y, sample_weight, batch_size=batch_size, shuffle=shuffle, steps=steps_per_epoch,
            seed_generator=generator_for(None))
        validation = None
        if validation_data is not None:
            validation = data_adapter.make_batches(
                *_unpack_validation(validation_data),
                batch_size=validation_batch_size or batch_size, steps=validation_steps)

        callback_list = CallbackList(callbacks, model=self, add_history=True,
                                     add_progbar=verbose != 0, verbose=verbose, epochs=epochs,
                                     steps=len(batches))
        self.stop_training = False
        self._inside_fit = True
        epoch_logs = {}
        try:
            callback_list.on_train_begin({})
            for epoch in range(initial_epoch, epochs):
                self._start_epoch_logs()
                callback_list.on_epoch_begin(epoch, {})
                for step, (bx, by, bw) in enumerate(batches.epoch()):
                    callback_list.on_train_batch_begin(step, {})
                    total, parts = self._train_step(bx, by, bw)
                    self._record(total, parts, data_adapter.num_samples(bx))
                    callback_list.on_train_batch_end(step, self._logs())
                    if self.stop_training:
                        break
                epoch_logs = self._logs()
                if validation is not None and _should_validate(epoch, validation_freq):
                    val_logs = self._run_evaluation(validation, callback_list)
                    epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
                callback_list.on_epoch_end(epoch, epoch_logs)
                if self.stop_training:
                    break
            callback_list.on_train_end(epoch_logs)
        finally:
            self._inside_fit = False
        return self.history

    def _run_evaluation(self, batches, callback_list):
        self._start_epoch_logs()
        callback_list.on_test_begin({})
        for step, (bx, by, bw) in enumerate(batches.epoch()):
            callback_list.on_test_batch_begin(step, {})
            total, parts = self._test_step(bx, by, bw)
            self._record(total, parts, data_adapter.num_samples(bx))
            callback_list.on_test_batch_end(step, self._logs())
        logs = self._logs()
        callback_list.on_test_end(logs)
        return logs

    # ------------------------------------------------------------------ evaluate / predict

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False):
        """The loss and metrics on the data: [loss, *metrics] (a float with no metrics)."""
        from ..callbacks import CallbackList
        self._ensure_compiled_objects()
        verbose = 1 if verbose == "auto" else int(verbose)
        batches = data_adapter.make_batches(x, y, sample_weight, batch_size=batch_size,
                                            steps=steps)
        callback_list = CallbackList(callbacks, model=self, add_progbar=verbose != 0,
                                     verbose=verbose, epochs=1, steps=len(batches))
        logs = self._run_evaluation(batches, callback_list)
        return logs if return_dict else self._as_list(logs)

    def _as_list(self, logs):
        values = [logs[name] for name in self.metrics_names if name in logs]
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs for ``x``, batch by batch, as numpy arrays."""
        from ..callbacks import CallbackList
        verbose = 1 if verbose == "auto" else int(verbose)
        batches = data_adapter.make_batches(x, None, None, batch_size=batch_size, steps=steps)
        callback_list = CallbackList(callbacks, model=self, add_progbar=verbose != 0,
                                     verbose=verbose, epochs=1, steps=len(batches))
        callback_list.on_predict_begin({})
        collected = []
        with no_grad():
            for step, (bx, _, _) in enumerate(batches.epoch()):
                callback_list.on_predict_batch_begin(step, {})
                collected.append(nest.map_structure(lambda t: t.numpy(), self(bx, training=False)))
                callback_list.on_predict_batch_end(step, {"outputs": collected[-1]})
        callback_list.on_predict_end({})
        if not collected:
            raise ValueError("predict() received no data (0 samples).")
        first = collected[0]
        leaves = [np.concatenate(parts) for parts in
                  zip(*[nest.flatten(batch) for batch in collected])]
        return nest.pack_like(first, leaves)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       return_dict=False):
        """One optimizer step on one batch; returns that batch's loss and metrics."""
        self._ensure_compiled_objects()
        x, y = data_adapter.as_arrays(x), data_adapter.as_arrays(y)
        if class_weight is not None:
            sample_weight = data_adapter.class_weights_to_sample_weights(y, class_weight)
        self._start_epoch_logs()
        total, parts = self._train_step(x, y, data_adapter.as_arrays(sample_weight))
        self._record(total, parts, data_adapter.num_samples(x))
        logs = self._logs()
        return logs if return_dict else self._as_list(logs)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """The loss and metrics of one batch, without training."""
        self._ensure_compiled_objects()
        x, y = data_adapter.as_arrays(x), data_adapter.as_arrays(y)
        self._start_epoch_logs()
        total, parts = self._test_step(x, y, data_adapter.as_arrays(sample_weight))
        self._record(total, parts, data_adapter.num_samples(x))
        logs = self._logs()
        return logs if return_dict else self._as_list(logs)

    def predict_on_batch(self, x):
        """The outputs for one batch, as numpy arrays."""
        with no_grad():
            outputs = self(data_adapter.as_arrays(x), training=False)
        return nest.map_structure(lambda t: t.numpy(), outputs)

    def get_compile_config(self):
        """The compile() arguments, serialized (used when saving)."""
        if self._compile_config is None:
            return None
        from ..serialization import serialize_keras_object
        return serialize_keras_object(self._compile_config)

    def compile_from_config(self, config):
        """compile() again from get_compile_config()'s output."""
        from .. import losses, optimizers
        config = dict(config)
        if isinstance(config.get("optimizer"), dict):
            config["optimizer"] = optimizers.deserialize(config["optimizer"])
        loss = config.get("loss")
        if isinstance(loss, dict) and "class_name" in loss:
            config["loss"] = losses.deserialize(loss)
        self.compile(**{k: v for k, v in config.items()
                        if k in ("optimizer", "loss", "loss_weights", "metrics",
                                 "weighted_metrics", "sample_weight_mode")})


def _sum(tensors):
    total = tensors[0]
    for t in tensors[1:]:
        total = add(total, t)
    return total


def _unpack_validation(validation_data):
    if data_adapter.is_iterator_data(validation_data):
        return validation_data, None, None
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
        raise ValueError(
            "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, val_sample_weight),"
            f" or a generator; received {type(validation_data).__name__}.")
    x, y = validation_data[0], validation_data[1]
    w = validation_data[2] if len(validation_data) == 3 else None
    return x, y, w


def _should_validate(epoch, validation_freq):
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return epoch + 1 in validation_freq
