"""kerasedu.grading training checks (problem set 5): correct losses, optimizers and callbacks
pass; each mistake fails with a message that gives the input, the expected and the received
value."""

import numpy as np
import pytest
from grading_helpers import assert_fails_teaching, raises_teaching

from kerasedu import Input, Sequential, layers, ops
from kerasedu import backend as K
from kerasedu.callbacks import Callback


def mean_squared_error(y_true, y_pred):
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


def categorical_crossentropy(y_true, y_pred):
    y_pred = ops.clip(y_pred / ops.sum(y_pred, axis=-1, keepdims=True), K.epsilon(),
                      1 - K.epsilon())
    return -ops.sum(y_true * ops.log(y_pred), axis=-1)


def mse_mean_over_everything(y_true, y_pred):
    return ops.mean(ops.square(y_true - y_pred))


def mse_numpy(y_true, y_pred):
    return np.mean((np.asarray(y_true) - np.asarray(getattr(y_pred, "value", y_pred))) ** 2, -1)


def cce_unclipped(y_true, y_pred):
    with np.errstate(divide="ignore", invalid="ignore"):
        return -ops.sum(y_true * ops.log(y_pred), axis=-1)


def mse_times_two(y_true, y_pred):
    return 2 * ops.mean(ops.square(y_true - y_pred), axis=-1)


class SGD:
    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False):
        self.learning_rate, self.momentum, self.nesterov = learning_rate, momentum, nesterov
        self.velocities = None

    def apply(self, grads, params):
        if self.velocities is None:
            self.velocities = [np.zeros_like(p) for p in params]
        for p, g, m in zip(params, grads, self.velocities):
            m[...] = self.momentum * m - self.learning_rate * g
            p += self.momentum * m - self.learning_rate * g if self.nesterov else m


class SGDRebinds(SGD):
    def apply(self, grads, params):
        for p, g in zip(params, grads):
            p = p - self.learning_rate * g


class SGDForgetsVelocity(SGD):
    def apply(self, grads, params):
        self.velocities = None
        super().apply(grads, params)


class Adam:
    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        self.lr, self.b1, self.b2, self.eps = learning_rate, beta_1, beta_2, epsilon
        self.t, self.m, self.v = 0, None, None

    def apply(self, grads, params):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        alpha = self.lr * np.sqrt(1 - self.b2 ** self.t) / (1 - self.b1 ** self.t)
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m += (g - m) * (1 - self.b1)
            v += (g * g - v) * (1 - self.b2)
            p -= alpha * m / (np.sqrt(v) + self.eps)


class AdamWithoutBiasCorrection(Adam):
    def apply(self, grads, params):
        self.b1_t = 0
        super().apply(grads, params)
        self.t = 10 ** 6


class PatientStopping(Callback):
    def __init__(self, monitor="val_loss", patience=0, min_delta=0.0,
                 restore_best_weights=False):
        super().__init__()
        self.monitor, self.patience, self.min_delta = monitor, patience, min_delta
        self.restore_best_weights = restore_best_weights

    def on_train_begin(self, logs=None):
        self.best, self.wait, self.best_weights = None, 0, None

    def on_epoch_end(self, epoch, logs=None):
        current = logs[self.monitor]
        if self.best is None or current < self.best - self.min_delta:
            self.best, self.wait = current, 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.restore_best_weights and self.best_weights is not None:
            self.model.set_weights(self.best_weights)


class OffByOne(PatientStopping):
    def on_epoch_end(self, epoch, logs=None):
        current = logs[self.monitor]
        if self.best is None or current < self.best - self.min_delta:
            self.best, self.wait = current, 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            return
        self.wait += 1
        if self.wait > self.patience:
            self.model.stop_training = True


class NeverResets(PatientStopping):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.best, self.wait, self.best_weights = None, 0, None

    def on_train_begin(self, logs=None):
        pass


class NoRestore(PatientStopping):
    def on_train_end(self, logs=None):
        pass


class BrokenBatchHook(PatientStopping):
    def on_train_batch_end(self, batch, logs=None):
        raise RuntimeError("my bug")


def test_correct_implementations_pass(grading):
    grading.check_loss_function(mean_squared_error, "mean_squared_error", (4, 3))
    grading.check_loss_function(categorical_crossentropy, "categorical_crossentropy", (5, 4),
                                kind="categorical")
    grading.check_loss_function(categorical_crossentropy, "categorical_crossentropy", (3, 4),
                                kind="categorical", zeros=True)
    grading.check_optimizer(SGD, "SGD", {"learning_rate": 0.1, "momentum": 0.9}, steps=10)
    grading.check_optimizer(SGD, "SGD", {"momentum": 0.5, "nesterov": True}, steps=10)
    grading.check_optimizer(Adam, "Adam", {"learning_rate": 0.01}, steps=20)
    grading.check_early_stopping(PatientStopping, [1.0, 0.8, 0.9, 0.95, 0.3],
                                 kwargs={"patience": 2, "restore_best_weights": True}, runs=2)
    grading.check_early_stopping_in_fit(PatientStopping,
                                        kwargs={"patience": 2, "restore_best_weights": True})


