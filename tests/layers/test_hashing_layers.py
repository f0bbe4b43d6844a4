"""Hashing and HashedCrossing put each value in Keras's bin: FarmHash Fingerprint64 and
SipHash-2-4 held to reference values, and the layers to the outputs Keras documents."""

import numpy as np
import pytest

import kerasedu
from kerasedu import layers
from kerasedu.layers.preprocessing.tabular.string_hashes import fingerprint64, siphash24

# FarmHash's own Fingerprint64 (the pyfarmhash bindings of Google's C++), one string for each
# of the algorithm's length branches: 0, 1-3, 4-7, 8-16, 17-32, 33-64 and the 64-byte loop.
FINGERPRINTS = [
    ("", 0x9ae16a3b2f90404f), ("k", 0x6394d20b061df62d), ("ker", 0x2ff67fa7c943f3bb),
    ("kera", 0xe70d84253459e9c3), ("kerased", 0xad43bff8e97e7058),
    ("kerasedu", 0xf016cef8de51a1c4), ("kerasedu" * 2, 0x4194354072fbf5ba),
    ("kerasedu" * 2 + "k", 0x24b48e317a20231b), ("kerasedu" * 4, 0x272456c254b0429f),
    ("kerasedu" * 4 + "k", 0x8a88ccb103eaaad7), ("kerasedu" * 8, 0xb8e752ee28235aad),
    ("kerasedu" * 8 + "k", 0xc7dbb354d3a55db9), ("kerasedu" * 16, 0xba2c8e61766ba309),
    ("kerasedu" * 16 + "k", 0x2d5f0dc5e45cbc08), ("kerasedu" * 25, 0xc0b5d7279a1d2fba),
]


@pytest.mark.parametrize("text, expected", FINGERPRINTS)
def test_fingerprint64_matches_farmhash(text, expected):
    assert fingerprint64(text) == expected


def test_siphash24_matches_the_reference_vectors():
    # the SipHash paper's key 00..0f and messages 00..(n-1)
    key = (0x0706050403020100, 0x0f0e0d0c0b0a0908)
    assert siphash24(b"", key) == 0x726fdb47dd0e0e31
    assert siphash24(bytes(range(8)), key) == 0x93f5f5799a932462
    assert siphash24(bytes(range(15)), key) == 0xa129ca6149be45e5


LETTERS = np.array([["A"], ["B"], ["C"], ["D"], ["E"]])


@pytest.mark.parametrize("kwargs, expected", [
    ({}, [1, 0, 1, 1, 2]),                              # Keras's docstring examples
    ({"salt": [133, 137]}, [1, 2, 1, 0, 2]),
    ({"salt": 133}, [0, 0, 2, 1, 0]),
])
def test_hashing_bins_match_keras(kwargs, expected):
    out = layers.Hashing(num_bins=3, **kwargs)(LETTERS)
    np.testing.assert_array_equal(np.asarray(out)[:, 0], expected)
    assert out.dtype == np.int64


def test_hashing_mask_value_takes_bin_zero():
    out = layers.Hashing(num_bins=3, mask_value="")([["A"], ["B"], [""], ["C"], ["D"]])
    np.testing.assert_array_equal(np.asarray(out)[:, 0], [1, 1, 0, 2, 2])   # Keras's test


def test_hashing_integers_hash_their_decimal_digits():
    layer = layers.Hashing(num_bins=7)
    np.testing.assert_array_equal(layer(np.array([[12], [305]])),
                                  layer(np.array([["12"], ["305"]])))


def test_hashing_output_modes_and_shapes():
    one_hot = layers.Hashing(num_bins=3, output_mode="one_hot")(LETTERS)
    np.testing.assert_array_equal(np.argmax(one_hot, -1), [1, 0, 1, 1, 2])
    count = layers.Hashing(num_bins=3, output_mode="count")(LETTERS.reshape(1, 5))
    np.testing.assert_array_equal(count, [[1, 3, 1]])
    x = kerasedu.Input(shape=(4,), dtype="string")
    assert layers.Hashing(num_bins=3, output_mode="multi_hot")(x).shape == (None, 3)


def test_hashed_crossing_matches_keras():
    a = np.array(["A", "B", "A", "B", "A"])
    b = np.array([101, 101, 101, 102, 102])
    np.testing.assert_array_equal(layers.HashedCrossing(num_bins=5)((a, b)), [1, 4, 1, 1, 3])
    one_hot = layers.HashedCrossing(num_bins=5, output_mode="one_hot")((a, b))
    np.testing.assert_array_equal(np.argmax(one_hot, -1), [1, 4, 1, 1, 3])


@pytest.mark.parametrize("make, match", [
    (lambda: layers.Hashing(num_bins=0), "num_bins"),
    (lambda: layers.Hashing(num_bins=2, salt="x"), "salt"),
    (lambda: layers.Hashing(num_bins=2, output_mode="tf_idf"), "output_mode"),
    (lambda: layers.Hashing(num_bins=2, output_mode="one_hot", sparse=True), "sparse"),
    (lambda: layers.HashedCrossing(num_bins=2)((np.array([1.0]), np.array([1.0]))),
     "integers or strings"),
    (lambda: layers.HashedCrossing(num_bins=2)(np.array([1])), "at least two"),
])
def test_bad_arguments_name_the_layer(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_saved_model_hashes_the_same(tmp_path):
    x = kerasedu.Input(shape=(1,), dtype="string")
    model = kerasedu.Model(x, layers.Hashing(num_bins=11, salt=[5, 7])(x))
    path = tmp_path / "hashing.keras"
    model.save(path)
    loaded = kerasedu.saving.load_model(path)
    data = np.array([["cat"], ["dog"], ["bird"]])
    np.testing.assert_array_equal(loaded(data), model(data))
