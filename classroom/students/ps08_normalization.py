"""Simulated students of problem set 8 (BatchNormalization, Dropout, a regularizer, a
constraint, LayerNormalization), in the format of classroom/students/
(``KINDS = {name: (edit, failing, why)}``).

Right answers written two more ways, and one mistake at a time: batch statistics at inference,
moving statistics updated at inference or with momentum's convention swapped, the unbiased
variance, epsilon outside the square root, statistics computed with numpy, a frozen layer that
still trains its statistics, a channel axis fixed at -1, dropout without scaling, active at
inference or with the same mask at every call, LayerNormalization over the batch, a regularizer
without its factor or its get_config, and a constraint that takes one norm of the whole weight.
"""

from .answers import answers, mistake

_BN = ("test_bn_build", "test_bn_training", "test_bn_inference", "test_bn_moving_statistics",
       "test_bn_epsilon", "test_bn_axis", "test_bn_frozen", "test_bn_gradients")
_DROPOUT = ("test_dropout_inference", "test_dropout_training")
_OPTIONS = ("test_regularizer", "test_regularizer_config", "test_constraint",
            "test_constraint_config")
_LN = ("test_ln_build", "test_ln_values", "test_ln_gradients")
_ALL = _BN + _DROPOUT + _OPTIONS + _LN

# Right, with Keras 2's backend names, statistics kept with keepdims=True, the updates written
# from numpy values, a mask multiplied in, and the norms written out.
_BACKEND = {
    "bn_impl": '''
class BatchNormalization(Layer):
    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon

    def build(self, input_shape):
        channels = input_shape[self.axis]
        self.gamma = self.add_weight(name="gamma", shape=(channels,), initializer="ones")
        self.beta = self.add_weight(name="beta", shape=(channels,), initializer="zeros")
        self.moving_mean = self.add_weight(name="moving_mean", shape=(channels,),
                                           initializer="zeros", trainable=False)
        self.moving_variance = self.add_weight(name="moving_variance", shape=(channels,),
                                               initializer="ones", trainable=False)

    def _broadcast(self, vector, ndim):
        shape = [1] * ndim
        shape[self.axis] = -1
        return K.reshape(vector, shape)

    def call(self, inputs, training=None):
        ndim = len(inputs.shape)
        reduce = [i for i in range(ndim) if i != self.axis % ndim]
        if training is True and self.trainable:
            mean = K.mean(inputs, axis=reduce, keepdims=True)
            variance = K.mean(K.square(inputs - mean), axis=reduce, keepdims=True)
            m = self.momentum
            batch_mean = mean.numpy().reshape(-1)
            batch_variance = variance.numpy().reshape(-1)
            self.moving_mean.assign(m * self.moving_mean.numpy() + (1 - m) * batch_mean)
            self.moving_variance.assign(m * self.moving_variance.numpy()
                                        + (1 - m) * batch_variance)
        else:
            mean = self._broadcast(self.moving_mean, ndim)
            variance = self._broadcast(self.moving_variance, ndim)
        x_hat = (inputs - mean) / K.sqrt(variance + self.epsilon)
        return self._broadcast(self.gamma, ndim) * x_hat + self._broadcast(self.beta, ndim)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "momentum": self.momentum,
                "epsilon": self.epsilon}
''',
    "dropout_impl": '''
class Dropout(Layer):
    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
        self.seed = seed
        self.seed_generator = ops.random.SeedGenerator(seed)

    def call(self, inputs, training=None):
        if training:
            noise = ops.random.uniform(ops.shape(inputs), seed=self.seed_generator)
            mask = ops.cast(noise >= self.rate, inputs.dtype)
            return inputs * mask * (1.0 / (1.0 - self.rate))
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
''',
    "regularizer_impl": '''
class L1L2(regularizers.Regularizer):
    def __init__(self, l1=0.0, l2=0.0):
        self.l1, self.l2 = l1, l2

    def __call__(self, x):
        penalty = 0.0
        if self.l1:
            penalty = penalty + self.l1 * K.sum(K.abs(x))
        if self.l2:
            penalty = penalty + self.l2 * K.sum(x * x)
        return penalty

    def get_config(self):
        return dict(l1=self.l1, l2=self.l2)
''',
    "constraint_impl": '''
class MaxNorm(constraints.Constraint):
    def __init__(self, max_value=2, axis=0):
        self.max_value, self.axis = max_value, axis

    def __call__(self, w):
        norms = K.sqrt(K.sum(w * w, axis=self.axis, keepdims=True))
        factor = ops.minimum(norms, self.max_value) / (K.epsilon() + norms)
        return w * factor

    def get_config(self):
        return dict(max_value=self.max_value, axis=self.axis)
''',
    "ln_impl": '''
class LayerNormalization(Layer):
    def __init__(self, axis=-1, epsilon=1e-3, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.epsilon = epsilon

    def build(self, input_shape):
        size = input_shape[self.axis]
        self.gamma = self.add_weight(name="gamma", shape=(size,), initializer="ones")
        self.beta = self.add_weight(name="beta", shape=(size,), initializer="zeros")

    def call(self, inputs):
        ndim = len(inputs.shape)
        shape = [1] * ndim
        shape[self.axis] = -1
        centred = inputs - K.mean(inputs, axis=self.axis, keepdims=True)
        variance = K.mean(K.square(centred), axis=self.axis, keepdims=True)
        x_hat = centred / K.sqrt(variance + self.epsilon)
        return K.reshape(self.gamma, shape) * x_hat + K.reshape(self.beta, shape)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon}
''',
}

