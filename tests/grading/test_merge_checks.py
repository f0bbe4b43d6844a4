"""kerasedu.grading merge checks (problem set 4): correct merge layers pass; wrong values,
shapes and missing or vague shape errors fail with a message that says what to fix."""

import pytest
from grading_helpers import assert_fails_teaching

from kerasedu import ops
from kerasedu.layers import Layer


def shape_list(layer, input_shape):
    if not isinstance(input_shape, (list, tuple)) or not all(
            isinstance(s, (list, tuple)) for s in input_shape) or len(input_shape) < 2:
        raise ValueError(f"{type(layer).__name__} takes a list of inputs, received {input_shape}")
    return [tuple(s) for s in input_shape]


class Add(Layer):
    def build(self, input_shape):
        shapes = shape_list(self, input_shape)
        if any(s[1:] != shapes[0][1:] for s in shapes):
            raise ValueError(f"Add needs equal shapes, received input shapes {shapes}")

    def call(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = out + x
        return out

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[0])


class AddWithoutChecks(Add):
    def build(self, input_shape):
        pass


class AddWithVagueError(Add):
    def build(self, input_shape):
        try:
            super().build(input_shape)
        except ValueError:
            raise ValueError("shapes do not match") from None


class AddWithTypeError(Add):
    def build(self, input_shape):
        raise TypeError("bad inputs")


class Subtracts(Add):
    def call(self, inputs):
        return inputs[0] - inputs[1]


class Concatenate(Layer):
    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def compute_output_shape(self, input_shape):
        shapes = shape_list(self, input_shape)
        axis = self.axis % len(shapes[0])
        out = list(shapes[0])
        out[axis] = sum(s[axis] for s in shapes)
        return tuple(out)

    def call(self, inputs):
        return ops.concatenate(list(inputs), axis=self.axis)


class Dot(Layer):
    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        self.axes, self.normalize = axes, normalize

    def call(self, inputs):
        axes = (self.axes, self.axes) if isinstance(self.axes, int) else self.axes
        x1, x2 = inputs
        a1, a2 = axes[0] % len(x1.shape), axes[1] % len(x2.shape)
        if self.normalize:
            x1 = x1 / ops.sqrt(ops.maximum(ops.sum(x1 * x1, axis=a1, keepdims=True), 1e-14))
            x2 = x2 / ops.sqrt(ops.maximum(ops.sum(x2 * x2, axis=a2, keepdims=True), 1e-14))
        return ops.batch_dot(x1, x2, axes=(a1, a2))

    def compute_output_shape(self, input_shape):
        from kerasedu.layers import Dot as Reference
        return Reference(self.axes).compute_output_shape(input_shape)


class DotFlatOutput(Dot):
    def compute_output_shape(self, input_shape):
        return (input_shape[0][0],)

    def call(self, inputs):
        return ops.reshape(super().call(inputs), (-1,))


def test_correct_layers_pass(grading):
    grading.check_merge_values(Add, "Add", [(None, 3), (None, 3), (None, 3)])
    grading.check_merge_output_shape(Add, "Add", [[(None, 2, 3)] * 2])
    grading.check_merge_error(Add, [(None, 3), (None, 4)], reference="Add")
    grading.check_single_input_error(Add, (None, 3))
    grading.check_merge_values(Concatenate, "Concatenate", [(None, 2, 3), (None, 4, 3)],
                               kwargs={"axis": 1})
    grading.check_merge_output_shape(Concatenate, "Concatenate", [[(None, 3), (None, 5)]])
    grading.check_merge_values(Dot, "Dot", [(None, 3, 4), (None, 5, 4)], args=(2,))
    grading.check_merge_values(Dot, "Dot", [(None, 4), (None, 4)], args=(1,),
                               kwargs={"normalize": True})
    grading.check_merge_output_shape(Dot, "Dot", [[(None, 3), (None, 3)]], args=(1,))


@pytest.mark.parametrize("check,fragments", [
    (lambda g: g.check_merge_values(Subtracts, "Add", [(None, 3), (None, 3)]),
     ["Subtracts.call computes the wrong values", "expected", "received"]),
    (lambda g: g.check_merge_error(AddWithoutChecks, [(None, 3), (None, 4)]),
     ["called on Inputs of shapes [(None, 3), (None, 4)] should raise ValueError",
      "returned a tensor of shape (None, 3)", "Check the shapes in build"]),
    (lambda g: g.check_merge_error(AddWithVagueError, [(None, 3), (None, 4)]),
     ["raised ValueError as it should, but the message does not name the shapes (None, 3), "
      "(None, 4)", "'shapes do not match'"]),
    (lambda g: g.check_merge_error(AddWithTypeError, [(None, 3), (None, 4)]),
     ["raised TypeError (bad inputs); it should raise ValueError"]),
    (lambda g: g.check_single_input_error(AddWithoutChecks, (None, 3)),
     ["called on a single array of shape (2, 3)", "it should raise ValueError saying that a "
      "merge layer takes a list of inputs"]),
    (lambda g: g.check_merge_output_shape(DotFlatOutput, "Dot", [[(None, 3), (None, 3)]],
                                          args=(1,)),
     ["compute_output_shape([(None, 3), (None, 3)]) returned (None,), expected (None, 1)"]),
])
def test_each_mistake_fails_with_a_message_that_teaches(grading, check, fragments):
    assert_fails_teaching(lambda: check(grading), fragments)


@pytest.mark.parametrize("message", [
    "received [(None, 3), (None, 4)]", "received [[None, 3], [None, 4]]",
    "shapes (3,) and (4,)", "(None, 3) vs (None, 4)",
])
def test_any_usual_spelling_of_the_shapes_is_accepted(grading, message):
    class Named(Add):
        def build(self, input_shape):
            if input_shape[0][1:] != input_shape[1][1:]:
                raise ValueError(message)

    grading.merge_checks._expect_value_error(
        lambda: Named().build([(None, 3), (None, 4)]), "Named", [(None, 3), (None, 4)])


def test_a_case_the_reference_accepts_is_a_mistake_in_the_test(grading):
    with pytest.raises(ValueError, match="The reference Add accepts shapes"):
        grading.check_merge_error(Add, [(None, 1), (None, 4)], reference="Add")
