"""A student's own layer and model between kerasedu and Keras 3: the same class written once for
each library and registered under the same name (``course>Scale``), or passed in
``custom_objects``, saved by one and loaded by the other with the same predictions."""

import numpy as np
import pytest

import kerasedu

from interop_helpers import assert_same_predictions, library, randomize

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(5)


def scale_class(module, register):
    """A layer with one weight per feature: y = x * factor * scale (the guide's pattern: its
    get_config returns only its own arguments)."""

    class Scale(module.layers.Layer):
        def __init__(self, factor=1.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def build(self, input_shape):
            self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones",
                                         name="scale")

        def call(self, inputs):
            return inputs * self.scale * self.factor

        def get_config(self):
            return {"factor": self.factor}

    if register:
        Scale = module.saving.register_keras_serializable(package="course")(Scale)
    return Scale


def two_branches_class(module):
    """A subclassed model with sublayers in attributes and in a list."""

    @module.saving.register_keras_serializable(package="course")
    class TwoBranches(module.Model):
        def __init__(self, units=3, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.left = module.layers.Dense(units, activation="tanh")
            self.blocks = [module.layers.Dense(units), module.layers.Dense(units)]
            self.head = module.layers.Dense(1)

        def call(self, inputs):
            hidden = self.left(inputs)
            for block in self.blocks:
                hidden = hidden + block(hidden)
            return self.head(hidden)

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    return TwoBranches


@pytest.fixture(scope="module")
def classes(keras):
    return {"kerasedu": scale_class(kerasedu, True), "keras": scale_class(keras, True)}


def scale_model(keras, which, Scale):
    module, L = library(keras, which)
    inputs = module.Input((4,))
    hidden = Scale(2.0)(L.Dense(4)(inputs))
    return module.Model(inputs, L.Dense(2)(hidden))


def load(keras, which, path, **kwargs):
    return (kerasedu.models.load_model(path, **kwargs) if which == "kerasedu"
            else keras.saving.load_model(path, **kwargs))


@pytest.mark.parametrize("source", ["kerasedu", "keras"])
def test_registered_custom_layer_round_trip(source, classes, keras, tmp_path):
    target = "keras" if source == "kerasedu" else "kerasedu"
    model = scale_model(keras, source, classes[source])
    randomize(model)
    model.save(tmp_path / "m.keras")
    loaded = load(keras, target, tmp_path / "m.keras")
    assert type(loaded.layers[2]) is classes[target]
    assert loaded.layers[2].factor == 2.0
    x = RNG.normal(size=(3, 4)).astype("float32")
    assert_same_predictions(model, loaded, x)
    model.save_weights(tmp_path / "m.weights.h5")
    fresh = scale_model(keras, target, classes[target])
    fresh.load_weights(tmp_path / "m.weights.h5")
    assert_same_predictions(model, fresh, x)


@pytest.mark.parametrize("source", ["kerasedu", "keras"])
def test_custom_layer_through_custom_objects(source, keras, tmp_path):
    target = "keras" if source == "kerasedu" else "kerasedu"
    mine = {"kerasedu": scale_class(kerasedu, False), "keras": scale_class(keras, False)}
    model = scale_model(keras, source, mine[source])
    randomize(model)
    model.save(tmp_path / "m.keras")
    loaded = load(keras, target, tmp_path / "m.keras", custom_objects={"Scale": mine[target]})
    assert_same_predictions(model, loaded, RNG.normal(size=(3, 4)).astype("float32"))


@pytest.mark.parametrize("source", ["kerasedu", "keras"])
def test_registered_subclassed_model_round_trip(source, keras, tmp_path):
    target = "keras" if source == "kerasedu" else "kerasedu"
    models = {"kerasedu": two_branches_class(kerasedu), "keras": two_branches_class(keras)}
    x = RNG.normal(size=(6, 5)).astype("float32")
    model = models[source](units=4)
    model(x[:1])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, x[:, :1], epochs=2, batch_size=3, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = load(keras, target, tmp_path / "m.keras")
    assert type(loaded) is models[target] and loaded.units == 4
    assert_same_predictions(model, loaded, x)
    assert int(np.asarray(loaded.optimizer.iterations.numpy())) == 4
