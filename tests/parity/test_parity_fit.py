"""fit / evaluate / predict against real Keras 3 (JAX backend).

Both models start from the same weights (kerasedu's, copied into Keras with set_weights) and
train with shuffle=False, so every History value of every epoch, and the final weights, must
agree. Also compared: the order of callback hooks, epochs with steps_per_epoch, multi-input and
multi-output models fed with dicts, and temporal sample weights.
"""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")

import kerasedu  # noqa: E402
from kerasedu import callbacks as our_callbacks  # noqa: E402
from kerasedu import layers as ours  # noqa: E402
from kerasedu import optimizers as our_optimizers  # noqa: E402

pytestmark = pytest.mark.parity

RTOL = 1e-4
ATOL = 1e-6


def _data(n=50, features=5, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features)).astype("float32")
    y = rng.integers(0, classes, size=n)
    return x, y


def _pair(keras, features=5, classes=3):
    """The same classifier in kerasedu and Keras, with the same initial weights."""
    mine = kerasedu.Sequential([kerasedu.Input((features,)), ours.Dense(8, activation="tanh"),
                                ours.Dense(classes, activation="softmax")])
    theirs = keras.Sequential([keras.Input((features,)),
                               keras.layers.Dense(8, activation="tanh"),
                               keras.layers.Dense(classes, activation="softmax")])
    theirs.set_weights(mine.get_weights())
    return mine, theirs


OPTIMIZERS = {
    "sgd": (lambda m: m.SGD(learning_rate=0.1)),
    "sgd_momentum": (lambda m: m.SGD(learning_rate=0.05, momentum=0.9)),
    "nesterov": (lambda m: m.SGD(learning_rate=0.05, momentum=0.9, nesterov=True)),
    "rmsprop": (lambda m: m.RMSprop(learning_rate=0.01)),
    "adam": (lambda m: m.Adam(learning_rate=0.01)),
}


def _compare_histories(mine, theirs):
    assert list(mine.history) == list(theirs.history)
    for key in theirs.history:
        np.testing.assert_allclose(mine.history[key], theirs.history[key], rtol=RTOL,
                                   atol=ATOL, err_msg=key)
    assert mine.epoch == theirs.epoch


def _compare_weights(mine, theirs):
    for a, b in zip(mine.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=RTOL, atol=1e-5)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_fit_history_and_weights_match_keras(name, keras):
    x, y = _data()
    mine, theirs = _pair(keras)
    for model, module in ((mine, our_optimizers), (theirs, keras.optimizers)):
        model.compile(OPTIMIZERS[name](module), "sparse_categorical_crossentropy",
                      metrics=["accuracy"])
    kwargs = dict(batch_size=16, epochs=3, shuffle=False, verbose=0)
    _compare_histories(mine.fit(x, y, **kwargs), theirs.fit(x, y, **kwargs))
    _compare_weights(mine, theirs)
    assert int(mine.optimizer.iterations.numpy()) == int(theirs.optimizer.iterations)


@pytest.mark.parametrize("variant", ["validation_split", "class_weight", "sample_weight",
                                     "validation_data", "initial_epoch"])
def test_fit_variants_match_keras(variant, keras):
    x, y = _data(n=45)
    mine, theirs = _pair(keras)
    for model, module in ((mine, our_optimizers), (theirs, keras.optimizers)):
        model.compile(module.Adam(learning_rate=0.02), "sparse_categorical_crossentropy",
                      metrics=["accuracy"])
    kwargs = dict(batch_size=8, epochs=3, shuffle=False, verbose=0)
    if variant == "validation_split":
        kwargs["validation_split"] = 0.3
    elif variant == "class_weight":
        kwargs["class_weight"] = {0: 0.5, 1: 2.0}
    elif variant == "sample_weight":
        kwargs["sample_weight"] = np.linspace(0.1, 2.0, len(x)).astype("float32")
    elif variant == "validation_data":
        vx, vy = _data(n=13, seed=1)
        kwargs["validation_data"] = (vx, vy)
        kwargs["validation_freq"] = 2
    else:
        kwargs["initial_epoch"] = 1
    _compare_histories(mine.fit(x, y, **kwargs), theirs.fit(x, y, **kwargs))
    _compare_weights(mine, theirs)


