"""set_random_seed makes Python, numpy and kerasedu reproducible together."""

import random

import numpy as np
import pytest

from kerasedu.engine import Sequential
from kerasedu.layers import Dense, Dropout, Input
from kerasedu.utils import get_random_seed, set_random_seed


def build_and_run():
    model = Sequential([Input(shape=(5,)), Dense(4), Dropout(0.5), Dense(2)])
    x = np.ones((8, 5), "float32")
    output = model(x, training=True).numpy()
    mask = model.layers[1](np.ones((4, 6), "float32"), training=True).numpy() != 0
    return [w.numpy().copy() for w in model.weights], output, mask


def test_same_seed_same_weights_and_dropout_masks():
    set_random_seed(1234)
    weights_a, out_a, mask_a = build_and_run()
    set_random_seed(1234)
    weights_b, out_b, mask_b = build_and_run()
    assert len(weights_a) == 4
    for a, b in zip(weights_a, weights_b):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(out_a, out_b)
    np.testing.assert_array_equal(mask_a, mask_b)
    assert 0 < mask_a.sum() < mask_a.size


def test_different_seed_different_weights_and_masks():
    set_random_seed(1)
    weights_a, _, mask_a = build_and_run()
    set_random_seed(2)
    weights_b, _, mask_b = build_and_run()
    assert not np.array_equal(weights_a[0], weights_b[0])
    assert not np.array_equal(mask_a, mask_b)


def test_seeds_python_and_numpy_too():
    set_random_seed(99)
    first = (random.random(), np.random.rand(3))
    set_random_seed(99)
    second = (random.random(), np.random.rand(3))
    assert first[0] == second[0]
    np.testing.assert_array_equal(first[1], second[1])
    assert get_random_seed() == 99


def test_seeds_the_kerasedu_global_generator():
    from kerasedu.backend.ops import random as backend_random

    set_random_seed(5)
    a = backend_random.uniform((3,)).numpy()
    set_random_seed(5)
    b = backend_random.uniform((3,)).numpy()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("seed", [1.5, "3", None, True, -1])
def test_bad_seeds(seed):
    with pytest.raises(ValueError, match="seed"):
        set_random_seed(seed)


def test_numpy_integer_seed_is_accepted():
    set_random_seed(np.int64(3))
    assert get_random_seed() == 3
