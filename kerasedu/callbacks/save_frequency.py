"""When a callback with ``save_freq=n`` (a number of batches) writes its file.

Batches are counted across epochs, as Keras counts them: a batch index that is not above the
last one seen starts a new epoch and adds ``batch + 1`` batches; otherwise the batches since the
last one seen are added. When the count reaches n, the file is due and the count starts again.
With ``save_freq="epoch"`` no batch is ever due (the callback saves at the end of each epoch).
"""


def due_after_batch(callback, batch):
    """Count ``batch`` on ``callback`` (its ``_last_batch_seen`` and
    ``_batches_seen_since_last_saving``) and say whether its file is due now."""
    if callback.save_freq == "epoch":
        return False
    last = callback._last_batch_seen
    added = batch + 1 if last is None or batch <= last else batch - last
    callback._batches_seen_since_last_saving += added
    callback._last_batch_seen = batch
    if callback._batches_seen_since_last_saving >= callback.save_freq:
        callback._batches_seen_since_last_saving = 0
        return True
    return False
