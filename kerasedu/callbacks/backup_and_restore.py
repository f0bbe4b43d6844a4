"""BackupAndRestore: resume a ``fit`` that was interrupted, from its last backup."""

import json
import os
import shutil

from ..saving.file_io import write_atomically
from .callback import Callback
from .save_frequency import due_after_batch


class BackupAndRestore(Callback):
    """Back up the training state regularly; a new ``fit`` with the same ``backup_dir`` resumes.

    In ``backup_dir`` it keeps ``latest.weights.npz`` (the model's weights and the optimizer's
    state: step count, learning rate, slots) and ``training_metadata.json`` (the number of
    epochs finished). Both are written atomically, so an interruption while saving leaves the
    previous backup intact.

    When ``fit`` starts and a backup exists, the weights and optimizer state are loaded and
    training continues at the first epoch not yet finished. With ``save_freq='epoch'`` and
    ``shuffle=False`` the resumed run ends with exactly the weights an uninterrupted run would
    have (with ``shuffle=True`` the batches of the remaining epochs are drawn anew).

    Args:
        backup_dir: the folder for the backup files.
        save_freq: 'epoch', or an integer number of batches between backups (a run resumed from
            a mid-epoch backup restarts that epoch with the weights of the backup).
        double_checkpoint: also keep the previous backup (``*.bkp``), used if the latest one
            cannot be read.
        delete_checkpoint: delete ``backup_dir`` when training finishes normally.

    The model must be built (called on data, or given an Input) before ``fit``.
    """

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint=False,
                 delete_checkpoint=True):
        super().__init__()
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        if save_freq != "epoch" and (isinstance(save_freq, bool)
                                     or not isinstance(save_freq, int) or save_freq <= 0):
            raise ValueError(
                f"Invalid value for argument `save_freq`. Received: save_freq={save_freq!r}. "
                f"Expected either 'epoch' or a positive integer value.")
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = 0
        self._current_epoch = 0
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.npz")
        self._training_metadata_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._prev_weights_path = self._weights_path + ".bkp"
        self._prev_training_metadata_path = self._training_metadata_path + ".bkp"

    def on_train_begin(self, logs=None):
        try:
            self._load_model()
        except (OSError, ValueError):
            if not os.path.exists(self._prev_weights_path):
                raise
            shutil.copyfile(self._prev_weights_path, self._weights_path)
            if os.path.exists(self._prev_training_metadata_path):
                shutil.copyfile(self._prev_training_metadata_path, self._training_metadata_path)
            elif os.path.exists(self._training_metadata_path):
                os.remove(self._training_metadata_path)
            self._load_model()

    def _load_model(self):
        if not self.model.built:
            raise ValueError(
                f"To use the BackupAndRestore callback, your model must be built before you "
                f"call fit(). Model {self.model.name} is unbuilt: build it by calling it on a "
                f"batch of data, or start it with an Input.")
        if os.path.exists(self._weights_path):
            self.model.load_weights(self._weights_path)
        if os.path.exists(self._training_metadata_path):
            with open(self._training_metadata_path, "r", encoding="utf-8") as f:
                metadata = json.loads(f.read())
            self._current_epoch = int(metadata["epoch"])
            self.model._initial_epoch = self._current_epoch

    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        self._last_batch_seen = 0
        if self.save_freq == "epoch":
            self._save_model()

    def on_train_batch_end(self, batch, logs=None):
        if due_after_batch(self, batch):
            self._save_model()

    def _save_model(self):
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint and os.path.exists(self._weights_path):
            shutil.copyfile(self._weights_path, self._prev_weights_path)
        if self.double_checkpoint and os.path.exists(self._training_metadata_path):
            shutil.copyfile(self._training_metadata_path, self._prev_training_metadata_path)
        self.model.save_weights(self._weights_path, overwrite=True)
        metadata = {"epoch": self._current_epoch, "batch": self._last_batch_seen}
        write_atomically(self._training_metadata_path, json.dumps(metadata).encode("utf-8"))

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)