def test_evaluate_and_predict_match_keras(keras):
    x, y = _data(n=37)
    mine, theirs = _pair(keras)
    for model in (mine, theirs):
        model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    np.testing.assert_allclose(mine.evaluate(x, y, batch_size=10, verbose=0),
                               theirs.evaluate(x, y, batch_size=10, verbose=0), rtol=RTOL)
    weights = np.linspace(0, 1, len(x)).astype("float32")
    assert mine.evaluate(x, y, sample_weight=weights, verbose=0, return_dict=True).keys() == \
        theirs.evaluate(x, y, sample_weight=weights, verbose=0, return_dict=True).keys()
    np.testing.assert_allclose(
        list(mine.evaluate(x, y, sample_weight=weights, verbose=0, return_dict=True).values()),
        list(theirs.evaluate(x, y, sample_weight=weights, verbose=0,
                             return_dict=True).values()), rtol=RTOL)
    np.testing.assert_allclose(mine.predict(x, batch_size=8, verbose=0),
                               theirs.predict(x, batch_size=8, verbose=0), rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(mine.predict_on_batch(x[:4]), theirs.predict_on_batch(x[:4]),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(mine.test_on_batch(x[:8], y[:8]),
                               theirs.test_on_batch(x[:8], y[:8]), rtol=RTOL)
    np.testing.assert_allclose(mine.train_on_batch(x[:8], y[:8]),
                               theirs.train_on_batch(x[:8], y[:8]), rtol=RTOL)
    _compare_weights(mine, theirs)


def _recorder(base):
    """A callback class (subclass of ``base``) recording every hook with its index."""

    class Recorder(base):
        def __init__(self):
            super().__init__()
            self.events = []

    hooks = ["on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end",
             "on_train_batch_begin", "on_train_batch_end", "on_test_begin", "on_test_end",
             "on_test_batch_begin", "on_test_batch_end", "on_predict_begin", "on_predict_end",
             "on_predict_batch_begin", "on_predict_batch_end"]

    def make(hook):
        def method(self, *args, logs=None):
            index = args[0] if args and isinstance(args[0], int) else None
            last = logs if logs is not None else (args[-1] if args and isinstance(args[-1], dict)
                                                  else None)
            self.events.append((hook, index, sorted(last or {})))
        return method

    for hook in hooks:
        setattr(Recorder, hook, make(hook))
    return Recorder


def test_callback_order_matches_keras(keras):
    x, y = _data(n=20)
    mine, theirs = _pair(keras)
    for model in (mine, theirs):
        model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    my_rec, their_rec = _recorder(our_callbacks.Callback)(), _recorder(keras.callbacks.Callback)()
    kwargs = dict(batch_size=8, epochs=2, validation_split=0.25, shuffle=False, verbose=0)
    mine.fit(x, y, callbacks=[my_rec], **kwargs)
    theirs.fit(x, y, callbacks=[their_rec], **kwargs)
    mine.evaluate(x, y, batch_size=8, callbacks=[my_rec], verbose=0)
    theirs.evaluate(x, y, batch_size=8, callbacks=[their_rec], verbose=0)
    mine.predict(x, batch_size=8, callbacks=[my_rec], verbose=0)
    theirs.predict(x, batch_size=8, callbacks=[their_rec], verbose=0)
    assert my_rec.events == their_rec.events
    assert my_rec.params == their_rec.params


def test_steps_per_epoch_batches_match_keras(keras):
    x, y = _data(n=10)
    counts = {}
    mine, theirs = _pair(keras)
    for label, lib, model in (("mine", kerasedu, mine), ("theirs", keras, theirs)):
        model.compile("sgd", "sparse_categorical_crossentropy")
        seen = []
        callback = lib.callbacks.LambdaCallback(
            on_train_batch_end=lambda batch, logs: seen.append(batch),
            on_epoch_end=lambda epoch, logs: seen.append("end"))
        history = model.fit(x, y, batch_size=4, epochs=4, steps_per_epoch=2, shuffle=False,
                            verbose=0, callbacks=[callback])
        counts[label] = (seen, history.history["loss"])
    assert counts["mine"][0] == counts["theirs"][0]
    np.testing.assert_allclose(counts["mine"][1], counts["theirs"][1], rtol=RTOL)


def test_multi_input_multi_output_dicts_match_keras(keras):
    rng = np.random.default_rng(3)
    xa = rng.normal(size=(30, 4)).astype("float32")
    xb = rng.normal(size=(30, 2)).astype("float32")
    y1 = rng.normal(size=(30, 1)).astype("float32")
    y2 = rng.integers(0, 3, size=30)

    def build(lib, layers):
        a = lib.Input((4,), name="a")
        b = lib.Input((2,), name="b")
        merged = layers.Concatenate()([a, b])
        o1 = layers.Dense(1, name="o1")(merged)
        o2 = layers.Dense(3, activation="softmax", name="o2")(a)
        return lib.Model({"a": a, "b": b}, {"o1": o1, "o2": o2})

    mine, theirs = build(kerasedu, ours), build(keras, keras.layers)
    theirs.set_weights(mine.get_weights())
    for model, module in ((mine, our_optimizers), (theirs, keras.optimizers)):
        model.compile(module.SGD(0.05), {"o1": "mse", "o2": "sparse_categorical_crossentropy"},
                      loss_weights={"o1": 1.0, "o2": 0.5},
                      metrics={"o1": ["mae"], "o2": ["accuracy"]})
    kwargs = dict(batch_size=8, epochs=2, shuffle=False, verbose=0, validation_split=0.2)
    data = ({"a": xa, "b": xb}, {"o1": y1, "o2": y2})
    _compare_histories(mine.fit(*data, **kwargs), theirs.fit(*data, **kwargs))
    _compare_weights(mine, theirs)
    mine_eval = mine.evaluate(*data, verbose=0, return_dict=True)
    their_eval = theirs.evaluate(*data, verbose=0, return_dict=True)
    assert mine_eval.keys() == their_eval.keys()
    np.testing.assert_allclose(list(mine_eval.values()), list(their_eval.values()), rtol=RTOL)
    predicted = mine.predict({"a": xa, "b": xb}, verbose=0)
    expected = theirs.predict({"a": xa, "b": xb}, verbose=0)
    for key in ("o1", "o2"):
        np.testing.assert_allclose(predicted[key], expected[key], rtol=1e-5, atol=1e-6)


def test_temporal_sample_weights_match_keras(keras):
    rng = np.random.default_rng(4)
    x = rng.normal(size=(12, 5, 3)).astype("float32")
    y = rng.normal(size=(12, 5, 2)).astype("float32")
    weights = rng.uniform(0, 2, size=(12, 5)).astype("float32")
    mine = kerasedu.Sequential([kerasedu.Input((5, 3)), ours.Dense(2)])
    theirs = keras.Sequential([keras.Input((5, 3)), keras.layers.Dense(2)])
    theirs.set_weights(mine.get_weights())
    mine.compile(our_optimizers.SGD(0.1), "mse", sample_weight_mode="temporal")
    theirs.compile(keras.optimizers.SGD(0.1), "mse")
    kwargs = dict(batch_size=4, epochs=2, shuffle=False, verbose=0, sample_weight=weights)
    _compare_histories(mine.fit(x, y, **kwargs), theirs.fit(x, y, **kwargs))
    _compare_weights(mine, theirs)


def test_early_stopping_and_reduce_lr_match_keras(keras):
    x, y = _data(n=40)
    results = {}
    for label, lib, optimizers in (("mine", kerasedu, our_optimizers),
                                   ("theirs", keras, keras.optimizers)):
        mine, theirs = _pair(keras)
        model = mine if label == "mine" else theirs
        if label == "theirs":
            model.set_weights(results["mine_init"])
        else:
            results["mine_init"] = model.get_weights()
        model.compile(optimizers.SGD(0.5), "sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        history = model.fit(
            x, y, batch_size=8, epochs=12, shuffle=False, verbose=0, validation_split=0.25,
            callbacks=[lib.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, cooldown=1,
                                                       patience=1),
                       lib.callbacks.EarlyStopping(monitor="val_accuracy", patience=3,
                                                   restore_best_weights=True)])
        results[label] = (history, model.get_weights())
    _compare_histories(results["mine"][0], results["theirs"][0])
    history = results["mine"][0].history
    assert len(history["loss"]) < 12                       # stopped early
    assert len(set(history["learning_rate"])) > 1          # and reduced the rate
    for a, b in zip(results["mine"][1], results["theirs"][1]):
        np.testing.assert_allclose(a, b, rtol=RTOL, atol=1e-5)


def test_metrics_list_with_one_entry_per_output_matches_keras(keras):
    rng = np.random.default_rng(6)
    x = rng.normal(size=(16, 3)).astype("float32")
    y1 = rng.normal(size=(16, 1)).astype("float32")
    y2 = rng.normal(size=(16, 2)).astype("float32")
    histories = []
    weights = None
    for lib, layers in ((kerasedu, ours), (keras, keras.layers)):
        inputs = lib.Input((3,))
        model = lib.Model(inputs, [layers.Dense(1, name="p")(inputs),
                                   layers.Dense(2, name="q")(inputs)])
        if weights is None:
            weights = model.get_weights()
        model.set_weights(weights)
        model.compile("sgd", ["mse", "mae"], metrics=["mae", "mse"])
        histories.append(model.fit(x, [y1, y2], batch_size=8, epochs=2, shuffle=False,
                                   verbose=0))
    _compare_histories(*histories)
