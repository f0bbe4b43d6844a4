"""fit, evaluate and predict: the loops that call the model's step methods batch by batch.

    fit:      for each epoch: reset_metrics(); for each batch: logs = train_step(batch)
              then, every validation_freq epochs, evaluate on the validation data (val_* logs)
    evaluate: reset_metrics(); for each batch: logs = test_step(batch)
    predict:  for each batch: outputs = predict_step(batch); concatenated at the end

The order of events, and what each callback hook receives, is described in
:mod:`kerasedu.callbacks.callback`. An epoch's logs are the model's metrics at its end (or, when
a custom step reports other names, what its last step returned).
"""

import numpy as np

from ..backend.autodiff import no_grad
from ..backend.quiet import quietly
from ..backend.ops.random import generator_for
from ..callbacks.callback_list import CallbackList
from ..layer_machinery import nest
from . import data_adapter
from .arguments import check_batch_arguments, check_fit_arguments
from .epoch_iterator import make_batches


class TrainingLoops:
    """fit / evaluate / predict for a class that has train_step, test_step and predict_step
    (see :class:`~kerasedu.trainers.trainer.Trainer`)."""

    @quietly
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1):
        """Train for ``epochs`` passes over the data; returns a History.

        ``on_train_end`` runs only when training finishes without an exception.
        """
        check_fit_arguments(batch_size, epochs, verbose, validation_split, shuffle, class_weight,
                            initial_epoch, steps_per_epoch, validation_steps,
                            validation_batch_size, validation_freq)
        self._assert_compiled("fit")
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
        training_logs = {}
        finished = False
        try:
            callbacks.on_train_begin({})
            initial_epoch = self._initial_epoch or initial_epoch
            for epoch in range(initial_epoch, epochs):
                self.reset_metrics()
                callbacks.on_epoch_begin(epoch, {})
                self._epoch_trainable_weights = self.trainable_weights
                logs = None
                for step, data in batches.epoch():
                    callbacks.on_train_batch_begin(step, {})
                    logs = self._step_logs(self.train_step, data)
                    callbacks.on_train_batch_end(step, logs)
                    if self.stop_training:
                        break
                self._epoch_trainable_weights = None
                if logs is None:
                    raise ValueError(_no_batches_message(epoch))
                epoch_logs = dict(logs)
                if validation is not None and _should_validate(epoch, validation_freq):
                    val_logs = self._run_evaluation(validation, callbacks)
                    epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
                callbacks.on_epoch_end(epoch, epoch_logs)
                training_logs = epoch_logs
                if self.stop_training:
                    break
            finished = True
        finally:
            self._epoch_trainable_weights = None
            if self.optimizer is not None and epochs > 0:
                self.optimizer.finalize_variable_values(self.trainable_weights)
        if finished:
            callbacks.on_train_end(training_logs)
        return self.history

    def _run_evaluation(self, batches, callbacks):
        callbacks.on_test_begin({})
        self.reset_metrics()
        logs = None
        for step, data in batches.epoch():
            callbacks.on_test_batch_begin(step, {})
            logs = self._step_logs(self.test_step, data)
            callbacks.on_test_batch_end(step, logs)
        if logs is None:
            raise ValueError(
                "Evaluation received no data (0 batches). Pass at least one sample. A Python "
                "generator given as validation_data is used up after one pass: make it loop "
                "forever and give validation_steps, or use a kerasedu.utils.PyDataset.")
        callbacks.on_test_end(logs)
        return logs

    @quietly
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False):
        """The loss and metrics on the data: a dict with ``return_dict=True``, else a list in
        the order of ``model.metrics`` (a single number when there is one)."""
        check_batch_arguments("evaluate", batch_size, steps, verbose)
        self._assert_compiled("evaluate")
        batches = make_batches(x, y, sample_weight, batch_size=batch_size, steps=steps)
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_progbar=verbose != 0, verbose=verbose,
                                     epochs=1, steps=batches.num_batches, model=self)
        logs = self._run_evaluation(batches, callbacks)
        return logs if return_dict else self._flatten_metrics_in_order(logs)

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
            for step, data in batches.epoch():
                callbacks.on_predict_batch_begin(step, {})
                outputs = nest.map_structure(_numpy, self.predict_step(data))
                collected.append(outputs)
                callbacks.on_predict_batch_end(step, {"outputs": outputs})
        callbacks.on_predict_end({})
        if not collected:
            raise ValueError("predict() received no data (0 samples).")
        leaves = [np.concatenate(parts) for parts in
                  zip(*[nest.flatten(batch) for batch in collected])]
        return nest.pack_like(collected[0], leaves)


def _numpy(value):
    return np.asarray(getattr(value, "value", value))


def _no_batches_message(epoch):
    return (f"fit() received no data for epoch {epoch + 1}: the data produced 0 batches. "
            f"Pass at least one sample; a generator must keep yielding batches for every epoch "
            f"(give steps_per_epoch and make it loop forever).")


def _should_validate(epoch, validation_freq):
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return epoch + 1 in validation_freq
