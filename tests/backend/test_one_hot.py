"""ops.one_hot: values as Keras 3 gives them, and no gradient through class indices."""

import numpy as np
import pytest

from kerasedu import ops
from kerasedu.backend.autodiff import GradientTape


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_one_hot_places_the_new_axis_where_asked(axis):
    x = np.array([[1, 2], [0, 3]])
    out = ops.one_hot(x, 4, axis=axis).numpy()
    expected = np.moveaxis(np.eye(4, dtype="float32")[x], -1, axis)
    assert out.dtype == np.float32 and out.shape == expected.shape
    np.testing.assert_array_equal(out, expected)


def test_one_hot_of_float_labels_and_out_of_range_indices():
    out = ops.one_hot(np.array([2.0, 0.0, -1.0, 5.0], "float32"), 3, dtype="int32").numpy()
    np.testing.assert_array_equal(out, [[0, 0, 1], [1, 0, 0], [0, 0, 0], [0, 0, 0]])
    assert out.dtype == np.int32


def test_one_hot_passes_no_gradient_to_its_indices():
    labels = ops.cast(ops.ones((3,)), "float64")
    with GradientTape() as tape:
        tape.watch(labels)
        out = ops.sum(ops.one_hot(labels, 2, dtype="float64"))
    assert tape.gradient(out, labels) is None
    assert float(out.numpy()) == 3.0


def test_one_hot_rejects_sparse_and_strings():
    with pytest.raises(ValueError, match="sparse"):
        ops.one_hot([1], 2, sparse=True)
    with pytest.raises(ValueError, match="integer class indices"):
        ops.one_hot(np.array(["a"]), 2)


@pytest.mark.parity
def test_one_hot_matches_keras(keras):
    x = np.array([[3, 0, 1], [2, 2, 4]])
    for axis in (-1, 1):
        np.testing.assert_array_equal(
            ops.one_hot(x, 5, axis=axis).numpy(),
            keras.ops.convert_to_numpy(keras.ops.one_hot(x, 5, axis=axis)))
