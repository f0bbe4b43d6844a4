"""kerasedu.initializers: statistics, fans, orthogonality, seeds, configs and get()."""

import math

import numpy as np
import pytest

from kerasedu import initializers
from kerasedu.backend import Tensor, Variable, floatx
from kerasedu.backend.ops import random
from kerasedu.serialization import register_serializable

BIG = (400, 500)  # 200 000 draws: sample mean and std within ~0.5% of their targets


# Constant initializers.

def test_zeros_ones_constant_identity_values():
    np.testing.assert_array_equal(initializers.Zeros()((2, 3)), np.zeros((2, 3)))
    np.testing.assert_array_equal(initializers.Ones()((4,)), np.ones(4))
    np.testing.assert_array_equal(initializers.Constant(2.5)((2, 2)), np.full((2, 2), 2.5))
    np.testing.assert_array_equal(initializers.Constant([1, 2, 3])((2, 3)),
                                  [[1, 2, 3], [1, 2, 3]])
    np.testing.assert_array_equal(initializers.Identity()((2, 3)), [[1, 0, 0], [0, 1, 0]])
    np.testing.assert_array_equal(initializers.Identity(gain=3.0)((3, 3)), 3 * np.eye(3))


def test_dtypes_default_to_floatx_and_follow_requests():
    for init in [initializers.Zeros(), initializers.Constant(1), initializers.Identity(),
                 initializers.GlorotUniform(seed=1), initializers.RandomNormal(seed=1),
                 initializers.Orthogonal(seed=1)]:
        assert init((3, 3)).dtype == np.dtype(floatx())
        assert init((3, 3), dtype="float64").dtype == np.float64
        assert isinstance(init((3, 3)), np.ndarray)
    assert initializers.Ones()((2,), dtype="int32").dtype == np.int32


def test_variable_accepts_an_initializer():
    v = Variable(initializers.Constant(0.5), shape=(2, 3), dtype="float64")
    np.testing.assert_array_equal(v.numpy(), np.full((2, 3), 0.5))


def test_constant_errors():
    with pytest.raises(ValueError, match=r"shape \(3,\).*weight of shape \(2, 2\)"):
        initializers.Constant([1.0, 2.0, 3.0])((2, 2))
    with pytest.raises(ValueError, match="number"):
        initializers.Constant("one")


def test_identity_needs_two_dimensions():
    with pytest.raises(ValueError, match=r"2-D.*shape=\(3, 3, 3\) of rank 3"):
        initializers.Identity()((3, 3, 3))


def test_bad_shapes_are_reported():
    with pytest.raises(ValueError, match="fully known shape"):
        initializers.Zeros()((None, 3))
    with pytest.raises(ValueError, match="float dtype"):
        initializers.RandomNormal()((2, 2), dtype="int32")


# Fans.

@pytest.mark.parametrize("shape, fans", [
    ((), (1, 1)),
    ((7,), (7, 7)),
    ((784, 10), (784, 10)),
    ((5, 3, 16), (15, 80)),                # Conv1D kernel (k, c_in, c_out)
    ((3, 3, 3, 32), (27, 288)),            # Conv2D kernel (kh, kw, c_in, c_out)
    ((2, 3, 4, 5, 6), (120, 144)),         # Conv3D kernel
])
def test_compute_fans(shape, fans):
    assert initializers.compute_fans(shape) == fans


def test_compute_fans_with_explicit_axes():
    assert initializers.compute_fans((2, 3, 4, 5), input_axes=[0, 1], output_axes=[2, 3]) == (6, 20)


# Random initializers: statistics.

def test_random_uniform_statistics():
    values = initializers.RandomUniform(-0.3, 0.5, seed=1)(BIG)
    assert values.min() >= -0.3 and values.max() < 0.5
    assert values.min() < -0.299 and values.max() > 0.499
    assert abs(values.mean() - 0.1) < 0.003
    assert abs(values.std() - 0.8 / math.sqrt(12)) < 0.003


