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
        return np.asarray(x) @ self.kernel.numpy() + self.bias.numpy()


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
