"""Checks of a student's BatchNormalization against itself (problem set 8).

* :func:`check_batch_norm_frozen`: with ``trainable=False`` (on the layer, or on a model that
  holds it) the layer runs in inference mode even when ``fit`` trains the model around it:
  it must do what the same layer does when called with ``training=False``;
* :func:`check_batch_norm_gradients`: in float64, the gradients equal finite differences of
  the layer's own outputs.

Comparing the layer with its own inference mode and its own finite differences, rather than
with the reference, leaves a wrong inference mode to be charged once, by
:func:`.normalization_checks.check_batch_norm_inference`.
"""

import numpy as np

from ..backend import ops
from ..backend.autodiff import gradients_as_recorded
from ..backend.gradcheck import numerical_gradient
from ..backend.tensor import Variable
from ..layer_machinery.input_layer import Input
from ..layer_machinery.layer import Layer
from ..models.model import Model
from ..models.sequential import Sequential
from .common import GradingError, arguments_text, concrete, first_difference, values
from .language import tr
from .layer_checks import outputs, reference_for, student_layer
from .normalization_checks import channel_data, paired_layers, weight_values
from .reference import reference_layer
from .student import run


# ---------------------------------------------------------------------- frozen

def _same_weights(layer, pairs):
    values_ = [np.array(r.numpy()) for _, r, _ in pairs]
    layer.set_weights(values_)


class _InInferenceMode(Layer):
    """Calls the layer it holds with training=False, whatever training the model around it is
    called with (a functional model passes its own training flag to every layer it calls, as
    Keras 3's does, over a training=False given when the graph was built)."""

    def __init__(self, held, **kwargs):
        super().__init__(**kwargs)
        self.held = held

    def call(self, inputs):
        return self.held(inputs, training=False)


def _frozen_models(student_cls, kwargs, shape, pairs, freeze):
    """(the model under test, its twin): [BN frozen, Dense(2)] trained by fit, against the
    same with the layer always called with training=False."""
    dense = reference_layer("Dense")
    built = []
    for in_inference_mode in (False, True):
        layer = student_cls(**kwargs)
        inputs = Input(shape=shape[1:])
        if freeze == "model":
            body = Sequential([Input(shape=shape[1:]), layer])
            body.trainable = False
        else:
            layer.trainable = False
            body = layer
        hidden = _InInferenceMode(body)(inputs) if in_inference_mode else body(inputs)
        _same_weights(layer, pairs)
        model = Model(inputs, dense(2, kernel_initializer="ones", bias_initializer="ones")(
            hidden))
        model.compile(optimizer="sgd", loss="mse")
        built.append((model, layer))
    return built


def check_batch_norm_frozen(student_cls, input_shape, kwargs=None, freeze="layer", epochs=2,
                            seed=0):
    """Keras 3: a BatchNormalization whose ``trainable`` is False (set on the layer, or, with
    ``freeze="model"``, on a model holding it) runs in inference mode, whatever training flag
    it receives. Called with training=True it must return what the same layer returns with
    training=False; inside ``fit`` of [layer, Dense(2)] it must leave every weight as training
    the same model with the layer called with training=False leaves it."""
    kwargs = dict(kwargs or {})
    student, pairs, ref, shape = paired_layers(student_cls, input_shape, kwargs, seed)
    name = student_cls.__name__
    twin, _ = student_layer(student_cls, (), kwargs, shape)
    run(_same_weights, twin, pairs, what=f"{name}.set_weights")
    x = channel_data(np.random.default_rng(seed), shape, ref.axis)
    where = tr("{name}({arguments}) with trainable=False", name=name,
               arguments=arguments_text((), kwargs))
    student.trainable = False
    got = outputs(student, x, tr("{where}, called with training=True", where=where),
                  training=True)[0]
    want = outputs(twin, x, tr("{name}.call with training=False", name=name), training=False)[0]
    if not np.allclose(got, want, rtol=1e-6, atol=1e-6) or not all(
            np.allclose(a, b) for a, b in zip(weight_values(student, name),
                                              weight_values(twin, name))):
        raise GradingError(
            tr("{where}, called with training=True on an input of shape {shape}, should run in "
               "inference mode (Keras 3), as if called with training=False: the same output, and "
               "no update. Use the batch's statistics only when `training and self.trainable`.",
               where=where, shape=shape))
    target = np.random.default_rng(seed + 1).normal(size=shape[:-1] + (2,)).astype("float32")
    (model, layer), (model_twin, _) = run(_frozen_models, student_cls, kwargs, shape, pairs,
                                          freeze, what=tr("a model holding {where}", where=where))
    what = (tr("a model set to trainable=False") if freeze == "model" else where)
    for fitted in (model, model_twin):
        run(fitted.fit, x, target, batch_size=4, epochs=epochs, shuffle=False, verbose=0,
            what=tr("fit on a model holding {what}", what=what))
    for got_w, want_w, weight in zip(run(model.get_weights, what="model.get_weights"),
                                     run(model_twin.get_weights, what="model.get_weights"),
                                     run(lambda: model.weights, what="model.weights")):
        if not np.allclose(got_w, want_w, rtol=1e-5, atol=1e-6):
            raise GradingError(
                tr("After fit ({epochs} epochs, batches of 4) of a model holding {what} and a "
                   "Dense(2) head, the weight '{weight}' differs from what the same "
                   "training gives with the layer in inference mode: {difference}. fit "
                   "passes training=True; a frozen BatchNormalization must still use its moving "
                   "statistics and update nothing: check `self.trainable` in call.", epochs=epochs,
                   what=what, weight=weight.name,
                   difference=first_difference(got_w, want_w)))


