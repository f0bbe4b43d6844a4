"""to_categorical, normalize and pad_sequences, checked against values worked out by hand."""

import numpy as np
import pytest

from kerasedu.backend import gradients
from kerasedu.backend.tensor import Tensor, Variable
from kerasedu.preprocessing import sequence as preprocessing_sequence
from kerasedu.utils import normalize, np_utils, pad_sequences, to_categorical


# to_categorical.

def test_to_categorical_one_hot_rows():
    np.testing.assert_array_equal(
        to_categorical([0, 2, 1]), [[1, 0, 0], [0, 0, 1], [0, 1, 0]])


@pytest.mark.parametrize("shape, expected", [
    ((5,), (5, 4)), ((5, 1), (5, 4)), ((2, 3), (2, 3, 4)), ((2, 3, 1), (2, 3, 4)),
    ((1,), (1, 4)), ((1, 1), (1, 4)), ((), (4,)),
])
def test_to_categorical_shapes(shape, expected):
    labels = np.full(shape, 3)
    out = to_categorical(labels)
    assert out.shape == expected
    assert out.dtype == np.float32
    assert np.all(out[..., 3] == 1) and out.sum() == labels.size


def test_to_categorical_num_classes_and_dtype():
    out = to_categorical(np.array([[1], [0]]), num_classes=3, dtype="int8")
    np.testing.assert_array_equal(out, [[0, 1, 0], [1, 0, 0]])
    assert out.dtype == np.int8
    assert to_categorical([1, 0], num_classes=0).shape == (2, 2)     # 0 means: infer
    assert to_categorical([], num_classes=3).shape == (0, 3)


def test_to_categorical_accepts_tensors():
    out = to_categorical(Tensor(np.array([2, 0])), 3)
    np.testing.assert_array_equal(out, [[0, 0, 1], [1, 0, 0]])


def test_to_categorical_errors():
    with pytest.raises(IndexError, match="label 3"):
        to_categorical([0, 3], num_classes=3)
    with pytest.raises(ValueError, match="label -1"):
        to_categorical([0, -1])
    with pytest.raises(ValueError, match="num_classes=..."):
        to_categorical([])
    with pytest.raises(ValueError, match="positive integer"):
        to_categorical([1], num_classes=2.5)


def test_np_utils_is_the_keras_2_module():
    assert np_utils.to_categorical is to_categorical
    assert np_utils.normalize is normalize


# normalize.

def test_normalize_rows():
    out = normalize(np.array([[3.0, 4.0], [0.0, 0.0], [1.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0], [1.0, 0.0]])


def test_normalize_axis_0_and_orders():
    x = np.array([[3.0, 1.0], [4.0, -1.0]])
    np.testing.assert_allclose(normalize(x, axis=0), [[0.6, 2 ** -0.5], [0.8, -(2 ** -0.5)]])
    np.testing.assert_allclose(normalize(x, order=1), [[0.75, 0.25], [0.8, -0.2]])
    np.testing.assert_allclose(normalize(x, order=np.inf), [[1.0, 1 / 3], [1.0, -0.25]])
    v = np.array([3.0, 4.0])
    np.testing.assert_allclose(normalize(v, axis=None), [0.6, 0.8])


def test_normalize_keeps_float32():
    assert normalize(np.ones((2, 3), "float32")).dtype == np.float32


@pytest.mark.parametrize("order", [1, 2, 3, np.inf])
def test_normalize_tensor_matches_numpy_and_is_differentiable(order):
    x = np.array([[3.0, -4.0, 1.0], [0.0, 0.0, 0.0]])
    v = Variable(x, dtype="float64")
    out = normalize(v, order=order)
    assert isinstance(out, Tensor)
    np.testing.assert_allclose(out.numpy(), normalize(x, order=order))
    (grad,) = gradients(out[0, 0], [v])
    if order == 2:
        # d(x0/|x|)/dx = (|x|² e0 − x0 x) / |x|³ with |x| = sqrt(26)
        n = np.sqrt(26.0)
        np.testing.assert_allclose(grad[0], (n ** 2 * np.eye(3)[0] - 3 * x[0]) / n ** 3)
    assert np.all(np.isfinite(grad))


# pad_sequences.

def test_pad_sequences_defaults_pad_and_truncate_at_the_start():
    out = pad_sequences([[1, 2, 3], [4, 5], [6]])
    np.testing.assert_array_equal(out, [[1, 2, 3], [0, 4, 5], [0, 0, 6]])
    assert out.dtype == np.int32
    np.testing.assert_array_equal(pad_sequences([[1, 2, 3, 4], [5]], maxlen=2),
                                  [[3, 4], [0, 5]])


def test_pad_sequences_post():
    out = pad_sequences([[1, 2, 3, 4], [5]], maxlen=3, padding="post", truncating="post",
                        value=-1)
    np.testing.assert_array_equal(out, [[1, 2, 3], [5, -1, -1]])


def test_pad_sequences_items_with_shape_and_float_dtype():
    out = pad_sequences([np.ones((2, 3)), np.zeros((1, 3))], dtype="float32", value=0.5)
    assert out.shape == (2, 2, 3)
    np.testing.assert_array_equal(out[1, 0], [0.5] * 3)
    np.testing.assert_array_equal(out[1, 1], [0.0] * 3)


def test_pad_sequences_empty_sequences_are_all_padding():
    np.testing.assert_array_equal(pad_sequences([[], [7]], maxlen=2), [[0, 0], [0, 7]])


def test_pad_sequences_errors():
    with pytest.raises(ValueError, match="`sequences` must be iterable."):
        pad_sequences(5)
    with pytest.raises(ValueError, match="Found non-iterable: 1"):
        pad_sequences([1, 2])
    with pytest.raises(ValueError, match='Padding type "middle" not understood'):
        pad_sequences([[1]], padding="middle")
    with pytest.raises(ValueError, match="dtype=object"):
        pad_sequences([[1]], value="x")


def test_keras_2_path_is_the_same_function():
    assert preprocessing_sequence.pad_sequences is pad_sequences