# Right, with the channel axis moved last and back, the scale-and-shift form, and a numpy mask
# drawn from a numpy generator.
_MOVED_AXIS = {
    "bn_impl": '''
class BatchNormalization(Layer):
    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon

    def build(self, input_shape):
        n = input_shape[self.axis]
        for name, init, trainable in (("gamma", "ones", True), ("beta", "zeros", True),
                                      ("moving_mean", "zeros", False),
                                      ("moving_variance", "ones", False)):
            setattr(self, name, self.add_weight(shape=(n,), initializer=init,
                                                trainable=trainable, name=name))

    def call(self, inputs, training=None):
        axis = self.axis % inputs.ndim
        x = ops.moveaxis(inputs, axis, -1)
        flat = ops.reshape(x, (-1, x.shape[-1]))
        use_batch = bool(training) and self.trainable
        if use_batch:
            mean = ops.mean(flat, axis=0)
            variance = ops.mean(ops.square(flat - mean), axis=0)
            for moving, batch in ((self.moving_mean, mean), (self.moving_variance, variance)):
                moving.assign(moving + (batch - moving) * (1 - self.momentum))
        else:
            mean, variance = self.moving_mean, self.moving_variance
        scale = self.gamma / ops.sqrt(variance + self.epsilon)
        shift = self.beta - mean * scale
        return ops.moveaxis(x * scale + shift, -1, axis)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "momentum": self.momentum,
                "epsilon": self.epsilon}
''',
    "dropout_impl": '''
class Dropout(Layer):
    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
        self.seed = seed
        self.seed_generator = ops.random.SeedGenerator(seed)
        self.generator = np.random.default_rng(seed)

    def call(self, inputs, training=None):
        if not training:
            return inputs
        keep = self.generator.random(tuple(inputs.shape)) >= self.rate
        return inputs * (keep / (1 - self.rate)).astype(inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
''',
}

_BN_UPDATE = (
    "self.moving_mean.assign(\n"
    "                self.moving_mean * self.momentum + mean * (1 - self.momentum))\n"
    "            self.moving_variance.assign(\n"
    "                self.moving_variance * self.momentum + variance * (1 - self.momentum))\n")

