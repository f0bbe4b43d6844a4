"""A gradient asked for after the computation, with no tape open (``K.gradients(loss, w)``, as
Keras 2 code does), is never silently cut either.

The conversions themselves work when they happen (no gradient is being taken yet), so the cut
is found when the gradient is asked for: a Tensor computed from a source that left the tape while
the target was being computed, or before it when that source got no gradient at all, raises
GradientDroppedError naming the conversion, the line that made it, and what to use instead.
Conversions that cut nothing (a print of a Tensor that stays in the graph, of the loss once
made, of something computed from other weights, under no_grad) leave the gradient as the tape
gives it.
"""

import math

import numpy as np
import pytest

from kerasedu import Input, Model, layers, ops
from kerasedu import backend as K
from kerasedu.backend import GradientTape, Variable, no_grad
from kerasedu.backend.tensor import GradientDroppedError

from .test_leaving_the_tape import CONVERSIONS

# The conversions that give a plain real value (the others refuse at once, with or without a
# tape; a complex number cannot be added to a real loss). kerasedu's own functions that read
# values (K.eval, get_weights) are reads, not written down: see the test at the end.
LEAVING = sorted(how for how in CONVERSIONS
                 if how in ("float", "int", "math.sqrt", "math.exp", "math.log",
                            "math.floor", "np.asarray", "np.array", "np.float64", "t.numpy()",
                            "t.tolist()", "t.item()", "item access as a number",
                            "math.trunc"))
X = np.array([[1.0, 2.0, -1.0], [0.5, -0.5, 3.0]], "float32")


def _weights():
    return (Variable(np.array([[0.5], [-1.0], [2.0]]), name="w"),
            Variable(np.array([0.3, -0.7, 1.1]), name="b"))


def _as_tensor(value):
    return ops.convert_to_tensor(np.asarray(value, dtype="float32"))


@pytest.mark.parametrize("how", LEAVING)
def test_a_conversion_while_the_loss_is_computed_is_refused(how):
    convert, _ = CONVERSIONS[how]
    w, b = _weights()
    main = ops.sum(ops.matmul(X, w))
    loss = main + ops.sum(_as_tensor(convert(b * 2.0)))    # converts between main and loss
    with pytest.raises(GradientDroppedError) as error:
        K.gradients(loss, [w, b])
    message = str(error.value)
    assert "while the target given to gradients() was being computed" in message
    _assert_says_what_to_do(message)


@pytest.mark.parametrize("how", LEAVING)
def test_a_conversion_before_the_loss_that_leaves_a_weight_without_gradient_is_refused(how):
    convert, _ = CONVERSIONS[how]
    w, b = _weights()
    cut = _as_tensor(convert(b * 2.0))                     # converted before the loss begins
    loss = ops.sum(ops.matmul(X, w)) + ops.sum(cut)
    with pytest.raises(GradientDroppedError) as error:
        K.gradients(loss, [w, b])
    assert "Variable 'b' got no gradient at all" in str(error.value)
    _assert_says_what_to_do(str(error.value))


def _assert_says_what_to_do(message):
    assert ("ops." in message or "x.shape" in message) and "stop_gradient" in message
    # the line that converted: the conversions are written in test_leaving_the_tape.py
    assert "test_leaving_the_tape.py, line" in message


def test_a_custom_loss_reading_the_predictions_as_numpy_is_refused():
    inputs = Input((3,))
    model = Model(inputs, layers.Dense(1)(inputs))
    y_pred = model(X)

    def my_loss(y_true, y_pred):
        return ops.mean(ops.square(y_true - np.asarray(y_pred)))

    loss = my_loss(np.zeros((2, 1), "float32"), y_pred)
    with pytest.raises(GradientDroppedError, match=r"dense(_\d+)?/kernel' got no gradient"):
        K.gradients(loss, model.trainable_weights)


