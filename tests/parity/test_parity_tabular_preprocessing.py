"""CategoryEncoding and Discretization against real Keras 3 on the same inputs. (Keras's
Hashing, HashedCrossing and lookup layers need TensorFlow, which the parity environment does
not install; tests/layers/test_hashing_layers.py holds them to Keras's documented values.)"""

import numpy as np
import pytest

import kerasedu
from kerasedu import layers

INDICES = np.array([[0, 1, 1, 3], [2, 2, 2, 0], [3, 3, 1, 0]])


@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count"])
def test_category_encoding_matches_keras(keras, mode):
    data = INDICES[:, :1] if mode == "one_hot" else INDICES
    ours = layers.CategoryEncoding(num_tokens=5, output_mode=mode)(data)
    theirs = keras.layers.CategoryEncoding(num_tokens=5, output_mode=mode)(data)
    np.testing.assert_array_equal(np.asarray(ours), np.asarray(theirs))
    weights = np.linspace(0.1, 1.2, 12).reshape(3, 4)
    if mode == "count":
        ours = layers.CategoryEncoding(5, "count")(INDICES, count_weights=weights)
        theirs = keras.layers.CategoryEncoding(5, "count")(INDICES, count_weights=weights)
        np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-6)


@pytest.mark.parametrize("mode", ["int", "one_hot", "multi_hot", "count"])
def test_discretization_adapt_matches_keras(keras, mode):
    rng = np.random.default_rng(0)
    train = [rng.normal(size=(64, 3)) for _ in range(3)]          # an iterable of batches
    ours = layers.Discretization(num_bins=5, epsilon=0.05, output_mode=mode)
    theirs = keras.layers.Discretization(num_bins=5, epsilon=0.05, output_mode=mode)
    ours.adapt(train)
    for batch in train:            # Keras's adapt() asks for TensorFlow; its steps do not
        theirs.update_state(batch)
    theirs.finalize_state()
    np.testing.assert_allclose(ours.bin_boundaries, theirs.bin_boundaries, rtol=1e-6)
    test = rng.normal(size=(4, 3)) if mode != "one_hot" else rng.normal(size=(4, 1))
    test = test.astype("float32")
    np.testing.assert_array_equal(np.asarray(ours(test)), np.asarray(theirs(test)))
    keys = ("bin_boundaries", "num_bins", "epsilon", "output_mode", "sparse")
    assert {k: ours.get_config()[k] for k in keys if k != "bin_boundaries"} == \
        {k: theirs.get_config()[k] for k in keys if k != "bin_boundaries"}


def test_discretization_saved_model_keeps_adapted_boundaries(tmp_path):
    layer = layers.Discretization(num_bins=4)
    layer.adapt(np.arange(100.0))
    x = kerasedu.Input(shape=(2,))
    model = kerasedu.Model(x, layer(x))
    model.save(tmp_path / "d.keras")
    loaded = kerasedu.saving.load_model(tmp_path / "d.keras")
    data = np.array([[1.0, 50.0], [30.0, 99.0]])
    np.testing.assert_array_equal(loaded(data), model(data))
    assert loaded.layers[-1].bin_boundaries == layer.bin_boundaries


def test_discretization_saved_by_kerasedu_opens_in_keras(keras, tmp_path):
    layer = layers.Discretization(num_bins=4)
    layer.adapt(np.arange(100.0))
    x = kerasedu.Input(shape=(2,))
    kerasedu.Model(x, layer(x)).save(tmp_path / "d.keras")
    theirs = keras.saving.load_model(tmp_path / "d.keras")
    data = np.array([[1.0, 50.0], [30.0, 99.0]])
    np.testing.assert_array_equal(np.asarray(theirs(data)), np.asarray(layer(data)))