def test_random_normal_statistics():
    values = initializers.RandomNormal(mean=1.0, stddev=2.0, seed=2)(BIG)
    assert abs(values.mean() - 1.0) < 0.02
    assert abs(values.std() - 2.0) < 0.02


def test_truncated_normal_statistics():
    values = initializers.TruncatedNormal(mean=0.5, stddev=0.1, seed=3)(BIG)
    assert values.min() >= 0.3 - 1e-6 and values.max() <= 0.7 + 1e-6
    assert abs(values.mean() - 0.5) < 0.002
    assert abs(values.std() - 0.1 * 0.87962566103423978) < 0.001


@pytest.mark.parametrize("mode, n", [("fan_in", 400), ("fan_out", 500), ("fan_avg", 450)])
@pytest.mark.parametrize("distribution", ["uniform", "truncated_normal", "untruncated_normal"])
def test_variance_scaling_variance_is_scale_over_n(mode, n, distribution):
    init = initializers.VarianceScaling(scale=3.0, mode=mode, distribution=distribution, seed=4)
    values = init(BIG, dtype="float64")
    assert abs(values.std() / math.sqrt(3.0 / n) - 1) < 0.01
    assert abs(values.mean()) < 0.01 * math.sqrt(3.0 / n)
    if distribution == "uniform":
        limit = math.sqrt(9.0 / n)
        assert values.max() <= limit and values.min() >= -limit
        assert values.max() > 0.99 * limit
    if distribution == "truncated_normal":
        cut = 2 * math.sqrt(3.0 / n) / 0.87962566103423978
        assert np.abs(values).max() <= cut + 1e-12


CONV_KERNEL = (3, 3, 32, 64)  # fan_in = 9·32 = 288, fan_out = 9·64 = 576


@pytest.mark.parametrize("cls, limit_or_std, uniform", [
    (initializers.GlorotUniform, math.sqrt(6 / (288 + 576)), True),
    (initializers.HeUniform, math.sqrt(6 / 288), True),
    (initializers.LecunUniform, math.sqrt(3 / 288), True),
    (initializers.GlorotNormal, math.sqrt(2 / (288 + 576)), False),
    (initializers.HeNormal, math.sqrt(2 / 288), False),
    (initializers.LecunNormal, math.sqrt(1 / 288), False),
])
def test_named_schemes_on_a_conv_kernel(cls, limit_or_std, uniform):
    values = cls(seed=5)(CONV_KERNEL, "float64")
    if uniform:
        assert np.abs(values).max() <= limit_or_std
        assert np.abs(values).max() > 0.99 * limit_or_std
        assert abs(values.std() - limit_or_std / math.sqrt(3)) < 0.01 * limit_or_std
    else:
        assert abs(values.std() - limit_or_std) < 0.015 * limit_or_std
        assert np.abs(values).max() <= 2 * limit_or_std / 0.87962566103423978 + 1e-12


def test_variance_scaling_small_fans_count_as_one():
    values = initializers.VarianceScaling(scale=1.0, distribution="uniform", seed=0)((0, 10))
    assert values.shape == (0, 10)
    values = initializers.VarianceScaling(scale=0.25, distribution="uniform", seed=0)(())
    assert abs(float(values)) <= math.sqrt(0.75)


def test_variance_scaling_argument_errors():
    with pytest.raises(ValueError, match="scale.*positive.*scale=0"):
        initializers.VarianceScaling(scale=0)
    with pytest.raises(ValueError, match="scale=-1"):
        initializers.VarianceScaling(scale=-1.0)
    with pytest.raises(ValueError, match="mode.*fan_in, fan_out, fan_avg.*'fan_middle'"):
        initializers.VarianceScaling(mode="fan_middle")
    with pytest.raises(ValueError, match="distribution.*'cauchy'"):
        initializers.VarianceScaling(distribution="cauchy")
    assert initializers.VarianceScaling(distribution="Normal").distribution == "truncated_normal"


# Orthogonal.

