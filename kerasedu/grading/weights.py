"""Giving a student's layer the same weights as the reference layer.

A check of call's values sets random values on the reference's weights, never zero (a bias of
zero would let a layer that forgets to add its bias pass), and the same values on the student's
weights. The student's weights are matched with the reference's by name, then in order, by
shape; a weight whose shape is the reference's transposed receives the transposed values: a
kernel stored as (units, input_dim) and used transposed in call computes the right thing, so
the build check reports the layout and the call check checks the arithmetic, one deduction each.
A weight of the reference that the student's layer lacks keeps its initial value (a missing
bias stays zero), so a layer without a bias is charged once, by the build check; a layer that
creates its bias and forgets to add it fails the call check.
"""

import numpy as np

from ..backend.tensor import Variable
from .common import GradingError
from .language import tr


def random_values(variable, rng):
    """Random values for a weight: positive for variances, near 1 for scales (gamma),
    normal(0, 0.5) otherwise."""
    name, shape = variable.name, tuple(variable.shape)
    if "variance" in name:
        return rng.uniform(0.5, 2.0, size=shape)
    if name == "gamma":
        return rng.uniform(0.5, 1.5, size=shape)
    return rng.normal(scale=0.5, size=shape)


def student_variables(layer, owner):
    """``layer.weights`` of a student's layer, checked to be kerasedu Variables (student code:
    call it inside :func:`run`)."""
    weights = list(layer.weights)
    for weight in weights:
        if type(weight) is not Variable:
            raise GradingError(
                tr("{owner}.weights holds {weight_type}, not a kerasedu Variable: create every "
                   "weight with self.add_weight(...).", owner=owner,
                   weight_type=type(weight).__name__))
    return weights


def _fit(student, reference):
    """None, "same" or "transposed": how the student's weight fits the reference's shape."""
    got, want = tuple(student.shape), tuple(reference.shape)
    if got == want:
        return "same"
    if len(want) == 2 and got == want[::-1]:
        return "transposed"
    return None


def match(students, references):
    """[(student weight, reference weight, transposed)] for the reference weights the student's
    layer has: same name first, then the first unused one of a fitting shape."""
    free = list(range(len(students)))
    pairs = []
    for reference in references:
        candidates = sorted((0 if students[i].name == reference.name else 1,
                             0 if _fit(students[i], reference) == "same" else 1, order, i)
                            for order, i in enumerate(free) if _fit(students[i], reference))
        if candidates:
            i = candidates[0][3]
            free.remove(i)
            pairs.append((students[i], reference, _fit(students[i], reference) == "transposed"))
    return pairs


def share_random_weights(student_weights, reference_layer, seed):
    """Give the student's weights (``layer.weights``, read with :func:`student_variables`) and
    the reference layer the same random values (see the module docstring); returns the pairs
    of :func:`match`."""
    rng = np.random.default_rng(seed)
    pairs = match(student_weights, list(reference_layer.weights))
    for student, reference, transposed in pairs:
        value = random_values(reference, rng)
        reference.assign(value)
        student.assign(value.T if transposed else value)
    return pairs
