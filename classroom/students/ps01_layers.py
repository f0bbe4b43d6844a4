"""Simulated students of problem set 1 (Dense and Activation): see classroom/students/__init__.py.

Right, blank, partly right, a method left out or wrong, a cell that raises, loops forever or
kills its kernel.
"""

# How each kind of student edits the answer cells. An edit receives {grade_id: source} of the
# reference solution and returns the source of the answer cells it changes. Those who start
# from the whole solution also write the answer in words (Part C, graded by hand), which code
# scores do not count.

def _replace(method_source, old, new):
    assert old in method_source, f"{old!r} is not in the solution any more"
    return method_source.replace(old, new)


def _full(code):
    return dict(code)


def _dense_only(code):
    return {"dense_impl": code["dense_impl"]}


def _activation_only(code):
    return {"activation_impl": code["activation_impl"]}


def _no_activation(code):
    return {**code, "dense_impl": _replace(code["dense_impl"], "return self.activation(outputs)",
                                           "return outputs")}


def _rank2_shape(code):
    return {**code, "dense_impl": _replace(code["dense_impl"],
                                           "return tuple(input_shape[:-1]) + (self.units,)",
                                           "return (input_shape[0], self.units)")}


def _config_without_activation(code):
    return {**code, "dense_impl": _replace(
        code["dense_impl"], '"activation": activations.serialize(self.activation),\n', "")}


def _dense_starting_with(statement):
    def edit(code):
        return {**code, "dense_impl": statement + "\n" + code["dense_impl"]}
    return edit


def _build_typo(code):
    return {**code, "dense_impl": _replace(code["dense_impl"], "(input_shape[-1], self.units)",
                                           "(input_shape[-1], self.unit)")}


def _endless_call(code):
    return {**code, "dense_impl": _replace(code["dense_impl"],
                                           "outputs = ops.matmul(inputs, self.kernel)",
                                           "while True:\n            pass")}


def _slow_build(seconds):
    def edit(code):
        return {**code, "dense_impl": _replace(
            code["dense_impl"], "    def build(self, input_shape):\n",
            f"    def build(self, input_shape):\n        import time\n"
            f"        time.sleep({seconds})\n")}
    return edit


_DENSE = ("test_dense_build", "test_dense_call", "test_dense_shape", "test_dense_config",
          "test_dense_gradients")
_ACTIVATION = ("test_activation_call", "test_activation_shape_config")
_ALL = _DENSE + _ACTIVATION

# kind: (edit, the test cells its notebook fails or None when nbgrader cannot grade it, why)
KINDS = {
    "full": (_full, (), "every answer right"),
    "blank": (lambda code: {}, _ALL, "the released notebook as it is"),
    "dense_only": (_dense_only, _ACTIVATION, "Dense right, Activation not started"),
    "activation_only": (_activation_only, _DENSE, "Activation right, Dense not started"),
    "no_activation": (_no_activation, ("test_dense_call",),
                      "Dense.call forgets the activation"),
    "rank2_shape": (_rank2_shape, ("test_dense_call", "test_dense_shape"),
                    "compute_output_shape assumes 2-D inputs (a hidden test of call, on 3-D "
                    "inputs, finds that it disagrees with call)"),
    "config_without_activation": (_config_without_activation, ("test_dense_config",),
                                  "get_config leaves out the activation"),
    "raises": (_dense_starting_with("raise RuntimeError('my bug')"), _DENSE,
               "the Dense cell raises, so there is no Dense"),
    "build_typo": (_build_typo, ("test_dense_build", "test_dense_call", "test_dense_shape",
                                 "test_dense_gradients"),
                   "build raises AttributeError (self.unit)"),
    "endless_definition": (_dense_starting_with("while True:\n    pass"), _DENSE,
                           "the Dense cell never ends; interrupted at the cell time limit"),
    "endless_call": (_endless_call, ("test_dense_call", "test_dense_shape",
                                     "test_dense_gradients"),
                     "Dense.call never returns; each test that calls it is interrupted"),
    "ignores_interrupt": (_dense_starting_with(
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"),
        None, "a loop that ignores the interrupt: nbgrader gives up on this notebook"),
    "kernel_death": (_dense_starting_with("import os\nos._exit(1)"), None,
                     "the kernel dies: nbgrader gives up on this notebook"),
}


def slow_kind(seconds):
    """A student whose Dense.build sleeps ``seconds``: each test cell that builds a Dense waits
    that long, which lets a test run past the per-student time limit without any cell running
    past the per-cell one."""
    return (_slow_build(seconds), (), f"Dense.build sleeps {seconds} s")


