"""StringLookup and IntegerLookup: Keras's documented outputs, adapt, invert, output modes,
and a saved model that reloads with its adapted vocabulary."""

import numpy as np

import kerasedu
from kerasedu import layers


def test_string_lookup_documented_example():
    layer = layers.StringLookup(vocabulary=["a", "b", "c", "d"])
    np.testing.assert_array_equal(layer([["a", "c", "d"], ["d", "z", "b"]]),
                                  [[1, 3, 4], [4, 0, 2]])
    inverse = layers.StringLookup(vocabulary=["a", "b", "c", "d"], invert=True)
    np.testing.assert_array_equal(inverse(np.array([[1, 3, 4], [4, 0, 2]])),
                                  [["a", "c", "d"], ["d", "[UNK]", "b"]])


def test_integer_lookup_documented_example():
    layer = layers.IntegerLookup(vocabulary=[12, 36, 1138, 42])
    np.testing.assert_array_equal(layer([[12, 1138, 42], [42, 1000, 36]]),
                                  [[1, 3, 4], [4, 0, 2]])


def test_adapt_orders_by_frequency_and_tf_idf():
    layer = layers.StringLookup(output_mode="tf_idf")
    layer.adapt([["a", "b", "a"], ["c", "a", "d"]])
    assert layer.get_vocabulary() == ["[UNK]", "a", "d", "c", "b"]
    out = np.asarray(layer([["a", "d"]]))
    np.testing.assert_allclose(out[0, 1:3], [np.log(1 + 2 / 3), np.log(1 + 2 / 2)], rtol=1e-6)


def test_saved_model_keeps_the_adapted_vocabulary(tmp_path):
    lookup = layers.StringLookup(output_mode="multi_hot")
    lookup.adapt(np.array([["x", "y"], ["y", "z"]]))
    x = kerasedu.Input(shape=(2,), dtype="string")
    model = kerasedu.Model(x, lookup(x))
    model.save(tmp_path / "lookup.keras")
    loaded = kerasedu.saving.load_model(tmp_path / "lookup.keras")
    data = np.array([["z", "q"], ["x", "y"]])
    np.testing.assert_array_equal(loaded(data), model(data))
