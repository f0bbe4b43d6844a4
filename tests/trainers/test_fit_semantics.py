"""fit / evaluate / predict follow the rules of KERAS_REFERENCE's "fit" section, checked on
values computed by hand (a learning rate of 0 keeps the weights fixed where only the loss
arithmetic is under test)."""

import numpy as np
import pytest
from training_helpers import (RecordingLayer, classification_data, classifier, linear_model,
                              regression_data, sgd_step)

import kerasedu
from kerasedu import layers, optimizers
from kerasedu.utils import Sequence


def mse(pred, target, weights=None):
    per_sample = ((pred - target) ** 2).reshape(len(pred), -1).mean(axis=1)
    if weights is None:
        return per_sample.mean()
    return (per_sample * weights).sum() / len(per_sample)


def frozen_linear(features=3, metrics=None):
    """A linear model whose weights never change (learning rate 0)."""
    return linear_model(features=features, learning_rate=0.0, metrics=metrics)


def predictions(model, x):
    return x.astype("float64") @ model.get_weights()[0].astype("float64")


def recording_model(features=2):
    recorder = RecordingLayer()
    model = kerasedu.Sequential([kerasedu.Input((features,)), recorder, layers.Dense(1)])
    model.compile(optimizers.SGD(0.0), "mse")
    return model, recorder


# ---------------------------------------------------------------------- the training step

def test_one_epoch_of_full_batch_sgd_is_one_gradient_step():
    x, y = regression_data(n=8)
    w0 = np.array([[0.1], [0.2], [-0.3]], "float32")
    model = linear_model(kernel=w0, learning_rate=0.05)
    history = model.fit(x, y, batch_size=8, epochs=2, verbose=0)
    w1 = sgd_step(w0.astype("float64"), x, y, 0.05)
    w2 = sgd_step(w1, x, y, 0.05)
    np.testing.assert_allclose(model.get_weights()[0], w2, rtol=1e-5)
    np.testing.assert_allclose(history.history["loss"],
                               [mse(x @ w0, y), mse(x @ w1, y)], rtol=1e-5)


