"""TextVectorization: Keras's documented outputs, standardize and split options (callables on
numpy string arrays), n-grams, sequence lengths, every output mode, adapt, and saving."""

import numpy as np
import pytest

import kerasedu
from kerasedu import layers


def test_documented_vocabulary_and_padding():
    layer = layers.TextVectorization(max_tokens=5000, output_mode="int",
                                     output_sequence_length=4,
                                     vocabulary=["earth", "wind", "and", "fire"])
    assert layer.get_vocabulary() == ["", "[UNK]", "earth", "wind", "and", "fire"]
    np.testing.assert_array_equal(layer(["earth wind and fire"]), [[2, 3, 4, 5]])
    np.testing.assert_array_equal(layer(["Fire, AND sky"]), [[5, 4, 1, 0]])
    np.testing.assert_array_equal(layer(["a b c d e f"]), [[1, 1, 1, 1]])   # cut to 4


def test_adapt_orders_by_count_then_token_and_pads_to_the_longest_row():
    layer = layers.TextVectorization()
    layer.adapt(np.array([["the cat sat"], ["the dog ran"]]))
    assert layer.get_vocabulary() == ["", "[UNK]", "the", "sat", "ran", "dog", "cat"]
    np.testing.assert_array_equal(layer(["The cat!", "a dog ran far"]),
                                  [[2, 6, 0, 0], [1, 5, 4, 1]])


def test_callables_take_numpy_string_arrays():
    split = layers.TextVectorization(split=lambda t: [s.split("|") for s in t],
                                     vocabulary=["foo", "bar", "foobar"])
    np.testing.assert_array_equal(split(["foo|bar"]), [[4]])   # "|" stripped first (Keras)
    standardize = layers.TextVectorization(
        standardize=lambda t: np.char.replace(t, "-", " "), vocabulary=["foo", "bar"])
    np.testing.assert_array_equal(standardize(["foo-bar"]), [[2, 3]])


def test_characters_ngrams_and_counting_modes():
    chars = layers.TextVectorization(split="character", standardize=None,
                                     vocabulary=["a", "b"])
    np.testing.assert_array_equal(chars(["abca"]), [[2, 3, 1, 2]])
    grams = layers.TextVectorization(ngrams=2, output_mode="count",
                                     vocabulary=["a", "b", "a b"])
    np.testing.assert_array_equal(grams(["a b a b c"]), [[3, 2, 2, 2]])   # [UNK]: c, b a, b c
    multi = layers.TextVectorization(output_mode="multi_hot", vocabulary=["x", "y"],
                                     pad_to_max_tokens=True, max_tokens=6)
    np.testing.assert_array_equal(multi(["y y"]), [[0, 0, 1, 0, 0, 0]])
    tfidf = layers.TextVectorization(output_mode="tf_idf")
    tfidf.adapt(["a b", "a c"])
    np.testing.assert_allclose(tfidf(["a a"])[0, 1], 2 * np.log(1 + 2 / 3), rtol=1e-6)


def test_bad_arguments():
    with pytest.raises(ValueError, match="ragged"):
        layers.TextVectorization(ragged=True)
    with pytest.raises(ValueError, match="output_sequence_length"):
        layers.TextVectorization(output_mode="count", output_sequence_length=3)
    with pytest.raises(ValueError, match="split"):
        layers.TextVectorization(split="comma")
    with pytest.raises(ValueError, match=r"\(batch,\) or \(batch, 1\)"):
        layers.TextVectorization(vocabulary=["a"])(np.array([["a", "b"]]))


def test_saved_model_reloads_the_adapted_vocabulary(tmp_path):
    layer = layers.TextVectorization(output_sequence_length=3, ngrams=(1, 2))
    layer.adapt(["red fish blue fish", "one fish"])
    x = kerasedu.Input(shape=(1,), dtype="string")
    model = kerasedu.Model(x, layer(x))
    assert model.output_shape == (None, 3)
    model.save(tmp_path / "text.keras")
    loaded = kerasedu.saving.load_model(tmp_path / "text.keras")
    data = np.array([["blue fish"], ["two fish"]])
    np.testing.assert_array_equal(loaded(data), model(data))
    assert loaded.layers[-1].get_vocabulary() == layer.get_vocabulary()


def test_sequential_models_and_datasets_take_text():
    model = kerasedu.Sequential([
        layers.TextVectorization(vocabulary=["a", "b"], output_sequence_length=3),
        layers.Embedding(5, 2)])
    assert model(np.array(["a b", "c"])).shape == (2, 3, 2)
    lookup = kerasedu.Sequential([kerasedu.Input(shape=(1,), dtype="string"),
                                  layers.StringLookup(vocabulary=["a", "b"])])
    np.testing.assert_array_equal(lookup(np.array([["a"], ["c"]])), [[1], [0]])

    class Texts(kerasedu.utils.PyDataset):
        def __len__(self):
            return 2

        def __getitem__(self, i):
            return np.array([["a b"], ["c a"]])[i:i + 1]

    layer = layers.TextVectorization()
    layer.adapt(Texts())
    assert layer.get_vocabulary() == ["", "[UNK]", "a", "c", "b"]
