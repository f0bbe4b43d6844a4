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
