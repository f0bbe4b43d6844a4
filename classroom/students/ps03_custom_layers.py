"""Simulated students of problem set 3 (custom layers), in the format of classroom/students/
(``KINDS = {name: (edit, failing, why)}``).

Right answers written three ways, and one mistake at a time: a transposed kernel, a running mean
without its counter or without a training argument, a penalty computed on numpy copies, a
config missing an argument or holding a function, a frozen BatchNormalization that sets
trainable=False in call or passes the training flag on.
"""

from .answers import answers, mistake

_MYLAYER = ("test_mylayer_build", "test_mylayer_call", "test_mylayer_shape_gradients")
_RUNNING = ("test_running_center", "test_running_center_fit")
_L2DENSE = ("test_l2dense_build", "test_l2dense_loss")
_CONFIGS = ("test_configs", "test_config_in_model")
_ALL = _MYLAYER + _RUNNING + _L2DENSE + _CONFIGS + ("test_frozen_bn",)

# Right, in Keras 3's style: ops.matmul, add_weight's keywords in Keras 3's order, assign_add,
# config.update, a frozen BatchNormalization that takes **kwargs.
_KERAS3 = {
    "mylayer_impl": '''
class MyLayer(Layer):

    def __init__(self, output_dim, **kwargs):
        super().__init__(**kwargs)
        self.output_dim = output_dim

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.output_dim),
                                      initializer="uniform", name="kernel")

    def call(self, x):
        return ops.matmul(x, self.kernel)

    def compute_output_shape(self, input_shape):
        return [input_shape[0], self.output_dim]
''',
    "running_center_impl": '''
class RunningCenter(Layer):
    def __init__(self, momentum=0.9, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum

    def build(self, input_shape):
        features = input_shape[-1]
        self.moving_mean = self.add_weight(shape=(features,), initializer="zeros",
                                           trainable=False, name="moving_mean")
        self.count = self.add_weight(shape=(), initializer="zeros", trainable=False,
                                     name="count")

    def call(self, inputs, training=None):
        if not training:
            return inputs - self.moving_mean
        batch_mean = ops.mean(inputs, axis=tuple(range(inputs.ndim - 1)))
        self.moving_mean.assign(self.momentum * self.moving_mean
                                + (1.0 - self.momentum) * batch_mean)
        self.count.assign_add(1.0)
        return inputs - batch_mean

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"momentum": self.momentum})
        return config
''',
    "l2dense_impl": '''
class L2Dense(Layer):
    def __init__(self, units, l2=0.01, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.l2 = l2
        self.activation = activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                      initializer="glorot_uniform", name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs):
        penalty = ops.sum(self.kernel * self.kernel) * self.l2
        self.add_loss(penalty)
        return self.activation(inputs @ self.kernel + self.bias)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        config = super().get_config()
        config.update(units=self.units, l2=self.l2,
                      activation=activations.serialize(self.activation))
        return config
''',
    "frozen_bn_impl": '''
class FrozenBatchNormalization(layers.BatchNormalization):
    """BatchNormalization that always runs in inference mode."""

    def call(self, inputs, **kwargs):
        kwargs["training"] = False
        return super().call(inputs, **kwargs)
''',
}

# Right, in Keras 2's style throughout: K.dot, K.mean, K.square, a config built as a dict, and
# a frozen BatchNormalization that ignores the flag it receives.
_KERAS2 = {
    "running_center_impl": '''
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
            axes = list(range(len(inputs.shape) - 1))
            mean = K.mean(inputs, axis=axes)
            self.moving_mean.assign(self.moving_mean * self.momentum
                                    + mean * (1 - self.momentum))
            self.count.assign(self.count + 1)
            return inputs - mean
        return inputs - self.moving_mean

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        base = super().get_config()
        return dict(list(base.items()) + [("momentum", self.momentum)])
''',
    "l2dense_impl": '''
class L2Dense(Layer):
    def __init__(self, units, l2=0.01, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.l2 = l2
        self.activation = activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], self.units),
                                      initializer="glorot_uniform", trainable=True)
        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros",
                                    trainable=True)

    def call(self, inputs):
        self.add_loss(self.l2 * K.sum(K.square(self.kernel)))
        return self.activation(K.dot(inputs, self.kernel) + self.bias)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        base = super().get_config()
        return dict(list(base.items()) + [("units", self.units), ("l2", self.l2),
                                          ("activation", activations.serialize(self.activation))])
''',
    "frozen_bn_impl": '''
class FrozenBatchNormalization(layers.BatchNormalization):
    def call(self, inputs, training=None, mask=None):
        del training  # frozen: always the moving statistics
        return super().call(inputs, training=False, mask=mask)
''',
}

