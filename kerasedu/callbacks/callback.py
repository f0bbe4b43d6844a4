"""Callback: hooks that fit, evaluate and predict call at fixed points of the loop.

The order within ``fit`` (Keras's):

    on_train_begin
      on_epoch_begin(epoch)
        on_train_batch_begin(batch) / on_train_batch_end(batch, logs)   for each batch
        on_test_begin ... on_test_batch_begin/end ... on_test_end      when validating
      on_epoch_end(epoch, logs)      logs hold the epoch's metrics, then the val_ ones
    on_train_end

Inside a hook, ``self.model`` is the model being trained and ``self.params`` holds
``{'verbose', 'epochs', 'steps'}``. Setting ``self.model.stop_training = True`` ends training
after the current batch.
"""


class Callback:
    """Base class: override the hooks you need; each receives a ``logs`` dict."""

    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        self.params = params

    def on_train_begin(self, logs=None): pass
    def on_train_end(self, logs=None): pass
    def on_epoch_begin(self, epoch, logs=None): pass
    def on_epoch_end(self, epoch, logs=None): pass
    def on_train_batch_begin(self, batch, logs=None): pass
    def on_train_batch_end(self, batch, logs=None): pass
    def on_test_begin(self, logs=None): pass
    def on_test_end(self, logs=None): pass
    def on_test_batch_begin(self, batch, logs=None): pass
    def on_test_batch_end(self, batch, logs=None): pass
    def on_predict_begin(self, logs=None): pass
    def on_predict_end(self, logs=None): pass
    def on_predict_batch_begin(self, batch, logs=None): pass
    def on_predict_batch_end(self, batch, logs=None): pass

    # Keras 2 names of the training-batch hooks.
    def on_batch_begin(self, batch, logs=None):
        self.on_train_batch_begin(batch, logs)

    def on_batch_end(self, batch, logs=None):
        self.on_train_batch_end(batch, logs)


_HOOKS = ("on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end",
          "on_train_batch_begin", "on_train_batch_end", "on_test_begin", "on_test_end",
          "on_test_batch_begin", "on_test_batch_end", "on_predict_begin", "on_predict_end",
          "on_predict_batch_begin", "on_predict_batch_end")


class CallbackList:
    """Calls every hook on each callback in order (History first, ProgbarLogger last)."""

    def __init__(self, callbacks=None, model=None, add_history=False, add_progbar=False,
                 **params):
        from .history import History
        from .progbar_logger import ProgbarLogger
        self.callbacks = list(callbacks or [])
        for callback in self.callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(
                    f"callbacks must be kerasedu.callbacks.Callback instances; received "
                    f"{callback!r}.")
        if add_history and not any(isinstance(c, History) for c in self.callbacks):
            self.callbacks.insert(0, History())
        if add_progbar and not any(isinstance(c, ProgbarLogger) for c in self.callbacks):
            self.callbacks.append(ProgbarLogger())
        for callback in self.callbacks:
            callback.set_model(model)
            callback.set_params(dict(params))

    def __iter__(self):
        return iter(self.callbacks)

    def _call(self, hook, *args):
        for callback in self.callbacks:
            getattr(callback, hook)(*args)

    def __getattr__(self, name):
        if name in _HOOKS:
            return lambda *args: self._call(name, *args)
        raise AttributeError(name)
