"""Object serialization as in Keras 3: built-in objects under Keras's public names, custom
objects (registered, custom_objects, custom_object_scope, found in their module), special
values, safe mode, and the keras.io serialization guide's custom layers whose get_config
returns only their own arguments."""

import json

import numpy as np
import pytest

import kerasedu
from kerasedu import (activations, constraints, initializers, layers, losses, metrics,
                      optimizers, regularizers)
from kerasedu.layer_machinery.layer import Layer
from kerasedu.saving import (UnknownObjectError, custom_object_scope, deserialize_keras_object,
                             get_custom_objects, get_registered_name, get_registered_object,
                             register_keras_serializable, serialize_keras_object)


def round_trip(obj, **kwargs):
    return deserialize_keras_object(json.loads(json.dumps(serialize_keras_object(obj))),
                                    **kwargs)


BUILT_INS = [
    (regularizers.L1(0.005), "keras.regularizers", "L1"),
    (regularizers.L1L2(0.1, 0.2), "keras.regularizers", "L1L2"),
    (initializers.HeNormal(seed=3), "keras.initializers", "HeNormal"),
    (initializers.Constant(2.5), "keras.initializers", "Constant"),
    (constraints.MaxNorm(2.0), "keras.constraints", "MaxNorm"),
    (optimizers.Adam(0.01, amsgrad=True), "keras.optimizers", "Adam"),
    (optimizers.schedules.ExponentialDecay(0.1, 10, 0.9), "keras.optimizers.schedules",
     "ExponentialDecay"),
    (losses.Huber(delta=2.0), "keras.losses", "Huber"),
    (metrics.Precision(thresholds=0.3), "keras.metrics", "Precision"),
    (layers.Dense(2, activation="relu"), "keras.layers", "Dense"),
    (layers.Conv2D(3, 2, padding="same"), "keras.layers", "Conv2D"),
    (layers.Bidirectional(layers.LSTM(3)), "keras.layers", "Bidirectional"),
    (layers.InputLayer(shape=(3,)), "keras.layers", "InputLayer"),
]


@pytest.mark.parametrize("obj, module, class_name", BUILT_INS,
                         ids=[case[2] for case in BUILT_INS])
def test_built_in_objects_round_trip_under_keras_names(obj, module, class_name):
    data = serialize_keras_object(obj)
    assert (data["module"], data["class_name"], data["registered_name"]) == \
        (module, class_name, None)
    restored = round_trip(obj)
    assert type(restored) is type(obj)
    assert restored.get_config() == obj.get_config() or isinstance(obj, Layer)
    if isinstance(obj, Layer):
        expected = {k: v for k, v in obj.get_config().items() if k != "name"}
        assert {k: v for k, v in restored.get_config().items() if k != "name"} == expected


def test_the_issue_cases():
    regularizer = round_trip(regularizers.L1(0.005))
    assert isinstance(regularizer, regularizers.L1) and regularizer.l1 == pytest.approx(0.005)
    dense = kerasedu.saving.deserialize_keras_object(serialize_keras_object(layers.Dense(2)))
    assert isinstance(dense, layers.Dense) and dense.units == 2


def test_a_built_layer_comes_back_built():
    layer = layers.Dense(4)
    layer.build((None, 3))
    data = serialize_keras_object(layer)
    assert data["build_config"] == {"input_shape": [None, 3]}
    restored = round_trip(layer)
    assert restored.built and [w.shape for w in restored.weights] == [(3, 4), (4,)]


def test_functions_are_written_as_keras_writes_them():
    assert serialize_keras_object(activations.relu) == {
        "module": "builtins", "class_name": "function", "config": "relu",
        "registered_name": "function"}
    assert round_trip(activations.relu) is activations.relu
    assert round_trip(losses.mean_squared_error) is losses.mean_squared_error
    assert activations.serialize(activations.relu) == "relu"


def test_special_values():
    values = {"array": np.arange(6, dtype="int16").reshape(2, 3), "scalar": np.float32(1.5),
              "tuple": (1, (2, 3)), "slice": slice(1, None, 2), "dots": Ellipsis,
              "bytes": b"abc", "tensor": kerasedu.ops.ones((2,))}
    data = json.loads(json.dumps(serialize_keras_object(values)))
    assert data["array"] == {"class_name": "__numpy__",
                             "config": {"value": [[0, 1, 2], [3, 4, 5]], "dtype": "int16"}}
    assert data["scalar"] == 1.5 and data["tuple"] == [1, [2, 3]]
    restored = deserialize_keras_object(data)
    assert restored["array"].dtype == np.int16
    np.testing.assert_array_equal(restored["array"], values["array"])
    assert restored["slice"] == slice(1, None, 2) and restored["dots"] is Ellipsis
    assert restored["bytes"] == b"abc"
    np.testing.assert_array_equal(restored["tensor"].numpy(), [1.0, 1.0])


