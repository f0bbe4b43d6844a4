"""Simulated students of problem set 5 (losses, optimizers, early stopping, training), in the
format of classroom/students/ (``KINDS = {name: (edit, failing, why)}``).

Right answers written two more ways, and one mistake at a time: a loss averaged over the whole
batch, cross-entropy without clipping, Nesterov's step forgotten, the textbook form of Adam,
min_delta ignored, state not reset between trainings, a model too small to learn, and a training
cell that runs past the time limit (graded with a short limit, it is stopped at once).
"""

from .answers import answers, mistake

_LOSSES = ("test_mse", "test_cce", "test_cce_clip")
_OPTIMIZERS = ("test_sgd", "test_sgd_nesterov", "test_adam")
_STOPPING = ("test_stopping_patience", "test_stopping_min_delta", "test_stopping_restore",
             "test_stopping_fit")
_ALL = _LOSSES + _OPTIMIZERS + _STOPPING + ("test_digits_accuracy",)

# Right, with Keras 2's backend names, optimizers written with explicit state lists, a callback
# that starts from infinity, and another model.
_BACKEND = {
    "losses_impl": '''
def mean_squared_error(y_true, y_pred):
    error = y_pred - y_true
    return K.mean(K.square(error), axis=-1)


def categorical_crossentropy(y_true, y_pred):
    probabilities = y_pred / K.sum(y_pred, axis=-1, keepdims=True)
    probabilities = K.clip(probabilities, K.epsilon(), 1.0 - K.epsilon())
    return -K.sum(y_true * K.log(probabilities), axis=-1)
''',
    "optimizers_impl": '''
class SGD:
    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False):
        self.learning_rate, self.momentum, self.nesterov = learning_rate, momentum, nesterov
        self.velocities = []

    def apply(self, grads, params):
        if not self.velocities:
            self.velocities = [np.zeros(p.shape) for p in params]
        for i, (g, p) in enumerate(zip(grads, params)):
            velocity = self.momentum * self.velocities[i] - self.learning_rate * g
            self.velocities[i] = velocity
            step = self.momentum * velocity - self.learning_rate * g if self.nesterov else velocity
            p[...] = p + step


class Adam:
    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        self.learning_rate = learning_rate
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.iterations = 0
        self.moments = None

    def apply(self, grads, params):
        if self.moments is None:
            self.moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
        self.iterations += 1
        t = self.iterations
        lr = self.learning_rate * (1 - self.beta_2 ** t) ** 0.5 / (1 - self.beta_1 ** t)
        for p, g, (m, v) in zip(params, grads, self.moments):
            m[...] = self.beta_1 * m + (1 - self.beta_1) * g
            v[...] = self.beta_2 * v + (1 - self.beta_2) * g ** 2
            p[...] -= lr * m / (v ** 0.5 + self.epsilon)
''',
    "callback_impl": '''
class PatientStopping(Callback):
    def __init__(self, monitor="val_loss", patience=0, min_delta=0.0, restore_best_weights=False):
        super().__init__()
        self.monitor = monitor
        self.patience = patience
        self.min_delta = min_delta
        self.restore_best_weights = restore_best_weights

    def on_train_begin(self, logs=None):
        self.best = np.inf
        self.epochs_without_improvement = 0
        self.kept = None

    def on_epoch_end(self, epoch, logs=None):
        value = logs[self.monitor]
        if value < self.best - self.min_delta or self.best == np.inf:
            self.best = value
            self.epochs_without_improvement = 0
            if self.restore_best_weights:
                self.kept = [w.copy() for w in self.model.get_weights()]
        else:
            self.epochs_without_improvement += 1
            self.model.stop_training = self.epochs_without_improvement >= self.patience

    def on_train_end(self, logs=None):
        if self.restore_best_weights and self.kept:
            self.model.set_weights(self.kept)
''',
    "digits_model_impl": '''
set_random_seed(0)
model = Sequential([Input(shape=(8, 8)), layers.Flatten(),
                    layers.Dense(48, activation="tanh"),
                    layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=25, batch_size=64, verbose=0)
''',
}

