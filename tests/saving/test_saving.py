"""Saving and loading: .keras round trips, weights files, JSON configs, custom objects,
Lambda safe mode, atomic writes and clear errors for damaged or foreign files."""

import io
import json
import zipfile

import h5py
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


def test_archive_is_keras_3s_layout(tmp_path):
    model = trained_sequential()
    path = tmp_path / "model.keras"
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
        metadata = json.loads(archive.read("metadata.json"))
        config = json.loads(archive.read("config.json"))
        weights = archive.read("model.weights.h5")
    assert metadata["keras_version"].startswith("3.")
    assert metadata["kerasedu_version"] == kerasedu.__version__
    assert len(metadata["date_saved"]) == len("2024-01-31@12:00:00")
    assert (config["module"], config["class_name"], config["registered_name"]) == \
        ("keras", "Sequential", None)
    dense = config["config"]["layers"][1]
    assert (dense["module"], dense["class_name"]) == ("keras.layers", "Dense")
    assert dense["config"]["dtype"] == {"module": "keras", "class_name": "DTypePolicy",
                                        "config": {"name": "float32"},
                                        "registered_name": None}
    assert dense["config"]["kernel_initializer"]["module"] == "keras.initializers"
    assert dense["build_config"] == {"input_shape": [None, 4]}
    assert config["compile_config"]["loss"] == "sparse_categorical_crossentropy"
    assert config["compile_config"]["metrics"] == ["accuracy"]
    assert config["compile_config"]["optimizer"]["module"] == "keras.optimizers"
    assert "sample_weight_mode" not in config["compile_config"]
    with h5py.File(io.BytesIO(weights), "r") as f:
        assert sorted(f) == ["layers", "optimizer", "vars"]
        assert dict(f["vars"].attrs) == {"name": model.name}
        assert sorted(f["layers"]) == ["dense", "dense_1"]
        np.testing.assert_array_equal(f["layers/dense_1/vars/0"][()],
                                      model.layers[1].kernel.numpy())
        assert f["layers/dense_1/vars"].attrs["name"] == model.layers[1].name
        assert int(f["optimizer/vars/0"][()]) == int(model.optimizer.iterations.numpy())
        assert len(f["optimizer/vars"]) == len(model.optimizer.variables)
    uncompiled = load_model(path, compile=False)
    assert uncompiled.optimizer is None
    assert_same_weights(uncompiled.get_weights(), model.get_weights())


@pytest.mark.parametrize("suffix", [".weights.h5", ".weights.npz"])
def test_save_weights_and_load_weights(tmp_path, suffix):
    model = trained_sequential()
    path = tmp_path / f"model{suffix}"
    model.save_weights(path)
    if suffix == ".weights.npz":
        stored = np.load(path)
        assert "layers/dense/vars/0" in stored.files and "optimizer/vars/0" in stored.files
        np.testing.assert_array_equal(stored["layers/dense/vars/1"],
                                      model.layers[0].bias.numpy())
    # a model built the same way, with other automatic layer names, loads by place
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


def test_optimizer_state_of_another_optimizer_is_left_alone(tmp_path):
    model = trained_sequential(optimizer=optimizers.Adam(0.01))
    model.save_weights(tmp_path / "m.weights.h5")
    other = trained_sequential(optimizer=optimizers.SGD(0.1, momentum=0.5), epochs=1)
    before = [v.numpy() for v in other.optimizer.variables]
    other.load_weights(tmp_path / "m.weights.h5")
    assert_same_weights(other.get_weights(), model.get_weights())
    assert_same_weights([v.numpy() for v in other.optimizer.variables], before)


def nested_model():
    inner = kerasedu.Sequential([kerasedu.Input((4,)), layers.Dense(3, activation="relu")],
                                name="inner_stack")
    core_in = kerasedu.Input((3,))
    core = kerasedu.Model(core_in, layers.Dense(2)(core_in), name="core")
    inputs = kerasedu.Input((4,))
    shared = layers.Dense(4, name="shared")
    twice = shared(shared(inputs))
    outputs = layers.Concatenate()([core(inner(twice)), core(inner(inputs))])
    return kerasedu.Model(inputs, outputs)