@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (5, 5), (3, 3, 2, 4)])
def test_orthogonal_is_orthogonal(shape):
    q = initializers.Orthogonal(gain=1.0, seed=6)(shape, dtype="float64")
    assert q.shape == shape
    matrix = q.reshape(-1, shape[-1])
    if matrix.shape[0] >= matrix.shape[1]:
        np.testing.assert_allclose(matrix.T @ matrix, np.eye(matrix.shape[1]), atol=1e-12)
    else:
        np.testing.assert_allclose(matrix @ matrix.T, np.eye(matrix.shape[0]), atol=1e-12)


def test_orthogonal_gain_and_rank_error():
    q = initializers.Orthogonal(gain=2.0, seed=7)((4, 4), dtype="float64")
    np.testing.assert_allclose(q.T @ q, 4 * np.eye(4), atol=1e-12)
    with pytest.raises(ValueError, match=r"rank 2 or more.*shape=\(5,\) of rank 1"):
        initializers.Orthogonal()((5,))


# Seeds.

RANDOM_CLASSES = [initializers.RandomUniform, initializers.RandomNormal,
                  initializers.TruncatedNormal, initializers.VarianceScaling,
                  initializers.GlorotUniform, initializers.GlorotNormal, initializers.HeUniform,
                  initializers.HeNormal, initializers.LecunUniform, initializers.LecunNormal,
                  initializers.Orthogonal]


@pytest.mark.parametrize("cls", RANDOM_CLASSES)
def test_int_seed_gives_the_same_values_on_every_call_and_instance(cls):
    first = cls(seed=11)((5, 4))
    np.testing.assert_array_equal(first, cls(seed=11)((5, 4)))
    init = cls(seed=11)
    np.testing.assert_array_equal(init((5, 4)), init((5, 4)))
    assert not np.array_equal(first, cls(seed=12)((5, 4)))


@pytest.mark.parametrize("cls", RANDOM_CLASSES)
def test_unseeded_repeats_per_instance_and_follows_the_global_seed(cls):
    random.set_seed(3)
    a = cls()
    np.testing.assert_array_equal(a((5, 4)), a((5, 4)))
    b = cls()
    assert not np.array_equal(a((5, 4)), b((5, 4)))
    random.set_seed(3)
    np.testing.assert_array_equal(cls()((5, 4)), a((5, 4)))


def test_seed_generator_advances():
    init = initializers.RandomNormal(seed=random.SeedGenerator(5))
    first, second = init((3,)), init((3,))
    assert not np.array_equal(first, second)
    again = initializers.RandomNormal(seed=random.SeedGenerator(5))
    np.testing.assert_array_equal(again((3,)), first)


def test_numpy_int_seed_is_stored_as_int():
    config = initializers.HeUniform(seed=np.int64(4)).get_config()
    assert config["seed"] == 4 and type(config["seed"]) is int


def test_bad_seed():
    with pytest.raises(ValueError, match="seed.*None, an integer or.*SeedGenerator.*'abc'"):
        initializers.RandomUniform(seed="abc")


# Configs, get, serialize.

CONFIGS = {
    initializers.Zeros: {},
    initializers.Ones: {},
    initializers.Constant: {"value": 0.0},
    initializers.Identity: {"gain": 1.0},
    initializers.RandomUniform: {"seed": None, "minval": -0.05, "maxval": 0.05},
    initializers.RandomNormal: {"seed": None, "mean": 0.0, "stddev": 0.05},
    initializers.TruncatedNormal: {"seed": None, "mean": 0.0, "stddev": 0.05},
    initializers.VarianceScaling: {"seed": None, "scale": 1.0, "mode": "fan_in",
                                   "distribution": "truncated_normal", "input_axes": None,
                                   "output_axes": None},
    initializers.Orthogonal: {"seed": None, "gain": 1.0},
}
for named in [initializers.GlorotUniform, initializers.GlorotNormal, initializers.HeUniform,
              initializers.HeNormal, initializers.LecunUniform, initializers.LecunNormal]:
    CONFIGS[named] = {"seed": None, "input_axes": None, "output_axes": None}