def test_a_layer_that_cuts_inside_a_model_is_refused_when_the_gradient_is_asked():
    class Shifted(layers.Layer):
        def build(self, input_shape):
            self.shift = self.add_weight(shape=(), initializer="ones", name="shift")

        def call(self, x):
            return x + math.sqrt(self.shift * self.shift)

    inputs = Input((3,))
    model = Model(inputs, Shifted()(layers.Dense(2)(inputs)))
    loss = ops.sum(model(X))
    with pytest.raises(GradientDroppedError, match="float"):
        K.gradients(loss, model.trainable_weights)
    with GradientTape():                                   # the tape refuses at the line
        with pytest.raises(GradientDroppedError):
            model(X)


def _expected(w, b):
    with GradientTape() as tape:
        y = ops.matmul(X, w)
        loss = ops.mean(y) + ops.sum(b * b)
    return tape.gradient(loss, [w, b])


def test_conversions_that_cut_nothing_leave_the_gradient_right():
    w, b = _weights()
    expected = _expected(w, b)
    y = ops.matmul(X, w)
    shown = y.numpy(), np.asarray(y), y.tolist()           # y itself stays in the graph
    with no_grad():
        float(ops.sum(ops.matmul(X, w)))                   # nothing recorded here
    float(ops.sum(ops.stop_gradient(y)))                   # said so
    loss = ops.mean(y) + ops.sum(b * b)
    print(float(loss), loss.numpy())                       # the loss, once made
    grads = K.gradients(loss, [w, b])
    np.testing.assert_allclose(shown[0], X @ w.numpy())
    for got, want in zip(grads, expected):
        np.testing.assert_allclose(got, want)


def test_a_print_of_other_weights_does_not_count_against_a_loss_without_them():
    w, b = _weights()
    other = Variable(np.ones(3), name="other")
    print(float(ops.sum(other * 3.0)))                     # computed from `other` only
    loss = ops.sum(ops.matmul(X, w))
    grad_w, grad_b = K.gradients(loss, [w, b])             # b: not in the loss, None
    np.testing.assert_allclose(grad_w, X.sum(axis=0)[:, None])
    assert grad_b is None


def test_a_conversion_before_an_earlier_gradient_is_not_held_against_a_later_one():
    w, b = _weights()
    cut = float(ops.sum(b))
    loss = ops.sum(ops.matmul(X, w)) + cut
    with pytest.raises(GradientDroppedError):
        K.gradients(loss, [w, b])
    fixed = ops.sum(ops.matmul(X, w)) + ops.sum(b)         # the student's fix
    grad_w, grad_b = K.gradients(fixed, [w, b])
    np.testing.assert_allclose(grad_b, np.ones(3))


def test_asking_again_for_the_same_loss_refuses_again():
    w, b = _weights()
    loss = ops.sum(ops.matmul(X, w)) + float(ops.sum(b))
    for _ in range(2):
        with pytest.raises(GradientDroppedError):
            K.gradients(loss, [w, b])


def test_graders_get_the_gradients_as_recorded_and_name_the_cut_themselves():
    from kerasedu.backend.autodiff import gradients_as_recorded

    w, b = _weights()
    loss = ops.sum(ops.matmul(X, w)) + float(ops.sum(b))
    grad_w, grad_b = gradients_as_recorded(loss, [w, b])
    np.testing.assert_allclose(grad_w, X.sum(axis=0)[:, None])
    assert grad_b is None
    with pytest.raises(GradientDroppedError):
        K.gradients(loss, [w, b])


def test_kerasedu_reading_a_weight_it_does_not_use_is_no_cut():
    """get_weights (or a grader, or K.eval) reads every weight, including one the loss then
    does not use: that weight's gradient is None, as the graph says, not a refusal."""
    w, b = _weights()
    layer = layers.Dense(1)
    layer.build((None, 3))
    unused = layer.kernel
    layer.get_weights()
    K.eval(unused)
    loss = ops.sum(ops.matmul(X, w))
    grad_w, grad_unused = K.gradients(loss, [w, unused])
    np.testing.assert_allclose(grad_w, X.sum(axis=0)[:, None])
    assert grad_unused is None
