"""Small models and data whose training can be followed by hand."""

import numpy as np

import kerasedu
import kerasedu.callbacks
import kerasedu.utils
from kerasedu import layers, optimizers
from kerasedu.layer_machinery.layer import Layer


def regression_data(n=12, features=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features)).astype("float32")
    y = (x @ np.arange(1, features + 1, dtype="float32")[:, None] + 0.5).astype("float32")
    return x, y


def linear_model(features=3, learning_rate=0.1, kernel=None, use_bias=False, optimizer=None,
                 metrics=None):
    """Dense(1) without activation, MSE, SGD: one step is  w ← w − lr·2·xᵀ(xw − y)/N."""
    model = kerasedu.Sequential([kerasedu.Input((features,)), layers.Dense(1, use_bias=use_bias)])
    weights = [np.asarray(kernel if kernel is not None else
                          np.linspace(-0.5, 0.5, features)[:, None], "float32")]
    if use_bias:
        weights.append(np.zeros(1, "float32"))
    model.set_weights(weights)
    model.compile(optimizer or optimizers.SGD(learning_rate=learning_rate), "mse",
                  metrics=metrics)
    return model


def sgd_step(w, x, y, lr):
    """The weights after one SGD step on the mean squared error of x·w against y."""
    grad = 2.0 * x.T @ (x @ w - y) / len(x)
    return w - lr * grad


def classifier(features=4, classes=3, optimizer="adam", seed=0):
    kerasedu.utils.set_random_seed(seed)
    model = kerasedu.Sequential([kerasedu.Input((features,)), layers.Dense(8, activation="tanh"),
                                 layers.Dense(classes, activation="softmax")])
    model.compile(optimizer, "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def classification_data(n=40, features=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features)).astype("float32")
    y = rng.integers(0, classes, size=n)
    return x, y


class RecordingLayer(Layer):
    """Passes its input through and keeps a copy of every batch it sees."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = []

    def call(self, inputs):
        self.seen.append(np.array(inputs.value))
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape


def scripted(values, key="score"):
    """A callback that writes values[epoch] into the epoch logs as ``key`` (put it first)."""
    def on_epoch_end(epoch, logs):
        logs[key] = float(values[epoch])
    return kerasedu.callbacks.LambdaCallback(on_epoch_end=on_epoch_end)


class WeightsAtEpochEnd(kerasedu.callbacks.Callback):
    """Records the model's weights at the end of every epoch."""

    def __init__(self):
        super().__init__()
        self.weights = {}

    def on_epoch_end(self, epoch, logs=None):
        self.weights[epoch] = self.model.get_weights()
