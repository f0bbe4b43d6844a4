"""keras.io guide "Training & evaluation with the built-in methods", every snippet. tf.data
Datasets become generators or PyDatasets yielding the same batches; the torch DataLoader is a
stand-in iterable with the same interface (it yields lists of arrays and restarts each epoch)."""

import os

import numpy as np
import pytest

import kerasedu as keras
from kerasedu import layers, ops

from guide_helpers import digits


def get_uncompiled_model():
    inputs = keras.Input(shape=(784,), name="digits")
    x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = layers.Dense(10, activation="softmax", name="predictions")(x)
    return keras.Model(inputs=inputs, outputs=outputs)


def get_compiled_model():
    model = get_uncompiled_model()
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy",
                  metrics=["sparse_categorical_accuracy"])
    return model


@pytest.fixture
def mnist():
    x_train, y_train = digits(160)
    return x_train[:-32], y_train[:-32], x_train[-32:], y_train[-32:]


def test_a_first_end_to_end_example(mnist):
    x_train, y_train, x_val, y_val = mnist
    model = get_uncompiled_model()
    model.compile(optimizer=keras.optimizers.RMSprop(),
                  loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=[keras.metrics.SparseCategoricalAccuracy()])
    history = model.fit(x_train, y_train, batch_size=64, epochs=2,
                        validation_data=(x_val, y_val), verbose=0)
    assert list(history.history) == ["loss", "sparse_categorical_accuracy", "val_loss",
                                     "val_sparse_categorical_accuracy"]
    results = model.evaluate(x_val, y_val, batch_size=128, verbose=0)
    assert len(results) == 2
    assert model.metrics_names == ["loss", "compile_metrics"]
    predictions = model.predict(x_val[:3], verbose=0)
    assert predictions.shape == (3, 10)                   # "predictions shape: (3, 10)"
    np.testing.assert_allclose(predictions.sum(axis=1), 1, rtol=1e-5)


def test_custom_losses(mnist):
    x_train, y_train, _, _ = mnist

    def custom_mean_squared_error(y_true, y_pred):
        return ops.mean(ops.square(y_true - y_pred), axis=-1)

    model = get_uncompiled_model()
    model.compile(optimizer=keras.optimizers.Adam(), loss=custom_mean_squared_error)
    y_train_one_hot = ops.one_hot(y_train, num_classes=10)
    history = model.fit(x_train, y_train_one_hot, batch_size=64, epochs=1, verbose=0)
    assert list(history.history) == ["loss"]

    class CustomMSE(keras.losses.Loss):
        def __init__(self, regularization_factor=0.1, name="custom_mse"):
            super().__init__(name=name)
            self.regularization_factor = regularization_factor

        def call(self, y_true, y_pred):
            mse = ops.mean(ops.square(y_true - y_pred), axis=-1)
            reg = ops.mean(ops.square(0.5 - y_pred), axis=-1)
            return mse + reg * self.regularization_factor

    model = get_uncompiled_model()
    model.compile(optimizer=keras.optimizers.Adam(), loss=CustomMSE())
    model.fit(x_train, y_train_one_hot, batch_size=64, epochs=1, verbose=0)
    predictions = model.predict(x_train, verbose=0)
    expected = np.mean(np.mean((y_train_one_hot.numpy() - predictions) ** 2, axis=-1)
                       + 0.1 * np.mean((0.5 - predictions) ** 2, axis=-1))
    np.testing.assert_allclose(model.evaluate(x_train, y_train_one_hot, verbose=0), expected,
                               rtol=1e-5)


def test_custom_metrics(mnist):
    x_train, y_train, _, _ = mnist

    class CategoricalTruePositives(keras.metrics.Metric):
        def __init__(self, name="categorical_true_positives", **kwargs):
            super().__init__(name=name, **kwargs)
            self.true_positives = self.add_variable(shape=(), name="ctp", initializer="zeros")

        def update_state(self, y_true, y_pred, sample_weight=None):
            y_pred = ops.reshape(ops.argmax(y_pred, axis=1), (-1, 1))
            values = ops.cast(y_true, "int32") == ops.cast(y_pred, "int32")
            values = ops.cast(values, "float32")
            if sample_weight is not None:
                sample_weight = ops.cast(sample_weight, "float32")
                values = ops.multiply(values, sample_weight)
            self.true_positives.assign_add(ops.sum(values))

        def result(self):
            return self.true_positives

        def reset_state(self):
            self.true_positives.assign(0.0)

    model = get_uncompiled_model()
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=[CategoricalTruePositives()])
    history = model.fit(x_train, y_train.reshape(-1, 1), batch_size=64, epochs=3, verbose=0)
    assert list(history.history) == ["categorical_true_positives", "loss"]
    counts = history.history["categorical_true_positives"]
    assert all(0 <= c <= len(x_train) and c == int(c) for c in counts)


