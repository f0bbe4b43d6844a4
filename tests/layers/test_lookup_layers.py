"""StringLookup and IntegerLookup: Keras's documented outputs, adapt, invert, output modes,
and a saved model that reloads with its adapted vocabulary."""

import numpy as np
import pytest

import kerasedu
from kerasedu import layers


def test_string_lookup_documented_example():
    layer = layers.StringLookup(vocabulary=["a", "b", "c", "d"])
    np.testing.assert_array_equal(layer([["a", "c", "d"], ["d", "z", "b"]]),
                                  [[1, 3, 4], [4, 0, 2]])
    inverse = layers.StringLookup(vocabulary=["a", "b", "c", "d"], invert=True)
    np.testing.assert_array_equal(inverse(np.array([[1, 3, 4], [4, 0, 2]])),
                                  [[b"a", b"c", b"d"], [b"d", b"[UNK]", b"b"]])


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


def test_saved_file_holds_keras_vocabulary_asset_and_idf_weights(tmp_path):
    import zipfile
    lookup = layers.StringLookup(output_mode="tf_idf", name="words")
    lookup.adapt([["x", "y", "x"], ["y", "z", "w"]])
    x = kerasedu.Input(shape=(3,), dtype="string")
    model = kerasedu.Model(x, lookup(x))
    model.save(tmp_path / "tfidf.keras")
    with zipfile.ZipFile(tmp_path / "tfidf.keras") as archive:
        text = archive.read("assets/layers/string_lookup/vocabulary.txt").decode()
    assert text.splitlines() == lookup.get_vocabulary()
    loaded = kerasedu.saving.load_model(tmp_path / "tfidf.keras")
    data = np.array([["x", "w", "q"]])
    np.testing.assert_allclose(loaded(data), model(data))


def test_integer_lookup_from_a_vocabulary_file_and_bad_vocabularies(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("7\n3\n9\n")
    layer = layers.IntegerLookup(vocabulary=str(path), mask_token=0)
    assert layer.get_vocabulary() == [0, -1, 7, 3, 9]
    np.testing.assert_array_equal(layer([[9, 0, 5]]), [[4, 0, 1]])
    with pytest.raises(ValueError, match="repeat"):
        layers.StringLookup(vocabulary=["a", "a"])
    with pytest.raises(ValueError, match="does not exist"):
        layers.StringLookup(vocabulary=str(tmp_path / "missing.txt"))
    with pytest.raises(ValueError, match="invert"):
        layers.StringLookup(vocabulary=["a"], invert=True, output_mode="count")


@pytest.mark.parametrize("make, words", [
    (lambda: layers.StringLookup(num_oov_indices="1"), "num_oov_indices='1'"),
    (lambda: layers.StringLookup(num_oov_indices=1.5), "num_oov_indices=1.5"),
    (lambda: layers.IntegerLookup(num_oov_indices=-1), "num_oov_indices=-1"),
    (lambda: layers.StringLookup(max_tokens="10"), "max_tokens='10'"),
    (lambda: layers.IntegerLookup(max_tokens=True), "max_tokens=True"),
    (lambda: layers.TextVectorization(max_tokens=2.5), "max_tokens=2.5"),
    (lambda: layers.Discretization(num_bins="4"), "num_bins='4'"),
    (lambda: layers.Discretization(num_bins=4, epsilon="0.01"), "epsilon='0.01'"),
    (lambda: layers.Discretization(num_bins=4, epsilon=0), "epsilon=0"),
])
def test_counts_and_tolerances_that_are_not_numbers_are_refused_by_name(make, words):
    with pytest.raises(ValueError, match=words) as error:
        make()
    assert "For example" in str(error.value)
