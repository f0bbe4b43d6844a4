"""Whole models between kerasedu and Keras 3, both ways, through ``.keras`` and
``.weights.h5``: a CNN with BatchNormalization, an Embedding + Bidirectional LSTM + GRU stack
and a model with several inputs merged, each trained briefly so that the moving statistics and
the optimizer's state are not their initial values. Predictions agree within float32
tolerance, the optimizer's state arrives (Keras saves it in both formats), and training goes on
from it the same way in the other library."""

import numpy as np
import pytest

import kerasedu

from interop_helpers import (assert_same_optimizer_state, assert_same_predictions,
                             assert_same_weights, compiled_and_built, library,
                             optimizer_state, randomize, trained)

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(3)


def cnn(keras, which):
    module, L = library(keras, which)
    return module.Sequential([
        module.Input((8, 8, 1)),
        L.Conv2D(4, 3, padding="same", activation="relu"),
        L.BatchNormalization(),
        L.MaxPooling2D(),
        L.Conv2D(3, 3),
        L.BatchNormalization(momentum=0.9),
        L.GlobalAveragePooling2D(),
        L.Dense(3, activation="softmax"),
    ])


def recurrent_stack(keras, which):
    module, L = library(keras, which)
    tokens = module.Input((7,), dtype="int32")
    x = L.Embedding(20, 4, mask_zero=True)(tokens)
    x = L.Bidirectional(L.LSTM(3, return_sequences=True))(x)
    x = L.GRU(3)(x)
    return module.Model(tokens, L.Dense(2, activation="softmax")(x))


def merged_inputs(keras, which):
    module, L = library(keras, which)
    image = module.Input((6,), name="image")
    extra = module.Input((3,), name="extra")
    words = module.Input((4,), dtype="int32", name="words")
    a = L.Dense(5, activation="relu")(image)
    a = L.Dense(4)(a)
    b = L.Dense(4, activation="tanh")(extra)
    c = L.GlobalAveragePooling1D()(L.Embedding(10, 4)(words))
    added = L.Add()([a, b, c])
    joined = L.Concatenate()([added, L.Multiply()([a, c]), L.Dot(axes=1)([b, c])])
    return module.Model([image, extra, words], L.Dense(1)(joined))


MODELS = {
    # name: (builder, data, loss)
    "cnn": (cnn, lambda: (RNG.normal(size=(12, 8, 8, 1)).astype("float32"),
                          RNG.integers(0, 3, 12)), "sparse_categorical_crossentropy"),
    "recurrent": (recurrent_stack,
                  lambda: (np.where(RNG.random((12, 7)) < 0.2, 0, RNG.integers(1, 20, (12, 7))
                                    ).astype("int32"), RNG.integers(0, 2, 12)),
                  "sparse_categorical_crossentropy"),
    "merged": (merged_inputs, lambda: ([RNG.normal(size=(12, 6)).astype("float32"),
                                        RNG.normal(size=(12, 3)).astype("float32"),
                                        RNG.integers(0, 10, (12, 4)).astype("int32")],
                                       RNG.normal(size=(12, 1)).astype("float32")), "mse"),
}


def load(keras, which, path, **kwargs):
    return (kerasedu.models.load_model(path, **kwargs) if which == "kerasedu"
            else keras.saving.load_model(path, **kwargs))


def fit_once(model, x, y):
    model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)


@pytest.mark.parametrize("source", ["kerasedu", "keras"])
@pytest.mark.parametrize("name", sorted(MODELS))
def test_round_trip_through_keras_and_weights_files(name, source, keras, tmp_path):
    build, make_data, loss = MODELS[name]
    target = "keras" if source == "kerasedu" else "kerasedu"
    x, y = make_data()
    model = trained(build(keras, source), x, y, loss)
    model.save(tmp_path / "m.keras")
    model.save_weights(tmp_path / "m.weights.h5")

    loaded = load(keras, target, tmp_path / "m.keras")
    assert_same_predictions(model, loaded, x)
    assert_same_weights(model, loaded)
    assert int(np.asarray(loaded.optimizer.iterations.numpy())) == 6
    assert_same_optimizer_state(model, loaded)

    fresh = build(keras, target)
    fresh.load_weights(tmp_path / "m.weights.h5")
    assert_same_predictions(model, fresh, x)
    assert_same_weights(model, fresh)
    compiled = compiled_and_built(build(keras, target), loss)
    compiled.load_weights(tmp_path / "m.weights.h5")
    assert_same_optimizer_state(model, compiled)

    if name == "merged":   # the optimizer's slots are reordered between the two libraries
        fit_once(model, x, y)
        fit_once(loaded, x, y)
        assert_same_predictions(model, loaded, x, rtol=1e-4, atol=1e-4)