def test_python_lambdas_load_only_outside_safe_mode():
    data = serialize_keras_object(lambda x: x + 1)
    assert data["class_name"] == "__lambda__"
    with pytest.raises(ValueError, match="safe_mode=False"):
        deserialize_keras_object(data)
    assert deserialize_keras_object(data, safe_mode=False)(2) == 3
    with kerasedu.saving.safe_mode_scope(False):
        assert deserialize_keras_object(data)(4) == 5
    with kerasedu.saving.safe_mode_scope(True):
        with pytest.raises(ValueError, match="safe_mode=False"):
            deserialize_keras_object(data, safe_mode=False)


def test_lambda_layer_from_config_and_safe_mode():
    def make(k):
        return lambda t: t * k

    layer = layers.Lambda(make(3.0), output_shape=(2,))
    config = layer.get_config()
    assert config["function"]["class_name"] == "__lambda__"
    assert config["function"]["config"]["closure"] == (3.0,)
    with pytest.raises(ValueError, match="Lambda layer's Python lambda"):
        layers.Lambda.from_config(config)
    revived = layers.Lambda.from_config(config, safe_mode=False)
    np.testing.assert_allclose(revived(np.ones((1, 2), "float32")).numpy(), [[3.0, 3.0]])

    def double(t):
        return t * 2.0

    named = layers.Lambda(double).get_config()
    assert named["function"]["config"] == "double"
    with pytest.raises(UnknownObjectError, match="double"):
        layers.Lambda.from_config(named)
    revived = layers.Lambda.from_config(named, custom_objects={"double": double})
    assert revived.function is double


# ---------------------------------------------------------------------- custom objects


@register_keras_serializable(package="serialization_tests")
class Shift(Layer):
    def __init__(self, amount=0.0, **kwargs):
        super().__init__(**kwargs)
        self.amount = amount

    def call(self, inputs):
        return inputs + self.amount

    def get_config(self):
        return {**super().get_config(), "amount": self.amount}


class BigShift(Shift):
    """A subclass of a registered class is not registered itself."""


def test_registered_objects():
    assert get_custom_objects()["serialization_tests>Shift"] is Shift
    assert get_registered_name(Shift) == "serialization_tests>Shift"
    assert get_registered_name(BigShift) == "BigShift"
    assert get_registered_object("serialization_tests>Shift") is Shift
    data = serialize_keras_object(Shift(2.0))
    assert (data["module"], data["class_name"], data["registered_name"]) == \
        (__name__, "Shift", "serialization_tests>Shift")
    data["module"] = "a.module.nobody.imported"
    assert round_trip_data(data).amount == 2.0
    assert serialize_keras_object(BigShift(1.0))["registered_name"] == "BigShift"


def test_registered_layer_loads_from_a_file_without_custom_objects(tmp_path):
    model = kerasedu.Sequential([kerasedu.Input((2,)), Shift(3.0)])
    model.save(tmp_path / "shift.keras")
    loaded = kerasedu.models.load_model(tmp_path / "shift.keras")
    assert type(loaded.layers[0]) is Shift
    np.testing.assert_array_equal(loaded.predict(np.zeros((1, 2), "float32"), verbose=0),
                                  [[3.0, 3.0]])


def round_trip_data(data, **kwargs):
    return deserialize_keras_object(json.loads(json.dumps(data)), **kwargs)


def test_custom_objects_scope_and_module_lookup():
    Notebook = type("Notebook", (BigShift,), {"__module__": "__main__"})
    data = serialize_keras_object(Notebook(1.0))
    assert data["module"] is None and data["registered_name"] == "Notebook"
    with pytest.raises(TypeError, match="custom_objects"):
        round_trip_data(data)
    with pytest.raises(ValueError, match="custom_objects"):
        round_trip_data(data)
    assert type(round_trip_data(data, custom_objects={"Notebook": Notebook})) is Notebook
    with custom_object_scope({"Notebook": Notebook}):
        assert type(round_trip_data(data)) is Notebook
    assert type(round_trip(BigShift(1.0))) is BigShift   # found in this (imported) module