@pytest.mark.parametrize("check,fragments", [
    (lambda g: g.check_loss_function(mse_mean_over_everything, "mean_squared_error", (4, 3)),
     ["returned shape ()", "expected (4,)", "reduce over the last axis only"]),
    (lambda g: g.check_loss_function(mse_numpy, "mean_squared_error", (4, 3)),
     ["not a kerasedu Tensor", "kerasedu ops"]),
    (lambda g: g.check_loss_function(mse_times_two, "mean_squared_error", (4, 3), seed=2),
     ["mse_times_two(y_true, y_pred) on regression data of shape (4, 3) (seed 2)",
      "wrong values", "expected", "received"]),
    (lambda g: g.check_loss_function(cce_unclipped, "categorical_crossentropy", (3, 4),
                                     kind="categorical", zeros=True),
     ["non-finite values", "clip y_pred"]),
    (lambda g: g.check_optimizer(SGDRebinds, "SGD", {"learning_rate": 0.1}),
     ["did not change params at step 1", "in place"]),
    (lambda g: g.check_optimizer(SGDForgetsVelocity, "SGD", {"momentum": 0.9}, steps=4),
     ["After step 2 of SGDForgetsVelocity(momentum=0.9)", "(step 1 was right)",
      "expected", "received"]),
    (lambda g: g.check_optimizer(AdamWithoutBiasCorrection, "Adam", {}, steps=3),
     ["After step 2 of AdamWithoutBiasCorrection()"]),
    (lambda g: g.check_early_stopping(OffByOne, [1.0, 0.8, 0.9, 0.95, 0.97],
                                      kwargs={"patience": 2}),
     ["With val_loss = [1.0, 0.8, 0.9, 0.95, 0.97] (epochs numbered from 0)",
      "should stop after epoch 3 and end with the weights of epoch 3",
      "yours stopped after epoch 4 and ended with the weights of epoch 4"]),
    (lambda g: g.check_early_stopping(NeverResets, [1.0, 0.8, 0.9, 0.95],
                                      kwargs={"patience": 2}, runs=2),
     ["training run 2 with the same callback object", "on_train_begin"]),
    (lambda g: g.check_early_stopping(NoRestore, [1.0, 0.6, 0.8, 0.9],
                                      kwargs={"patience": 2, "restore_best_weights": True}),
     ["end with the weights of epoch 1", "ended with the weights of epoch 3"]),
    (lambda g: g.check_early_stopping_in_fit(BrokenBatchHook, kwargs={"patience": 2}),
     ["model.fit(..., callbacks=[BrokenBatchHook(patience=2)]) raised RuntimeError: my bug"]),
])
def test_each_mistake_fails_with_a_message_that_teaches(grading, check, fragments):
    assert_fails_teaching(lambda: check(grading), fragments)


def test_accuracy_check_uses_the_test_split_and_needs_ten_scores(grading):
    class Perfect:
        pass

    with raises_teaching("should be a kerasedu Model"):
        grading.check_accuracy(Perfect())
    untrained = Sequential([Input(shape=(8, 8)), layers.Flatten(), layers.Dense(10)])
    with raises_teaching(r"accuracy on the 360 test digits is 0\.\d+; it "
                                             r"must be at least 0\.90"):
        grading.check_accuracy(untrained)
    wrong_width = Sequential([Input(shape=(8, 8)), layers.Flatten(), layers.Dense(9)])
    with raises_teaching(r"returned shape \(360, 9\)"):
        grading.check_accuracy(wrong_width)
    x_test, y_test = grading.digits_test_data()
    assert x_test.shape == (360, 8, 8) and x_test.dtype == np.float32 and x_test.max() <= 1.0
    assert grading.check_accuracy(untrained, minimum=0.0) is None


def test_a_wrong_callback_loses_its_own_tests_not_the_fit_one(grading):
    kwargs = {"patience": 2, "restore_best_weights": True}
    with raises_teaching("should stop after epoch 3 and end with the weights of epoch 1"):
        grading.check_early_stopping(NoRestore, [1.0, 0.6, 0.8, 0.9, 0.95], kwargs=kwargs)
    grading.check_early_stopping_in_fit(NoRestore, kwargs=kwargs)