def test_losses_added_by_a_layer(mnist):
    x_train, y_train, _, _ = mnist

    class ActivityRegularizationLayer(layers.Layer):
        def call(self, inputs):
            self.add_loss(ops.sum(inputs) * 0.1)
            return inputs

    inputs = keras.Input(shape=(784,), name="digits")
    x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = ActivityRegularizationLayer()(x)
    x = layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = layers.Dense(10, name="predictions")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(x_train, y_train, batch_size=64, epochs=1, verbose=0)
    assert history.history["loss"][0] > 2.0              # "much higher than before"


class LogisticEndpoint(keras.layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)

    def call(self, targets, logits, sample_weights=None):
        loss = self.loss_fn(targets, logits, sample_weights)
        self.add_loss(loss)
        return ops.softmax(logits)


def test_an_endpoint_layer_called_on_targets_and_logits():
    inputs = keras.Input(shape=(3,), name="inputs")
    targets = keras.Input(shape=(10,), name="targets")
    logits = keras.layers.Dense(10)(inputs)
    predictions = LogisticEndpoint(name="predictions")(targets, logits)
    model = keras.Model(inputs=[inputs, targets], outputs=predictions)
    model.compile(optimizer="adam")
    data = {"inputs": np.random.random((3, 3)), "targets": np.random.random((3, 10))}
    history = model.fit(data, verbose=0)
    assert list(history.history) == ["loss"]
    logits_now = model.layers[2](data["inputs"]).numpy()
    expected = keras.losses.BinaryCrossentropy(from_logits=True)(data["targets"], logits_now)
    np.testing.assert_allclose(model.evaluate(data, verbose=0), expected.numpy(), rtol=1e-5)
    # Keras's order: deepest first (inputs feeds dense feeds predictions).
    assert [l.name for l in model.layers] == ["inputs", "targets", "dense", "predictions"]


def test_validation_split(mnist):
    x_train, y_train, _, _ = mnist
    model = get_compiled_model()
    history = model.fit(x_train, y_train, batch_size=64, validation_split=0.2, epochs=1,
                        verbose=0)
    assert "val_loss" in history.history


def batches(x, y, batch_size, sample_weight=None, shuffle_seed=None):
    """What tf.data.Dataset.from_tensor_slices(...).shuffle(...).batch(...) yields."""
    order = np.arange(len(x)) if shuffle_seed is None else \
        np.random.default_rng(shuffle_seed).permutation(len(x))
    for start in range(0, len(x), batch_size):
        index = order[start:start + batch_size]
        yield (x[index], y[index]) if sample_weight is None else \
            (x[index], y[index], sample_weight[index])


def test_training_from_datasets(mnist):
    x_train, y_train, x_val, y_val = mnist
    model = get_compiled_model()
    for epoch in range(3):
        model.fit(batches(x_train, y_train, 64, shuffle_seed=epoch), epochs=1, verbose=0)
    result = model.evaluate(batches(x_val, y_val, 64), verbose=0)
    named = dict(zip(model.metrics_names, result))
    assert list(named) == ["loss", "compile_metrics"]

    def forever():
        while True:
            yield from batches(x_train, y_train, 64, shuffle_seed=0)

    model = get_compiled_model()
    history = model.fit(forever(), epochs=3, steps_per_epoch=2, verbose=0)
    assert len(history.history["loss"]) == 3
    history = model.fit(forever(), epochs=1, steps_per_epoch=2,
                        validation_data=forever(), validation_steps=1, verbose=0)
    assert "val_sparse_categorical_accuracy" in history.history