def test_keras_classes_kerasedu_lacks_are_named():
    data = {"module": "keras.layers", "class_name": "JaxLayer",
            "config": {"call_fn": None}, "registered_name": None}
    with pytest.raises(TypeError,
                       match="Keras's keras.layers.JaxLayer.*kerasedu does not"):
        deserialize_keras_object(data)


def test_shared_objects_load_once():
    initializer = {"module": "keras.initializers", "class_name": "Ones", "config": {},
                   "registered_name": None, "shared_object_id": 7}
    with kerasedu.serialization.object_sharing_scope():
        first, second = deserialize_keras_object([initializer, dict(initializer)])
    assert first is second
    assert deserialize_keras_object(initializer) is not deserialize_keras_object(initializer)


def test_keras_2_configs_still_load():
    layer = layers.deserialize({"class_name": "Dense", "config": {"units": 3}})
    assert isinstance(layer, layers.Dense) and layer.units == 3
    assert isinstance(deserialize_keras_object(
        {"class_name": "L2", "config": {"l2": 0.1}},
        module_objects=regularizers.ALL_OBJECTS_DICT), regularizers.L2)


# ---------------------------------------------------------------------- the keras.io guide


@register_keras_serializable(package="MyLayers")
class CustomLayer(Layer):
    def __init__(self, factor):
        super().__init__()
        self.factor = factor

    def call(self, x):
        return x * self.factor

    def get_config(self):
        return {"factor": self.factor}


def guide_classes():
    class CustomDense(Layer):
        def __init__(self, units=32):
            super().__init__()
            self.units = units

        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], self.units),
                                     initializer="random_normal", name="w")

        def call(self, x):
            return x @ self.w

        def get_config(self):
            return {"units": self.units}

    def custom_activation(x):
        return kerasedu.ops.tanh(x) ** 2

    CustomDense.__module__ = custom_activation.__module__ = "__main__"
    return {"CustomDense": CustomDense, "custom_activation": custom_activation}


def guide_model(objects):
    inputs = kerasedu.Input((6,))
    x = CustomLayer(0.5)(inputs)
    x = objects["CustomDense"](4)(x)
    outputs = layers.Activation(objects["custom_activation"])(x)
    model = kerasedu.Model(inputs, outputs)
    model.compile(optimizer="rmsprop", loss="mean_squared_error")
    return model


def test_guide_custom_layers_through_load_model(tmp_path):
    objects = guide_classes()
    model = guide_model(objects)
    x = np.random.default_rng(0).normal(size=(3, 6)).astype("float32")
    model.save(tmp_path / "custom_model.keras")
    with pytest.raises(TypeError, match="CustomDense"):
        kerasedu.models.load_model(tmp_path / "custom_model.keras")
    loaded = kerasedu.models.load_model(tmp_path / "custom_model.keras",
                                        custom_objects=objects)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    with custom_object_scope(objects):
        scoped = kerasedu.models.load_model(tmp_path / "custom_model.keras")
    np.testing.assert_array_equal(scoped.predict(x, verbose=0), model.predict(x, verbose=0))
    assert [type(layer).__name__ for layer in loaded.layers] == \
        ["InputLayer", "CustomLayer", "CustomDense", "Activation"]


def test_guide_custom_layers_through_from_config_and_clone_model():
    objects = guide_classes()
    model = guide_model(objects)
    config = model.get_config()
    with custom_object_scope(objects):
        rebuilt = kerasedu.Model.from_config(config)
        clone = kerasedu.models.clone_model(model)
    for new in (rebuilt, clone):
        assert [type(layer) for layer in new.layers] == [type(layer) for layer in model.layers]
        assert [w.shape for w in new.weights] == [w.shape for w in model.weights]
    assert clone.optimizer is None
    sequential = kerasedu.Sequential([kerasedu.Input((6,)), CustomLayer(2.0),
                                      objects["CustomDense"](3)])
    with custom_object_scope(objects):
        again = kerasedu.Sequential.from_config(sequential.get_config())
    assert again.layers[0].factor == 2.0 and again.layers[1].units == 3


def test_enable_unsafe_deserialization_lasts_for_the_session(monkeypatch):
    from kerasedu.serialization import registry
    monkeypatch.setattr(registry, "_SAFE_MODE", [None])
    data = serialize_keras_object(lambda x: x * 3)
    kerasedu.saving.enable_unsafe_deserialization()
    assert deserialize_keras_object(data)(2) == 6
    with kerasedu.saving.safe_mode_scope(True):
        with pytest.raises(ValueError, match="safe_mode=False"):
            deserialize_keras_object(data)
