"""The bundled UCI digits: known facts about the data and a deterministic split."""

import gzip
import hashlib
import os

import numpy as np
import pytest

from kerasedu.datasets import digits

UCI_CLASS_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
SKLEARN_FILE_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
FIRST_ROW_IMAGE = [
    [0, 0, 5, 13, 9, 1, 0, 0],
    [0, 0, 13, 15, 10, 15, 5, 0],
    [0, 3, 15, 2, 0, 11, 8, 0],
    [0, 4, 12, 0, 0, 8, 8, 0],
    [0, 5, 8, 0, 0, 9, 8, 0],
    [0, 4, 11, 0, 1, 12, 7, 0],
    [0, 2, 14, 5, 10, 12, 0, 0],
    [0, 0, 6, 13, 10, 0, 0, 0],
]


def all_digits():
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    return np.concatenate([x_train, x_test]), np.concatenate([y_train, y_test])


def test_bundled_file_is_the_scikit_learn_copy_with_its_license():
    with open(digits.DATA_PATH, "rb") as stream:
        assert hashlib.sha256(stream.read()).hexdigest() == SKLEARN_FILE_SHA256
    license_path = os.path.join(os.path.dirname(digits.DATA_PATH), "DIGITS_LICENSE.txt")
    with open(license_path) as stream:
        text = stream.read()
    assert "Alpaydin" in text and "Kaynak" in text and "CC BY 4.0" in text and "BSD" in text


def test_shapes_dtypes_and_default_split_sizes():
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    assert x_train.shape == (1437, 8, 8) and x_test.shape == (360, 8, 8)
    assert y_train.shape == (1437,) and y_test.shape == (360,)
    for array in (x_train, y_train, x_test, y_test):
        assert array.dtype == np.uint8


def test_values_are_the_uci_digits():
    x, y = all_digits()
    assert len(x) == 1797
    assert x.min() == 0 and x.max() == 16
    assert sorted(np.unique(y)) == list(range(10))
    np.testing.assert_array_equal(np.bincount(y), UCI_CLASS_COUNTS)


def test_first_csv_row_is_among_the_images_with_its_label():
    with gzip.open(digits.DATA_PATH, "rt") as stream:
        first_row = [int(float(value)) for value in stream.readline().split(",")]
    np.testing.assert_array_equal(np.reshape(first_row[:64], (8, 8)), FIRST_ROW_IMAGE)
    assert first_row[64] == 0

    x, y = all_digits()
    matches = np.flatnonzero((x == np.array(FIRST_ROW_IMAGE)).all(axis=(1, 2)))
    assert len(matches) == 1
    assert y[matches[0]] == 0


def test_split_is_a_seeded_permutation_of_the_rows():
    (x_train, y_train), (x_test, y_test) = digits.load_data(test_split=0.2, seed=113)
    (x_train_2, _), (x_test_2, _) = digits.load_data(test_split=0.2, seed=113)
    (x_train_other, _), _ = digits.load_data(test_split=0.2, seed=7)

    np.testing.assert_array_equal(x_train, x_train_2)
    np.testing.assert_array_equal(x_test, x_test_2)
    assert not np.array_equal(x_train, x_train_other)

    order = np.arange(1797)
    np.random.RandomState(113).shuffle(order)
    with gzip.open(digits.DATA_PATH, "rt") as stream:
        rows = [stream.readline() for _ in range(1797)]
    expected_first = np.array([int(float(v)) for v in rows[order[0]].split(",")])
    np.testing.assert_array_equal(x_train[0].ravel(), expected_first[:64])
    assert y_train[0] == expected_first[64]


def test_test_split_sets_the_sizes_and_zero_keeps_everything_for_training():
    (x_train, _), (x_test, _) = digits.load_data(test_split=0.5)
    assert (len(x_train), len(x_test)) == (898, 899)
    (x_train, _), (x_test, _) = digits.load_data(test_split=0.0)
    assert (len(x_train), len(x_test)) == (1797, 0)


@pytest.mark.parametrize("test_split", [-0.1, 1.0, 1.5])
def test_test_split_outside_zero_one_is_refused(test_split):
    with pytest.raises(ValueError, match="test_split"):
        digits.load_data(test_split=test_split)


def test_reader_recipe_gives_channels_last_floats_in_unit_range():
    (x_train, _), _ = digits.load_data()
    images = x_train.reshape(-1, 8, 8, 1) / 16.0
    assert images.shape == (1437, 8, 8, 1)
    assert images.min() == 0.0 and images.max() == 1.0
