"""Saving and loading: .keras round trips, weights files, JSON configs, custom objects,
Lambda safe mode, atomic writes and clear errors for damaged or foreign files."""

import json
import os
import zipfile

import numpy as np
import pytest

import kerasedu
import kerasedu.saving
import kerasedu.utils
from kerasedu import layers, optimizers
from kerasedu.layer_machinery.layer import Layer
from kerasedu.models import clone_model, load_model, model_from_json


def data(n=32, features=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, features)).astype("float32"),
            rng.integers(0, classes, size=n))


def trained_sequential(optimizer=None, epochs=2):
    kerasedu.utils.set_random_seed(0)
    model = kerasedu.Sequential([kerasedu.Input((4,)), layers.Dense(8, activation="relu"),
                                 layers.Dense(3, activation="softmax")])
    model.compile(optimizer or optimizers.Adam(0.01), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    x, y = data()
    model.fit(x, y, batch_size=8, epochs=epochs, shuffle=False, verbose=0)
    return model


def functional_two_outputs():
    inputs = kerasedu.Input((4,), name="features")
    hidden = layers.Dense(6, activation="tanh", name="hidden")(inputs)
    out1 = layers.Dense(3, activation="softmax", name="label")(hidden)
    out2 = layers.Dense(1, name="score")(hidden)
    model = kerasedu.Model(inputs, [out1, out2])
    model.compile(optimizers.SGD(0.05, momentum=0.9),
                  ["sparse_categorical_crossentropy", "mse"], loss_weights=[1.0, 0.5],
                  metrics=[["accuracy"], ["mae"]])
    return model


def assert_same_weights(a, b):
    assert len(a) == len(b)
    for left, right in zip(a, b):
        np.testing.assert_array_equal(left, right)


# ---------------------------------------------------------------------- round trips

def test_keras_file_round_trip_restores_everything(tmp_path):
    model = trained_sequential()
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = load_model(path)
    x, y = data(seed=1)
    np.testing.assert_array_equal(model.predict(x, verbose=0), loaded.predict(x, verbose=0))
    assert_same_weights(model.get_weights(), loaded.get_weights())
    assert type(loaded.optimizer) is optimizers.Adam
    assert int(loaded.optimizer.iterations.numpy()) == int(model.optimizer.iterations.numpy())
    assert_same_weights([v.numpy() for v in model.optimizer.variables],
                        [v.numpy() for v in loaded.optimizer.variables])
    assert model.evaluate(x, y, verbose=0) == loaded.evaluate(x, y, verbose=0)
    assert [layer.name for layer in loaded.layers] == [layer.name for layer in model.layers]


@pytest.mark.parametrize("make", ["sequential", "functional"])
def test_training_resumes_identically_after_a_round_trip(tmp_path, make):
    x, y = data()
    if make == "sequential":
        model = trained_sequential(optimizer=optimizers.RMSprop(0.01))
        targets = y
    else:
        kerasedu.utils.set_random_seed(3)
        model = functional_two_outputs()
        targets = [y, x[:, :1]]
        model.fit(x, targets, batch_size=8, epochs=1, shuffle=False, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = load_model(tmp_path / "m.keras")
    continued = model.fit(x, targets, batch_size=8, epochs=1, shuffle=False, verbose=0)
    resumed = loaded.fit(x, targets, batch_size=8, epochs=1, shuffle=False, verbose=0)
    assert continued.history == resumed.history
    assert_same_weights(model.get_weights(), loaded.get_weights())


def test_archive_contents_metadata_and_compile_config(tmp_path):
    model = trained_sequential()
    path = tmp_path / "model.keras"
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["config.json", "metadata.json",
                                              "model.weights.npz"]
        metadata = json.loads(archive.read("metadata.json"))
        config = json.loads(archive.read("config.json"))
    assert metadata["kerasedu_version"] == kerasedu.__version__
    assert metadata["format"] == "kerasedu.keras"
    assert len(metadata["date_saved"]) == len("2024-01-31@12:00:00")
    assert config["class_name"] == "Sequential"
    assert config["compile_config"]["loss"] == "sparse_categorical_crossentropy"
    assert config["compile_config"]["metrics"] == ["accuracy"]
    assert config["compile_config"]["optimizer"]["class_name"] == "Adam"
    uncompiled = load_model(path, compile=False)
    assert uncompiled.optimizer is None
    assert_same_weights(uncompiled.get_weights(), model.get_weights())


def test_save_weights_and_load_weights(tmp_path):
    model = trained_sequential()
    path = tmp_path / "model.weights.npz"
    model.save_weights(path)
    stored = np.load(path)
    assert stored.files[:4] == [w.path for w in model.weights]
    assert "optimizer/" + model.optimizer.variables[0].path in stored.files
    # a model built the same way, with other automatic layer names, loads by position
    other = kerasedu.Sequential([kerasedu.Input((4,)), layers.Dense(8, activation="relu"),
                                 layers.Dense(3, activation="softmax")])
    other.compile(optimizers.Adam(0.01), "sparse_categorical_crossentropy")
    assert [w.path for w in other.weights] != [w.path for w in model.weights]
    other.load_weights(path)
    assert_same_weights(other.get_weights(), model.get_weights())
    assert_same_weights([v.numpy() for v in other.optimizer.variables],
                        [v.numpy() for v in model.optimizer.variables])
    # a .keras file holds weights as well
    model.save(tmp_path / "whole.keras")
    third = kerasedu.Sequential([kerasedu.Input((4,)), layers.Dense(8, activation="relu"),
                                 layers.Dense(3, activation="softmax")])
    third.load_weights(tmp_path / "whole.keras")
    assert_same_weights(third.get_weights(), model.get_weights())


def test_weights_file_errors(tmp_path):
    model = trained_sequential()
    with pytest.raises(ValueError, match=r"must end in `\.weights\.npz`.*HDF5"):
        model.save_weights(tmp_path / "model.weights.h5")
    with pytest.raises(ValueError, match=r"\.weights\.npz"):
        model.save_weights(tmp_path / "model.npz")
    model.save_weights(tmp_path / "ok.weights.npz")
    wrong = kerasedu.Sequential([kerasedu.Input((4,)), layers.Dense(5),
                                 layers.Dense(3)])
    before = wrong.get_weights()
    with pytest.raises(ValueError, match=r"shape \(4, 8\).*shape \(4, 5\).*No weight"):
        wrong.load_weights(tmp_path / "ok.weights.npz")
    assert_same_weights(wrong.get_weights(), before)
    shorter = kerasedu.Sequential([kerasedu.Input((4,)), layers.Dense(3)])
    with pytest.raises(ValueError, match="holds 4 weights, but model"):
        shorter.load_weights(tmp_path / "ok.weights.npz")
    unbuilt = kerasedu.Sequential([layers.Dense(3)])
    with pytest.raises(ValueError, match="not been built"):
        unbuilt.load_weights(tmp_path / "ok.weights.npz")
    with pytest.raises(FileNotFoundError, match="missing.weights.npz"):
        model.load_weights(tmp_path / "missing.weights.npz")
    with pytest.raises(ValueError, match=r"\.keras"):
        model.save(tmp_path / "model.h5")
    with pytest.raises(ValueError, match="save_weights"):
        model.save(tmp_path / "model.weights.npz")
    with pytest.raises(FileExistsError, match="overwrite"):
        model.save_weights(tmp_path / "ok.weights.npz", overwrite=False)


def test_to_json_and_model_from_json():
    model = functional_two_outputs()
    text = model.to_json()
    config = json.loads(text)
    assert config["class_name"] == "Functional"
    assert "compile_config" in config
    rebuilt = model_from_json(text)
    assert [layer.name for layer in rebuilt.layers] == [layer.name for layer in model.layers]
    assert [w.shape for w in rebuilt.weights] == [w.shape for w in model.weights]
    assert type(rebuilt.optimizer) is optimizers.SGD and rebuilt.optimizer.momentum == 0.9
    x, y = data()
    rebuilt.set_weights(model.get_weights())
    np.testing.assert_allclose(rebuilt.evaluate(x, [y, x[:, :1]], verbose=0),
                               model.evaluate(x, [y, x[:, :1]], verbose=0), rtol=1e-6)
    assert json.loads(model.to_json(indent=2)) == config
    with pytest.raises(ValueError, match="to_json"):
        model_from_json("not json")


def test_clone_model_has_the_architecture_and_new_weights():
    model = trained_sequential()
    clone = clone_model(model)
    assert [type(layer) for layer in clone.layers] == [type(layer) for layer in model.layers]
    assert [w.shape for w in clone.weights] == [w.shape for w in model.weights]
    assert not np.array_equal(clone.get_weights()[0], model.get_weights()[0])


# ---------------------------------------------------------------------- custom objects

class Scale(Layer):
    """A student's layer: multiplies by a trainable scalar."""

    def __init__(self, start=1.0, **kwargs):
        super().__init__(**kwargs)
        self.start = start

    def build(self, input_shape):
        self.factor = self.add_weight(shape=(), initializer="ones", name="factor")
        self.factor.assign(np.float32(self.start))

    def call(self, inputs):
        return inputs * self.factor

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "start": self.start}


def my_loss(y_true, y_pred):
    from kerasedu import ops
    return ops.mean(ops.abs(y_true - y_pred), axis=-1)


def scale_model():
    model = kerasedu.Sequential([kerasedu.Input((3,)), Scale(2.0), layers.Dense(1)])
    model.compile("sgd", my_loss)
    return model


def test_custom_layer_and_loss_need_custom_objects(tmp_path):
    model = scale_model()
    x = np.ones((2, 3), "float32")
    model.fit(x, np.ones((2, 1), "float32"), verbose=0)
    model.save(tmp_path / "custom.keras")
    with pytest.raises(ValueError, match="custom_objects"):
        load_model(tmp_path / "custom.keras")
    loaded = load_model(tmp_path / "custom.keras",
                        custom_objects={"Scale": Scale, "my_loss": my_loss})
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert loaded.layers[0].start == 2.0
    with kerasedu.saving.custom_object_scope({"Scale": Scale, "my_loss": my_loss}):
        again = load_model(tmp_path / "custom.keras")
    assert_same_weights(again.get_weights(), model.get_weights())
    with pytest.raises(ValueError, match="my_loss"):
        load_model(tmp_path / "custom.keras", custom_objects={"Scale": Scale})
    assert load_model(tmp_path / "custom.keras", custom_objects={"Scale": Scale},
                      compile=False).optimizer is None


def test_registered_class_loads_without_custom_objects(tmp_path):
    @kerasedu.saving.register_serializable(package="course")
    class Shift(Layer):
        def __init__(self, amount=0.0, **kwargs):
            super().__init__(**kwargs)
            self.amount = amount

        def call(self, inputs):
            return inputs + self.amount

        def compute_output_shape(self, input_shape):
            return input_shape

        def get_config(self):
            return {**super().get_config(), "amount": self.amount}

    assert kerasedu.saving.get_custom_objects()["course>Shift"] is Shift
    model = kerasedu.Sequential([kerasedu.Input((2,)), Shift(3.0)])
    model.save(tmp_path / "shift.keras")
    loaded = load_model(tmp_path / "shift.keras")
    assert isinstance(loaded.layers[0], Shift)
    np.testing.assert_array_equal(loaded.predict(np.zeros((1, 2), "float32"), verbose=0),
                                  [[3.0, 3.0]])


def test_lambda_layers_load_only_outside_safe_mode(tmp_path):
    model = kerasedu.Sequential([kerasedu.Input((2,)), layers.Lambda(lambda t: t * 3.0)])
    model.save(tmp_path / "lambda.keras")
    with pytest.raises(ValueError, match="safe_mode=False"):
        load_model(tmp_path / "lambda.keras")
    loaded = load_model(tmp_path / "lambda.keras", safe_mode=False)
    np.testing.assert_allclose(loaded.predict(np.ones((1, 2), "float32"), verbose=0),
                               [[3.0, 3.0]])


# ---------------------------------------------------------------------- damaged files

def test_truncated_foreign_and_keras_files_give_clear_errors(tmp_path):
    model = trained_sequential()
    good = tmp_path / "good.keras"
    model.save(good)
    content = good.read_bytes()

    truncated = tmp_path / "truncated.keras"
    truncated.write_bytes(content[: len(content) // 2])
    with pytest.raises(ValueError, match=r"truncated\.keras.*expected a kerasedu \.keras file"):
        load_model(truncated)

    text = tmp_path / "notes.keras"
    text.write_text("hello")
    with pytest.raises(ValueError, match=r"notes\.keras.*not a zip archive"):
        load_model(text)

    foreign = tmp_path / "keras3.keras"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("config.json", "{}")
        archive.writestr("metadata.json", "{}")
        archive.writestr("model.weights.h5", b"\x89HDF")
    with pytest.raises(ValueError, match="written by Keras"):
        load_model(foreign)

    empty_zip = tmp_path / "empty.keras"
    with zipfile.ZipFile(empty_zip, "w"):
        pass
    with pytest.raises(ValueError, match="has no metadata.json, config.json, model.weights.npz"):
        load_model(empty_zip)

    weights = tmp_path / "w.weights.npz"
    model.save_weights(weights)
    weights.write_bytes(weights.read_bytes()[:100])
    with pytest.raises(ValueError, match=r"w\.weights\.npz.*damaged, truncated"):
        model.load_weights(weights)

    plain_npz = tmp_path / "plain.weights.npz"
    np.savez(plain_npz, a=np.zeros(3))
    with pytest.raises(ValueError, match="not one written by kerasedu"):
        model.load_weights(plain_npz)

    with pytest.raises(FileNotFoundError, match="nowhere.keras"):
        load_model(tmp_path / "nowhere.keras")


def test_a_failed_save_leaves_the_existing_file_untouched(tmp_path, monkeypatch):
    model = trained_sequential()
    path = tmp_path / "model.keras"
    model.save(path)
    weights_path = tmp_path / "model.weights.npz"
    model.save_weights(weights_path)
    before = path.read_bytes(), weights_path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", broken)
    with pytest.raises(OSError, match="disk full"):
        model.save(path)
    with pytest.raises(OSError, match="disk full"):
        model.save_weights(weights_path)
    assert (path.read_bytes(), weights_path.read_bytes()) == before
    assert sorted(os.listdir(tmp_path)) == ["model.keras", "model.weights.npz"]


class TwoLayers(kerasedu.Model):
    """A subclassed model: its layers get weights only when call runs."""

    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.hidden = layers.Dense(units, activation="relu")
        self.out = layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_subclassed_model_round_trip_and_resume(tmp_path):
    kerasedu.utils.set_random_seed(2)
    x = np.random.default_rng(0).normal(size=(10, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = TwoLayers(5)
    model.compile(optimizers.Adam(0.01), "mse")
    model.fit(x, y, epochs=2, verbose=0, shuffle=False)
    model.save(tmp_path / "sub.keras")
    loaded = load_model(tmp_path / "sub.keras", custom_objects={"TwoLayers": TwoLayers})
    assert loaded.units == 5
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    model.fit(x, y, epochs=1, verbose=0, shuffle=False)
    loaded.fit(x, y, epochs=1, verbose=0, shuffle=False)
    assert_same_weights(loaded.get_weights(), model.get_weights())