KINDS = {
    "full": (answers({}), (), "every answer right, as in the solution"),
    "full_keras3": (answers(_KERAS3), (),
                    "right, in Keras 3's style: ops.matmul, add_weight's keywords in Keras 3's "
                    "order, assign_add, config.update, call(inputs, **kwargs)"),
    "full_keras2": (answers(_KERAS2), (),
                    "right, with K.mean, K.sum, K.square, K.dot and configs built as dicts"),
    "blank": (lambda code: {}, _ALL, "the released notebook as it is"),
    "mylayer_transposed_kernel": (mistake("mylayer_impl", (
        "shape=(input_shape[1], self.output_dim)", "shape=(self.output_dim, input_shape[1])"), (
        "return K.dot(x, self.kernel)", "return K.dot(x, K.transpose(self.kernel))")),
        ("test_mylayer_build",),
        "MyLayer's kernel stored as (output_dim, input_dim) and used transposed"),
    "running_center_no_count": (mistake("running_center_impl", (
        "            self.count.assign(self.count + 1)\n", "")),
        ("test_running_center",), "RunningCenter never updates its counter"),
    "running_center_no_training_argument": (mistake("running_center_impl", (
        "def call(self, inputs, training=None):", "def call(self, inputs):"), (
        "if training:", "if False:")),
        ("test_running_center",),
        "RunningCenter's call takes no training argument, so it never learns its mean (inside "
        "fit it behaves as it does anywhere else)"),
    "l2dense_numpy_penalty": (mistake("l2dense_impl", (
        "self.add_loss(self.l2 * ops.sum(ops.square(self.kernel)))",
        "self.add_loss(self.l2 * np.sum(self.kernel.numpy() ** 2))")),
        ("test_l2dense_loss",),
        "L2Dense's penalty computed on a numpy copy of the kernel: right value, no gradient"),
    "l2dense_no_bias": (mistake("l2dense_impl", (
        "        self.bias = self.add_weight(name=\"bias\", shape=(self.units,), "
        "initializer=\"zeros\")\n", ""), (
        "return self.activation(ops.matmul(inputs, self.kernel) + self.bias)",
        "return self.activation(ops.matmul(inputs, self.kernel))")),
        ("test_l2dense_build",), "L2Dense has no bias at all (build creates none, call adds "
                                 "none): only its weights are wrong"),
    "config_missing_l2": (mistake("l2dense_impl", ('"units": self.units, "l2": self.l2,',
                                                   '"units": self.units,')),
                          ("test_configs",), "L2Dense's get_config leaves out l2"),
    "config_holds_a_function": (mistake("l2dense_impl", (
        '"activation": activations.serialize(self.activation)}',
        '"activation": self.activation}')),
        (), "right: L2Dense's get_config holds the activation function itself, which Keras 3's "
            "serialization (and kerasedu's) writes by its registered name, so the model is "
            "rebuilt as with activations.serialize"),
    "frozen_bn_trainable_in_call": (mistake("frozen_bn_impl", (
        "return super().call(inputs, training=False, mask=mask)",
        "self.trainable = False\n        return super().call(inputs, training=training, "
        "mask=mask)")),
        ("test_frozen_bn",), "FrozenBatchNormalization sets trainable=False in call, which "
                             "freezes gamma and beta too"),
    "frozen_bn_passes_training": (mistake("frozen_bn_impl", (
        "return super().call(inputs, training=False, mask=mask)",
        "return super().call(inputs, training=training, mask=mask)")),
        ("test_frozen_bn",), "FrozenBatchNormalization passes the training flag on"),
    "stderr_debug": (mistake("running_center_impl", (
        "        if training:\n",
        "        import sys\n        print('debug: training =', training, file=sys.stderr)\n"
        "        if training:\n")),
        (), "right, with a debug print to stderr left in RunningCenter.call"),
}
