"""TerminateOnNaN: stop training as soon as the loss is NaN or infinite."""

import numpy as np

from .callback import Callback


class TerminateOnNaN(Callback):
    """After each training batch, stop (or raise, with ``raise_error=True``) if the loss so far
    is NaN or ±inf. Training stops after that batch: the epoch is still reported."""

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None or not (np.isnan(loss) or np.isinf(loss)):
            return
        if self.raise_error:
            raise RuntimeError(
                f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. Terminating "
                f"training immediately.")
        print(f"Batch {batch}: Invalid loss, terminating training", flush=True)
        self.model.stop_training = True
