"""Gradients are never silently dropped.

While a gradient is being taken (inside ``GradientTape``, in fit's training step), every way a
Tensor that carries a gradient can become a plain Python number or numpy array raises
GradientDroppedError at the line that did it, naming what to write instead. Outside (printing,
plotting, predict, evaluate, no_grad), and for values that carry no gradient (labels,
constants, shapes, integer and boolean Tensors), the same conversions simply work, and the
legitimate things students write in a layer still train, with the gradient a numerical
gradient gives.
"""

import math

import numpy as np
import pytest

import copy

from kerasedu import Input, Sequential, layers, losses, ops
from kerasedu import backend as K
from kerasedu.backend import GradientTape, Variable, gradients, no_grad
from kerasedu.backend.tensor import GradientDroppedError
from kerasedu.utils import set_random_seed

# (how, what the error must say to do instead)
CONVERSIONS = {
    "float": (lambda t: float(t[0]), "ops.sqrt"),
    "int": (lambda t: int(t[0]), "x.shape"),
    "complex": (lambda t: complex(t[0]), "stop_gradient"),
    "math.sqrt": (lambda t: math.sqrt(t[0] * t[0]), "ops.sqrt"),
    "math.exp": (lambda t: math.exp(t[0]), "ops.exp"),
    "math.log": (lambda t: math.log(t[0] * t[0]), "ops.log"),
    "math.floor": (lambda t: math.floor(t[0]), "ops.sqrt"),
    "np.asarray": (lambda t: np.asarray(t), "np.sum"),
    "np.array": (lambda t: np.array(t), "np.sum"),
    "np.float64": (lambda t: np.float64(t[0]), "np.sum"),
    "t.numpy()": (lambda t: t.numpy(), "stop_gradient"),
    "t.tolist()": (lambda t: t.tolist(), "stop_gradient"),
    "t.item()": (lambda t: t.item(0), "stop_gradient"),
    "item access as a number": (lambda t: [1.0, 2.0][0] * float(t[1]), "ops.sqrt"),
    "np.sinh": (lambda t: np.sinh(t), "ops.exp(x) - ops.exp(-x)"),
    "np.log2": (lambda t: np.log2(t * t), "ops.log(x) / np.log(2)"),
    "np.linalg.norm": (lambda t: np.linalg.norm(t), "ops.sqrt(ops.sum(ops.square"),
    "np.median": (lambda t: np.median(t), "Use kerasedu.ops.median(...) instead"),
    "np.exp with out=": (lambda t: np.exp(t, out=np.empty(3, "float32")), "ops.exp"),
    "np.add.reduce": (lambda t: np.add.reduce(t), "ops.add"),
    "math.trunc": (lambda t: math.trunc(t[0]), "x.shape"),
    "np.put into an array": (lambda t: np.put(np.zeros(3), [0, 1, 2], t), "no put op"),
    "np.copyto an array": (lambda t: np.copyto(np.zeros(3), t), "no copyto op"),
    "np.add.at into an array": (lambda t: np.add.at(np.zeros(3), [0, 1, 2], t), "ops.add"),
    "np.frompyfunc": (lambda t: np.frompyfunc(lambda v: 2 * v, 1, 1)(t), "no frompyfunc op"),
    "K.eval": (lambda t: K.eval(t), "stop_gradient"),
    "K.get_value": (lambda t: K.get_value(t), "stop_gradient"),
    "K.cast_to_floatx": (lambda t: K.cast_to_floatx(t), "np.sum"),
    "K.batch_get_value": (lambda t: K.batch_get_value([t])[0], "stop_gradient"),
}


def _trainable():
    return Variable(np.array([0.5, -1.5, 2.0]), name="w")


@pytest.mark.parametrize("how", sorted(CONVERSIONS))
def test_every_way_out_of_the_tape_raises_while_differentiating(how):
    convert, advice = CONVERSIONS[how]
    w = _trainable()
    with GradientTape():
        h = w * 2.0
        with pytest.raises(GradientDroppedError) as error:
            convert(h)
    assert advice in str(error.value)
    assert "stop_gradient" in str(error.value)


@pytest.mark.parametrize("how", sorted(CONVERSIONS))
def test_the_same_conversions_work_outside_the_tape(how):
    convert, _ = CONVERSIONS[how]
    w = _trainable()
    h = w * 2.0                          # recorded, but no gradient is being taken
    expected = convert(ops.stop_gradient(h))
    with no_grad():
        assert np.array_equal(np.asarray(convert(w * 2.0)), np.asarray(expected))
    if not how.startswith("np.") or how in ("np.asarray", "np.array", "np.float64"):
        assert np.array_equal(np.asarray(convert(h)), np.asarray(expected))


