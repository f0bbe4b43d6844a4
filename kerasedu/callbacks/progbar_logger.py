"""ProgbarLogger: prints Keras's progress bar during fit, evaluate and predict (stdout only)."""

from .callback import Callback


class ProgbarLogger(Callback):
    """``Epoch 1/10`` then ``32/32 ━━━━━━━━━━━━━━━━━━━━ 1s 3ms/step - loss: 0.2000``.

    verbose=1 shows the bar updating in place; verbose=2 prints one line per epoch.
    """

    def __init__(self):
        super().__init__()
        self.progbar = None
        self.seen = 0
        self.epochs = 1
        self.verbose = 1
        self.target = None

    def set_params(self, params):
        super().set_params(params)
        self.verbose = params.get("verbose", 1)
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def _start(self):
        from ..utils.progbar import Progbar
        self.seen = 0
        self.progbar = Progbar(target=self.target, verbose=self.verbose, unit_name="step")

    def on_epoch_begin(self, epoch, logs=None):
        self._start()
        if self.verbose and self.epochs > 1:
            print(f"Epoch {epoch + 1}/{self.epochs}")

    def on_train_batch_end(self, batch, logs=None):
        self.seen = batch + 1
        if self.verbose == 1:
            self.progbar.update(self.seen, list((logs or {}).items()), finalize=False)

    def on_epoch_end(self, epoch, logs=None):
        self.progbar.update(self.seen, list((logs or {}).items()), finalize=True)

    def on_test_begin(self, logs=None):
        if self.model is not None and not getattr(self.model, "_inside_fit", False):
            self._start()

    def on_test_batch_end(self, batch, logs=None):
        if self.model is not None and getattr(self.model, "_inside_fit", False):
            return
        self.seen = batch + 1
        if self.verbose == 1:
            self.progbar.update(self.seen, list((logs or {}).items()), finalize=False)

    def on_test_end(self, logs=None):
        if self.model is not None and not getattr(self.model, "_inside_fit", False):
            self.progbar.update(self.seen, list((logs or {}).items()), finalize=True)

    def on_predict_begin(self, logs=None):
        self._start()

    def on_predict_batch_end(self, batch, logs=None):
        self.seen = batch + 1
        if self.verbose == 1:
            self.progbar.update(self.seen, [], finalize=False)

    def on_predict_end(self, logs=None):
        self.progbar.update(self.seen, [], finalize=True)