KINDS = {
    "full": (answers({}), (), "every answer right, as in the solution"),
    "full_backend": (answers(_BACKEND), (),
                     "right, with Keras 2's backend names, statistics with keepdims, updates "
                     "from numpy values, a multiplied mask and written-out norms"),
    "full_moved_axis": (answers(_MOVED_AXIS), (),
                        "right, with the channel axis moved last, the scale-and-shift form, "
                        "and dropout masks from a numpy generator"),
    "blank": (lambda code: {}, _ALL, "the released notebook as it is"),
    "bn_batch_statistics_at_inference": (mistake("bn_impl", (
        "mean, variance = self.moving_mean, self.moving_variance",
        "mean, variance = ops.mean(inputs, axis=others), ops.var(inputs, axis=others)")),
        ("test_bn_inference",), "normalizes with the batch's statistics at inference too"),
    "bn_updates_at_inference": (mistake("bn_impl", (
        "        if training and self.trainable:\n"
        "            mean = ops.mean(inputs, axis=others)\n"
        "            variance = ops.var(inputs, axis=others)\n"
        "            " + _BN_UPDATE +
        "        else:\n",
        "        batch_mean = ops.mean(inputs, axis=others)\n"
        "        batch_variance = ops.var(inputs, axis=others)\n"
        "        self.moving_mean.assign(\n"
        "            self.moving_mean * self.momentum + batch_mean * (1 - self.momentum))\n"
        "        self.moving_variance.assign(\n"
        "            self.moving_variance * self.momentum + batch_variance * (1 - self.momentum))\n"
        "        if training and self.trainable:\n"
        "            mean, variance = batch_mean, batch_variance\n"
        "        else:\n")),
        ("test_bn_inference",), "updates the moving statistics at every call, inference too"),
    "bn_momentum_swapped": (mistake("bn_impl", (
        _BN_UPDATE,
        "self.moving_mean.assign(\n"
        "                self.moving_mean * (1 - self.momentum) + mean * self.momentum)\n"
        "            self.moving_variance.assign(\n"
        "                self.moving_variance * (1 - self.momentum)"
        " + variance * self.momentum)\n")),
        ("test_bn_moving_statistics",),
        "keeps 1 − momentum of the moving statistics at each update (PyTorch's convention)"),
    "bn_unbiased_variance": (mistake("bn_impl", (
        "variance = ops.var(inputs, axis=others)",
        "count = np.prod([inputs.shape[i] for i in others])\n"
        "            variance = ops.var(inputs, axis=others) * count / (count - 1)")),
        ("test_bn_training",), "the batch variance divided by n − 1 instead of n"),
    "bn_epsilon_outside_sqrt": (mistake("bn_impl", (
        "/ ops.sqrt(ops.reshape(variance, shape) + self.epsilon))",
        "/ (ops.sqrt(ops.reshape(variance, shape)) + self.epsilon))")),
        ("test_bn_epsilon",), "divides by sqrt(var) + epsilon"),
    "bn_numpy_statistics": (mistake("bn_impl", (
        "mean = ops.mean(inputs, axis=others)\n"
        "            variance = ops.var(inputs, axis=others)",
        "mean = np.mean(inputs.numpy(), axis=others)\n"
        "            variance = np.var(inputs.numpy(), axis=others)")),
        ("test_bn_gradients",),
        "batch statistics computed with numpy: right values, but constants to the gradient"),
    "bn_frozen_still_trains": (mistake("bn_impl", (
        "if training and self.trainable:", "if training:")),
        ("test_bn_frozen",),
        "ignores trainable=False: a frozen layer inside fit uses and updates batch statistics"),
    "bn_axis_always_last": (mistake("bn_impl", (
        "shape = (input_shape[self.axis],)", "shape = (input_shape[-1],)"), (
        "axis = self.axis % inputs.ndim", "axis = inputs.ndim - 1")),
        ("test_bn_axis",), "ignores `axis`: always normalizes along the last axis"),
    "dropout_unscaled": (mistake("dropout_impl", (
        "ops.where(keep, inputs / (1 - self.rate), 0.0)", "ops.where(keep, inputs, 0.0)")),
        ("test_dropout_training",), "dropout without the 1 / (1 − rate) scaling"),
    "dropout_at_inference": (mistake("dropout_impl", (
        "if not training or self.rate == 0:", "if self.rate == 0:")),
        ("test_dropout_inference",), "drops values at inference too"),
    "dropout_same_mask": (mistake("dropout_impl", (
        "seed=self.seed_generator", "seed=self.seed")),
        ("test_dropout_training",),
        "draws every mask from the int seed: the same values are dropped at every call"),
    "ln_over_the_batch": (mistake("ln_impl", (
        "mean = ops.mean(inputs, axis=axis, keepdims=True)",
        "mean = ops.mean(inputs, axis=0, keepdims=True)"), (
        "variance = ops.var(inputs, axis=axis, keepdims=True)",
        "variance = ops.var(inputs, axis=0, keepdims=True)")),
        ("test_ln_values",), "LayerNormalization's statistics taken over the batch axis"),
    "regularizer_without_factor": (mistake("regularizer_impl", (
        "self.l2 * ops.sum(ops.square(x))", "ops.sum(ops.square(x))")),
        ("test_regularizer",), "the L2 term without its factor l2"),
    "regularizer_without_config": (mistake("regularizer_impl", (
        '\n    def get_config(self):\n        return {"l1": self.l1, "l2": self.l2}\n', "")),
        ("test_regularizer_config",), "a regularizer without get_config"),
    "constraint_one_norm": (mistake("constraint_impl", (
        "axis=self.axis, keepdims=True", "keepdims=True")),
        ("test_constraint",), "MaxNorm takes one norm of the whole weight, ignoring axis"),
    "stderr_debug": (mistake("dropout_impl", (
        "        if not training or self.rate == 0:\n",
        "        import sys\n        print('debug: dropout', training, file=sys.stderr)\n"
        "        if not training or self.rate == 0:\n")),
        (), "right, with a debug print to stderr left in Dropout.call"),
}
