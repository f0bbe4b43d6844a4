"""EarlyStopping: stop training when a monitored metric has stopped improving."""

from .monitor_callback import MonitorCallback


class EarlyStopping(MonitorCallback):
    """Stop ``fit`` after ``patience`` epochs without improvement of ``monitor``.

    At the end of each epoch (from ``start_from_epoch`` on):

    * an improvement (see :class:`MonitorCallback`) records the new best value and epoch, and
      resets the wait counter — unless ``baseline`` is set and the value does not beat it;
    * otherwise the wait counter grows, and once it reaches ``patience`` (and the epoch is not
      the first) training stops: ``stopped_epoch`` is that epoch's index.

    Args:
        monitor: the logged value to watch, 'val_loss' by default.
        min_delta: the smallest change that counts as an improvement.
        patience: epochs without improvement before stopping.
        verbose: 1 prints 'Epoch N: early stopping' (and the restore) to stdout.
        mode: 'auto', 'min' or 'max'.
        baseline: a value to reach; training stops if the model does not beat it within
            ``patience`` epochs.
        restore_best_weights: at the end of training, put back the weights of the best epoch
            (they are kept even when training did not stop early).
        start_from_epoch: epochs to wait before watching at all (a warm-up).
    """

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False, start_from_epoch=0):
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.wait = 0
        self.stopped_epoch = 0
        self.restore_best_weights = restore_best_weights
        self.best_weights = None
        self.best_epoch = 0
        self.start_from_epoch = start_from_epoch

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping", flush=True)
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: "
                      f"{self.best_epoch + 1}.", flush=True)
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs):
        value = (logs or {}).get(self.monitor)
        if value is None:
            self._report_missing(logs, "Early stopping")
        return value