def test_nested_models_and_shared_layers_round_trip(tmp_path):
    model = nested_model()
    x, _ = data()
    model.save(tmp_path / "nested.keras")
    loaded = load_model(tmp_path / "nested.keras")
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    config = model.get_config()
    concatenate = config["layers"][-1]
    history = [arg["config"]["keras_history"] for arg in concatenate["inbound_nodes"][0]["args"][0]]
    assert history == [["core", 0, 0], ["core", 1, 0]]
    tail = kerasedu.Model(model.inputs, model.layers[-2].get_output_at(0))
    assert tail.get_config()["output_layers"] == ["core", 1, 0]   # there Keras counts from 1
    rebuilt_tail = kerasedu.Model.from_config(tail.get_config())
    np.testing.assert_array_equal(rebuilt_tail.predict(x, verbose=0).shape, (len(x), 2))
    model.save_weights(tmp_path / "nested.weights.h5")
    rebuilt = nested_model()
    rebuilt.load_weights(tmp_path / "nested.weights.h5")
    np.testing.assert_array_equal(rebuilt.predict(x, verbose=0), model.predict(x, verbose=0))


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


# As a notebook defines it: a class of __main__ is saved without a module, so loading it needs
# custom_objects (a class of an imported module is found again in that module).
NotebookScale = type("Scale", (Scale,), {"__module__": "__main__"})


def scale_model():
    model = kerasedu.Sequential([kerasedu.Input((3,)), NotebookScale(2.0), layers.Dense(1)])
    model.compile("sgd", my_loss)
    return model


def test_custom_layer_and_loss_need_custom_objects(tmp_path):
    model = scale_model()
    x = np.ones((2, 3), "float32")
    model.fit(x, np.ones((2, 1), "float32"), verbose=0)
    model.save(tmp_path / "custom.keras")
    with pytest.raises(TypeError, match="custom_objects"):
        load_model(tmp_path / "custom.keras")
    loaded = load_model(tmp_path / "custom.keras",
                        custom_objects={"Scale": NotebookScale, "my_loss": my_loss})
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert loaded.layers[0].start == 2.0
    with kerasedu.saving.custom_object_scope({"Scale": NotebookScale, "my_loss": my_loss}):
        again = load_model(tmp_path / "custom.keras")
    assert_same_weights(again.get_weights(), model.get_weights())
    with pytest.raises(ValueError, match="my_loss"):
        load_model(tmp_path / "custom.keras", custom_objects={"Scale": NotebookScale})
    assert load_model(tmp_path / "custom.keras", custom_objects={"Scale": NotebookScale},
                      compile=False).optimizer is None


def test_class_of_an_imported_module_is_found_in_its_module(tmp_path):
    model = kerasedu.Sequential([kerasedu.Input((3,)), Scale(2.0)])
    model.save(tmp_path / "module.keras")
    with zipfile.ZipFile(tmp_path / "module.keras") as archive:
        layer = json.loads(archive.read("config.json"))["config"]["layers"][1]
    assert (layer["module"], layer["class_name"], layer["registered_name"]) == \
        (__name__, "Scale", "Scale")
    loaded = load_model(tmp_path / "module.keras")
    assert type(loaded.layers[0]) is Scale


def test_lambda_layers_load_only_outside_safe_mode(tmp_path):
    model = kerasedu.Sequential([kerasedu.Input((2,)), layers.Lambda(lambda t: t * 3.0)])
    model.save(tmp_path / "lambda.keras")
    with pytest.raises(ValueError, match="safe_mode=False"):
        load_model(tmp_path / "lambda.keras")
    with kerasedu.saving.safe_mode_scope(False):
        np.testing.assert_allclose(load_model(tmp_path / "lambda.keras").predict(
            np.ones((1, 2), "float32"), verbose=0), [[3.0, 3.0]])
    loaded = load_model(tmp_path / "lambda.keras", safe_mode=False)
    np.testing.assert_allclose(loaded.predict(np.ones((1, 2), "float32"), verbose=0),
                               [[3.0, 3.0]])


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
