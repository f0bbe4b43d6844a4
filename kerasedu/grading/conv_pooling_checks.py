"""Checks of pooling layers written as custom layers, and of a small CNN built from a student's
own layers (problem set 7; the Conv2D itself is checked by :mod:`.conv_checks`).

* :func:`check_pooling`: a student's ``MaxPooling2D`` or ``AveragePooling2D`` call against
  kerasedu's own layer of that name created with the same arguments: the values, and the
  gradient with respect to the input (in float64), which must reach the input through ops
  other than kerasedu's own pooling;
* :func:`check_cnn`: a trained model that holds the student's Conv2D and pooling layers (and
  none of kerasedu's) must classify the digits test split, x / 16 of shape (n, 8, 8, 1), to a
  stated accuracy, its training finished within the cell's time limit.

Pooling, per spatial axis (n input, k pool size, s stride, by default k):

    "valid"   out = floor((n − k) / s) + 1
    "same"    out = ceil(n / s); the windows that hang over the edge see only the cells
              inside: max pooling ignores the rest, average pooling divides by the number of
              cells inside, not by k_h·k_w

A case is ``(input_shape, kwargs)``, kwargs those of ``MaxPooling2D(pool_size=..., strides=...,
padding=...)``.
"""

import numpy as np

from ..backend import ops
from ..backend.autodiff import gradients_as_recorded
from ..backend.tensor import Variable
from ..models.model import Model
from .common import (GradingError, arguments_text, concrete, first_difference, first_rows,
                     random_input, values)
from .conv_checks import recorded_ops, refuse_built_in
from .language import deferred, tr
from .layer_checks import reference_for, student_layer
from .reference import reference_layer
from .student import run
from .training_checks import check_accuracy

_POOLING = ("MaxPooling2D", "AveragePooling2D")
_BUILT_IN_POOLING = {"max_pool": deferred("ops.max_pool (or a pooling layer)"),
                     "average_pool": deferred("ops.average_pool (or a pooling layer)"),
                     "conv": deferred("ops.conv (or a convolution layer)")}


def _weighted_gradient(layer, x, scale):
    """(output, d sum(scale · layer(x)) / dx as float64 arrays, {names of the ops that computed
    the output}); student code for the student's layer."""
    variable = Variable(x, dtype="float64")
    out = layer(variable)
    (grad,) = gradients_as_recorded(ops.sum(out * scale), [variable])
    return (values(out), None if grad is None else np.array(grad, dtype=np.float64),
            recorded_ops([out]))


def _window_hint(reference, kwargs):
    if reference == "MaxPooling2D":
        return (tr("Each output is the largest value of its window, per channel; with "
                   "padding='same' the cells outside the input never win (pad with -inf, or take "
                   "the maximum of the cells inside only)."))
    if kwargs.get("padding", "valid") == "same":
        return (tr("Each output is the mean of the cells of its window that lie inside the "
                   "input: with padding='same', a window hanging over the edge divides by the "
                   "number of cells inside, not by pool_height · pool_width (the padding does "
                   "not count)."))
    return tr("Each output is the mean of its window, per channel.")


