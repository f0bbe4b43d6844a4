"""callbacks.TensorBoard: the event files it writes, read back with TensorBoard's own reader,
and the error it gives without the tensorboard package."""

import builtins
import os

import numpy as np
import pytest

from kerasedu import callbacks

from training_helpers import linear_model, regression_data

event_accumulator = pytest.importorskip(
    "tensorboard.backend.event_processing.event_accumulator",
    reason="the tensorboard package is in the dev extra")


def _scalars(folder):
    accumulator = event_accumulator.EventAccumulator(
        str(folder), size_guidance={event_accumulator.SCALARS: 0,
                                    event_accumulator.HISTOGRAMS: 0})
    accumulator.Reload()
    return accumulator, {tag: [(e.step, e.value) for e in accumulator.Scalars(tag)]
                         for tag in accumulator.Tags()["scalars"]}


def test_epoch_logs_go_to_train_and_validation(tmp_path):
    x, y = regression_data(n=20)
    model = linear_model(metrics=["mae"])
    history = model.fit(x, y, epochs=3, batch_size=4, validation_split=0.2, verbose=0,
                        callbacks=[callbacks.TensorBoard(log_dir=tmp_path)])
    assert sorted(os.listdir(tmp_path)) == ["train", "validation"]
    _, train = _scalars(tmp_path / "train")
    assert sorted(train) == ["epoch_learning_rate", "epoch_loss", "epoch_mae"]
    assert [step for step, _ in train["epoch_loss"]] == [0, 1, 2]
    np.testing.assert_allclose([v for _, v in train["epoch_loss"]], history.history["loss"],
                               rtol=1e-6)
    np.testing.assert_allclose([v for _, v in train["epoch_learning_rate"]], [0.1] * 3,
                               rtol=1e-6)
    _, validation = _scalars(tmp_path / "validation")
    np.testing.assert_allclose([v for _, v in validation["epoch_loss"]],
                               history.history["val_loss"], rtol=1e-6)
    assert [step for step, _ in validation["evaluation_loss_vs_iterations"]] == [4, 8, 12]


def test_batch_logs_and_weight_histograms(tmp_path):
    x, y = regression_data(n=12)
    model = linear_model()
    model.fit(x, y, epochs=2, batch_size=4, verbose=0,
              callbacks=[callbacks.TensorBoard(tmp_path, update_freq=2, histogram_freq=1)])
    accumulator, train = _scalars(tmp_path / "train")
    assert [step for step, _ in train["batch_loss"]] == [2, 4, 6]
    histograms = accumulator.Tags()["histograms"]
    kernel = model.weights[0]
    assert histograms == [kernel.path]
    last = accumulator.Histograms(kernel.path)[-1].histogram_value
    assert last.num == 3 and np.isclose(last.sum, kernel.numpy().sum())
    assert np.isclose(last.min, kernel.numpy().min()) and np.isclose(last.max,
                                                                      kernel.numpy().max())


def test_options_that_need_tensorflow_are_refused():
    with pytest.raises(ValueError, match="need TensorFlow"):
        callbacks.TensorBoard(write_images=True)
    with pytest.raises(ValueError, match="update_freq"):
        callbacks.TensorBoard(update_freq="sometimes")


def test_without_the_tensorboard_package_the_error_says_what_to_do(monkeypatch):
    real_import = builtins.__import__

    def no_tensorboard(name, *args, **kwargs):
        if name.startswith("tensorboard"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tensorboard)
    with pytest.raises(ImportError) as error:
        callbacks.TensorBoard(log_dir="logs")
    message = str(error.value)
    assert "pip install tensorboard" in message and "CSVLogger" in message
    assert "History" in message
