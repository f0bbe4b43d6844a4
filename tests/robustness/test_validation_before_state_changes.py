"""Every check happens before any state changes: a failed set_weights or assign leaves every
weight as it was, and values that are not real numbers are refused by name. A Variable always
holds a numpy array of its own dtype and shape, whatever it is given.
"""

import numpy as np
import pytest

from kerasedu import Input, Sequential, layers
from kerasedu import backend as K
from kerasedu.backend import Variable

from .layer_recipes import RECIPES
from .test_zero_sample_batches import batch

# (bad value for the last weight, error type, what the message must say)
BAD_VALUES = {
    "strings": (lambda shape: np.full(shape, "a"), TypeError, "received strings"),
    "None": (lambda shape: np.full(shape, None), TypeError, "received Python objects"),
    "complex": (lambda shape: np.ones(shape) * (1 + 2j), TypeError, "complex numbers"),
    "bytes": (lambda shape: np.full(shape, b"a"), TypeError, "byte strings"),
    "dates": (lambda shape: np.full(shape, np.datetime64("2024-01-01")), TypeError, "dates"),
    "wrong shape": (lambda shape: np.ones(shape + (2,)), ValueError, "not compatible"),
}


def _built(name):
    make, shapes = RECIPES[name]
    layer = make()
    layer(batch(name, shapes, 2))
    return layer


LAYERS_WITH_WEIGHTS = [name for name in sorted(RECIPES) if _built(name).weights]


@pytest.mark.parametrize("bad", sorted(BAD_VALUES))
@pytest.mark.parametrize("name", LAYERS_WITH_WEIGHTS)
def test_a_failed_set_weights_changes_no_weight(name, bad):
    layer = _built(name)
    before = layer.get_weights()
    proposed = [np.full_like(w, 0.25) for w in before]
    make_bad, error_type, message = BAD_VALUES[bad]
    proposed[-1] = make_bad(before[-1].shape)
    with pytest.raises(error_type, match=message) as error:
        layer.set_weights(proposed)
    assert "No weight was changed" in str(error.value)
    assert layer.name in str(error.value)
    after = layer.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(before, after))
    good = [np.full_like(w, 0.25) for w in before]
    layer.set_weights(good)
    assert all(np.array_equal(a, b) for a, b in zip(good, layer.get_weights()))


def test_the_issue_case_names_the_bias_and_keeps_the_kernel():
    dense = layers.Dense(8)
    dense.build((None, 5))
    kernel = dense.kernel.numpy()
    with pytest.raises(TypeError, match=r"Variable 'dense\w*/bias' takes real numbers, but "
                                        r"received strings"):
        dense.set_weights([np.ones((5, 8)), np.array(["a"] * 8)])
    assert np.array_equal(dense.kernel.numpy(), kernel)


def test_a_model_set_weights_is_all_or_nothing():
    model = Sequential([Input((3,)), layers.Dense(4), layers.BatchNormalization(),
                        layers.Dense(2)])
    before = model.get_weights()
    proposed = [np.zeros_like(w) for w in before]
    proposed[-1] = [1.0, None]
    with pytest.raises(TypeError, match="No weight was changed"):
        model.set_weights(proposed)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


@pytest.mark.parametrize("value, error_type, message", [
    ("abc", TypeError, "received strings"),
    (None, TypeError, "received Python objects"),
    ([1.0, None, 2.0], TypeError, "received Python objects"),
    (np.ones(3) * 1j, TypeError, "np.real"),
    ([[1.0, 2.0], [3.0]], ValueError, "rectangular array"),
    (np.ones(4), ValueError, r"shape \(4,\) to variable 'v' of shape \(3,\)"),
])
def test_assign_refuses_what_is_not_numbers_and_changes_nothing(value, error_type, message):
    v = Variable(np.array([1.0, 2.0, 3.0]), name="v")
    for assign in (v.assign, v.assign_add, v.assign_sub):
        with pytest.raises(error_type, match=message):
            assign(value)
        assert v.numpy().tolist() == [1.0, 2.0, 3.0]


def test_variables_refuse_initial_values_that_are_not_numbers():
    with pytest.raises(TypeError, match="Variable 'w' takes real numbers, but received strings"):
        Variable(np.array(["a", "b"]), name="w")
    with pytest.raises(TypeError, match="received Python objects"):
        Variable(None, name="w")


@pytest.mark.parametrize("dtype", ["int64", "float32", "float64", "bool"])
def test_a_variable_always_holds_an_array_of_its_dtype_and_shape(dtype):
    v = Variable(np.zeros(()), dtype=dtype, trainable=False)
    for update in (lambda: v.assign(1), lambda: v.assign_add(1), lambda: v.assign(np.int8(1)),
                   lambda: v.assign_sub(np.array(1.0)), lambda: v.assign(True),
                   lambda: v.assign(K.constant(1.0))):
        update()
        assert type(v.value) is np.ndarray
        assert v.value.dtype == np.dtype(dtype) and v.value.shape == ()
        assert np.asarray(v).dtype == np.dtype(dtype)


def test_the_optimizer_step_counter_is_an_array_after_fit():
    model = Sequential([Input((2,)), layers.Dense(1)])
    model.compile("adam", "mse")
    model.fit(np.ones((8, 2)), np.ones((8, 1)), batch_size=4, epochs=3, verbose=0)
    iterations = np.asarray(model.optimizer.iterations)
    assert iterations.shape == () and iterations.dtype.kind == "i" and int(iterations) == 6


def test_batch_set_value_checks_every_value_first():
    a, b = Variable(np.zeros(2), name="a"), Variable(np.zeros(2), name="b")
    with pytest.raises(TypeError, match="Variable 'b'"):
        K.batch_set_value([(a, np.ones(2)), (b, np.array(["x", "y"]))])
    assert a.numpy().tolist() == [0.0, 0.0]
    K.batch_set_value([(a, np.ones(2)), (b, [2, 3])])
    assert a.numpy().tolist() == [1.0, 1.0] and b.numpy().tolist() == [2.0, 3.0]
