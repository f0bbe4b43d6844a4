"""Callback: hooks that fit, evaluate and predict call at fixed points of the loop.

The order within ``fit`` (Keras's):

    on_train_begin
      on_epoch_begin(epoch)
        on_train_batch_begin(batch) / on_train_batch_end(batch, logs)   for each batch
        on_test_begin ... on_test_batch_begin/end ... on_test_end      when validating
      on_epoch_end(epoch, logs)      logs hold the epoch's metrics, then the val_ ones
    on_train_end                     (only when training finished without an exception)

Inside a hook, ``self.model`` is the model being trained and ``self.params`` holds
``{'verbose', 'epochs', 'steps'}``. Setting ``self.model.stop_training = True`` ends training
after the current batch.

Every callback in a list receives the same ``logs`` dict, in list order, so a callback may add
an entry that the ones after it see (ReduceLROnPlateau adds ``learning_rate``). ``fit`` adds its
History, then its ProgbarLogger, at the END of the list: your callbacks run first.
"""


class Callback:
    """Base class: override the hooks you need; each receives a ``logs`` dict.

    Keras 2 names still work: overriding ``on_batch_begin`` / ``on_batch_end`` is the same as
    overriding ``on_train_batch_begin`` / ``on_train_batch_end`` (the training hooks call
    them by default).
    """

    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        self.params = params

    def on_batch_begin(self, batch, logs=None):
        """A training batch starts (Keras 2 name of on_train_batch_begin)."""

    def on_batch_end(self, batch, logs=None):
        """A training batch ended (Keras 2 name of on_train_batch_end)."""

    def on_train_begin(self, logs=None): pass
    def on_train_end(self, logs=None): pass
    def on_epoch_begin(self, epoch, logs=None): pass
    def on_epoch_end(self, epoch, logs=None): pass

    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs=logs)

    def on_test_begin(self, logs=None): pass
    def on_test_end(self, logs=None): pass
    def on_test_batch_begin(self, batch, logs=None): pass
    def on_test_batch_end(self, batch, logs=None): pass
    def on_predict_begin(self, logs=None): pass
    def on_predict_end(self, logs=None): pass
    def on_predict_batch_begin(self, batch, logs=None): pass
    def on_predict_batch_end(self, batch, logs=None): pass


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
        from .history import History
        from .progbar_logger import ProgbarLogger
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
