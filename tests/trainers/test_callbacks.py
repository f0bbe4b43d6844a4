"""Callbacks: the order fit calls them in, and what each one does to training."""

import csv
import json
import os

import numpy as np
import pytest
from training_helpers import (WeightsAtEpochEnd, classification_data, classifier, linear_model,
                              regression_data, scripted, sgd_step)

import kerasedu
from kerasedu import callbacks, optimizers


class Recorder(callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.events = []

    def _add(self, name, index=None):
        self.events.append(name if index is None else (name, index))

    def on_train_begin(self, logs=None): self._add("train_begin")
    def on_train_end(self, logs=None): self._add("train_end")
    def on_epoch_begin(self, epoch, logs=None): self._add("epoch_begin", epoch)
    def on_epoch_end(self, epoch, logs=None): self._add("epoch_end", epoch)
    def on_train_batch_begin(self, batch, logs=None): self._add("batch_begin", batch)
    def on_train_batch_end(self, batch, logs=None): self._add("batch_end", batch)
    def on_test_begin(self, logs=None): self._add("test_begin")
    def on_test_end(self, logs=None): self._add("test_end")
    def on_test_batch_begin(self, batch, logs=None): self._add("test_batch_begin", batch)
    def on_test_batch_end(self, batch, logs=None): self._add("test_batch_end", batch)


def test_fit_calls_hooks_in_keras_order():
    x, y = regression_data(n=10)
    model = linear_model()
    recorder = Recorder()
    model.fit(x, y, batch_size=4, epochs=2, validation_split=0.2, shuffle=False, verbose=0,
              callbacks=[recorder])
    epoch = ["batch_begin", "batch_end"]
    expected = ["train_begin"]
    for e in range(2):
        expected += [("epoch_begin", e), ("batch_begin", 0), ("batch_end", 0),
                     ("batch_begin", 1), ("batch_end", 1), "test_begin",
                     ("test_batch_begin", 0), ("test_batch_end", 0), "test_end",
                     ("epoch_end", e)]
    expected.append("train_end")
    assert epoch and recorder.events == expected
    assert recorder.params == {"verbose": 0, "epochs": 2, "steps": 2}
    assert recorder.model is model


def test_history_and_progbar_run_after_the_users_callbacks():
    x, y = regression_data(n=8)
    model = linear_model()
    seen = []

    class Peek(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append(len(self.model.history.history.get("loss", [])))

    model.fit(x, y, epochs=2, verbose=0, callbacks=[Peek()])
    assert seen == [0, 1]   # History (added last) has not recorded the current epoch yet


def test_keras2_batch_hook_names_are_called():
    x, y = regression_data(n=8)
    calls = []

    class Old(callbacks.Callback):
        def on_batch_begin(self, batch, logs=None):
            calls.append(("begin", batch))

        def on_batch_end(self, batch, logs=None):
            calls.append(("end", batch, round(logs["loss"], 6)))

    linear_model().fit(x, y, batch_size=4, epochs=1, verbose=0, shuffle=False,
                       callbacks=[Old()])
    assert [c[:2] for c in calls] == [("begin", 0), ("end", 0), ("begin", 1), ("end", 1)]


def test_callback_that_is_not_a_callback_is_refused():
    x, y = regression_data(n=4)
    with pytest.raises(TypeError, match="Callback instances"):
        linear_model().fit(x, y, verbose=0, callbacks=[lambda: None])


def test_stop_training_from_a_batch_hook_ends_after_that_batch():
    x, y = regression_data(n=12)
    model = linear_model()
    stop = callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: setattr(model, "stop_training", batch == 1))
    history = model.fit(x, y, batch_size=4, epochs=5, verbose=0, callbacks=[stop])
    assert history.epoch == [0]
    assert int(model.optimizer.iterations.numpy()) == 2


# ---------------------------------------------------------------------- EarlyStopping

def test_early_stopping_stops_after_patience_and_restores_best_weights(capsys):
    x, y = regression_data(n=8)
    model = linear_model(learning_rate=0.01)
    weights = WeightsAtEpochEnd()
    stopper = callbacks.EarlyStopping(monitor="score", mode="min", patience=2, verbose=1,
                                      restore_best_weights=True)
    history = model.fit(x, y, epochs=10, verbose=0, callbacks=[
        scripted([5, 4, 3, 3.5, 3.2, 1, 1]), weights, stopper])
    # best at epoch 2; epochs 3 and 4 do not improve -> stop at epoch 4
    assert history.epoch == [0, 1, 2, 3, 4]
    assert stopper.stopped_epoch == 4
    assert stopper.best == 3 and stopper.best_epoch == 2
    for restored, best in zip(model.get_weights(), weights.weights[2]):
        np.testing.assert_array_equal(restored, best)
    assert not np.array_equal(weights.weights[4][0], weights.weights[2][0])
    out = capsys.readouterr()
    assert "Epoch 5: early stopping" in out.out
    assert "Restoring model weights from the end of the best epoch: 3." in out.out
    assert out.err == ""


def test_early_stopping_min_delta_baseline_and_start_from_epoch():
    x, y = regression_data(n=8)

    def stopped_at(values, **kwargs):
        model = linear_model()
        history = model.fit(x, y, epochs=len(values), verbose=0, callbacks=[
            scripted(values), callbacks.EarlyStopping(monitor="score", **kwargs)])
        return history.epoch[-1]

    # improvements smaller than min_delta do not count
    assert stopped_at([1.0, 0.95, 0.9, 0.85, 0.8], mode="min", patience=2,
                      min_delta=0.1) == 2
    assert stopped_at([1.0, 0.95, 0.9, 0.85, 0.8], mode="min", patience=2) == 4
    # a baseline that is never beaten stops after `patience` epochs
    assert stopped_at([3, 3, 3, 3], mode="min", patience=2, baseline=2.5) == 1
    # mode='max' follows increases
    assert stopped_at([0.1, 0.5, 0.4, 0.3, 0.9], mode="max", patience=2) == 3
    # nothing is watched before start_from_epoch
    assert stopped_at([1, 2, 3, 4, 5, 6], mode="min", patience=1, start_from_epoch=3) == 4


def test_early_stopping_auto_mode_follows_the_metric_direction():
    x, y = classification_data()
    model = classifier()
    stopper = callbacks.EarlyStopping(monitor="accuracy", patience=1)
    model.fit(x, y, epochs=1, verbose=0, callbacks=[stopper])
    assert stopper.monitor_op(2.0, 1.0)          # accuracy: higher is better
    loss_stopper = callbacks.EarlyStopping(monitor="val_loss")
    model.fit(x, y, epochs=1, verbose=0, validation_split=0.25, callbacks=[loss_stopper])
    assert loss_stopper.monitor_op(1.0, 2.0)      # loss: lower is better
    unknown = callbacks.EarlyStopping(monitor="score")
    with pytest.raises(ValueError, match="mode='max'"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[scripted([1.0]), unknown])


def test_early_stopping_on_a_missing_metric_says_so_on_stdout(capsys):
    x, y = regression_data(n=8)
    history = linear_model().fit(x, y, epochs=3, verbose=0, callbacks=[
        callbacks.EarlyStopping(monitor="val_loss", patience=0)])
    assert history.epoch == [0, 1, 2]
    out = capsys.readouterr()
    assert "val_loss" in out.out and "not available" in out.out
    assert out.err == ""


# ---------------------------------------------------------------------- ModelCheckpoint

def test_model_checkpoint_writes_one_file_per_epoch_from_the_template(tmp_path):
    x, y = regression_data(n=8)
    model = linear_model()
    weights = WeightsAtEpochEnd()
    template = str(tmp_path / "ckpt" / "model-{epoch:02d}-{score:.2f}.keras")
    model.fit(x, y, epochs=3, verbose=0, callbacks=[
        scripted([3, 2, 1]), weights,
        callbacks.ModelCheckpoint(template, monitor="score", mode="min")])
    names = sorted(os.listdir(tmp_path / "ckpt"))
    assert names == ["model-01-3.00.keras", "model-02-2.00.keras", "model-03-1.00.keras"]
    loaded = kerasedu.models.load_model(tmp_path / "ckpt" / "model-02-2.00.keras")
    np.testing.assert_array_equal(loaded.get_weights()[0], weights.weights[1][0])


def test_model_checkpoint_save_best_only_keeps_the_best_epoch(tmp_path, capsys):
    x, y = regression_data(n=8)
    model = linear_model()
    weights = WeightsAtEpochEnd()
    path = tmp_path / "best.weights.npz"
    checkpoint = callbacks.ModelCheckpoint(path, monitor="score", mode="min",
                                           save_best_only=True, save_weights_only=True,
                                           verbose=1)
    model.fit(x, y, epochs=5, verbose=0, callbacks=[scripted([4, 2, 3, 2.5, 5]), weights,
                                                    checkpoint])
    probe = linear_model()
    probe.load_weights(path)
    np.testing.assert_array_equal(probe.get_weights()[0], weights.weights[1][0])
    out = capsys.readouterr().out
    assert "Epoch 2: score improved from 4.00000 to 2.00000" in out
    assert "Epoch 3: score did not improve from 2.00000" in out


def test_model_checkpoint_initial_value_threshold_and_batch_frequency(tmp_path):
    x, y = regression_data(n=12)
    model = linear_model()
    path = tmp_path / "never.keras"
    model.fit(x, y, epochs=2, verbose=0, callbacks=[
        scripted([3, 2]), callbacks.ModelCheckpoint(path, monitor="score", mode="min",
                                                    save_best_only=True,
                                                    initial_value_threshold=1.0)])
    assert not path.exists()
    template = str(tmp_path / "e{epoch}-b{batch}.keras")
    model.fit(x, y, batch_size=4, epochs=2, verbose=0,
              callbacks=[callbacks.ModelCheckpoint(template, monitor="loss", save_freq=2)])
    # 3 batches per epoch, a save every 2 batches: after batches 2, 4 (=epoch 2, batch 1), 6
    assert sorted(os.listdir(tmp_path)) == ["e1-b2.keras", "e2-b1.keras", "e2-b3.keras"]


def test_model_checkpoint_checks_its_arguments(tmp_path):
    with pytest.raises(ValueError, match=r"\.weights\.h5"):
        callbacks.ModelCheckpoint(tmp_path / "w.h5", save_weights_only=True)
    callbacks.ModelCheckpoint(tmp_path / "w.weights.h5", save_weights_only=True)
    with pytest.raises(ValueError, match=r"\.keras"):
        callbacks.ModelCheckpoint(tmp_path / "m.h5")
    with pytest.raises(ValueError, match="save_freq"):
        callbacks.ModelCheckpoint(tmp_path / "m.keras", save_freq="batch")
    x, y = regression_data(n=4)
    with pytest.raises(KeyError, match="val_loss"):
        linear_model().fit(x, y, verbose=0, callbacks=[
            callbacks.ModelCheckpoint(str(tmp_path / "m-{val_loss:.2f}.keras"))])


# ---------------------------------------------------------------------- learning rate

def test_learning_rate_scheduler_sets_the_rate_used_by_each_epoch():
    x, y = regression_data(n=6)
    w0 = np.array([[0.2], [-0.1], [0.3]], "float32")
    model = linear_model(kernel=w0)
    rates = []
    scheduler = callbacks.LearningRateScheduler(lambda epoch, lr: 0.01 * (epoch + 1))
    history = model.fit(x, y, batch_size=6, epochs=3, verbose=0, shuffle=False, callbacks=[
        scheduler, callbacks.LambdaCallback(
            on_epoch_begin=lambda e, logs: rates.append(float(model.optimizer.learning_rate
                                                              .numpy())))])
    np.testing.assert_allclose(rates, [0.01, 0.02, 0.03], rtol=1e-6)
    np.testing.assert_allclose(history.history["learning_rate"], [0.01, 0.02, 0.03], rtol=1e-6)
    expected = w0.astype("float64")
    for lr in (0.01, 0.02, 0.03):
        expected = sgd_step(expected, x.astype("float64"), y.astype("float64"), lr)
    np.testing.assert_allclose(model.get_weights()[0], expected, rtol=1e-4)


def test_learning_rate_scheduler_accepts_one_argument_and_checks_the_result():
    x, y = regression_data(n=4)
    model = linear_model()
    model.fit(x, y, epochs=2, verbose=0,
              callbacks=[callbacks.LearningRateScheduler(lambda epoch: 0.5 ** epoch)])
    np.testing.assert_allclose(float(model.optimizer.learning_rate.numpy()), 0.5)
    with pytest.raises(ValueError, match="should be a float"):
        model.fit(x, y, epochs=1, verbose=0,
                  callbacks=[callbacks.LearningRateScheduler(lambda epoch, lr: "fast")])


def test_reduce_lr_on_plateau_changes_the_optimizer_learning_rate(capsys):
    x, y = regression_data(n=8)
    model = linear_model(learning_rate=0.1)
    reduce = callbacks.ReduceLROnPlateau(monitor="score", mode="min", factor=0.5, patience=2, verbose=1,
                                         min_lr=0.03)
    history = model.fit(x, y, epochs=7, verbose=0, callbacks=[scripted([1] * 7), reduce])
    # no improvement after epoch 0: reductions at the ends of epochs 2, 4 (then min_lr), 6
    np.testing.assert_allclose(history.history["learning_rate"],
                               [0.1, 0.1, 0.1, 0.05, 0.05, 0.03, 0.03], rtol=1e-6)
    np.testing.assert_allclose(float(model.optimizer.learning_rate.numpy()), 0.03, rtol=1e-6)
    out = capsys.readouterr().out
    assert "Epoch 3: ReduceLROnPlateau reducing learning rate to 0.05" in out


def test_reduce_lr_on_plateau_cooldown_and_improvements():
    x, y = regression_data(n=8)
    model = linear_model(learning_rate=0.1)
    reduce = callbacks.ReduceLROnPlateau(monitor="score", mode="min", factor=0.5, patience=1, cooldown=2)
    history = model.fit(x, y, epochs=6, verbose=0,
                        callbacks=[scripted([5, 5, 5, 5, 5, 4]), reduce])
    # reduce after epoch 1; the cooldown counter runs down at the ends of epochs 2 and 3, and
    # epoch 3, no longer in cooldown, counts as a new wait: reduce after it; epoch 5 improves
    np.testing.assert_allclose(history.history["learning_rate"],
                               [0.1, 0.1, 0.05, 0.05, 0.025, 0.025], rtol=1e-6)
    assert reduce.best == 4 and reduce.wait == 0
    with pytest.raises(ValueError, match="factor"):
        callbacks.ReduceLROnPlateau(factor=1.5)


# ---------------------------------------------------------------------- CSVLogger

def _rows(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def test_csv_logger_writes_every_epoch_and_appends(tmp_path):
    x, y = regression_data(n=10)
    path = tmp_path / "log.csv"
    model = linear_model(metrics=["mae"])
    history = model.fit(x, y, epochs=2, verbose=0, validation_split=0.2,
                        callbacks=[callbacks.CSVLogger(path)])
    rows = _rows(path)
    assert rows[0] == ["epoch", "loss", "mae", "val_loss", "val_mae"]
    assert [r[0] for r in rows[1:]] == ["0", "1"]
    for i, key in enumerate(rows[0][1:], start=1):
        np.testing.assert_allclose([float(r[i]) for r in rows[1:]], history.history[key])
    model.fit(x, y, epochs=3, initial_epoch=2, verbose=0, validation_split=0.2,
              callbacks=[callbacks.CSVLogger(path, append=True)])
    rows = _rows(path)
    assert rows[0][0] == "epoch" and [r[0] for r in rows[1:]] == ["0", "1", "2"]
    model.fit(x, y, epochs=1, verbose=0, callbacks=[callbacks.CSVLogger(path, separator=";")])
    rows = _rows(path)
    assert len(rows) == 2
    assert rows[0] == ["epoch;loss;mae;val_loss;val_mae"]
    assert rows[1][0].endswith(";NA;NA")
    assert os.listdir(tmp_path) == ["log.csv"]        # no temporary files left behind


def test_csv_logger_file_holds_only_whole_rows_during_training(tmp_path):
    x, y = regression_data(n=8)
    path = tmp_path / "log.csv"
    snapshots = []
    peek = callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: snapshots.append(path.read_text()))
    linear_model().fit(x, y, epochs=3, verbose=0, callbacks=[callbacks.CSVLogger(path), peek])
    assert [len(s.splitlines()) for s in snapshots] == [2, 3, 4]
    assert all(s.endswith("\n") for s in snapshots)


# ---------------------------------------------------------------------- others

def test_lambda_callback_calls_the_functions():
    x, y = regression_data(n=8)
    seen = []
    linear_model().fit(x, y, batch_size=4, epochs=2, verbose=0, callbacks=[
        callbacks.LambdaCallback(
            on_train_begin=lambda logs: seen.append("begin"),
            on_epoch_end=lambda epoch, logs: seen.append(("epoch", epoch, sorted(logs))),
            on_train_batch_end=lambda batch, logs: seen.append(("batch", batch)),
            on_train_end=lambda logs: seen.append("end"))])
    assert seen == ["begin", ("batch", 0), ("batch", 1), ("epoch", 0, ["loss"]),
                    ("batch", 0), ("batch", 1), ("epoch", 1, ["loss"]), "end"]


def test_terminate_on_nan_stops_after_the_bad_batch(capsys):
    x, y = regression_data(n=12)
    x[5, 0] = np.nan                      # in the second batch of 4
    model = linear_model()
    history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0,
                        callbacks=[callbacks.TerminateOnNaN()])
    assert history.epoch == [0]
    assert np.isnan(history.history["loss"][0])
    assert int(model.optimizer.iterations.numpy()) == 2
    out = capsys.readouterr()
    assert "Batch 1: Invalid loss, terminating training" in out.out and out.err == ""
    with pytest.raises(RuntimeError, match="NaN or Inf loss encountered at batch 1"):
        linear_model().fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0,
                           callbacks=[callbacks.TerminateOnNaN(raise_error=True)])