# Right, with ops throughout and a functional model.
_FUNCTIONAL = {
    "losses_impl": '''
def mean_squared_error(y_true, y_pred):
    return ops.mean((y_true - y_pred) ** 2, axis=-1)


def categorical_crossentropy(y_true, y_pred):
    total = ops.sum(y_pred, axis=-1, keepdims=True)
    safe = ops.clip(y_pred / total, K.epsilon(), 1 - K.epsilon())
    return ops.sum(-y_true * ops.log(safe), axis=-1)
''',
    "digits_model_impl": '''
from kerasedu import Model

set_random_seed(0)
inputs = Input(shape=(8, 8))
hidden = layers.Dense(64, activation="relu")(layers.Flatten()(inputs))
model = Model(inputs, layers.Dense(10, activation="softmax")(hidden))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=40, batch_size=32, validation_split=0.2, verbose=0,
          callbacks=[PatientStopping(patience=3, restore_best_weights=True)])
''',
}

KINDS = {
    "full": (answers({}), (), "every answer right, as in the solution"),
    "full_backend": (answers(_BACKEND), (),
                     "right, with Keras 2's backend names, optimizer state in lists, a "
                     "callback that starts from infinity, and another model"),
    "full_functional": (answers(_FUNCTIONAL), (),
                        "right, losses with ops and operators, a functional model"),
    "blank": (lambda code: {}, _ALL, "the released notebook as it is"),
    "mse_over_everything": (mistake("losses_impl", (
        "return ops.mean(ops.square(y_true - y_pred), axis=-1)",
        "return ops.mean(ops.square(y_true - y_pred))")),
        ("test_mse",), "mean squared error averaged over the whole batch, not per sample"),
    "cce_unclipped": (mistake("losses_impl", (
        "    y_pred = ops.clip(y_pred, K.epsilon(), 1 - K.epsilon())\n", "")),
        ("test_cce_clip",), "cross-entropy without clipping: log(0) when a probability is 0"),
    "nesterov_forgotten": (mistake("optimizers_impl", (
        "p += self.momentum * m - self.learning_rate * g", "p += m")),
        ("test_sgd_nesterov",), "SGD ignores nesterov=True"),
    "adam_textbook": (mistake("optimizers_impl", (
        "p -= alpha * m / (np.sqrt(v) + self.epsilon)",
        "p -= self.learning_rate * (m / (1 - self.beta_1 ** self.t)) / (\n"
        "                np.sqrt(v / (1 - self.beta_2 ** self.t)) + self.epsilon)")),
        ("test_adam",), "Adam in the textbook form, ε added to √v̂: right while ε is tiny, "
                        "wrong for ε = 0.001"),
    "min_delta_ignored": (mistake("callback_impl", (
        "current < self.best - self.min_delta", "current < self.best")),
        ("test_stopping_min_delta",), "the callback counts any improvement, however small"),
    "never_resets": (mistake("callback_impl", (
        "    def on_train_begin(self, logs=None):\n        self.best = None\n"
        "        self.wait = 0\n        self.best_weights = None\n",
        "    best, wait, best_weights = None, 0, None\n\n"
        "    def on_train_begin(self, logs=None):\n        pass\n")),
        ("test_stopping_restore",),
        "the callback's state starts in the class and is never reset: a second training "
        "with the same object goes wrong"),
    "tiny_model": (answers({"digits_model_impl": '''
set_random_seed(0)
model = Sequential([Input(shape=(8, 8)), layers.Flatten(), layers.Dense(10, activation="softmax")])
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=1, batch_size=64, verbose=0)
'''}), ("test_digits_accuracy",), "one epoch of plain SGD on a linear model: about 0.1 "
                                   "accuracy"),
    "training_past_the_time_limit": (mistake("digits_model_impl", (
        "epochs=30", "epochs=100000"), (
        "callbacks=[PatientStopping(patience=4, restore_best_weights=True)]", "callbacks=[]")),
        ("test_digits_accuracy",),
        "trains for 100,000 epochs: the grader stops the cell, and the model, accurate as it "
        "may be by then, has not finished training"),
    "stderr_debug": (mistake("losses_impl", (
        "    return ops.mean(ops.square(y_true - y_pred), axis=-1)\n",
        "    import sys\n    print('debug: mse of', y_pred.shape, file=sys.stderr)\n"
        "    return ops.mean(ops.square(y_true - y_pred), axis=-1)\n")),
        (), "right, with a debug print to stderr left in mean_squared_error"),
}
