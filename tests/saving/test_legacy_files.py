"""Files saved by kerasedu 0.1 (weights in .npz) still load, with the same predictions and the
optimizer's state.

The files in ``fixtures/kerasedu_0_1`` were written by kerasedu 0.1 (commit 836e4b4): a
Sequential model (Dense, BatchNormalization, Dropout, Dense; Adam, trained two epochs) saved
with ``model.save`` and ``model.save_weights('....weights.npz')``, and a two-input functional
model (Dense branch; Embedding + LSTM branch; Concatenate; SGD with momentum, trained one
epoch) saved with ``model.save``. ``expected.npz`` holds their inputs, predictions and step
counts at saving time.
"""

import pathlib

import numpy as np
import pytest

import kerasedu
from kerasedu import layers, optimizers
from kerasedu.models import load_model

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "kerasedu_0_1"


@pytest.fixture(scope="module")
def expected():
    with np.load(FIXTURES / "expected.npz") as stored:
        return {name: stored[name] for name in stored.files}


def assert_same_predictions(actual, saved):
    """Predictions equal to those saved, up to float32 rounding: the LSTM's compiled loop sums
    in an order set by the processor's vector width, so another machine may differ in the last
    bit."""
    np.testing.assert_allclose(actual, saved, rtol=1e-5, atol=1e-6)


def sequential_like_the_fixture():
    model = kerasedu.Sequential([kerasedu.Input((6,)), layers.Dense(5, activation="relu"),
                                 layers.BatchNormalization(), layers.Dropout(0.1),
                                 layers.Dense(3, activation="softmax")])
    model.compile(optimizers.Adam(0.01), "sparse_categorical_crossentropy")
    return model


def test_sequential_keras_file(expected):
    model = load_model(FIXTURES / "sequential.keras")
    np.testing.assert_array_equal(model.predict(expected["x"], verbose=0),
                                  expected["sequential"])
    assert type(model.optimizer) is optimizers.Adam
    assert int(model.optimizer.iterations.numpy()) == int(expected["sequential_iterations"])
    assert model.optimizer.learning_rate.numpy() == pytest.approx(0.01)
    assert [type(layer).__name__ for layer in model.layers] == \
        ["Dense", "BatchNormalization", "Dropout", "Dense"]
    moving_variance = model.layers[1].moving_variance.numpy()
    assert not np.allclose(moving_variance, 1.0)      # the trained statistics came back


def test_functional_keras_file(expected):
    model = load_model(FIXTURES / "functional.keras")
    inputs = [expected["x"], expected["tokens"]]
    assert_same_predictions(model.predict(inputs, verbose=0), expected["functional"])
    assert model.input_names == ["features", "tokens"]
    assert model.output.shape == (None, 1)                  # one output, not a list of one
    assert type(model.optimizer) is optimizers.SGD and model.optimizer.momentum == 0.9
    assert int(model.optimizer.iterations.numpy()) == int(expected["functional_iterations"])


@pytest.mark.parametrize("name", ["sequential.weights.npz", "sequential.keras"])
def test_load_weights_from_old_files(name, expected):
    model = sequential_like_the_fixture()
    model.load_weights(FIXTURES / name)
    np.testing.assert_array_equal(model.predict(expected["x"], verbose=0),
                                  expected["sequential"])
    assert int(model.optimizer.iterations.numpy()) == int(expected["sequential_iterations"])


def test_old_weights_that_do_not_fit_change_nothing():
    model = kerasedu.Sequential([kerasedu.Input((6,)), layers.Dense(4),
                                 layers.BatchNormalization(), layers.Dense(3)])
    before = [w.numpy().copy() for w in model.weights]
    with pytest.raises(ValueError, match="No weight was changed"):
        model.load_weights(FIXTURES / "sequential.weights.npz")
    for old, weight in zip(before, model.weights):
        np.testing.assert_array_equal(old, weight.numpy())


def test_an_old_model_saved_again_is_in_keras_format(tmp_path, expected):
    model = load_model(FIXTURES / "functional.keras")
    model.save(tmp_path / "new.keras")
    again = load_model(tmp_path / "new.keras")
    inputs = [expected["x"], expected["tokens"]]
    assert_same_predictions(again.predict(inputs, verbose=0), expected["functional"])
    assert kerasedu.saving.serialize_model(again)["module"] == "keras.src.models.functional"