class ExamplePyDataset(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x = x
        self.y = y
        self.batch_size = batch_size

    def __len__(self):
        return int(np.ceil(len(self.x) / float(self.batch_size)))

    def __getitem__(self, idx):
        batch_x = self.x[idx * self.batch_size:(idx + 1) * self.batch_size]
        batch_y = self.y[idx * self.batch_size:(idx + 1) * self.batch_size]
        return batch_x, batch_y


def test_training_from_a_py_dataset(mnist):
    x_train, y_train, x_val, y_val = mnist
    for kwargs in ({}, {"workers": 4}):
        train_py_dataset = ExamplePyDataset(x_train, y_train, batch_size=32, **kwargs)
        val_py_dataset = ExamplePyDataset(x_val, y_val, batch_size=32, **kwargs)
        model = get_compiled_model()
        history = model.fit(train_py_dataset, batch_size=64, validation_data=val_py_dataset,
                            epochs=1, verbose=0)
        assert sorted(history.history) == ["loss", "sparse_categorical_accuracy", "val_loss",
                                           "val_sparse_categorical_accuracy"]
        assert len(model.evaluate(val_py_dataset, verbose=0)) == 2


class DataLoader:
    """The interface of torch.utils.data.DataLoader: iterable again every epoch, has a length,
    yields [x_batch, y_batch] lists (torch's default collation of (x, y) samples)."""

    def __init__(self, dataset, batch_size=1, shuffle=False):
        self.dataset, self.batch_size, self.shuffle = dataset, batch_size, shuffle
        self.passes = 0

    def __len__(self):
        return int(np.ceil(len(self.dataset) / self.batch_size))

    def __iter__(self):
        self.passes += 1
        order = np.random.permutation(len(self.dataset)) if self.shuffle else \
            np.arange(len(self.dataset))
        for start in range(0, len(order), self.batch_size):
            samples = [self.dataset[i] for i in order[start:start + self.batch_size]]
            yield [np.stack([s[0] for s in samples]), np.stack([s[1] for s in samples])]


class ExampleTorchDataset:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]


def test_training_from_a_torch_style_data_loader(mnist):
    x_train, y_train, x_val, y_val = mnist
    train_dataloader = DataLoader(ExampleTorchDataset(x_train, y_train), batch_size=32,
                                  shuffle=True)
    val_dataloader = DataLoader(ExampleTorchDataset(x_val, y_val), batch_size=32, shuffle=True)
    model = get_compiled_model()
    history = model.fit(train_dataloader, batch_size=64, validation_data=val_dataloader,
                        epochs=2, verbose=0)
    assert train_dataloader.passes == 2 and val_dataloader.passes == 2
    assert len(history.history["loss"]) == 2
    assert len(model.evaluate(val_dataloader, verbose=0)) == 2


def test_class_weights_and_sample_weights(mnist):
    x_train, y_train, _, _ = mnist
    class_weight = {i: 1.0 for i in range(10)}
    class_weight[5] = 2.0
    model = get_compiled_model()
    model.fit(x_train, y_train, class_weight=class_weight, batch_size=64, epochs=1, verbose=0)
    sample_weight = np.ones(shape=(len(y_train),))
    sample_weight[y_train == 5] = 2.0
    model = get_compiled_model()
    model.fit(x_train, y_train, sample_weight=sample_weight, batch_size=64, epochs=1,
              verbose=0)
    model = get_compiled_model()
    history = model.fit(batches(x_train, y_train, 64, sample_weight=sample_weight), epochs=1,
                        verbose=0)
    assert list(history.history) == ["loss", "sparse_categorical_accuracy"]


def multi_io_model():
    image_input = keras.Input(shape=(32, 32, 3), name="img_input")
    timeseries_input = keras.Input(shape=(None, 10), name="ts_input")
    x1 = layers.Conv2D(3, 3)(image_input)
    x1 = layers.GlobalMaxPooling2D()(x1)
    x2 = layers.Conv1D(3, 3)(timeseries_input)
    x2 = layers.GlobalMaxPooling1D()(x2)
    x = layers.concatenate([x1, x2])
    score_output = layers.Dense(1, name="score_output")(x)
    class_output = layers.Dense(5, name="class_output")(x)
    return keras.Model(inputs=[image_input, timeseries_input],
                       outputs=[score_output, class_output])


