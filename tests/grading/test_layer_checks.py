"""kerasedu.grading: correct layers pass, each kind of mistake fails with a teaching message."""

import pytest
from grading_helpers import assert_fails_teaching

from kerasedu import activations, layers, ops


class GoodDense(layers.Layer):
    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units, self.activation = units, activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, x):
        return self.activation(ops.matmul(x, self.kernel) + self.bias)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "activation": activations.serialize(self.activation)}


class TransposedKernel(GoodDense):
    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(self.units, input_shape[-1]), name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, x):
        return self.activation(ops.matmul(x, ops.transpose(self.kernel)) + self.bias)


class ForgetsActivation(GoodDense):
    def call(self, x):
        return ops.matmul(x, self.kernel) + self.bias


class DropsBatchAxis(GoodDense):
    def compute_output_shape(self, input_shape):
        return (self.units,)


class NumpyCall(GoodDense):
    def call(self, x):
        import numpy as np
        return self.activation(ops.convert_to_tensor(
            np.asarray(x) @ self.kernel.numpy() + self.bias.numpy()))


class NoConfig(GoodDense):
    def get_config(self):
        return {**layers.Layer.get_config(self)}


def test_a_correct_layer_passes_every_check(grading):
    grading.check_build(GoodDense, "Dense", (None, 3), args=(4,))
    grading.check_call(GoodDense, "Dense", (None, 3), args=(4,), kwargs={"activation": "relu"})
    grading.check_compute_output_shape(GoodDense, "Dense", args=(4,), seed=3)
    grading.check_config(GoodDense, args=(4,), required_keys=("units", "activation"))
    grading.check_gradients(GoodDense, (None, 3), args=(2,), kwargs={"activation": "tanh"})


@pytest.mark.parametrize("student,check,fragments", [
    (TransposedKernel, "build", ["weight 'kernel' should have shape (3, 4), yours has (4, 3)"]),
    (ForgetsActivation, "call", ["call computes the wrong values", "expected", "received"]),
    (DropsBatchAxis, "shape", ["returned (4,), expected (None, ", "batch axis"]),
    (NumpyCall, "gradients", ["No gradient reaches the input"]),
    (NoConfig, "config", ["missing the keys ['units', 'activation']"]),
])
def test_each_mistake_fails_with_a_message_that_teaches(grading, student, check, fragments):
    calls = {
        "build": lambda: grading.check_build(student, "Dense", (None, 3), args=(4,)),
        "call": lambda: grading.check_call(student, "Dense", (None, 3), args=(4,),
                                           kwargs={"activation": "relu"}),
        "shape": lambda: grading.check_compute_output_shape(student, "Dense", args=(4,)),
        "gradients": lambda: grading.check_gradients(student, (None, 3), args=(2,)),
        "config": lambda: grading.check_config(student, args=(4,),
                                               required_keys=("units", "activation")),
    }
    assert_fails_teaching(calls[check], fragments)


# ---------------------------------------------------------------------- one mistake, one test

class ForgetsBias(GoodDense):
    def call(self, x):
        return self.activation(ops.matmul(x, self.kernel))


class ListShape(GoodDense):
    def compute_output_shape(self, input_shape):
        return list(input_shape[:-1]) + [self.units]


class Rank2Shape(GoodDense):
    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.units)


class BuiltOnDense(layers.Dense):
    pass


class Loud(GoodDense):
    def call(self, x):
        import sys
        print("debug: call", tuple(x.shape), file=sys.stderr)
        return super().call(x)


class LoudAndWrong(ForgetsBias):
    def call(self, x):
        import sys
        print("debug: call", tuple(x.shape), file=sys.stderr)
        return super().call(x)


def _results(grading, student):
    """{check: None when it passes, else its message} for the five layer checks."""
    checks = {
        "build": lambda: grading.check_build(student, "Dense", (None, 3), args=(4,)),
        "call": lambda: grading.check_call(student, "Dense", (None, 3, 5), args=(4,),
                                           kwargs={"activation": "relu"}),
        "shape": lambda: grading.check_compute_output_shape(student, "Dense", args=(4,),
                                                            input_shapes=[(None, 3, 5)]),
        "config": lambda: grading.check_config(student, args=(4,),
                                               required_keys=("units", "activation")),
        "gradients": lambda: grading.check_gradients(student, (None, 2, 3), args=(2,)),
    }
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = None
        except AssertionError as error:
            results[name] = " ".join(str(error).split())
    return results


@pytest.mark.parametrize("student,failing", [
    (GoodDense, set()),
    (ListShape, set()),
    (Loud, set()),
    (ForgetsBias, {"call"}),
    (TransposedKernel, {"build"}),
    (Rank2Shape, {"shape"}),
    (DropsBatchAxis, {"shape"}),
    (NumpyCall, {"gradients"}),
    (NoConfig, {"config"}),
    (BuiltOnDense, {"build", "call", "shape", "config", "gradients"}),
])
def test_each_mistake_costs_the_check_of_its_method_only(grading, student, failing):
    results = _results(grading, student)
    assert {name for name, message in results.items() if message} == failing, results


def test_a_layer_built_on_kerasedus_own_is_refused_in_words(grading):
    message = _results(grading, BuiltOnDense)["call"]
    assert "BuiltOnDense subclasses kerasedu's own Dense: subclass Layer" in message


def test_what_the_students_code_prints_to_stderr_is_shown_not_scored(grading, capsys):
    grading.check_call(Loud, "Dense", (None, 3), args=(4,))
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "Your code printed this to stderr while the check ran:\n  debug: call (4, 3)" \
        in captured.out
    message = _results(grading, LoudAndWrong)["call"]
    assert "computes the wrong values" in message
    assert "Your code printed this to stderr while the check ran: debug: call (4, 3, 5)" \
        in message
    assert capsys.readouterr().err == ""


def test_messages_are_wrapped_for_nbgrader_validate(grading):
    with pytest.raises(AssertionError) as info:
        grading.check_build(TransposedKernel, "Dense", (None, 3), args=(4,))
    lines = str(info.value).splitlines()
    assert len(lines) > 2
    assert len("GradingError: " + lines[0]) <= 80 and all(len(line) <= 80 for line in lines)


def test_a_list_from_compute_output_shape_works_in_a_model_as_in_keras():
    import numpy as np

    from kerasedu import Input, Sequential
    model = Sequential([Input(shape=(2, 3)), ListShape(4)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.ones((5, 2, 3)), np.ones((5, 2, 4)), verbose=0)
    assert model.output_shape == (None, 2, 4)
    assert model.predict(np.ones((5, 2, 3)), verbose=0).shape == (5, 2, 4)