@pytest.mark.parametrize("cls", list(CONFIGS), ids=lambda cls: cls.__name__)
def test_default_configs(cls):
    assert cls().get_config() == CONFIGS[cls]


@pytest.mark.parametrize("init", [
    initializers.Constant([[1.0, 2.0]]), initializers.Identity(gain=0.5),
    initializers.RandomUniform(-1, 1, seed=3), initializers.TruncatedNormal(0.1, 0.2, seed=4),
    initializers.VarianceScaling(2.0, "fan_out", "uniform", seed=5),
    initializers.HeNormal(seed=6), initializers.Orthogonal(gain=1.5, seed=7),
], ids=lambda init: type(init).__name__)
def test_serialize_round_trip_gives_equal_values(init):
    data = initializers.serialize(init)
    assert data["module"] == "keras.initializers"
    assert data["class_name"] == type(init).__name__
    assert data["registered_name"] is None
    restored = initializers.deserialize(data)
    assert type(restored) is type(init)
    assert restored.get_config() == init.get_config()
    np.testing.assert_array_equal(restored((3, 2)), init((3, 2)))
    assert type(init).from_config(init.get_config()).get_config() == init.get_config()


def test_seed_generator_config_round_trip():
    init = initializers.GlorotUniform(seed=random.SeedGenerator(8))
    restored = initializers.deserialize(initializers.serialize(init))
    np.testing.assert_array_equal(restored((4, 4)), init((4, 4)))


def test_get_every_name():
    for name, cls in initializers.ALL_OBJECTS_DICT.items():
        assert type(initializers.get(name)) is cls
    for name in ["constant", "identity", "ones", "zeros", "glorot_normal", "glorot_uniform",
                 "he_normal", "he_uniform", "lecun_normal", "lecun_uniform", "orthogonal",
                 "random_normal", "random_uniform", "truncated_normal", "variance_scaling",
                 "IdentityInitializer", "OrthogonalInitializer"]:
        assert getattr(initializers, name) is initializers.ALL_OBJECTS_DICT[name]
    assert isinstance(initializers.get("uniform"), initializers.RandomUniform)
    assert isinstance(initializers.get("normal"), initializers.RandomNormal)
    assert isinstance(initializers.get("zero"), initializers.Zeros)


def test_get_other_identifiers():
    assert initializers.get(None) is None
    init = initializers.HeNormal()
    assert initializers.get(init) is init
    assert type(initializers.get(initializers.Ones)) is initializers.Ones
    from_dict = initializers.get({"class_name": "RandomNormal", "config": {"stddev": 3.0}})
    assert from_dict.stddev == 3.0

    def halves(shape, dtype=None):
        return np.full(shape, 0.5, dtype)

    assert initializers.get(halves) is halves
    fixed = initializers.get(np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(fixed((2, 3), dtype="float32"), np.arange(6.0).reshape(2, 3))
    with pytest.raises(ValueError, match=r"shape \(2, 3\).*weight has shape \(3, 2\)"):
        fixed((3, 2))
    np.testing.assert_array_equal(initializers.get(Tensor(np.ones(2)))((2,)), np.ones(2))


def test_get_unknown_names_list_the_valid_ones():
    with pytest.raises(ValueError, match="Unknown initializer: 'glorot'") as info:
        initializers.get("glorot")
    assert "glorot_uniform" in str(info.value) and "he_normal" in str(info.value)
    with pytest.raises(ValueError, match="Could not interpret initializer"):
        initializers.get(3.5)


def test_custom_initializer_round_trip():
    @register_serializable(package="test_initializers")
    class Halves(initializers.Initializer):
        def __call__(self, shape, dtype=None):
            return np.full(shape, 0.5, dtype or "float32")

    data = initializers.serialize(Halves())
    assert data["registered_name"] == "test_initializers>Halves"
    np.testing.assert_array_equal(initializers.deserialize(data)((2,)), [0.5, 0.5])
