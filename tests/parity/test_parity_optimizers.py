"""Every optimizer, fed the same gradients from the same start for 5 steps, leaves the same
variables (and the same optimizer state) as Keras 3; schedules give the same learning rates."""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

keras = pytest.importorskip("keras")

from kerasedu import optimizers  # noqa: E402
from kerasedu.backend import Variable  # noqa: E402
from kerasedu.optimizers import schedules  # noqa: E402

# Keras's own get_config reads its learning-rate Variable in a way numpy 2 deprecates.
pytestmark = [pytest.mark.parity,
              pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")]

RNG = np.random.default_rng(0)
STARTS = [RNG.normal(size=(3, 4)).astype("float32"), RNG.normal(size=(4,)).astype("float32")]
GRADIENTS = [[RNG.normal(size=s.shape).astype("float32") * (k + 1) for s in STARTS]
             for k in range(5)]

CASES = [
    ("SGD", {}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.8, "nesterov": True}),
    ("RMSprop", {}),
    ("RMSprop", {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5}),
    ("RMSprop", {"centered": True}),
    ("Adam", {}),
    ("Adam", {"learning_rate": 0.01, "amsgrad": True}),
    ("AdamW", {}),
    ("AdamW", {"learning_rate": 0.01, "weight_decay": 0.1}),
    ("Adagrad", {}),
    ("Adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.5}),
    ("Adadelta", {}),
    ("Adadelta", {"learning_rate": 1.0, "rho": 0.9}),
    ("Adamax", {}),
    ("Nadam", {}),
    ("Nadam", {"learning_rate": 0.01, "beta_1": 0.8}),
    ("SGD", {"clipnorm": 1.0}),
    ("SGD", {"clipvalue": 0.5}),
    ("Adam", {"global_clipnorm": 2.0}),
    ("SGD", {"learning_rate": 0.1, "weight_decay": 0.05}),
    ("RMSprop", {"weight_decay": 0.01, "clipnorm": 0.5}),
]
IDS = [f"{name}-{'-'.join(f'{k}={v}' for k, v in kwargs.items())}" for name, kwargs in CASES]


def train_ours(optimizer):
    variables = [Variable(s.copy(), name=f"v{i}") for i, s in enumerate(STARTS)]
    for gradients in GRADIENTS:
        optimizer.apply_gradients(zip(gradients, variables))
    return variables


def train_theirs(optimizer):
    variables = [keras.Variable(s.copy(), name=f"v{i}") for i, s in enumerate(STARTS)]
    for gradients in GRADIENTS:
        optimizer.apply_gradients(zip([keras.ops.convert_to_tensor(g) for g in gradients],
                                      variables))
    return variables


@pytest.mark.parametrize("name, kwargs", CASES, ids=IDS)
def test_variables_and_state_after_five_steps(name, kwargs):
    ours = getattr(optimizers, name)(**kwargs)
    theirs = getattr(keras.optimizers, name)(**kwargs)
    for mine, keras_variable in zip(train_ours(ours), train_theirs(theirs)):
        np.testing.assert_allclose(mine.numpy(), np.asarray(keras_variable.value),
                                   rtol=2e-5, atol=2e-6)
    assert len(ours.variables) == len(theirs.variables)
    for mine, keras_variable in zip(ours.variables, theirs.variables):
        np.testing.assert_allclose(mine.numpy(), np.asarray(keras_variable.value),
                                   rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("name, kwargs", CASES, ids=IDS)
def test_config_matches(name, kwargs):
    ours = getattr(optimizers, name)(**kwargs).get_config()
    theirs = getattr(keras.optimizers, name)(**kwargs).get_config()
    ours.pop("name"), theirs.pop("name")
    assert ours == theirs


def schedule_pairs():
    return [
        (schedules.ExponentialDecay(0.1, 3, 0.5),
         keras.optimizers.schedules.ExponentialDecay(0.1, 3, 0.5)),
        (schedules.ExponentialDecay(0.1, 3, 0.5, staircase=True),
         keras.optimizers.schedules.ExponentialDecay(0.1, 3, 0.5, staircase=True)),
        (schedules.InverseTimeDecay(0.1, 2, 0.7),
         keras.optimizers.schedules.InverseTimeDecay(0.1, 2, 0.7)),
        (schedules.InverseTimeDecay(0.1, 2, 0.7, staircase=True),
         keras.optimizers.schedules.InverseTimeDecay(0.1, 2, 0.7, staircase=True)),
        (schedules.PiecewiseConstantDecay([2, 5], [1.0, 0.5, 0.1]),
         keras.optimizers.schedules.PiecewiseConstantDecay([2, 5], [1.0, 0.5, 0.1])),
        (schedules.CosineDecay(0.1, 10, alpha=0.2),
         keras.optimizers.schedules.CosineDecay(0.1, 10, alpha=0.2)),
        (schedules.CosineDecay(0.1, 10, warmup_target=0.5, warmup_steps=3),
         keras.optimizers.schedules.CosineDecay(0.1, 10, warmup_target=0.5, warmup_steps=3)),
        (schedules.PolynomialDecay(0.1, 6, power=0.5),
         keras.optimizers.schedules.PolynomialDecay(0.1, 6, power=0.5)),
        (schedules.PolynomialDecay(0.1, 6, cycle=True),
         keras.optimizers.schedules.PolynomialDecay(0.1, 6, cycle=True)),
    ]


def test_schedules_match_and_share_configs():
    for ours, theirs in schedule_pairs():
        values = [float(ours(step)) for step in range(16)]
        expected = [float(theirs(step)) for step in range(16)]
        np.testing.assert_allclose(values, expected, rtol=1e-6, atol=1e-8)
        assert ours.get_config() == theirs.get_config()


def test_optimizer_with_a_schedule():
    ours = optimizers.Adam(schedules.ExponentialDecay(0.01, 2, 0.5))
    theirs = keras.optimizers.Adam(keras.optimizers.schedules.ExponentialDecay(0.01, 2, 0.5))
    for mine, keras_variable in zip(train_ours(ours), train_theirs(theirs)):
        np.testing.assert_allclose(mine.numpy(), np.asarray(keras_variable.value),
                                   rtol=2e-5, atol=2e-6)
    assert float(ours.learning_rate) == pytest.approx(float(theirs.learning_rate))


def test_setting_the_learning_rate_between_steps():
    ours, theirs = optimizers.SGD(0.1, momentum=0.5), keras.optimizers.SGD(0.1, momentum=0.5)
    our_vars = [Variable(s.copy()) for s in STARTS]
    their_vars = [keras.Variable(s.copy()) for s in STARTS]
    for step, gradients in enumerate(GRADIENTS):
        ours.learning_rate = theirs.learning_rate = 0.1 / (step + 1)
        ours.apply(gradients, our_vars)
        theirs.apply([keras.ops.convert_to_tensor(g) for g in gradients], their_vars)
    for mine, keras_variable in zip(our_vars, their_vars):
        np.testing.assert_allclose(mine.numpy(), np.asarray(keras_variable.value),
                                   rtol=2e-5, atol=2e-6)
