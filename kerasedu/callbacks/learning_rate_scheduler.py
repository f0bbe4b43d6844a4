"""LearningRateScheduler: set the learning rate at the start of every epoch."""

import numpy as np

from .callback import Callback


def current_learning_rate(optimizer):
    """The optimizer's learning rate as a Python float."""
    rate = optimizer.learning_rate
    return float(np.asarray(getattr(rate, "value", rate)))


class LearningRateScheduler(Callback):
    """Before each epoch, ``optimizer.learning_rate = schedule(epoch, current_rate)``.

    ``schedule`` takes the epoch index (from 0) and the current rate, and returns the new rate
    as a float; a one-argument ``schedule(epoch)`` works too. The rate is also written into
    each epoch's logs as ``learning_rate`` (so History records it).

        def schedule(epoch, lr):
            return lr if epoch < 10 else lr * 0.9
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        optimizer = self.model.optimizer
        if not hasattr(optimizer, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        try:
            rate = self.schedule(epoch, current_learning_rate(optimizer))
        except TypeError:
            rate = self.schedule(epoch)
        if isinstance(rate, (int, np.integer)) and not isinstance(rate, bool):
            rate = float(rate)
        if not isinstance(rate, (float, np.floating)):
            raise ValueError(
                f"The output of the `schedule` function should be a float. Got: {rate!r}")
        optimizer.learning_rate = float(rate)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to "
                  f"{rate}.", flush=True)

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = current_learning_rate(self.model.optimizer)
