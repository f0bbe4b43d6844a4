"""Optimizers and schedules: a few steps against each update rule written out here, clipping,
weight decay, constraints, learning-rate handling, saving and restoring state, configs."""

import math

import numpy as np
import pytest

from kerasedu import optimizers
from kerasedu.backend import Variable
from kerasedu.optimizers import schedules

START = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
GRADIENTS = [np.array([[0.1, -0.2, 0.3], [0.4, 0.0, -0.5]]) * (k + 1) * (-1) ** k
             for k in range(5)]
LR = 0.125  # exactly representable in float32, the learning rate's storage type


def run(optimizer, steps=5, start=START, gradients=GRADIENTS):
    """The variable's values after ``steps`` updates (float64 variable)."""
    variable = Variable(start.copy(), dtype="float64", name="w")
    for gradient in gradients[:steps]:
        optimizer.apply([gradient], [variable])
    return variable.numpy()


def reference(update, state, steps=5, start=START, gradients=GRADIENTS):
    """Apply ``update(w, g, state, t)`` (t = 1, 2, ...) written independently below."""
    w = start.copy()
    for t, g in enumerate(gradients[:steps], start=1):
        w = update(w, g, state, t)
    return w


def sgd_rule(momentum=0.0, nesterov=False, lr=LR):
    def update(w, g, s, t):
        if momentum == 0:
            return w - lr * g
        s["m"] = momentum * s.get("m", 0.0) - lr * g
        return w + (momentum * s["m"] - lr * g if nesterov else s["m"])
    return update


def rmsprop_rule(rho=0.9, momentum=0.0, eps=1e-7, centered=False, lr=LR):
    def update(w, g, s, t):
        s["v"] = rho * s.get("v", 0.0) + (1 - rho) * g ** 2
        denominator = s["v"] + eps
        if centered:
            s["a"] = rho * s.get("a", 0.0) + (1 - rho) * g
            denominator = denominator - s["a"] ** 2
        step = lr * g / np.sqrt(denominator)
        if momentum:
            s["m"] = momentum * s.get("m", 0.0) + step
            step = s["m"]
        return w - step
    return update


def adam_rule(b1=0.9, b2=0.999, eps=1e-7, amsgrad=False, lr=LR, weight_decay=0.0):
    def update(w, g, s, t):
        w = w - lr * weight_decay * w
        s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g ** 2
        v = s["v"]
        if amsgrad:
            s["vhat"] = np.maximum(s.get("vhat", 0.0), s["v"])
            v = s["vhat"]
        alpha = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        return w - alpha * s["m"] / (np.sqrt(v) + eps)
    return update


def adagrad_rule(initial=0.1, eps=1e-7, lr=LR):
    def update(w, g, s, t):
        s["a"] = s.get("a", initial) + g ** 2
        return w - lr * g / np.sqrt(s["a"] + eps)
    return update


def adadelta_rule(rho=0.95, eps=1e-7, lr=LR):
    def update(w, g, s, t):
        s["g2"] = rho * s.get("g2", 0.0) + (1 - rho) * g ** 2
        delta = -np.sqrt(s.get("d2", 0.0) + eps) / np.sqrt(s["g2"] + eps) * g
        s["d2"] = rho * s.get("d2", 0.0) + (1 - rho) * delta ** 2
        return w + lr * delta
    return update


def adamax_rule(b1=0.9, b2=0.999, eps=1e-7, lr=LR):
    def update(w, g, s, t):
        s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
        s["u"] = np.maximum(b2 * s.get("u", 0.0), np.abs(g))
        return w - lr / (1 - b1 ** t) * s["m"] / (s["u"] + eps)
    return update


def nadam_rule(b1=0.9, b2=0.999, eps=1e-7, lr=LR):
    def mu(t):
        return b1 * (1 - 0.5 * 0.96 ** t)

    def update(w, g, s, t):
        s["prod"] = s.get("prod", 1.0) * mu(t)
        s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g ** 2
        m_hat = mu(t + 1) * s["m"] / (1 - s["prod"] * mu(t + 1)) + (1 - mu(t)) * g / (1 - s["prod"])
        v_hat = s["v"] / (1 - b2 ** t)
        return w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return update