class Interrupt(callbacks.Callback):
    """Raises when an epoch (or one batch of it) is reached, like a crash or Ctrl-C."""

    def __init__(self, epoch, batch=None):
        super().__init__()
        self.epoch, self.batch, self.current = epoch, batch, None

    def on_epoch_begin(self, epoch, logs=None):
        self.current = epoch
        if epoch == self.epoch and self.batch is None:
            raise KeyboardInterrupt("simulated interruption")

    def on_train_batch_begin(self, batch, logs=None):
        if self.current == self.epoch and batch == self.batch:
            raise KeyboardInterrupt("simulated interruption")


@pytest.mark.parametrize("batch", [None, 1])
def test_backup_and_restore_resumes_an_interrupted_fit_identically(tmp_path, batch):
    x, y = classification_data(n=24)
    kwargs = dict(batch_size=8, epochs=5, shuffle=False, verbose=0)
    reference = classifier(optimizer=optimizers.Adam(0.05), seed=1)
    initial = reference.get_weights()
    reference_history = reference.fit(x, y, **kwargs)

    model = classifier(optimizer=optimizers.Adam(0.05), seed=1)
    model.set_weights(initial)
    backup_dir = tmp_path / "backup"
    with pytest.raises(KeyboardInterrupt):
        model.fit(x, y, callbacks=[callbacks.BackupAndRestore(backup_dir),
                                   Interrupt(3, batch)], **kwargs)
    metadata = json.loads((backup_dir / "training_metadata.json").read_text())
    assert metadata["epoch"] == 3
    # a new session: a fresh model, compiled the same way, resumes at epoch 3
    resumed = classifier(optimizer=optimizers.Adam(0.05), seed=7)
    history = resumed.fit(x, y, callbacks=[callbacks.BackupAndRestore(backup_dir)], **kwargs)
    assert history.epoch == [3, 4]
    np.testing.assert_allclose(history.history["loss"], reference_history.history["loss"][3:],
                               rtol=1e-6)
    for a, b in zip(resumed.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert int(resumed.optimizer.iterations.numpy()) == int(
        reference.optimizer.iterations.numpy())
    for a, b in zip(resumed.optimizer.variables, reference.optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert not backup_dir.exists()        # deleted once training finished


def test_backup_and_restore_keeps_the_backup_when_asked_and_needs_a_built_model(tmp_path):
    x, y = regression_data(n=8)
    model = linear_model()
    model.fit(x, y, epochs=2, verbose=0,
              callbacks=[callbacks.BackupAndRestore(tmp_path / "b", delete_checkpoint=False)])
    assert sorted(os.listdir(tmp_path / "b")) == ["latest.weights.npz",
                                                  "training_metadata.json"]
    # finished: a new fit with the same backup starts after the last epoch
    history = model.fit(x, y, epochs=3, verbose=0,
                        callbacks=[callbacks.BackupAndRestore(tmp_path / "b")])
    assert history.epoch == [2]
    unbuilt = kerasedu.Sequential([kerasedu.layers.Dense(1)])
    unbuilt.compile("sgd", "mse")
    with pytest.raises(ValueError, match="must be built"):
        unbuilt.fit(x, y, verbose=0, callbacks=[callbacks.BackupAndRestore(tmp_path / "c")])
    with pytest.raises(ValueError, match="save_freq"):
        callbacks.BackupAndRestore(tmp_path / "d", save_freq="never")