def check_pooling(student_cls, reference, cases, seed=0, rtol=1e-5, atol=1e-6):
    """For each case, the student's pooling layer must compute what kerasedu's ``reference``
    ("MaxPooling2D" or "AveragePooling2D") computes, and send the same gradient back to its
    input (float64)."""
    if reference not in _POOLING:
        raise ValueError(f"reference must be one of {_POOLING}, received {reference!r}.")
    name = student_cls.__name__
    for number, (input_shape, kwargs) in enumerate(cases):
        kwargs = dict(kwargs)
        shape = concrete(tuple(input_shape), 2)
        ref = reference_for(student_cls, reference, (), kwargs, dtype="float64")
        layer, _ = student_layer(student_cls, (), kwargs, shape, dtype="float64")
        x = random_input(shape, seed + number, dtype="float64")
        scale = np.random.default_rng(seed + number + 1).normal(size=ref.compute_output_shape(
            shape))
        context = (tr("{name}({arguments}) on an input of shape {shape}, seed {seed}", name=name,
                      arguments=arguments_text((), kwargs), shape=shape, seed=seed))
        got, got_grad, ops_used = run(_weighted_gradient, layer, x, scale,
                                      what=f"{name}.call ({context})")
        refuse_built_in(ops_used, _BUILT_IN_POOLING, name,
                        tr("with slices of the input, ops.stack and ops.max or ops.sum"))
        want, want_grad, _ = _weighted_gradient(ref, x, scale)
        if got.shape != want.shape:
            raise GradingError(tr("{name}.call ({context}) returned shape {got_shape}, expected "
                                  "{want_shape}.", name=name, context=context,
                                  got_shape=got.shape, want_shape=want.shape))
        if not np.allclose(got, want, rtol=rtol, atol=atol):
            raise GradingError(
                tr("{name}.call computes the wrong values ({context}).\n  "
                   "{difference}\n{first_rows}\n  {hint}", name=name, context=context,
                   difference=first_difference(got, want), first_rows=first_rows(got, want),
                   hint=_window_hint(reference, kwargs)))
        if got_grad is None:
            raise GradingError(
                tr("No gradient reaches the input of {name} ({context}): compute the output with "
                   "kerasedu ops (slices, ops.stack, ops.max, ops.mean...) from the input "
                   "itself, not from a numpy copy, so that the layers before it can train.",
                   name=name, context=context))
        if not np.allclose(got_grad, want_grad, rtol=1e-4, atol=1e-6):
            raise GradingError(
                tr("The gradient of {name} with respect to its input is wrong ({context}): "
                   "{difference}. Compute the output with ops only.", name=name,
                   context=context, difference=first_difference(got_grad, want_grad)))


# ---------------------------------------------------------------------- the trained CNN

def _own_layers(model, student_classes):
    """The names of the model's layers that are the student's, and of kerasedu's own
    convolution and pooling layers it holds."""
    kinds = tuple(reference_layer(name) for name in ("Conv2D",) + _POOLING)
    own = {cls.__name__: [layer.name for layer in model.layers if type(layer) is cls]
           for cls in student_classes}
    borrowed = [type(layer).__name__ for layer in model.layers if isinstance(layer, kinds)]
    return own, borrowed


def check_cnn(model, conv_cls, pooling_classes, minimum=0.9):
    """``model`` must hold at least one layer of the student's ``conv_cls`` and one of the
    ``pooling_classes`` (and none of kerasedu's own Conv2D or pooling layers), have finished
    its training, and classify the digits test split (x / 16, shape (n, 8, 8, 1)) with an
    accuracy of at least ``minimum``."""
    if not isinstance(model, Model):
        raise GradingError(tr("The CNN should be a kerasedu Model (Sequential or functional), "
                              "received {model_type}.", model_type=type(model).__name__))
    pooling_classes = tuple(pooling_classes)
    own, borrowed = run(_own_layers, model, (conv_cls,) + pooling_classes,
                        what="model.layers")
    if borrowed:
        raise GradingError(
            tr("The model holds kerasedu's own {borrowed}: build it from your {conv} and "
               "pooling classes (layers.Flatten, layers.Dense and the others are fine).",
               borrowed=", ".join(sorted(set(borrowed))), conv=conv_cls.__name__))
    if not own[conv_cls.__name__] or not any(own[c.__name__] for c in pooling_classes):
        names = tr(" or ").join(c.__name__ for c in pooling_classes)
        raise GradingError(
            tr("The model should hold at least one {conv} and one {names} of yours; it holds "
               "{layers}.", conv=conv_cls.__name__, names=names,
               layers=[type(layer).__name__ for layer in model.layers]))
    check_accuracy(model, minimum, channels=True)
