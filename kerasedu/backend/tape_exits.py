"""The ways a value can leave the tape, and what to write instead of each.

While a gradient is being taken (inside ``GradientTape``, or fit's training step), turning a
Tensor that carries a gradient into a Python number or a numpy array (``float(t)``,
``math.sqrt(t)``, ``np.asarray(t)``, ``t.numpy()``) would make it a constant to the tape: the
weights it depends on would silently get no gradient through it. :class:`~kerasedu.backend.
tensor.Tensor` refuses with :class:`GradientDroppedError`, whose message comes from here.
"""


class GradientDroppedError(TypeError):
    """A Tensor that carries a gradient would leave the tape while a gradient is being taken."""


# What to write instead of each way out of the tape.
INSTEAD = {
    "float(t)": "Keep it a Tensor: ops instead of the math module (ops.sqrt(t) for "
                "math.sqrt(t), ops.exp, ops.log, ops.abs), and Tensor arithmetic instead of "
                "Python numbers (t * x, not float(t) * x).",
    "int(t)": "For a size, use x.shape[i], which is a Python int; to round values, use "
              "ops.round or ops.floor, which keep them a Tensor.",
    "math.trunc(t)": "For a size, use x.shape[i], which is a Python int; to round values, use "
                     "ops.round or ops.floor, which keep them a Tensor.",
    "copy.deepcopy(v)": "A copy of a Variable is a new Variable, with no link to this one: "
                        "use the variable itself (a Tensor needs no copy, it never changes).",
    "np.asarray(t) / np.array(t)": "Keep it a Tensor: numpy functions kerasedu knows (np.sum, "
                                   "np.exp, np.dot, np.where, ...) work on Tensors directly "
                                   "and stay differentiable; for the others, use kerasedu.ops.",
}


# What the value becomes, where it is not "the plain values".
BECOMES = {"float(t)": "the plain number", "int(t)": "the plain number",
           "complex(t)": "the plain number", "math.trunc(t)": "the plain number",
           "t.item()": "the plain number", "copy.copy(v)": "the copy",
           "copy.deepcopy(v)": "the copy"}


WHILE_TAKEN = "while a gradient is being taken (inside GradientTape, or fit's training step)"


def dropped_gradient_message(what, conversion, when=WHILE_TAKEN):
    """Why ``conversion`` ("float(t)") of ``what`` ("Variable 'dense/kernel'") is refused, and
    what to write instead; ``when`` says when it happened."""
    instead = INSTEAD.get(conversion.replace("copy.copy", "copy.deepcopy"),
                          INSTEAD["np.asarray(t) / np.array(t)"])
    return (f"{conversion} was called on {what}, which carries a gradient, {when}. "
            f"{BECOMES.get(conversion, 'the plain values').capitalize()} would be a constant to "
            f"the tape, so the weights it depends on would silently get no gradient through "
            f"it. {instead} If no gradient should flow here, say so with ops.stop_gradient(t), "
            f"whose values may leave the tape.")