# ---------------------------------------------------------------------- gradients

def _gradient_pairs(layer, x, weights, call_kwargs, scales):
    """(analytic, numerical) gradients of sum(scales · layer(x)) with respect to x and each of
    ``weights``; every weight of the layer is put back before each evaluation, so that an
    update made by a call cannot change the next one."""
    saved = [w.numpy().copy() for w in layer.weights]

    def restore():
        for w, value in zip(layer.weights, saved):
            w.assign(value)

    def weighted(array):
        restore()
        return float(np.sum(scales * values(layer(array, **call_kwargs))))

    variable = Variable(x, dtype="float64")
    restore()
    total = ops.sum(ops.multiply(layer(variable, **call_kwargs), scales))
    analytic = [None if g is None else np.array(g, dtype=float)
                for g in gradients_as_recorded(total, [variable] + weights)]
    numerical = [numerical_gradient(weighted, x)]
    for weight in weights:
        index = next(i for i, w in enumerate(layer.weights) if w is weight)
        value = saved[index]

        def with_weight(v, index=index, value=value):
            saved[index] = v
            result = weighted(x)
            saved[index] = value
            return result
        numerical.append(numerical_gradient(with_weight, value))
    restore()
    return analytic, numerical


def check_batch_norm_gradients(student_cls, input_shape, kwargs=None, seed=0):
    """In float64, the gradients of a random weighting of the outputs must equal finite
    differences: with respect to the input, gamma and beta in training (computing the batch
    statistics with numpy gives the right values but cuts the gradient's path through them),
    and with respect to gamma and beta in inference. (At inference the input's gradient is
    left to the inference check: a layer that wrongly updates its statistics there would make
    the input reach them, and be charged twice.)"""
    kwargs = dict(kwargs or {})
    name = student_cls.__name__
    reference_for(student_cls, "BatchNormalization", (), kwargs)
    shape = concrete(tuple(input_shape), 5)
    layer, weights = student_layer(student_cls, (), kwargs, shape, dtype="float64")
    rng = np.random.default_rng(seed)
    for weight in weights:
        low = 0.5 if "variance" in weight.name or weight.name == "gamma" else -1.0
        weight.assign(rng.uniform(low, 1.5, size=weight.shape))
    trainable = [w for w in weights if w.trainable]
    x = channel_data(rng, shape, kwargs.get("axis", -1)).astype("float64")
    scales = rng.normal(size=shape)
    for label, call_kwargs in (("training=True", {"training": True}),
                               ("training=False", {"training": False})):
        analytic, numerical = run(
            _gradient_pairs, layer, x, trainable, call_kwargs, scales,
            what=tr("{name}.call with {label} (in float64, input shape {shape})", name=name,
                    label=label, shape=shape))
        names = [tr("input")] + [tr("weight '{w_name}'", w_name=w.name) for w in trainable]
        for what, a, n in zip(names, analytic, numerical):
            if what == "input" and not call_kwargs["training"]:
                continue   # an update at inference would make x reach the statistics
            if a is not None and np.allclose(a, n, rtol=1e-4, atol=1e-6):
                continue
            found = (tr("no gradient reaches it") if a is None else
                     tr("largest difference {max:.3g}", max=np.max(np.abs(a - n))))
            raise GradingError(
                tr("With {label}, the gradient with respect to the {what} of {name} does not "
                   "match finite differences ({found}; input shape {shape}, seed {seed}). "
                   "Compute call with kerasedu ops only: statistics computed with numpy (or from "
                   ".numpy() values) are constants to the gradient.", label=label, what=what,
                   name=name, found=found, shape=shape, seed=seed))