@pytest.mark.parametrize("how", sorted(CONVERSIONS))
def test_values_without_a_gradient_convert_freely_inside_the_tape(how):
    convert, _ = CONVERSIONS[how]
    labels = ops.convert_to_tensor(np.array([0.5, 1.5, 2.0], "float32"))
    w = _trainable()
    with GradientTape():
        convert(labels)                                  # a constant: no gradient to lose
        convert(ops.stop_gradient(w * 2.0))              # said so
        with no_grad():
            convert(w * 2.0)                             # nothing recorded here


def test_integer_and_boolean_results_carry_no_gradient_and_convert():
    w = _trainable()
    with GradientTape():
        assert int(ops.argmax(w)) == 2
        assert bool(ops.sum(w) > 0) is True
        assert int(ops.sum(ops.cast(w > 0, "float32"))) == 2
        assert np.allclose(w, [0.5, -1.5, 2.0])          # a bool result: nothing to lose
        assert np.argsort(w).tolist() == [1, 0, 2]
        assert list(range(ops.convert_to_tensor(3))) == [0, 1, 2]


def test_if_on_a_tensor_branches_and_differentiates_the_branch_taken():
    w = Variable(np.array([3.0]), dtype="float64")
    with GradientTape() as tape:
        loss = ops.sum(w * w) if ops.sum(w) > 0 else ops.sum(-w)
    assert tape.gradient(loss, w).tolist() == [6.0]


def test_printing_and_formatting_inside_the_tape(capsys):
    w = _trainable()
    with GradientTape():
        h = ops.sum(w)
        print(h, f"{h:.2f}", repr(w))
    out = capsys.readouterr().out
    assert "1.00" in out and "<Tensor shape=()" in out and "<Variable 'w'" in out


def test_a_multi_element_truth_value_names_ops_any_and_all():
    with pytest.raises(ValueError, match=r"ops.any\(t\) or ops.all\(t\)"):
        bool(ops.ones(3))


@pytest.mark.parametrize("target", ["tensor", "variable"])
def test_in_place_assignment_says_what_to_write_instead(target):
    t = ops.ones((2, 3)) if target == "tensor" else Variable(np.ones((2, 3)))
    with pytest.raises(TypeError, match=r"ops.where\(mask, new_values, t\)") as error:
        t[0] = 0
    assert "v.assign(new_value)" in str(error.value)
    assert np.array_equal(np.asarray(t), np.ones((2, 3)))
    with pytest.raises(TypeError, match="cannot be changed"):
        np.add(t, 1.0, out=t)


# ---------------------------------------------------------------- inside fit


class SqrtOfNorm(layers.Layer):
    """The issue's layer: matmul(x, w) + sqrt(sum(b²)), with sqrt taken by ``root``."""

    def __init__(self, root, **kwargs):
        super().__init__(**kwargs)
        self.root = root

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], 1), name="w")
        self.b = self.add_weight(shape=(2,), initializer="ones", name="b")

    def call(self, x):
        return ops.matmul(x, self.w) + self.root(ops.sum(ops.square(self.b)))


def _data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(16, 3)).astype("float32"), rng.normal(size=(16, 1)).astype("float32")


@pytest.mark.parametrize("root", [math.sqrt, lambda t: np.sqrt(np.asarray(t)),
                                  lambda t: np.array(t) ** 0.5, lambda t: float(t) ** 0.5],
                         ids=["math.sqrt", "np.asarray", "np.array", "float"])