def test_weights_file_has_keras_layout(keras, tmp_path):
    """The groups and datasets kerasedu writes are the ones Keras writes for the same model."""
    import h5py

    def layout(path):
        found = []
        with h5py.File(path, "r") as f:
            f.visititems(lambda name, obj: found.append(
                (name, tuple(obj.shape) if isinstance(obj, h5py.Dataset) else None)))
        return sorted(found)

    x, y = MODELS["merged"][1]()
    for which in ("kerasedu", "keras"):
        trained(merged_inputs(keras, which), x, y, "mse").save_weights(
            tmp_path / f"{which}.weights.h5")
    assert layout(tmp_path / "kerasedu.weights.h5") == layout(tmp_path / "keras.weights.h5")


@pytest.mark.parametrize("optimizer", ["SGD", "RMSprop", "Adagrad", "Adadelta", "Adam",
                                       "Adamax", "Nadam", "AdamW", "Adam_amsgrad",
                                       "RMSprop_centered", "SGD_momentum"])
def test_optimizer_state_reaches_keras_in_its_order(optimizer, keras, tmp_path):
    name, _, option = optimizer.partition("_")
    kwargs = {"amsgrad": {"amsgrad": True}, "centered": {"centered": True},
              "momentum": {"momentum": 0.9}}.get(option, {})
    x, y = MODELS["merged"][1]()
    model = trained(merged_inputs(keras, "kerasedu"), x, y, "mse",
                    optimizer=getattr(kerasedu.optimizers, name)(**kwargs))
    model.save(tmp_path / "m.keras")
    theirs = keras.saving.load_model(tmp_path / "m.keras")
    assert type(theirs.optimizer).__name__ == name
    assert len(optimizer_state(theirs)) == len(optimizer_state(model))
    assert_same_optimizer_state(model, theirs)


def graph_features(keras, which):
    """Masking, a model used as a layer twice, a shared layer, and a Lambda."""
    module, L = library(keras, which)
    inner_in = module.Input((5, 4))
    inner = module.Model(inner_in, L.LSTM(3, return_sequences=True)(L.Masking()(inner_in)),
                         name="inner")
    inputs = module.Input((5, 4))
    shared = L.Dense(4, name="shared")
    left, right = inner(inputs), inner(shared(inputs))
    joined = L.Concatenate()([left, right])
    scaled = L.Lambda(lambda t: t * 2.0, output_shape=(5, 6))(joined)
    return module.Model(inputs, L.GlobalAveragePooling1D()(scaled))


@pytest.mark.parametrize("source", ["kerasedu", "keras"])
def test_nested_models_shared_layers_masks_and_lambdas(source, keras, tmp_path):
    target = "keras" if source == "kerasedu" else "kerasedu"
    model = graph_features(keras, source)
    randomize(model)
    x = RNG.normal(size=(3, 5, 4)).astype("float32")
    x[0, 3:] = 0.0
    model.save(tmp_path / "m.keras")
    loaded = load(keras, target, tmp_path / "m.keras", safe_mode=False)
    assert_same_predictions(model, loaded, x)
    model.save_weights(tmp_path / "m.weights.h5")
    fresh = graph_features(keras, target)
    fresh.load_weights(tmp_path / "m.weights.h5")
    assert_same_predictions(model, fresh, x)


def test_keras_operations_between_layers_load_in_kerasedu(keras, tmp_path):
    """Keras records ops (the mask of Masking, ``x * 2 + 1``, ``x[:, 0]``, ``ops.sum``) in the
    graph; kerasedu runs them and writes them back so that Keras reads them again."""
    inputs = keras.Input((5, 3))
    x = keras.layers.LSTM(2, return_sequences=True)(keras.layers.Masking()(inputs))
    x = (x * 2.0 + 1.0)[:, 0]
    model = keras.Model(inputs, keras.ops.sum(x, axis=-1, keepdims=True))
    data = RNG.normal(size=(4, 5, 3)).astype("float32")
    data[0, 3:] = 0.0
    model.save(tmp_path / "ops.keras")
    ours = kerasedu.models.load_model(tmp_path / "ops.keras")
    assert_same_predictions(ours, model, data)
    ours.save(tmp_path / "again.keras")
    assert_same_predictions(keras.saving.load_model(tmp_path / "again.keras"), model, data)


def test_keras_operation_with_a_constant_first_loads_and_saves_back(keras, tmp_path):
    """``1.0 - x`` is Keras's Subtract with the constant first in its node: kerasedu records
    the same, runs it, and writes it back so that Keras reads it again."""
    inputs = keras.Input((3,))
    model = keras.Model(inputs, 1.0 - keras.layers.Dense(2)(inputs))
    model.save(tmp_path / "rsub.keras")
    ours = kerasedu.models.load_model(tmp_path / "rsub.keras")
    data = RNG.normal(size=(4, 3)).astype("float32")
    assert_same_predictions(ours, model, data)
    ours.save(tmp_path / "again.keras")
    assert_same_predictions(keras.saving.load_model(tmp_path / "again.keras"), model, data)