"""Tensor and Variable behaviour that readers rely on."""

import numpy as np
import pytest

from kerasedu import backend as K, ops
from kerasedu.backend import GradientTape, Tensor, Variable, gradients


def test_tensor_repr_shows_shape_dtype_and_values():
    t = ops.ones((2, 2))
    assert repr(t) == ("<Tensor shape=(2, 2), dtype=float32, numpy=\n"
                       "array([[1., 1.],\n       [1., 1.]], dtype=float32)>")


def test_variable_repr_and_naming():
    v = Variable(np.zeros((4, 3)), name="kernel", path="dense/kernel")
    assert repr(v).startswith("<Variable 'dense/kernel' shape=(4, 3) dtype=float32, numpy=\n")
    assert (v.name, v.path, v.trainable) == ("kernel", "dense/kernel", True)


def test_float32_is_the_default_and_python_scalars_keep_it():
    x = ops.convert_to_tensor([1.0, 2.0])
    assert x.dtype == np.float32
    assert (x * 2.5 + 1).dtype == np.float32
    assert (x / 3).dtype == np.float32


def test_operators_and_conversion():
    x = ops.convert_to_tensor(np.arange(6.0).reshape(2, 3))
    y = -x + 2 * x - x / 2 + x ** 2
    assert np.allclose(y.numpy(), np.arange(6.0).reshape(2, 3) * 0.5 + np.arange(6.0).reshape(2, 3) ** 2)
    assert (x @ x.T).shape == (2, 2)
    assert np.asarray(x).shape == (2, 3) and x.T.shape == (3, 2)
    assert np.array_equal((x > 2).numpy(), np.arange(6).reshape(2, 3) > 2)
    assert np.array_equal((x == 1).numpy(), np.arange(6).reshape(2, 3) == 1)
    assert float(x[1, 2]) == 5.0 and len(x) == 2
    assert np.allclose((np.ones(3) + x).numpy(), np.arange(6.0).reshape(2, 3) + 1)
    assert {x: 1}[x] == 1  # hashable by identity


def test_variable_assign_checks_shape_and_keeps_dtype():
    v = Variable(np.zeros(3))
    v.assign([1, 2, 3])
    v.assign_add(np.ones(3))
    v.assign_sub(np.array([0.5, 0.5, 0.5]))
    assert v.dtype == np.float32 and np.allclose(v.numpy(), [1.5, 2.5, 3.5])
    with pytest.raises(ValueError, match=r"shape \(2,\) to variable 'variable' of shape \(3,\)"):
        v.assign(np.zeros(2))


def test_numpy_functions_stay_differentiable():
    w = Variable(np.array([[1.0, -2.0], [3.0, 0.5]]), dtype="float64")
    loss = np.sum(np.maximum(np.dot(w, w), 0.0)) + np.mean(np.exp(w))
    expected = gradients(ops.sum(ops.maximum(ops.dot(w, w), 0.0)) + ops.mean(ops.exp(w)), w)
    assert isinstance(loss, Tensor)
    assert np.allclose(gradients(loss, w), expected)


def test_numpy_functions_without_gradients_raise_naming_the_op():
    w = Variable(np.ones(3))
    with pytest.raises(TypeError, match=r"\(ops.exp\(x\) - ops.exp\(-x\)\) / 2"):
        np.sinh(w)
    with pytest.raises(TypeError, match=r"ops.logsumexp\(ops.stack"):
        np.logaddexp.reduce(w)
    with pytest.raises(TypeError, match=r"np.median\(\) has no gradient"):
        np.median(w)


def test_gradient_tape_watch_and_persistence():
    x = ops.convert_to_tensor(np.array([1.0, 2.0, 3.0]))
    with GradientTape() as tape:
        tape.watch(x)
        y = ops.sum(x * x * x)
    assert np.allclose(tape.gradient(y, x), 3 * np.array([1.0, 4.0, 9.0]))
    with pytest.raises(RuntimeError, match="persistent"):
        tape.gradient(y, x)
    with GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = ops.sum(ops.square(x))
    assert np.allclose(tape.gradient(y, x), 2 * x.numpy())
    assert np.allclose(tape.gradient(y, [x])[0], 2 * x.numpy())


