"""kerasedu.grading checks of custom layers (problem set 3): correct layers pass, each mistake
fails with a message that says what to fix."""

import numpy as np
import pytest
from grading_helpers import assert_fails_teaching, raises_teaching

from kerasedu import activations, layers, ops
from kerasedu import backend as K
from kerasedu.engine.topology import Layer


class MyLayer(Layer):
    def __init__(self, output_dim, **kwargs):
        self.output_dim = output_dim
        super(MyLayer, self).__init__(**kwargs)

    def build(self, input_shape):
        self.kernel = self.add_weight(name='kernel', shape=(input_shape[1], self.output_dim),
                                      initializer='uniform', trainable=True)
        super(MyLayer, self).build(input_shape)

    def call(self, x):
        return K.dot(x, self.kernel)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.output_dim)


class RunningCenter(Layer):
    def __init__(self, momentum=0.9, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum

    def build(self, input_shape):
        self.moving_mean = self.add_weight(name="moving_mean", shape=(input_shape[-1],),
                                           initializer="zeros", trainable=False)
        self.count = self.add_weight(name="count", shape=(), initializer="zeros",
                                     trainable=False)

    def call(self, inputs, training=None):
        if training:
            batch_mean = ops.mean(inputs, axis=tuple(range(len(inputs.shape) - 1)))
            self.moving_mean.assign(self.moving_mean * self.momentum
                                    + batch_mean * (1 - self.momentum))
            self.count.assign(self.count + 1)
            return inputs - batch_mean
        return inputs - self.moving_mean

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum}


class UpdatesAlways(RunningCenter):
    def call(self, inputs, training=None):
        return super().call(inputs, training=True)


class NoTrainingArgument(RunningCenter):
    def call(self, inputs):
        return inputs - self.moving_mean


class TrainableMean(RunningCenter):
    def build(self, input_shape):
        self.moving_mean = self.add_weight(name="moving_mean", shape=(input_shape[-1],),
                                           initializer="zeros")
        self.count = self.add_weight(name="count", shape=(), initializer="zeros",
                                     trainable=False)


class L2Dense(Layer):
    def __init__(self, units, l2=0.01, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units, self.l2 = units, l2
        self.activation = activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], self.units))
        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros")

    def call(self, inputs):
        self.add_loss(self.l2 * ops.sum(ops.square(self.kernel)))
        return self.activation(ops.matmul(inputs, self.kernel) + self.bias)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "l2": self.l2,
                "activation": activations.serialize(self.activation)}


class NoLoss(L2Dense):
    def call(self, inputs):
        return self.activation(ops.matmul(inputs, self.kernel) + self.bias)


class NumpyLoss(L2Dense):
    def call(self, inputs):
        self.add_loss(self.l2 * np.sum(self.kernel.numpy() ** 2))
        return self.activation(ops.matmul(inputs, self.kernel) + self.bias)


class HalfLoss(L2Dense):
    def call(self, inputs):
        self.add_loss(0.5 * self.l2 * ops.sum(ops.square(self.kernel)))
        return self.activation(ops.matmul(inputs, self.kernel) + self.bias)


class ListOfLosses(L2Dense):
    def call(self, inputs):
        if not hasattr(self, "collected"):
            self.collected = []
        self.collected.append(self.l2 * ops.sum(ops.square(self.kernel)))
        for loss in self.collected:
            self.add_loss(loss)
        return self.activation(ops.matmul(inputs, self.kernel) + self.bias)


class ConfigWithoutL2(L2Dense):
    def get_config(self):
        return {**Layer.get_config(self), "units": self.units,
                "activation": activations.serialize(self.activation)}


class Frozen(layers.BatchNormalization):
    def call(self, inputs, training=None, mask=None):
        return super().call(inputs, training=False, mask=mask)


class NotFrozen(layers.BatchNormalization):
    pass


class FrozenByTrainable(layers.BatchNormalization):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.trainable = False


L2_REFERENCE = {"activation": "relu",
                "kernel_regularizer": {"class_name": "L2", "config": {"l2": 0.05}}}


