"""ops.sparse_categorical_crossentropy is one op with a hand-written gradient: it must give the
same losses as the chain −Σ one_hot · log(clip(p / Σp)) (or log_softmax for logits), and the
same gradients, including where the clip cuts the gradient off."""

import numpy as np
import pytest

from kerasedu.backend import Variable, config, ops
from kerasedu.backend.autodiff import gradients
from kerasedu.backend.gradcheck import assert_gradients_match
from kerasedu.backend.ops.math import clip, divide, log, multiply, negative
from kerasedu.backend.ops.nn import log_softmax
from kerasedu.backend.ops.reduction import sum as sum_


def chain_of_ops(labels, output, from_logits, axis):
    if from_logits:
        log_p = log_softmax(output, axis=axis)
    else:
        eps = config.epsilon()
        log_p = log(clip(divide(output, sum_(output, axis=axis, keepdims=True)), eps, 1 - eps))
    ax = axis % output.ndim
    one_hot = np.moveaxis(np.eye(output.shape[axis], dtype=output.dtype)[labels], -1, ax)
    return negative(sum_(multiply(log_p, one_hot), axis=ax))


def case(shape, axis, from_logits, dtype, seed):
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.01, 1, shape).astype(dtype)
    if not from_logits:             # sample 0 puts all its mass on class 0: q = 1 is clipped
        index = [0] * len(shape)
        index[axis] = slice(None)
        values[tuple(index)] = 0
        index[axis] = 0
        values[tuple(index)] = 1
    label_shape = tuple(n for i, n in enumerate(shape) if i != axis % len(shape))
    labels = rng.integers(0, shape[axis], label_shape)
    labels.flat[0] = 0
    return labels, Variable(values, dtype=dtype), rng


@pytest.mark.parametrize("from_logits", [False, True])
@pytest.mark.parametrize("shape,axis", [((6, 4), -1), ((3, 4, 6), 1), ((2, 3, 5), -1)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_same_losses_and_gradients_as_the_chain_of_ops(from_logits, shape, axis, dtype):
    labels, x, rng = case(shape, axis, from_logits, dtype, seed=len(shape) + axis)
    fused = ops.sparse_categorical_crossentropy(labels, x, from_logits, axis)
    chained = chain_of_ops(labels, x, from_logits, axis)
    assert fused.dtype == dtype
    np.testing.assert_array_equal(fused.value, chained.value)
    weights = rng.normal(size=fused.shape).astype(dtype)
    tolerance = 1e-6 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(gradients(fused, [x], weights)[0],
                               gradients(chained, [x], weights)[0],
                               rtol=tolerance, atol=tolerance)
    if not from_logits:
        first = [0] * len(shape)
        first[axis] = slice(None)
        assert not gradients(fused, [x], weights)[0][tuple(first)].any()   # clipped: no gradient


@pytest.mark.parametrize("from_logits", [False, True])
def test_numerical_gradient_float64(from_logits):
    rng = np.random.default_rng(7)
    values = rng.uniform(0.1, 1, (4, 5))
    labels = rng.integers(0, 5, 4)
    assert_gradients_match(
        lambda o: ops.sparse_categorical_crossentropy(labels, o, from_logits), values)


@pytest.mark.parametrize("labels", [[0, 3, 1], [0, -1, 1], [2, 0, 7]])
def test_labels_outside_the_classes_are_refused(labels):
    output = np.full((3, 4), 0.25, np.float32)
    labels = np.array(labels)
    if labels.min() >= 0 and labels.max() < 4:
        assert ops.sparse_categorical_crossentropy(labels, output).shape == (3,)
        return
    with pytest.raises(ValueError, match=r"labels must be in \[0, 4\) for an output with 4 "
                                         rf"classes; received labels from {labels.min()} to "
                                         rf"{labels.max()}"):
        ops.sparse_categorical_crossentropy(labels, output)