def test_a_layer_cutting_its_gradient_fails_in_fit_and_works_in_predict(root):
    x, y = _data()
    model = Sequential([Input((3,)), SqrtOfNorm(root)])
    model.compile("sgd", "mse")
    before = model.get_weights()
    with pytest.raises(GradientDroppedError, match="carries a gradient"):
        model.fit(x, y, verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    expected = x @ before[0] + np.sqrt(2.0)
    assert np.allclose(model.predict(x, verbose=0), expected, atol=1e-5)
    assert np.allclose(np.asarray(model(x)), expected, atol=1e-5)
    assert np.isclose(model.evaluate(x, y, verbose=0), np.mean((expected - y) ** 2), rtol=1e-4)


def test_the_same_layer_written_with_ops_trains_every_weight():
    x, y = _data()
    model = Sequential([Input((3,)), SqrtOfNorm(ops.sqrt)])
    model.compile("sgd", "mse")
    before = model.get_weights()
    model.fit(x, y, epochs=2, verbose=0)
    assert all(not np.allclose(a, b) for a, b in zip(before, model.get_weights()))


@pytest.mark.parametrize("loss, message", [
    (lambda y_true, y_pred: ops.mean(ops.square(y_true - np.asarray(y_pred))),
     r"np.asarray\(t\)"),
    (lambda y_true, y_pred: ops.mean(ops.square(y_true - y_pred.numpy())), r"t.numpy\(\)"),
    (lambda y_true, y_pred: 0.5, r"returned a float \(0.5\) instead of a Tensor"),
    (lambda y_true, y_pred: float(np.mean((np.asarray(y_true) - 1.0) ** 2)),
     "returned a float"),
    (lambda y_true, y_pred: np.zeros(len(y_true)), "returned a numpy array"),
], ids=["np.asarray(y_pred)", "y_pred.numpy()", "a constant float", "a float of labels",
        "a numpy array"])
def test_custom_losses_that_drop_the_gradient_fail_at_once(loss, message):
    x, y = _data()
    model = Sequential([Input((3,)), layers.Dense(1)])
    model.compile("sgd", loss)
    before = model.get_weights()
    with pytest.raises(GradientDroppedError, match=message):
        model.fit(x, y, verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def test_a_custom_loss_returning_a_number_still_evaluates():
    x, y = _data()
    model = Sequential([Input((3,)), layers.Dense(1)])
    model.compile("sgd", lambda y_true, y_pred: 0.5)
    assert model.evaluate(x, y, verbose=0) == pytest.approx(0.5)


class StudentLayer(layers.Layer):
    """Things students legitimately write in call: shapes, Python ints, printing, labels."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], int(self.units)), name="kernel")

    def call(self, x):
        batch = x.shape[0]
        print(f"batch of {batch}:", ops.mean(x), f"{ops.mean(x):.3f}")
        steps = int(ops.sum(ops.ones((2,))))
        scale = np.asarray(np.arange(self.units) + 1.0, "float32") / steps
        return ops.matmul(x, self.kernel) * scale + np.log(ops.exp(x[:, :1]))


def test_legitimate_student_code_trains_with_the_numerical_gradient(capsys):
    set_random_seed(0)
    x = np.random.default_rng(1).normal(size=(4, 3))
    layer = StudentLayer(2, dtype="float64")
    layer(x)
    kernel = layer.kernel.numpy()

    def loss_of(k):
        return np.sum((x @ k) * (np.arange(2) + 1.0) / 2.0 + x[:, :1])

    with GradientTape() as tape:
        loss = ops.sum(layer(x))
    numerical = np.zeros_like(kernel)
    for index in np.ndindex(kernel.shape):
        step = np.zeros_like(kernel)
        step[index] = 1e-6
        numerical[index] = (loss_of(kernel + step) - loss_of(kernel - step)) / 2e-6
    assert np.isclose(float(loss), loss_of(kernel))
    assert np.allclose(tape.gradient(loss, layer.kernel), numerical, atol=1e-6)
    assert "batch of 4:" in capsys.readouterr().out

    model = Sequential([Input((3,)), StudentLayer(2), layers.Dense(1)])
    model.compile("sgd", losses.MeanSquaredError())
    history = model.fit(x.astype("float32"), np.ones((4, 1), "float32"), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2 and np.isfinite(history.history["loss"]).all()


def test_a_weight_passed_as_its_values_is_refused_only_while_differentiating():
    w = Variable(np.array([1.0, 2.0]), dtype="float64", name="w")
    assert gradients(ops.sum(w * w), w).tolist() == [2.0, 4.0]
    with GradientTape():
        with pytest.raises(GradientDroppedError, match="Variable 'w'"):
            ops.sum(w * w.numpy())
    assert float(ops.sum(w * w.numpy())) == 5.0


@pytest.mark.parametrize("use", [lambda v, x: ops.matmul(x, v.value),
                                 lambda v, x: ops.sum(ops.matmul(x, v)) + ops.sum(v.value),
                                 lambda v, x: ops.convert_to_tensor(v.value)],
                         ids=["ops.matmul(x, v.value)", "ops.sum(v.value)", "convert_to_tensor"])
def test_a_variables_array_given_to_an_op_is_refused_while_differentiating(use):
    kernel = Variable(np.ones((3, 1)), name="kernel")
    x = np.ones((2, 3))
    with GradientTape():
        with pytest.raises(GradientDroppedError, match="Variable 'kernel'") as error:
            use(kernel, x)
    assert "not self.kernel.value" in str(error.value)
    expected = use(kernel, x)                             # no gradient is being taken
    frozen = Variable(np.ones((3, 1)), trainable=False, name="moving")
    with GradientTape():
        assert np.array_equal(use(frozen, x), expected)   # carries no gradient: nothing to lose


def test_a_recorded_tensors_array_given_to_an_op_is_refused_while_differentiating():
    w = Variable(np.array([1.0, 2.0]), name="w")
    with GradientTape() as tape:
        h = w * 3.0
        with pytest.raises(GradientDroppedError, match=r"t.value \(the numpy array of a float32 "
                                                       r"Tensor of shape \(2,\), computed by "
                                                       r"'multiply'\)"):
            ops.exp(h.value)
        loss = ops.sum(ops.exp(ops.stop_gradient(h)) * h)     # said so: fine
    assert np.allclose(tape.gradient(loss, w), 3.0 * np.exp([3.0, 6.0]))
    assert np.allclose(ops.exp((w * 3.0).value), np.exp([3.0, 6.0]))    # no tape: fine


def test_a_layer_using_its_weights_array_fails_in_fit_and_works_in_predict():
    class ByValue(layers.Layer):
        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], 1), name="kernel")

        def call(self, x):
            return ops.matmul(x, self.kernel.value)

    x, y = _data()
    model = Sequential([Input((3,)), ByValue()])
    model.compile("sgd", "mse")
    with pytest.raises(GradientDroppedError, match="by_value/kernel"):
        model.fit(x, y, verbose=0)
    assert np.allclose(model.predict(x, verbose=0), x @ model.get_weights()[0], atol=1e-6)


def test_a_copy_of_a_tensor_keeps_its_gradient_and_a_copy_of_a_variable_is_new():
    w = Variable(np.array([1.0, 2.0]), dtype="float64", name="w")
    with GradientTape() as tape:
        h = w * w
        loss = ops.sum(copy.deepcopy(h) + copy.copy(h))
    assert tape.gradient(loss, w).tolist() == [4.0, 8.0]
    twin = copy.deepcopy(w)
    assert twin is not w and twin.numpy().tolist() == [1.0, 2.0]
    twin.assign([5.0, 6.0])
    assert w.numpy().tolist() == [1.0, 2.0]
    with GradientTape():
        with pytest.raises(GradientDroppedError, match="Variable 'w'"):
            ops.sum(twin * twin.value + w.value)


def test_non_trainable_variables_carry_no_gradient_unless_watched():
    frozen = Variable(np.array([1.0, 2.0]), trainable=False, name="moving_mean")
    w = _trainable()
    with GradientTape() as tape:
        assert float(ops.sum(frozen)) == 3.0
        loss = ops.sum(w * frozen[0])
    assert tape.gradient(loss, [w, frozen])[1] is None
    with GradientTape() as tape:
        tape.watch(frozen)
        with pytest.raises(GradientDroppedError):
            float(ops.sum(frozen))
        loss = ops.sum(frozen * frozen)
    assert tape.gradient(loss, frozen).tolist() == [2.0, 4.0]


# ------------------------------------------------- through complex numbers and back to real

# ways a real Tensor becomes complex, and ways back to a real number
TO_COMPLEX = {
    "ops.cast(x, 'complex128')": lambda x: ops.cast(x, "complex128"),
    "ops.multiply(x, 1j)": lambda x: ops.multiply(x, 1j),
    "x * (1 + 2j)": lambda x: x * (1 + 2j),
    "ops.add(x, 1j)": lambda x: ops.add(x, 1j),
    "np.multiply(x, 1j)": lambda x: np.multiply(x, 1j),
    "ops.exp(x * 1j)": lambda x: ops.exp(x * 1j),
}
TO_REAL = {
    "ops.real": ops.real, "ops.imag": ops.imag, "ops.abs": ops.abs,
    "ops.real(ops.conj)": lambda z: ops.real(ops.conj(z)),
}


@pytest.mark.parametrize("back", sorted(TO_REAL))
@pytest.mark.parametrize("into", sorted(TO_COMPLEX))
def test_a_gradient_through_complex_numbers_is_right_or_refused(into, back):
    """kerasedu differentiates real computations only. A gradient asked through a complex
    intermediate raises NotImplementedError, saying what to do; it is never None or zero in
    silence."""
    x = Variable(np.array([0.3, 1.2]), dtype="float64")
    with GradientTape() as tape:
        loss = ops.sum(TO_REAL[back](TO_COMPLEX[into](x)))
    with pytest.raises(NotImplementedError) as error:
        tape.gradient(loss, x)
    assert "real" in str(error.value) and "stop_gradient" in str(error.value)