def test_correct_layers_pass(grading):
    no_bias = {"use_bias": False}
    grading.check_build(MyLayer, "Dense", (None, 3), args=(4,), reference_kwargs=no_bias)
    grading.check_call(MyLayer, "Dense", (None, 3), args=(4,), reference_kwargs=no_bias)
    grading.check_compute_output_shape(MyLayer, "Dense", input_shapes=[(None, 3)], args=(4,),
                                       reference_kwargs={"use_bias": False})
    grading.check_running_statistics(RunningCenter, (None, 3, 4), momentum=0.7)
    grading.check_running_statistics_in_fit(RunningCenter, (None, 3), epochs=3)
    grading.check_added_losses(L2Dense, "Dense", (None, 3), args=(4,),
                               kwargs={"l2": 0.05, "activation": "relu"},
                               reference_kwargs=L2_REFERENCE)
    grading.check_config(L2Dense, args=(3,), kwargs={"activation": activations.relu},
                         required_keys=("units", "l2", "activation"))
    grading.check_config_in_model(L2Dense, (None, 4), args=(3,), kwargs={"l2": 0.02})
    grading.check_config_in_model(RunningCenter, (None, 4), kwargs={"momentum": 0.2})
    grading.check_frozen_batch_norm(Frozen, (None, 4))
    grading.check_frozen_batch_norm(Frozen, (None, 3, 3, 2), kwargs={"scale": False}, seed=2)


@pytest.mark.parametrize("check,fragments", [
    (lambda g: g.check_running_statistics(UpdatesAlways, (None, 4)),
     ["wrong values in call 3", "'training=False'", "subtract moving_mean"]),
    (lambda g: g.check_running_statistics(TrainableMean, (None, 4)),
     ["created the wrong weights", "('moving_mean', (4,), 'trainable')", "trainable=False"]),
    (lambda g: g.check_running_statistics_in_fit(UpdatesAlways, (None, 4)),
     ["predict changed UpdatesAlways's statistics", "only calls with training=True may "
      "update them"]),
    (lambda g: g.check_added_losses(NoLoss, "Dense", (None, 3), args=(4,),
                                    kwargs={"l2": 0.05, "activation": "relu"},
                                    reference_kwargs=L2_REFERENCE),
     ["NoLoss.losses is empty", "self.add_loss"]),
    (lambda g: g.check_added_losses(NumpyLoss, "Dense", (None, 3), args=(4,),
                                    kwargs={"l2": 0.05, "activation": "relu"},
                                    reference_kwargs=L2_REFERENCE),
     ["No gradient of the added loss reaches the weight 'kernel'", "weight.numpy()"]),
    (lambda g: g.check_added_losses(HalfLoss, "Dense", (None, 3), args=(4,),
                                    kwargs={"l2": 0.05, "activation": "relu"},
                                    reference_kwargs=L2_REFERENCE),
     ["The loss HalfLoss adds is", "expected"]),
    (lambda g: g.check_added_losses(ListOfLosses, "Dense", (None, 3), args=(4,),
                                    kwargs={"l2": 0.05, "activation": "relu"},
                                    reference_kwargs=L2_REFERENCE),
     ["After a second call, ListOfLosses.losses holds 2 losses instead of 1",
      "not a list of your own"]),
    (lambda g: g.check_config(ConfigWithoutL2, args=(3,), kwargs={"l2": 0.3},
                              required_keys=("units", "l2", "activation")),
     ["missing the keys ['l2']"]),
    (lambda g: g.check_frozen_batch_norm(NotFrozen, (None, 4)),
     ["called with training=True", "moving statistics", "expected", "received"]),
    (lambda g: g.check_frozen_batch_norm(FrozenByTrainable, (None, 4)),
     ["trainable weights are [] after __init__ and build, expected ['gamma', 'beta']",
      "never set trainable=False"]),
    (lambda g: g.check_frozen_batch_norm(MyLayer, (None, 4)),
     ["should subclass kerasedu.layers.BatchNormalization"]),
])
def test_each_mistake_fails_with_a_message_that_teaches(grading, check, fragments):
    assert_fails_teaching(lambda: check(grading), fragments)


def test_a_layer_without_training_argument_loses_the_statistics_test_only(grading):
    with raises_teaching("call 1 of the sequence"):
        grading.check_running_statistics(NoTrainingArgument, (None, 4))
    grading.check_running_statistics_in_fit(NoTrainingArgument, (None, 4))