def test_constants_record_nothing_and_stop_gradient_cuts():
    c = ops.convert_to_tensor([1.0, 2.0])
    assert (c * 2)._parents is None
    w = Variable(np.array([1.0, 2.0]))
    assert gradients(ops.sum(K.stop_gradient(w) * w), w).tolist() == [1.0, 2.0]
    with K.no_grad():
        assert (w * 2)._parents is None
    assert gradients(ops.sum(c * 2), w) is None


def test_gradient_reaches_a_tensor_used_twice():
    w = Variable(np.array(3.0), dtype="float64")
    y = w * w + w  # dy/dw = 2w + 1
    assert float(gradients(y, w)) == 7.0


def test_gradient_of_float32_variable_is_float32():
    w = Variable(np.ones((2, 2)))
    grad = gradients(ops.sum(w @ np.ones((2, 2))), w)
    assert grad.dtype == np.float32


def test_deep_chain_does_not_hit_recursion_limit():
    w = Variable(np.array(1.0), dtype="float64")
    y = w
    for _ in range(5000):
        y = y * 1.0
    assert float(gradients(y, w)) == 1.0


def test_seeded_random_ops_are_deterministic():
    a = ops.random.normal((3,), seed=7).numpy()
    b = ops.random.normal((3,), seed=7).numpy()
    assert np.array_equal(a, b)
    gen = ops.random.SeedGenerator(1)
    assert not np.array_equal(ops.random.uniform((3,), seed=gen).numpy(),
                              ops.random.uniform((3,), seed=gen).numpy())
    mask = ops.random.dropout_mask((1000,), 0.25, seed=0)
    assert abs(mask.mean() - 0.75) < 0.05
    out = ops.dropout(np.ones((2, 4, 3)), 0.5, noise_shape=(None, 1, None), seed=0).numpy()
    assert np.all(out[:, 0:1, :] == out)  # one draw shared along axis 1
    assert set(np.unique(out)) <= {0.0, 2.0}
    t = ops.random.truncated_normal((10000,), stddev=2.0, seed=0).numpy()
    assert np.abs(t).max() <= 4.0


def test_keras2_backend_names():
    x = K.variable(np.arange(6.0).reshape(2, 3), name="x")
    assert K.int_shape(x) == (2, 3) and K.ndim(x) == 2 and K.dtype(x) == "float32"
    assert np.allclose(K.eval(K.dot(x, K.transpose(x))), np.arange(6.0).reshape(2, 3) @
                       np.arange(6.0).reshape(2, 3).T)
    assert K.repeat(x, 4).shape == (2, 4, 3)
    assert K.batch_flatten(ops.ones((2, 3, 4))).shape == (2, 12)
    assert K.permute_dimensions(ops.ones((2, 3, 4)), (2, 0, 1)).shape == (4, 2, 3)
    assert np.allclose(K.eval(K.l2_normalize(np.array([[3.0, 4.0]]), axis=-1)), [[0.6, 0.8]])
    assert np.allclose(K.eval(K.relu(np.array([-1.0, 0.5, 8.0]), alpha=0.1, max_value=6)),
                       [-0.1, 0.5, 6.0])
    assert K.one_hot(np.array([0, 2]), 3).numpy().tolist() == [[1, 0, 0], [0, 0, 1]]
    K.set_value(x, np.zeros((2, 3)))
    assert K.get_value(x).sum() == 0
    assert K.count_params(x) == 6


def test_a_backward_returning_the_wrong_shape_is_reported():
    from kerasedu.backend.autodiff import record

    def add_without_unbroadcast(a, b):
        return record(a.value + b.value, (a, b), lambda g: (g, g), "add_without_unbroadcast")

    a, b = Variable(np.zeros((3, 4))), Variable(np.zeros(4))
    with pytest.raises(ValueError, match=r"op 'add_without_unbroadcast' returned a gradient of "
                                         r"shape \(3, 4\) for an input of shape \(4,\)"):
        gradients(ops.sum(add_without_unbroadcast(a, b)), [a, b])
