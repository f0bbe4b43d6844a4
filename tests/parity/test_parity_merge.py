"""Parity with real Keras 3: merge layers (values, shapes, masks, configs, error messages)."""

import os
import re

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from kerasedu import layers  # noqa: E402

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(1)
ELEMENTWISE = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"]


def data(*shape):
    return RNG.normal(size=shape).astype("float32")


def both(name, **kwargs):
    return getattr(layers, name)(**kwargs), getattr(keras.layers, name)(**kwargs)


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("shapes", [[(2, 3), (2, 3)], [(2, 3, 4), (2, 1, 4)],
                                    [(2, 4), (2, 3, 4)], [(2, 1, 4), (2, 3, 1)]])
def test_elementwise_outputs(name, shapes):
    xs = [data(*s) for s in shapes]
    ours, theirs = both(name)
    np.testing.assert_allclose(ours(xs).numpy(), np.asarray(theirs(xs)), rtol=1e-6, atol=1e-6)
    symbolic = [(None,) + s[1:] for s in shapes]
    assert ours.compute_output_shape(symbolic) == tuple(theirs.compute_output_shape(symbolic))


@pytest.mark.parametrize("name", sorted(set(ELEMENTWISE) - {"Subtract"}))
def test_elementwise_three_inputs(name):
    xs = [data(2, 5) for _ in range(3)]
    ours, theirs = both(name)
    np.testing.assert_allclose(ours(xs).numpy(), np.asarray(theirs(xs)), rtol=1e-6)


@pytest.mark.parametrize("axis, shapes", [(-1, [(2, 3, 4), (2, 3, 2)]),
                                          (1, [(2, 3, 4), (2, 5, 4), (2, 1, 4)]),
                                          (0, [(2, 3), (4, 3)])])
def test_concatenate_outputs(axis, shapes):
    xs = [data(*s) for s in shapes]
    ours, theirs = both("Concatenate", axis=axis)
    np.testing.assert_array_equal(ours(xs).numpy(), np.asarray(theirs(xs)))


@pytest.mark.parametrize("axes, shapes", [
    (1, [(3, 4), (3, 4)]), ((2, 2), [(2, 3, 4), (2, 5, 4)]), ((1, 1), [(2, 3, 4), (2, 3, 5)]),
    (-1, [(2, 3, 4), (2, 4)]), (1, [(2, 3), (2, 3, 5)]), ((1, 2), [(2, 3, 4, 5), (2, 6, 3)]),
])
@pytest.mark.parametrize("normalize", [False, True])
def test_dot_outputs_and_shapes(axes, shapes, normalize):
    xs = [data(*s) for s in shapes]
    ours, theirs = both("Dot", axes=axes, normalize=normalize)
    np.testing.assert_allclose(ours(xs).numpy(), np.asarray(theirs(xs)), rtol=1e-5, atol=1e-5)
    symbolic = [(None,) + s[1:] for s in shapes]
    assert ours.compute_output_shape(symbolic) == tuple(theirs.compute_output_shape(symbolic))


@pytest.mark.parametrize("name, kwargs", [(n, {}) for n in ELEMENTWISE] + [
    ("Concatenate", {"axis": 1}), ("Dot", {"axes": (1, 2), "normalize": True})])
def test_configs_and_weights(name, kwargs):
    ours, theirs = both(name, **kwargs)
    assert list(ours.get_config()) == list(theirs.get_config())
    config, keras_config = ours.get_config(), theirs.get_config()
    for key in kwargs:
        assert config[key] == keras_config[key]
    assert re.sub(r"_\d+$", "", ours.name) == re.sub(r"_\d+$", "", theirs.name)
    shapes = [(2, 3, 6), (2, 6, 3)] if name == "Dot" else [(2, 3, 4), (2, 3, 4)]
    xs = [data(*s) for s in shapes]
    ours(xs)
    theirs(xs)
    assert ours.weights == [] and len(theirs.weights) == 0
    assert ours.count_params() == theirs.count_params() == 0


# Masks: compute_mask and the masked values of Multiply, Maximum and Minimum.

MASKS = [np.array([[True, False, True], [False, False, True]]),
         np.array([[True, True, False], [False, True, False]])]


@pytest.mark.parametrize("name, kwargs", [(n, {}) for n in ELEMENTWISE] + [
    ("Concatenate", {"axis": 1}), ("Concatenate", {"axis": -1}), ("Dot", {"axes": 2})])
@pytest.mark.parametrize("masks", [MASKS, [MASKS[0], None], [None, None]])
def test_compute_mask(name, kwargs, masks):
    xs = [data(2, 3, 4), data(2, 3, 4)]
    ours, theirs = both(name, **kwargs)
    mine = ours.compute_mask(xs, masks)
    expected = theirs.compute_mask(xs, masks)
    if expected is None:
        assert mine is None
    else:
        np.testing.assert_array_equal(mine.numpy(), np.asarray(expected))


@pytest.mark.parametrize("name", ["Multiply", "Maximum", "Minimum", "Add", "Average"])
def test_values_with_masked_inputs(name):
    x, y = data(2, 3, 2), data(2, 3, 2)
    x[0, 2] = 0.0
    y[1, 0] = 0.0
    y[0, 1] = 0.0
    ours = getattr(layers, name)()([layers.Masking()(x), layers.Masking()(y)])
    theirs = getattr(keras.layers, name)()([keras.layers.Masking()(x),
                                            keras.layers.Masking()(y)])
    np.testing.assert_allclose(ours.numpy(), np.asarray(theirs), rtol=1e-6)
    np.testing.assert_array_equal(ours._keras_mask.numpy(), np.asarray(theirs._keras_mask))


# Error messages: Keras's message is contained in ours (which goes on to explain the fix).

ERROR_CASES = {
    "add shapes": ("Add", {}, [(2, 3), (2, 4)]),
    "add batch": ("Add", {}, [(3, 4), (2, 4)]),
    "not a list": ("Add", {}, (2, 3)),
    "subtract three": ("Subtract", {}, [(2, 3), (2, 3), (2, 3)]),
    "subtract one": ("Subtract", {}, [(2, 3)]),
    "concatenate": ("Concatenate", {}, [(2, 3, 4), (2, 5, 4)]),
    "concatenate ranks": ("Concatenate", {"axis": 1}, [(2, 3), (2, 5, 4)]),
    "dot": ("Dot", {"axes": 1}, [(2, 3), (2, 4)]),
    "dot count": ("Dot", {"axes": 1}, [(2, 3), (2, 3), (2, 3)]),
}


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_error_messages_contain_keras_messages(case):
    name, kwargs, shapes = ERROR_CASES[case]
    inputs = data(*shapes) if isinstance(shapes, tuple) else [data(*s) for s in shapes]
    with pytest.raises(ValueError) as keras_error:
        getattr(keras.layers, name)(**kwargs)(inputs)
    with pytest.raises(ValueError) as our_error:
        getattr(layers, name)(**kwargs)(inputs)
    assert str(keras_error.value) in str(our_error.value)
