"""Simulated students of problem set 1 (Dense and Activation), in the format of
classroom/students/ (``KINDS = {name: (edit, failing, why)}``).

Right answers written three ways, partial and blank notebooks, one mistake at a time in each
method (each costs the one test of that method), and cells that raise, loop forever or kill
their kernel.
"""

from .answers import answers, mistake, only, prepend

_DENSE = ("test_dense_build", "test_dense_call", "test_dense_shape", "test_dense_config",
          "test_dense_gradients")
_ACTIVATION = ("test_activation_call", "test_activation_shape_config")
_ALL = _DENSE + _ACTIVATION

# Right, written with Tensor operators, Keras 2's add_weight keywords in Keras 2's order, a
# list from compute_output_shape, and config.update.
_OPERATORS = {
    "dense_impl": '''
class Dense(Layer):
    def __init__(self, units, activation=None, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)
        self.use_bias = use_bias
        self.activation = activations.get(activation)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.kernel = self.add_weight(name="kernel", shape=(input_dim, self.units),
                                      initializer="glorot_uniform", trainable=True)
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.units,),
                                        initializer="zeros", trainable=True)

    def call(self, inputs):
        z = inputs @ self.kernel
        if self.use_bias:
            z = z + self.bias
        return self.activation(z)

    def compute_output_shape(self, input_shape):
        return list(input_shape)[:-1] + [self.units]

    def get_config(self):
        config = super().get_config()
        config.update(units=self.units, use_bias=self.use_bias,
                      activation=activations.serialize(self.activation))
        return config
''',
    "activation_impl": '''
class Activation(Layer):
    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, inputs):
        outputs = self.activation(inputs)
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["activation"] = activations.serialize(self.activation)
        return config
''',
}

# Right, written with ops functions, an initializer object and a bias that is None when unused.
_OPS = {
    "dense_impl": '''
class Dense(Layer):
    def __init__(self, units, activation=None, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.units, self.use_bias = units, use_bias
        self.activation = activations.get(activation)
        self.bias = None

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel",
                                      initializer=initializers.GlorotUniform())
        if self.use_bias:
            self.bias = self.add_weight(shape=(self.units,), name="bias",
                                        initializer=initializers.Zeros())

    def call(self, inputs):
        outputs = ops.matmul(inputs, self.kernel)
        if self.bias is not None:
            outputs = ops.add(outputs, self.bias)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        *leading, _ = input_shape
        return (*leading, self.units)

    def get_config(self):
        return dict(super().get_config(), units=self.units, use_bias=self.use_bias,
                    activation=activations.serialize(self.activation))
''',
}

KINDS = {
    "full": (answers({}), (), "every answer right, as in the solution"),
    "full_operators": (answers(_OPERATORS), (),
                       "right, with Tensor operators, add_weight's keywords in Keras 2's "
                       "order, a list from compute_output_shape and config.update"),
    "full_ops": (answers(_OPS), (), "right, with ops.add, initializer objects and "
                                    "`*leading, _ = input_shape`"),
    "blank": (lambda code: {}, _ALL, "the released notebook as it is"),
    "dense_only": (only("dense_impl"), _ACTIVATION, "Dense right, Activation not started"),
    "activation_only": (only("activation_impl"), _DENSE,
                        "Activation right, Dense not started"),
    "no_activation": (mistake("dense_impl", ("return self.activation(outputs)",
                                             "return outputs")),
                      ("test_dense_call",), "Dense.call forgets the activation"),
    "no_bias_added": (mistake("dense_impl", ("outputs = outputs + self.bias",
                                             "outputs = outputs")),
                      ("test_dense_call",),
                      "Dense creates its bias but call never adds it (the call test's bias is "
                      "not zero)"),
    "transposed_kernel": (mistake("dense_impl",
                                  ("shape=(input_shape[-1], self.units)",
                                   "shape=(self.units, input_shape[-1])"),
                                  ("ops.matmul(inputs, self.kernel)",
                                   "ops.matmul(inputs, ops.transpose(self.kernel))")),
                          ("test_dense_build",),
                          "kernel stored as (units, input_dim) and used transposed: the layout "
                          "is wrong, the arithmetic right"),
    "rank2_shape": (mistake("dense_impl", ("return tuple(input_shape[:-1]) + (self.units,)",
                                           "return (input_shape[0], self.units)")),
                    ("test_dense_shape",),
                    "compute_output_shape assumes 2-D inputs (call is right on 3-D ones)"),
    "config_without_activation": (mistake("dense_impl", (
        '"activation": activations.serialize(self.activation),\n', "")),
        ("test_dense_config",), "get_config leaves out the activation"),
    "numpy_call": (mistake("dense_impl", (
        "outputs = ops.matmul(inputs, self.kernel)",
        "outputs = np.asarray(inputs.value) @ self.kernel.numpy()")),
        ("test_dense_gradients",),
        "call multiplies numpy copies: right values, no gradient for the input or kernel"),
    "stderr_debug": (mistake("dense_impl", (
        "        outputs = ops.matmul(inputs, self.kernel)\n",
        "        import sys\n        print('debug: call on', inputs.shape, file=sys.stderr)\n"
        "        outputs = ops.matmul(inputs, self.kernel)\n")),
        (), "right, with a debug print to stderr left in Dense.call"),
    "built_on_keras_dense": (answers({"dense_impl": "from kerasedu import layers\n\n\n"
                                                    "class Dense(layers.Dense):\n    pass\n"}),
                             _DENSE, "subclasses kerasedu's own Dense instead of writing it"),
    "raises": (prepend("dense_impl", "raise RuntimeError('my bug')"), _DENSE,
               "the Dense cell raises, so there is no Dense"),
    "build_typo": (mistake("dense_impl", ("(input_shape[-1], self.units)",
                                          "(input_shape[-1], self.unit)")),
                   ("test_dense_build", "test_dense_call", "test_dense_gradients"),
                   "build raises AttributeError (self.unit): no layer can be built to call"),
    "endless_definition": (prepend("dense_impl", "while True:\n    pass"), _DENSE,
                           "the Dense cell never ends; interrupted at the cell time limit"),
    "endless_call": (mistake("dense_impl", ("outputs = ops.matmul(inputs, self.kernel)",
                                            "while True:\n            pass")),
                     ("test_dense_call", "test_dense_gradients"),
                     "Dense.call never returns; each test that calls it is interrupted"),
    "ignores_interrupt": (prepend(
        "dense_impl",
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"),
        None, "a loop that ignores the interrupt: nbgrader gives up on this notebook"),
    "kernel_death": (prepend("dense_impl", "import os\nos._exit(1)"), None,
                     "the kernel dies: nbgrader gives up on this notebook"),
}


def slow_kind(seconds):
    """A student whose Dense.build sleeps ``seconds``: each test cell that builds a Dense waits
    that long, which lets a test run past the per-student time limit without any cell running
    past the per-cell one."""
    return (mistake("dense_impl", ("    def build(self, input_shape):\n",
                                   f"    def build(self, input_shape):\n        import time\n"
                                   f"        time.sleep({seconds})\n")),
            (), f"Dense.build sleeps {seconds} s")
