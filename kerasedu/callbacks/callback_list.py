"""CallbackList: the callbacks of one fit, evaluate or predict call, called as one.

``fit`` makes one from the ``callbacks`` argument and adds its History and (unless
``verbose=0``) its ProgbarLogger at the end, so your callbacks run first and see the same
``logs`` dict those two see. Every hook of :class:`~kerasedu.callbacks.callback.Callback` is
passed on to each callback, in list order.
"""

from .callback import Callback
from .history import History
from .progbar_logger import ProgbarLogger


def _flatten(callbacks):
    if callbacks is None:
        return []
    if isinstance(callbacks, Callback):
        return [callbacks]
    flat = []
    for item in callbacks:
        flat.extend(_flatten(item) if isinstance(item, (list, tuple)) else [item])
    return flat


class CallbackList(Callback):
    """Calls every hook on each callback in order: yours, then History, then ProgbarLogger.

    ``fit`` builds one with ``add_history=True`` and ``add_progbar=verbose != 0``; a History or
    ProgbarLogger already in the list is used instead of adding another.
    """

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None,
                 **params):
        super().__init__()
        self.callbacks = _flatten(callbacks)
        for callback in self.callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(
                    f"callbacks must be kerasedu.callbacks.Callback instances (subclass "
                    f"Callback, or use LambdaCallback for plain functions); received "
                    f"{callback!r} of type {type(callback).__name__}.")
        self._history = next((c for c in self.callbacks if isinstance(c, History)), None)
        self._progbar = next((c for c in self.callbacks if isinstance(c, ProgbarLogger)), None)
        if self._history is None and add_history:
            self._history = History()
            self.callbacks.append(self._history)
        if self._progbar is None and add_progbar:
            self._progbar = ProgbarLogger()
            self.callbacks.append(self._progbar)
        self.set_model(model)
        self.set_params(params)

    def __iter__(self):
        return iter(self.callbacks)

    def __len__(self):
        return len(self.callbacks)

    def append(self, callback):
        self.callbacks.append(callback)

    def set_model(self, model):
        if model is None:
            return
        super().set_model(model)
        if self._history is not None:
            model.history = self._history
        for callback in self.callbacks:
            callback.set_model(model)

    def set_params(self, params):
        self.params = params
        if params:
            for callback in self.callbacks:
                callback.set_params(params)

    def _call(self, hook, *args):
        logs = args[-1]
        logs = {} if logs is None else logs
        for callback in self.callbacks:
            getattr(callback, hook)(*args[:-1], logs)

    def on_batch_begin(self, batch, logs=None): self._call("on_batch_begin", batch, logs)
    def on_batch_end(self, batch, logs=None): self._call("on_batch_end", batch, logs)
    def on_train_begin(self, logs=None): self._call("on_train_begin", logs)
    def on_train_end(self, logs=None): self._call("on_train_end", logs)
    def on_epoch_begin(self, epoch, logs=None): self._call("on_epoch_begin", epoch, logs)
    def on_epoch_end(self, epoch, logs=None): self._call("on_epoch_end", epoch, logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._call("on_train_batch_begin", batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self._call("on_train_batch_end", batch, logs)

    def on_test_begin(self, logs=None): self._call("on_test_begin", logs)
    def on_test_end(self, logs=None): self._call("on_test_end", logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._call("on_test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        self._call("on_test_batch_end", batch, logs)

    def on_predict_begin(self, logs=None): self._call("on_predict_begin", logs)
    def on_predict_end(self, logs=None): self._call("on_predict_end", logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._call("on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._call("on_predict_batch_end", batch, logs)
