"""ModelCheckpoint: save the model (or its weights) during training."""

import os

import numpy as np

from .monitor_callback import MonitorCallback
from .save_frequency import due_after_batch


class ModelCheckpoint(MonitorCallback):
    """Save the model every epoch, or every ``save_freq`` batches, optionally only the best.

    ``filepath`` may hold ``str.format`` fields filled from the epoch number (counting from 1)
    and the logs: ``'ckpt/model.{epoch:02d}-{val_loss:.2f}.keras'``. With ``save_freq`` an
    integer, ``{batch}`` (from 1) is available too.

    File formats (Keras 3's, see :mod:`kerasedu.saving`):

    * ``save_weights_only=False``: the whole model, ``filepath`` ends in ``.keras``
      (read back with ``kerasedu.models.load_model``);
    * ``save_weights_only=True``: weights and optimizer state, ``filepath`` ends in
      ``.weights.h5`` or ``.weights.npz`` (read back with ``model.load_weights``).

    Args:
        monitor, mode: the value compared when ``save_best_only`` (see MonitorCallback).
        verbose: 1 prints a line to stdout for each decision.
        save_best_only: save only when ``monitor`` improved on the best so far (a file name
            without format fields is then always the best model).
        save_freq: 'epoch', or an integer number of batches between saves.
        initial_value_threshold: the best value to beat at the start.
    """

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", save_freq="epoch",
                 initial_value_threshold=None):
        super().__init__(monitor, mode, initial_value_threshold)
        self.verbose = verbose
        self.filepath = os.fspath(filepath)
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = None
        self._current_epoch = 0
        if save_freq != "epoch" and (isinstance(save_freq, bool)
                                     or not isinstance(save_freq, int) or save_freq <= 0):
            raise ValueError(
                f"Unrecognized save_freq: {save_freq!r}. Expected 'epoch' or a positive "
                f"integer (a number of batches).")
        if save_weights_only:
            if not self.filepath.endswith((".weights.h5", ".weights.npz")):
                raise ValueError(
                    f"When using save_weights_only=True in ModelCheckpoint, the filepath must "
                    f"end in `.weights.h5` (or `.weights.npz`). Received: "
                    f"filepath={self.filepath}")
        elif not self.filepath.endswith(".keras"):
            raise ValueError(
                f"The filepath given to ModelCheckpoint must end in `.keras` (Keras 3's model "
                f"format), or in `.weights.h5` with save_weights_only=True. Received: "
                f"filepath={self.filepath}")

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if due_after_batch(self, batch):
            self._save_model(epoch=self._current_epoch, batch=batch, logs=logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        if self.save_freq == "epoch":
            self._save_model(epoch=epoch, batch=None, logs=logs)

    def _should_save_model(self, epoch, logs, filepath):
        logs = logs or {}
        if not self.save_best_only:
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: saving model to {filepath}", flush=True)
            return True
        current = logs.get(self.monitor)
        if current is None:
            self._report_missing(logs, "Saving the best model")
            return True
        if np.ndim(current) > 0:
            print(f"ModelCheckpoint: can save the best model only when `monitor` is a scalar; "
                  f"received {current}. Saving anyway.", flush=True)
            return True
        if self.monitor_op is None:
            self._set_monitor_op()
        best = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: {self.monitor} improved from {best} to "
                      f"{current:.5f}, saving model to {filepath}", flush=True)
            self.best = current
            return True
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best}", flush=True)
        return False

    def _save_model(self, epoch, batch, logs):
        filepath = self._get_file_path(epoch, batch, logs)
        if os.path.isdir(filepath):
            raise IsADirectoryError(
                f"Please specify a non-directory filepath for ModelCheckpoint. Filepath used is "
                f"an existing directory: {filepath}")
        if not self._should_save_model(epoch, logs, filepath):
            return
        directory = os.path.dirname(filepath)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: finished saving model to {filepath}", flush=True)

    def _get_file_path(self, epoch, batch, logs):
        logs = dict(logs or {})
        try:
            if batch is None or "batch" in logs:
                return self.filepath.format(epoch=epoch + 1, **logs)
            return self.filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)
        except KeyError as error:
            raise KeyError(
                f'Failed to format this callback filepath: "{self.filepath}". Reason: {error} '
                f"is not in the logs (available: epoch, {', '.join(logs)}"
                f"{'' if batch is None else ', batch'}).") from None