def test_freezing_a_layer_at_an_epoch_start_takes_effect_that_epoch():
    # fit reads model.trainable_weights at the start of every epoch (Keras reads them once per
    # fit or per compiled train function); a callback may freeze a layer between epochs
    x, y = regression_data()
    model = kerasedu.Sequential([kerasedu.Input((x.shape[1],)), layers.Dense(4, name="first"),
                                 layers.Dense(1, name="second")])
    model.compile(optimizers.SGD(0.05), "mse")
    first, second = model.get_layer("first"), model.get_layer("second")
    seen = []

    class FreezeFirstAtEpochOne(kerasedu.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            first.trainable = epoch == 0
            seen.append((first.get_weights()[0].copy(), second.get_weights()[0].copy()))

    model.fit(x, y, batch_size=8, epochs=2, verbose=0, callbacks=[FreezeFirstAtEpochOne()])
    (first_0, second_0), (first_1, second_1) = seen
    assert not np.allclose(first_0, first_1)           # trained in epoch 0
    np.testing.assert_array_equal(first_1, first.get_weights()[0])   # frozen in epoch 1
    assert not np.allclose(second_1, second.get_weights()[0])


def test_epoch_loss_is_the_batch_size_weighted_mean():
    x, y = regression_data(n=10)
    model = frozen_linear()
    history = model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    pred = predictions(model, x)
    per_batch = [mse(pred[s:s + 4], y[s:s + 4]) for s in (0, 4, 8)]
    expected = (4 * per_batch[0] + 4 * per_batch[1] + 2 * per_batch[2]) / 10
    np.testing.assert_allclose(history.history["loss"][0], expected, rtol=1e-5)
    assert abs(expected - np.mean(per_batch)) > 1e-3     # the plain mean would differ


# ---------------------------------------------------------------------- data order

def test_validation_split_takes_the_last_samples_before_shuffling():
    x, y = regression_data(n=10)
    model = frozen_linear()
    history = model.fit(x, y, validation_split=0.3, epochs=2, shuffle=True, verbose=0)
    pred = predictions(model, x)
    np.testing.assert_allclose(history.history["val_loss"], [mse(pred[7:], y[7:])] * 2,
                               rtol=1e-5)
    np.testing.assert_allclose(history.history["loss"], [mse(pred[:7], y[:7])] * 2, rtol=1e-5)
    with pytest.raises(ValueError, match="not sufficient"):
        model.fit(x[:1], y[:1], validation_split=0.5, verbose=0)


def test_shuffle_false_true_and_batch():
    x = np.arange(20, dtype="float32").reshape(10, 2)
    y = np.zeros((10, 1), "float32")
    model, recorder = recording_model()
    model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    order = [b[:, 0] // 2 for b in recorder.seen]
    assert [list(o) for o in order] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]] * 2

    kerasedu.utils.set_random_seed(0)
    recorder.seen.clear()
    model.fit(x, y, batch_size=4, epochs=2, shuffle=True, verbose=0)
    epochs = [np.concatenate([b[:, 0] // 2 for b in recorder.seen[i:i + 3]]) for i in (0, 3)]
    for epoch in epochs:
        assert sorted(epoch) == list(range(10))
    assert list(epochs[0]) != list(epochs[1]) != list(range(10))

    recorder.seen.clear()
    model.fit(x, y, batch_size=4, epochs=3, shuffle="batch", verbose=0)
    batches = [b[:, 0] // 2 for b in recorder.seen]
    for i, batch in enumerate(batches):
        start = (i % 3) * 4
        assert sorted(batch) == list(range(start, min(start + 4, 10)))
    assert any(list(b) != sorted(b) for b in batches)


def test_steps_per_epoch_continues_through_the_data_across_epochs():
    x = np.arange(20, dtype="float32").reshape(10, 2)
    y = np.zeros((10, 1), "float32")
    model, recorder = recording_model()
    history = model.fit(x, y, batch_size=4, epochs=4, steps_per_epoch=2, shuffle=False,
                        verbose=0)
    starts = [int(b[0, 0] // 2) for b in recorder.seen]
    # 3 batches of data: epoch 1 reads two, epoch 2 the last one (then the data is used up),
    # epoch 3 starts a new pass
    assert starts == [0, 4, 8, 0, 4, 8]
    assert history.epoch == [0, 1, 2, 3]


def test_batch_size_from_steps_when_not_given():
    x = np.arange(20, dtype="float32").reshape(10, 2)
    y = np.zeros((10, 1), "float32")
    model, recorder = recording_model()
    model.fit(x, y, epochs=1, steps_per_epoch=2, shuffle=False, verbose=0)
    assert [len(b) for b in recorder.seen] == [5, 5]


# ---------------------------------------------------------------------- History

def test_history_keys_epochs_and_initial_epoch():
    x, y = regression_data(n=10)
    model = frozen_linear(metrics=["mae"])
    history = model.fit(x, y, epochs=3, initial_epoch=1, validation_split=0.2, verbose=0)
    assert list(history.history) == ["loss", "mae", "val_loss", "val_mae"]
    assert history.epoch == [1, 2]
    assert all(len(v) == 2 for v in history.history.values())
    assert model.history is history


def test_validation_freq_int_and_list():
    x, y = regression_data(n=10)
    model = frozen_linear()
    history = model.fit(x, y, epochs=4, validation_split=0.2, validation_freq=2, verbose=0)
    assert len(history.history["loss"]) == 4 and len(history.history["val_loss"]) == 2
    seen = []
    model.fit(x, y, epochs=4, validation_data=(x, y), validation_freq=[1, 4], verbose=0,
              callbacks=[kerasedu.callbacks.LambdaCallback(
                  on_epoch_end=lambda epoch, logs: seen.append("val_loss" in logs))])
    assert seen == [True, False, False, True]


def test_validation_data_with_sample_weights_and_batch_size():
    x, y = regression_data(n=10)
    model = frozen_linear()
    w = np.linspace(0, 1, 10).astype("float32")
    history = model.fit(x, y, epochs=1, validation_data=(x, y, w), validation_batch_size=3,
                        verbose=0)
    np.testing.assert_allclose(history.history["val_loss"][0],
                               mse(predictions(model, x), y, w), rtol=1e-5)


# ---------------------------------------------------------------------- weights

def test_class_weight_scales_each_sample_loss():
    x, y = classification_data(n=12, classes=3)
    model = classifier(optimizer=optimizers.SGD(0.0))
    probs = model.predict(x, verbose=0).astype("float64")
    nll = -np.log(probs[np.arange(12), y])
    class_weight = {0: 2.0, 2: 0.5}              # class 1 is missing: weight 1
    weights = np.array([class_weight.get(int(c), 1.0) for c in y])
    history = model.fit(x, y, batch_size=12, epochs=1, class_weight=class_weight,
                        validation_data=(x, y), verbose=0)
    np.testing.assert_allclose(history.history["loss"][0], (nll * weights).mean(), rtol=1e-5)
    np.testing.assert_allclose(history.history["val_loss"][0], nll.mean(), rtol=1e-5)
    one_hot = np.eye(3, dtype="float32")[y]
    model.compile(optimizers.SGD(0.0), "categorical_crossentropy")
    history = model.fit(x, one_hot, batch_size=12, epochs=1, class_weight=class_weight,
                        verbose=0)
    np.testing.assert_allclose(history.history["loss"][0], (nll * weights).mean(), rtol=1e-5)
    with pytest.raises(ValueError, match="class_weight"):
        model.fit(x, one_hot, class_weight=class_weight, sample_weight=np.ones(12), verbose=0)


def test_sample_weight_per_sample_and_temporal():
    x, y = regression_data(n=10)
    model = frozen_linear()
    w = np.arange(10, dtype="float32")
    history = model.fit(x, y, batch_size=10, epochs=1, sample_weight=w, verbose=0)
    np.testing.assert_allclose(history.history["loss"][0], mse(predictions(model, x), y, w),
                               rtol=1e-5)

    rng = np.random.default_rng(1)
    seq_x = rng.normal(size=(6, 4, 3)).astype("float32")
    seq_y = rng.normal(size=(6, 4, 2)).astype("float32")
    seq_w = rng.uniform(size=(6, 4)).astype("float32")
    model = kerasedu.Sequential([kerasedu.Input((4, 3)), layers.Dense(2)])
    model.compile(optimizers.SGD(0.0), "mse", sample_weight_mode="temporal")
    history = model.fit(seq_x, seq_y, batch_size=6, epochs=1, sample_weight=seq_w, verbose=0)
    kernel, bias = model.get_weights()
    per_step = ((seq_x @ kernel + bias - seq_y) ** 2).mean(axis=-1)        # (6, 4)
    np.testing.assert_allclose(history.history["loss"][0], (per_step * seq_w).sum() / 24,
                               rtol=1e-5)
    with pytest.raises(ValueError, match="sample_weight_mode"):
        model.compile("sgd", "mse", sample_weight_mode="spatial")


# ---------------------------------------------------------------------- other data

def test_generator_with_steps_per_epoch_keeps_reading_the_same_generator():
    x, y = regression_data(n=12)
    served = []

    def batches():
        i = 0
        while True:
            served.append(i)
            yield x[i:i + 4], y[i:i + 4]
            i = (i + 4) % 12

    model = frozen_linear()
    history = model.fit(batches(), steps_per_epoch=2, epochs=3, verbose=0)
    assert served[:6] == [0, 4, 8, 0, 4, 8]
    pred = predictions(model, x)
    first = (mse(pred[0:4], y[0:4]) + mse(pred[4:8], y[4:8])) / 2
    np.testing.assert_allclose(history.history["loss"][0], first, rtol=1e-5)
    with pytest.raises(ValueError, match="generator"):
        model.fit(batches(), epochs=1, validation_split=0.2, verbose=0)


def test_sequence_gives_len_batches_per_epoch_and_is_told_when_epochs_end():
    x, y = regression_data(n=10)

    class Batches(Sequence):
        def __init__(self):
            super().__init__()
            self.ends = 0

        def __len__(self):
            return 3

        def __getitem__(self, index):
            s = slice(index * 4, index * 4 + 4)
            return x[s], y[s], np.full(len(x[s]), 2.0, "float32")

        def on_epoch_end(self):
            self.ends += 1

    data = Batches()
    model = frozen_linear()
    history = model.fit(data, epochs=2, shuffle=False, verbose=0)
    assert data.ends == 2
    np.testing.assert_allclose(history.history["loss"], [2 * mse(predictions(model, x), y)] * 2,
                               rtol=1e-5)
    assert model.evaluate(data, verbose=0) == pytest.approx(
        2 * mse(predictions(model, x), y), rel=1e-5)
    np.testing.assert_allclose(model.predict(data, verbose=0), predictions(model, x),
                               rtol=1e-5, atol=1e-6)


def test_dict_inputs_and_outputs_of_a_functional_model():
    rng = np.random.default_rng(2)
    xa = rng.normal(size=(8, 3)).astype("float32")
    xb = rng.normal(size=(8, 2)).astype("float32")
    y1 = rng.normal(size=(8, 1)).astype("float32")
    y2 = rng.normal(size=(8, 2)).astype("float32")
    a = kerasedu.Input((3,), name="a")
    b = kerasedu.Input((2,), name="b")
    out1 = layers.Dense(1, name="first")(layers.Concatenate()([a, b]))
    out2 = layers.Dense(2, name="second")(b)
    model = kerasedu.Model({"a": a, "b": b}, {"first": out1, "second": out2})
    model.compile(optimizers.SGD(0.0), {"first": "mse", "second": "mae"},
                  loss_weights={"first": 2.0, "second": 1.0})
    history = model.fit({"a": xa, "b": xb}, {"first": y1, "second": y2}, batch_size=8,
                        verbose=0)
    predicted = model.predict({"a": xa, "b": xb}, verbose=0)
    first = mse(predicted["first"], y1)
    second = np.abs(predicted["second"] - y2).mean()
    assert list(history.history) == ["first_loss", "loss", "second_loss"]
    np.testing.assert_allclose(history.history["first_loss"][0], first, rtol=1e-5)
    np.testing.assert_allclose(history.history["second_loss"][0], second, rtol=1e-5)
    np.testing.assert_allclose(history.history["loss"][0], 2 * first + second, rtol=1e-5)


# ---------------------------------------------------------------------- evaluate & co

def test_evaluate_predict_and_the_on_batch_methods():
    x, y = regression_data(n=10)
    w0 = np.array([[0.3], [0.1], [-0.2]], "float32")
    model = linear_model(kernel=w0, learning_rate=0.1, metrics=["mae"])
    pred = x @ w0
    loss, mae = model.evaluate(x, y, batch_size=3, verbose=0)
    np.testing.assert_allclose([loss, mae], [mse(pred, y), np.abs(pred - y).mean()], rtol=1e-5)
    assert model.evaluate(x, y, verbose=0, return_dict=True).keys() == {"loss", "mae"}
    np.testing.assert_allclose(model.predict(x, batch_size=3, verbose=0), pred, rtol=1e-5)
    np.testing.assert_allclose(model.predict_on_batch(x[:2]), pred[:2], rtol=1e-5)
    np.testing.assert_allclose(model.test_on_batch(x[:4], y[:4]),
                               [mse(pred[:4], y[:4]), np.abs(pred[:4] - y[:4]).mean()],
                               rtol=1e-5)
    before = model.train_on_batch(x[:4], y[:4])
    np.testing.assert_allclose(before[0], mse(pred[:4], y[:4]), rtol=1e-5)
    np.testing.assert_allclose(model.get_weights()[0],
                               sgd_step(w0.astype("float64"), x[:4], y[:4], 0.1), rtol=1e-5)
    plain = linear_model(kernel=w0)
    assert isinstance(plain.evaluate(x, y, verbose=0), float)


def test_errors_before_compile_and_on_mismatched_data():
    model = kerasedu.Sequential([kerasedu.Input((3,)), layers.Dense(1)])
    x, y = regression_data(n=6)
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(x, y, verbose=0)
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match="x has 6 and y has 5"):
        model.fit(x, y[:5], verbose=0)


def test_list_inputs_for_a_two_input_model():
    rng = np.random.default_rng(5)
    xa = rng.normal(size=(6, 2)).astype("float32")
    xb = rng.normal(size=(6, 3)).astype("float32")
    y = rng.normal(size=(6, 1)).astype("float32")
    a, b = kerasedu.Input((2,)), kerasedu.Input((3,))
    model = kerasedu.Model([a, b], layers.Dense(1)(layers.Concatenate()([a, b])))
    model.compile(optimizers.SGD(0.0), "mse")
    history = model.fit([xa, xb], y, batch_size=6, verbose=0, validation_split=0.5)
    kernel, bias = model.get_weights()
    pred = np.concatenate([xa, xb], axis=1) @ kernel + bias
    np.testing.assert_allclose(history.history["loss"][0], mse(pred[:3], y[:3]), rtol=1e-5)
    np.testing.assert_allclose(history.history["val_loss"][0], mse(pred[3:], y[3:]), rtol=1e-5)


def test_used_up_generators_give_a_clear_error():
    x, y = regression_data(n=8)
    model = frozen_linear()

    def once():
        yield x[:4], y[:4]
        yield x[4:], y[4:]

    with pytest.raises(ValueError, match="epoch 2.*0 batches"):
        model.fit(once(), epochs=2, verbose=0)
    with pytest.raises(ValueError, match="validation_steps"):
        model.fit(x, y, epochs=2, validation_data=once(), verbose=0)