CASES = {
    "sgd": (lambda: optimizers.SGD(LR), sgd_rule()),
    "sgd_momentum": (lambda: optimizers.SGD(LR, momentum=0.9), sgd_rule(0.9)),
    "sgd_nesterov": (lambda: optimizers.SGD(LR, momentum=0.8, nesterov=True),
                     sgd_rule(0.8, nesterov=True)),
    "rmsprop": (lambda: optimizers.RMSprop(LR), rmsprop_rule()),
    "rmsprop_centered": (lambda: optimizers.RMSprop(LR, centered=True),
                         rmsprop_rule(centered=True)),
    "rmsprop_momentum": (lambda: optimizers.RMSprop(LR, rho=0.8, momentum=0.5),
                         rmsprop_rule(rho=0.8, momentum=0.5)),
    "adam": (lambda: optimizers.Adam(LR), adam_rule()),
    "adam_amsgrad": (lambda: optimizers.Adam(LR, beta_1=0.8, amsgrad=True),
                     adam_rule(b1=0.8, amsgrad=True)),
    "adamw": (lambda: optimizers.AdamW(LR, weight_decay=0.5), adam_rule(weight_decay=0.5)),
    "adagrad": (lambda: optimizers.Adagrad(LR, initial_accumulator_value=0.2),
                adagrad_rule(initial=0.2)),
    "adadelta": (lambda: optimizers.Adadelta(LR, rho=0.9), adadelta_rule(rho=0.9)),
    "adamax": (lambda: optimizers.Adamax(LR), adamax_rule()),
    "nadam": (lambda: optimizers.Nadam(LR), nadam_rule()),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_update_rule_over_five_steps(case):
    make, rule = CASES[case]
    optimizer = make()
    np.testing.assert_allclose(run(optimizer), reference(rule, {}), rtol=1e-10, atol=1e-12)
    assert int(optimizer.iterations) == 5


def test_rmsprop_centered_differs_from_plain():
    assert not np.allclose(run(optimizers.RMSprop(LR, centered=True)),
                           run(optimizers.RMSprop(LR)))


def test_float32_variables_stay_float32():
    variable = Variable(START.astype(np.float32), name="w")
    optimizers.Adam(0.01).apply([GRADIENTS[0]], [variable])
    assert variable.dtype == np.float32
    expected = START - 0.01 * np.sign(GRADIENTS[0]) * (np.abs(GRADIENTS[0]) > 0)
    np.testing.assert_allclose(variable.numpy(), expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("amsgrad", [False, True])
def test_adam_float32_steps_equal_under_numba_and_the_numpy_twin(monkeypatch, amsgrad):
    # Adam's plain update is one numba pass (kernels/adam.py); its twin is the numpy formulas
    rng = np.random.default_rng(0)
    start = rng.normal(size=(4, 3, 5)).astype(np.float32)
    gradients = [rng.normal(size=(5, 3, 4)).astype(np.float32).T for _ in range(4)]
    results = []
    for implementation in ("numba", "numpy"):
        monkeypatch.setenv("KERASEDU_KERNELS", implementation)
        variable = Variable(start.copy(), name="w")
        optimizer = optimizers.Adam(0.01, amsgrad=amsgrad)
        for gradient in gradients:          # transposed views: not C-contiguous
            optimizer.apply([gradient], [variable])
        results.append([variable.numpy()] + [v.numpy() for v in optimizer.variables[2:]])
    for a, b in zip(*results):
        assert a.dtype == np.float32
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


# Clipping, weight decay, constraints.

def test_clipnorm_clips_each_gradient_on_its_own():
    g = GRADIENTS[1]
    norm = np.linalg.norm(g)
    clipped = run(optimizers.SGD(LR, clipnorm=0.5), steps=2)
    expected = START - LR * GRADIENTS[0] * 0.5 / max(np.linalg.norm(GRADIENTS[0]), 0.5) \
        - LR * g * 0.5 / norm
    np.testing.assert_allclose(clipped, expected, rtol=1e-12)


def test_global_clipnorm_scales_all_gradients_together():
    a, b = Variable(np.ones(2), dtype="float64"), Variable(np.ones(3), dtype="float64")
    ga, gb = np.array([3.0, 0.0]), np.array([0.0, 4.0, 0.0])
    optimizers.SGD(1.0, global_clipnorm=1.0).apply([ga, gb], [a, b])
    np.testing.assert_allclose(a.numpy(), 1 - ga / 5)
    np.testing.assert_allclose(b.numpy(), 1 - gb / 5)
    small = Variable(np.ones(2), dtype="float64")
    optimizers.SGD(1.0, global_clipnorm=10.0).apply([ga], [small])
    np.testing.assert_allclose(small.numpy(), 1 - ga)


def test_clipvalue():
    result = run(optimizers.SGD(LR, clipvalue=0.25), steps=3)
    expected = START - LR * sum(np.clip(g, -0.25, 0.25) for g in GRADIENTS[:3])
    np.testing.assert_allclose(result, expected, rtol=1e-12)


def test_only_one_clipping_option():
    with pytest.raises(ValueError, match="Only one of"):
        optimizers.SGD(clipnorm=1.0, clipvalue=1.0)


def test_decoupled_weight_decay_before_the_update():
    result = run(optimizers.SGD(LR, weight_decay=0.1), steps=3)
    w = START.copy()
    for g in GRADIENTS[:3]:
        w = w - LR * 0.1 * w
        w = w - LR * g
    np.testing.assert_allclose(result, w, rtol=1e-12)


def test_exclude_from_weight_decay_by_name_and_by_variable():
    kernel = Variable(np.ones(2), dtype="float64", name="kernel")
    bias = Variable(np.ones(2), dtype="float64", name="bias")
    optimizer = optimizers.SGD(0.5, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_names=["bias"])
    optimizer.apply([np.zeros(2), np.zeros(2)], [kernel, bias])
    np.testing.assert_allclose(kernel.numpy(), [0.75, 0.75])
    np.testing.assert_allclose(bias.numpy(), [1.0, 1.0])
    other = optimizers.AdamW(0.5, weight_decay=0.5)
    other.exclude_from_weight_decay(var_list=[kernel])
    before = kernel.numpy()
    other.apply([np.zeros(2), np.zeros(2)], [kernel, bias])
    np.testing.assert_allclose(kernel.numpy(), before)
    np.testing.assert_allclose(bias.numpy(), [0.75, 0.75])
    with pytest.raises(ValueError, match="before the optimizer is built"):
        other.exclude_from_weight_decay(var_names=["x"])


def test_constraint_applied_after_the_update():
    variable = Variable(np.array([0.5, -0.5]), dtype="float64",
                        constraint=lambda w: np.clip(w.numpy(), 0.0, None))
    optimizers.SGD(1.0).apply([np.array([-1.0, 1.0])], [variable])
    np.testing.assert_allclose(variable.numpy(), [1.5, 0.0])


def test_none_gradients_are_skipped():
    a, b = Variable(np.ones(2), dtype="float64"), Variable(np.ones(2), dtype="float64")
    optimizer = optimizers.SGD(1.0)
    optimizer.apply_gradients([(np.ones(2), a), (None, b)])
    np.testing.assert_allclose(a.numpy(), [0.0, 0.0])
    np.testing.assert_allclose(b.numpy(), [1.0, 1.0])
    with pytest.raises(ValueError, match="No gradients"):
        optimizer.apply([None, None], [a, b])


def test_errors_for_wrong_gradients_and_unknown_variables():
    a = Variable(np.ones((2, 2)), name="w", path="dense/kernel")
    optimizer = optimizers.Adam()
    with pytest.raises(ValueError, match=r"dense/kernel.*\(3,\).*\(2, 2\)"):
        optimizer.apply([np.ones(3)], [a])
    optimizer = optimizers.Adam()
    optimizer.apply([np.ones((2, 2))], [a])
    with pytest.raises(ValueError, match="Unknown variable"):
        optimizer.apply([np.ones(2)], [Variable(np.ones(2))])
    with pytest.raises(ValueError, match="not recognized"):
        optimizers.Adam(foo=1)


# Learning rates.

def test_learning_rate_is_settable_and_float_like():
    optimizer = optimizers.SGD(0.5)
    assert float(optimizer.learning_rate) == 0.5
    optimizer.learning_rate = 0.25
    assert float(optimizer.learning_rate) == 0.25 and float(optimizer.lr) == 0.25
    optimizer.lr = 0.125
    variable = Variable(np.ones(2), dtype="float64")
    optimizer.apply([np.ones(2)], [variable])
    np.testing.assert_allclose(variable.numpy(), [0.875, 0.875])
    assert optimizer.get_config()["learning_rate"] == 0.125


def test_keras2_lr_and_decay_arguments():
    optimizer = optimizers.SGD(lr=0.5, decay=1.0)
    assert float(optimizer.learning_rate) == 0.5
    variable = Variable(np.zeros(1), dtype="float64")
    for _ in range(3):
        optimizer.apply([np.ones(1)], [variable])
    np.testing.assert_allclose(variable.numpy(), [-(0.5 + 0.25 + 0.5 / 3)])
    assert optimizers.Adam(epsilon=None).epsilon == 1e-7


def test_schedule_as_learning_rate():
    schedule = schedules.ExponentialDecay(0.5, decay_steps=1, decay_rate=0.5)
    optimizer = optimizers.SGD(schedule)
    variable = Variable(np.zeros(1), dtype="float64")
    for _ in range(3):
        optimizer.apply([np.ones(1)], [variable])
    np.testing.assert_allclose(variable.numpy(), [-(0.5 + 0.25 + 0.125)])
    assert float(optimizer.learning_rate) == pytest.approx(0.0625)
    with pytest.raises(TypeError, match="not settable"):
        optimizer.learning_rate = 0.1
    assert [v.name for v in optimizer.variables] == ["iteration"]
    restored = optimizers.deserialize(optimizers.serialize(optimizer))
    assert isinstance(restored._learning_rate, schedules.ExponentialDecay)
    assert restored._learning_rate.get_config() == schedule.get_config()


def test_callable_learning_rate():
    optimizer = optimizers.SGD(lambda: 0.25)
    variable = Variable(np.zeros(1), dtype="float64")
    optimizer.apply([np.ones(1)], [variable])
    np.testing.assert_allclose(variable.numpy(), [-0.25])


# State: saving and resuming.

@pytest.mark.parametrize("make", [lambda: optimizers.Adam(LR, amsgrad=True),
                                  lambda: optimizers.Nadam(LR),
                                  lambda: optimizers.RMSprop(LR, momentum=0.5, centered=True),
                                  lambda: optimizers.SGD(LR, momentum=0.9)])
def test_saved_state_resumes_training_identically(make):
    straight = make()
    expected = run(straight)
    first = make()
    variable = Variable(START.copy(), dtype="float64", name="w")
    for g in GRADIENTS[:2]:
        first.apply([g], [variable])
    saved_weights, saved_state = variable.numpy(), first.get_weights()
    store = {}
    first.save_own_variables(store)

    for restore in ("set_weights", "load_own_variables"):
        resumed = make()
        variable = Variable(saved_weights, dtype="float64", name="w")
        resumed.build([variable])
        if restore == "set_weights":
            resumed.set_weights(saved_state)
        else:
            resumed.load_own_variables(store)
        assert int(resumed.iterations) == 2
        for g in GRADIENTS[2:]:
            resumed.apply([g], [variable])
        np.testing.assert_allclose(variable.numpy(), expected, rtol=1e-12)


def test_variables_order_and_names():
    a = Variable(np.ones(2), name="kernel", path="dense/kernel")
    b = Variable(np.ones(1), name="bias", path="dense/bias")
    optimizer = optimizers.Adam(name="adam")
    optimizer.build([a, b])
    assert [v.path for v in optimizer.variables] == [
        "adam/iteration", "adam/learning_rate", "adam/dense_kernel_momentum",
        "adam/dense_kernel_velocity", "adam/dense_bias_momentum", "adam/dense_bias_velocity"]
    assert all(not v.trainable for v in optimizer.variables)


def test_set_weights_validates_before_assigning():
    a = Variable(np.ones(2))
    optimizer = optimizers.SGD(momentum=0.5)
    with pytest.raises(ValueError, match="not yet been built"):
        optimizer.set_weights([])
    optimizer.build([a])
    with pytest.raises(ValueError, match="3 variables"):
        optimizer.set_weights([np.array(1)])
    with pytest.raises(ValueError, match="shape"):
        optimizer.set_weights([np.array(7), np.array(0.5), np.ones(3)])
    assert int(optimizer.iterations) == 0


# Lookup and configuration.

@pytest.mark.parametrize("name, cls", [("sgd", optimizers.SGD), ("Adam", optimizers.Adam),
                                       ("rmsprop", optimizers.RMSprop),
                                       ("adamw", optimizers.AdamW),
                                       ("Adagrad", optimizers.Adagrad),
                                       ("adadelta", optimizers.Adadelta),
                                       ("adamax", optimizers.Adamax),
                                       ("nadam", optimizers.Nadam)])
def test_get_by_name(name, cls):
    assert type(optimizers.get(name)) is cls


def test_get_passthrough_and_errors():
    optimizer = optimizers.SGD()
    assert optimizers.get(optimizer) is optimizer
    assert optimizers.get(None) is None
    with pytest.raises(ValueError, match="nonsense"):
        optimizers.get("nonsense")


def test_config_round_trip():
    optimizer = optimizers.RMSprop(0.25, rho=0.8, momentum=0.1, centered=True, clipnorm=1.0,
                                   name="rms")
    config = optimizer.get_config()
    assert config["learning_rate"] == 0.25 and config["rho"] == 0.8 and config["centered"]
    assert config["name"] == "rms" and config["clipnorm"] == 1.0
    restored = optimizers.deserialize(optimizers.serialize(optimizer))
    assert type(restored) is optimizers.RMSprop and restored.get_config() == config
    assert optimizers.SGD.from_config(optimizers.SGD(momentum=0.5).get_config()).momentum == 0.5
    with pytest.raises(ValueError, match="weight_decay"):
        optimizers.AdamW(weight_decay=None)


COMMON_ARGUMENTS = {"weight_decay": 0.01, "clipnorm": 0.5, "clipvalue": None,
                    "global_clipnorm": None, "use_ema": False, "ema_momentum": 0.9,
                    "ema_overwrite_frequency": 3, "loss_scale_factor": 2.0,
                    "gradient_accumulation_steps": None, "name": "mine"}


@pytest.mark.parametrize("cls", [optimizers.SGD, optimizers.RMSprop, optimizers.Adam,
                                 optimizers.AdamW, optimizers.Adagrad, optimizers.Adadelta,
                                 optimizers.Adamax, optimizers.Nadam])
def test_every_optimizer_takes_the_common_arguments_by_keyword(cls):
    """Each optimizer names only its own hyperparameters; the common ones reach the base."""
    optimizer = cls(0.125, **COMMON_ARGUMENTS)
    config = optimizer.get_config()
    assert config["learning_rate"] == 0.125
    assert {k: config[k] for k in COMMON_ARGUMENTS} == COMMON_ARGUMENTS
    assert optimizer.name == "mine" and optimizer.weight_decay == 0.01
    assert cls.from_config(config).get_config() == config
    assert cls(lr=0.25).get_config()["learning_rate"] == 0.25          # Keras 2's lr=
    with pytest.raises(ValueError, match="not recognized"):
        cls(0.1, clip_norm=1.0)


# Schedules.

@pytest.mark.parametrize("schedule, formula", [
    (schedules.ExponentialDecay(0.5, 4, 0.25), lambda s: 0.5 * 0.25 ** (s / 4)),
    (schedules.ExponentialDecay(0.5, 4, 0.25, staircase=True),
     lambda s: 0.5 * 0.25 ** (s // 4)),
    (schedules.InverseTimeDecay(0.5, 4, 0.25), lambda s: 0.5 / (1 + 0.25 * s / 4)),
    (schedules.InverseTimeDecay(0.5, 4, 0.25, staircase=True),
     lambda s: 0.5 / (1 + 0.25 * (s // 4))),
    (schedules.PiecewiseConstantDecay([3, 6], [1.0, 0.5, 0.25]),
     lambda s: 1.0 if s <= 3 else 0.5 if s <= 6 else 0.25),
    (schedules.CosineDecay(0.5, 8, alpha=0.1),
     lambda s: 0.5 * (0.9 * 0.5 * (1 + math.cos(math.pi * min(s, 8) / 8)) + 0.1)),
    (schedules.CosineDecay(0.1, 8, warmup_target=0.5, warmup_steps=4),
     lambda s: 0.1 + (0.5 - 0.1) * s / 4 if s < 4 else
     0.5 * 0.5 * (1 + math.cos(math.pi * min(s - 4, 8) / 8))),
    (schedules.PolynomialDecay(0.5, 8, end_learning_rate=0.1, power=2.0),
     lambda s: (0.5 - 0.1) * (1 - min(s, 8) / 8) ** 2 + 0.1),
])
def test_schedule_values(schedule, formula):
    for step in range(15):
        assert float(schedule(step)) == pytest.approx(formula(step), rel=1e-6, abs=1e-7)
    restored = schedules.deserialize(schedules.serialize(schedule))
    assert type(restored) is type(schedule) and restored.get_config() == schedule.get_config()
    assert float(restored(5)) == pytest.approx(float(schedule(5)))


def test_schedule_argument_errors_and_dtype():
    with pytest.raises(ValueError, match="decay_steps"):
        schedules.ExponentialDecay(0.1, 0, 0.5)
    with pytest.raises(ValueError, match="1 less"):
        schedules.PiecewiseConstantDecay([1, 2], [1.0, 2.0])
    assert schedules.ExponentialDecay(0.1, 2, 0.5)(1).dtype == np.float32
    with pytest.raises(NotImplementedError):
        schedules.LearningRateSchedule()(0)