def test_multi_input_multi_output_models(tmp_path):
    model = multi_io_model()
    keras.utils.plot_model(model, tmp_path / "multi_input_and_output_model.png",
                           show_shapes=True)
    img_data = np.random.random_sample(size=(100, 32, 32, 3))
    ts_data = np.random.random_sample(size=(100, 20, 10))
    score_targets = np.random.random_sample(size=(100, 1))
    class_targets = np.random.random_sample(size=(100, 5))
    mse, cce = keras.losses.MeanSquaredError, keras.losses.CategoricalCrossentropy
    model.compile(optimizer=keras.optimizers.RMSprop(1e-3),
                  loss=[mse(), cce()],
                  metrics=[[keras.metrics.MeanAbsolutePercentageError(),
                            keras.metrics.MeanAbsoluteError()],
                           [keras.metrics.CategoricalAccuracy()]])
    history = model.fit([img_data, ts_data], [score_targets, class_targets], batch_size=32,
                        epochs=1, verbose=0)
    # What Keras 3.15 reports for this snippet.
    assert list(history.history) == [
        "class_output_categorical_accuracy", "class_output_loss", "loss",
        "score_output_loss", "score_output_mean_absolute_error",
        "score_output_mean_absolute_percentage_error"]
    model.compile(optimizer=keras.optimizers.RMSprop(1e-3),
                  loss={"score_output": mse(), "class_output": cce()},
                  metrics={"score_output": [keras.metrics.MeanAbsolutePercentageError(),
                                            keras.metrics.MeanAbsoluteError()],
                           "class_output": [keras.metrics.CategoricalAccuracy()]},
                  loss_weights={"score_output": 2.0, "class_output": 1.0})
    logs = model.fit({"img_input": img_data, "ts_input": ts_data},
                     {"score_output": score_targets, "class_output": class_targets},
                     batch_size=32, epochs=1, verbose=0).history
    np.testing.assert_allclose(
        logs["loss"], 2 * np.array(logs["score_output_loss"]) + logs["class_output_loss"],
        rtol=1e-5)
    model.compile(optimizer=keras.optimizers.RMSprop(1e-3), loss=[None, cce()])
    history = model.fit([img_data, ts_data], [score_targets, class_targets], batch_size=32,
                        verbose=0)
    assert list(history.history) == ["loss"]
    model.compile(optimizer=keras.optimizers.RMSprop(1e-3),
                  loss={"class_output": keras.losses.CategoricalCrossentropy()})
    with pytest.raises(ValueError, match=r"Expected keys \['score_output', 'class_output'\]"):
        model.fit([img_data, ts_data], [score_targets, class_targets], verbose=0)


def test_callbacks_and_checkpoints(mnist, tmp_path):
    x_train, y_train, _, _ = mnist
    model = get_compiled_model()
    callbacks = [keras.callbacks.EarlyStopping(monitor="val_loss", min_delta=1e-2, patience=2,
                                               verbose=0)]
    history = model.fit(x_train, y_train, epochs=20, batch_size=64, callbacks=callbacks,
                        validation_split=0.2, verbose=0)
    assert len(history.epoch) < 20 or history.epoch[-1] == 19

    class LossHistory(keras.callbacks.Callback):
        def on_train_begin(self, logs):
            self.per_batch_losses = []

        def on_batch_end(self, batch, logs):
            self.per_batch_losses.append(logs.get("loss"))

    loss_history = LossHistory()
    model.fit(x_train, y_train, batch_size=64, callbacks=[loss_history], verbose=0)
    assert len(loss_history.per_batch_losses) == 2

    os.chdir(tmp_path)
    model = get_compiled_model()
    model.fit(x_train, y_train, epochs=2, batch_size=64, validation_split=0.2, verbose=0,
              callbacks=[keras.callbacks.ModelCheckpoint(
                  filepath="mymodel_{epoch}.keras", save_best_only=True, monitor="val_loss")])
    assert (tmp_path / "mymodel_1.keras").exists()
    checkpoint_dir = tmp_path / "ckpt"
    checkpoint_dir.mkdir()
    model.fit(x_train, y_train, epochs=1, verbose=0, callbacks=[
        keras.callbacks.ModelCheckpoint(filepath=str(checkpoint_dir) + "/model-loss={loss:.2f}.keras",
                                        save_freq=2)])
    checkpoints = sorted(os.listdir(checkpoint_dir))       # every 2 of the 4 batches
    assert 1 <= len(checkpoints) <= 2
    assert all(c.startswith("model-loss=") and c.endswith(".keras") for c in checkpoints)
    latest = max((checkpoint_dir / c for c in checkpoints), key=os.path.getctime)
    restored = keras.models.load_model(latest)
    assert restored.optimizer is not None


def test_learning_rate_schedules_and_tensorboard(tmp_path):
    lr_schedule = keras.optimizers.schedules.ExponentialDecay(
        0.1, decay_steps=100000, decay_rate=0.96, staircase=True)
    optimizer = keras.optimizers.RMSprop(learning_rate=lr_schedule)
    assert float(np.asarray(lr_schedule(0))) == pytest.approx(0.1)
    assert optimizer.learning_rate == pytest.approx(0.1)
    pytest.importorskip("tensorboard")
    tensorboard = keras.callbacks.TensorBoard(log_dir=tmp_path / "logs", histogram_freq=0,
                                              embeddings_freq=0, update_freq="epoch")
    assert tensorboard.log_dir == str(tmp_path / "logs")
