"""kerasedu.random: Keras 3's keras.random functions, seeds and distributions."""

import numpy as np
import pytest

import kerasedu
from kerasedu import ops, random
from kerasedu.backend.autodiff import GradientTape

KERAS_NAMES = ["SeedGenerator", "beta", "binomial", "categorical", "dropout", "gamma", "normal",
               "randint", "shuffle", "truncated_normal", "uniform"]


def test_the_namespace_has_keras_names():
    assert kerasedu.random is random
    assert [name for name in KERAS_NAMES if not hasattr(random, name)] == []


@pytest.mark.parity
def test_keras_has_no_random_function_kerasedu_lacks(keras):
    theirs = {name for name in dir(keras.random) if not name.startswith("_")}
    assert sorted(theirs - set(dir(random))) == []


def test_an_int_seed_repeats_and_a_seed_generator_moves_on():
    a = random.normal((3, 2), seed=7).numpy()
    np.testing.assert_array_equal(a, random.normal((3, 2), seed=7).numpy())
    generator, again = random.SeedGenerator(1337), random.SeedGenerator(1337)
    first, second = random.uniform((4,), seed=generator), random.uniform((4,), seed=generator)
    assert not np.array_equal(first.numpy(), second.numpy())
    np.testing.assert_array_equal(first.numpy(), random.uniform((4,), seed=again).numpy())
    assert generator.get_config() == {"seed": 1337}
    assert random.SeedGenerator.from_config({"seed": 3}).seed == 3


def test_set_random_seed_makes_unseeded_calls_repeat():
    kerasedu.utils.set_random_seed(4)
    a = random.uniform((5,)).numpy()
    kerasedu.utils.set_random_seed(4)
    np.testing.assert_array_equal(a, random.uniform((5,)).numpy())


def test_shapes_may_hold_tensors_and_dtypes_default_as_in_keras():
    x = ops.ones((3, 5))
    out = random.normal(shape=(ops.shape(x)[0], ops.shape(x)[1]), seed=0)
    assert out.shape == (3, 5) and out.dtype == np.float32
    assert random.randint((2, 2), 0, 5, seed=0).dtype == np.int32
    assert random.uniform((2,), dtype="float64", seed=0).dtype == np.float64
    with pytest.raises(ValueError, match="makes floats"):
        random.normal((2,), dtype="int32")
    with pytest.raises(ValueError, match="integers"):
        random.randint((2,), 0, 3, dtype="float32")


def test_distributions_have_their_moments():
    n = 40_000
    u = random.uniform((n,), minval=2.0, maxval=4.0, seed=1).numpy()
    assert u.min() >= 2 and u.max() < 4 and abs(u.mean() - 3) < 0.02
    g = random.normal((n,), mean=1.0, stddev=2.0, seed=1).numpy()
    assert abs(g.mean() - 1) < 0.05 and abs(g.std() - 2) < 0.05
    t = random.truncated_normal((n,), stddev=0.5, seed=1).numpy()
    assert np.abs(t).max() <= 1.0
    r = random.randint((n,), 3, 6, seed=1).numpy()
    assert set(np.unique(r)) == {3, 4, 5}
    gam = random.gamma((n,), alpha=3.0, seed=1).numpy()
    assert abs(gam.mean() - 3) < 0.05
    b = random.beta((n,), alpha=2.0, beta=6.0, seed=1).numpy()
    assert abs(b.mean() - 0.25) < 0.01
    k = random.binomial((n,), counts=10, probabilities=0.3, seed=1).numpy()
    assert abs(k.mean() - 3) < 0.05 and k.max() <= 10


def test_categorical_draws_classes_with_softmax_probabilities():
    logits = np.log(np.array([[0.1, 0.6, 0.3], [1.0, 1e-9, 1e-9]]))
    draws = random.categorical(logits, 20_000, seed=3).numpy()
    assert draws.shape == (2, 20_000) and draws.dtype == np.int32
    np.testing.assert_allclose(np.bincount(draws[0], minlength=3) / 20_000, [0.1, 0.6, 0.3],
                               atol=0.015)
    assert (draws[1] == 0).all()
    with pytest.raises(ValueError, match="batch_size, num_classes"):
        random.categorical(np.zeros(3), 1)


def test_shuffle_permutes_along_an_axis():
    x = np.arange(12).reshape(3, 4)
    out = random.shuffle(x, axis=1, seed=2).numpy()
    np.testing.assert_array_equal(np.sort(out, axis=1), x)
    assert (out[:, 0] - out[0, 0] == x[:, 0] - x[0, 0]).all()   # whole columns move together


def test_dropout_is_differentiable_and_keeps_the_expected_value():
    x = ops.cast(ops.ones((2000,)), "float64")
    with GradientTape() as tape:
        tape.watch(x)
        y = random.dropout(x, rate=0.25, seed=random.SeedGenerator(0))
    kept = y.numpy() != 0
    np.testing.assert_allclose(y.numpy()[kept], 1 / 0.75)
    assert abs(kept.mean() - 0.75) < 0.04
    np.testing.assert_allclose(np.asarray(tape.gradient(ops.sum(y), x)), y.numpy())
