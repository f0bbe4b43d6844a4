"""Checks of custom layers beyond build/call (problem set 3).

* :func:`check_running_statistics`: a layer that keeps a running mean and a batch counter as
  non-trainable weights, updated by calls with training=True and left alone otherwise;
* :func:`check_running_statistics_in_fit`: the same layer inside ``fit`` and ``predict``;
* :func:`check_added_losses`: a layer that adds a loss with ``self.add_loss`` in call, against a
  reference layer whose ``losses`` hold the same penalty;
* :func:`check_config_in_model`: a custom layer survives ``Sequential.get_config`` /
  ``from_config`` with ``custom_objects``.

The frozen BatchNormalization of the same problem set is checked by :mod:`.frozen_bn_checks`.
"""

import json

import numpy as np

from ..backend import ops
from ..backend.autodiff import gradients_as_recorded
from ..layer_machinery.input_layer import Input
from ..models.sequential import Sequential
from .common import (GradingError, arguments_text, concrete, first_difference, random_input,
                     shape_text, values)
from .language import deferred, tr
from .layer_checks import outputs, reference_for, student_layer
from .student import make, run
from .weights import share_random_weights, student_variables


def _weight_values(layer, owner, count):
    return run(lambda: [np.array(w.numpy(), dtype=float)
                        for w in student_variables(layer, owner)[:count]],
               what=f"{owner}.weights")


# ---------------------------------------------------------------------- running statistics

def _expected_running_weights(channels):
    return [("moving_mean", (channels,), "non-trainable"), ("count", (), "non-trainable")]


def _batch(rng, shape):
    offset = rng.normal(scale=3.0, size=shape[-1])
    return (rng.normal(size=shape) + offset).astype("float32")


_MODES = {"T": ({"training": True}, "training=True"), "F": ({"training": False}, "training=False"),
          "N": ({}, deferred("no training argument"))}


def check_running_statistics(student_cls, input_shape, momentum=0.9, schedule="TTFNTF",
                             seed=0):
    """A running-mean layer must keep ``moving_mean`` (features,) and ``count`` () as
    non-trainable weights and follow, call after call (``schedule``: T training=True,
    F training=False, N no training argument):

        training:  output = x − batch_mean;  moving_mean ← momentum·moving_mean +
                   (1 − momentum)·batch_mean;  count ← count + 1
        otherwise: output = x − moving_mean; nothing changes

    where batch_mean averages over every axis but the last.
    """
    name = student_cls.__name__
    layer, weights = student_layer(student_cls, (), {"momentum": momentum}, tuple(input_shape))
    want = _expected_running_weights(input_shape[-1])
    got = [(w.name, tuple(w.shape), "trainable" if w.trainable else "non-trainable")
           for w in weights]
    if got != want:
        raise GradingError(
            tr("{name}(momentum={momentum}).build({input_shape}) created the wrong weights.\n  "
               "expected: {want}\n  received: {got}\n  Use add_weight(name=..., shape=..., "
               "initializer='zeros', trainable=False), moving_mean first.", name=name,
               momentum=momentum, input_shape=shape_text(input_shape), want=want, got=got))
    rng = np.random.default_rng(seed)
    shape = concrete(tuple(input_shape), 5)
    moving, count = np.zeros(input_shape[-1]), 0.0
    history = []
    for step, mode in enumerate(schedule):
        x = _batch(rng, shape)
        call_kwargs, described = _MODES[mode]
        history.append(str(described))
        where = (tr("call {step} of the sequence {history} (momentum={momentum}, batches of "
                    "shape {shape}, seed {seed})", step=step + 1, history=history,
                    momentum=momentum, shape=shape, seed=seed))
        if mode == "T":
            batch_mean = x.mean(axis=tuple(range(x.ndim - 1)))
            expected = x - batch_mean
            moving = momentum * moving + (1 - momentum) * batch_mean
            count += 1
        else:
            expected = x - moving
        got = outputs(layer, x, tr("{name}.call in {where}", name=name, where=where),
                      **call_kwargs)[0]
        if got.shape != expected.shape or not np.allclose(got, expected, rtol=1e-4, atol=1e-4):
            raise GradingError(
                tr("{name}.call returned the wrong values in {where}: {difference}. In "
                   "training subtract the batch's own mean; otherwise subtract moving_mean.",
                   name=name, where=where, difference=first_difference(got, expected)))
        got_moving, got_count = _weight_values(layer, name, 2)
        if not np.allclose(got_moving, moving, rtol=1e-4, atol=1e-4):
            raise GradingError(
                tr("moving_mean is wrong after {where}: {difference}. Update it only when "
                   "training, with moving_mean.assign(momentum * moving_mean + (1 - momentum) * "
                   "batch_mean).", where=where,
                   difference=first_difference(got_moving, moving)))
        if got_count.shape != () or float(got_count) != count:
            raise GradingError(
                tr("count is {got} after {where}, expected {count}: add 1 per call with "
                   "training=True, and nothing otherwise.", got=got_count, where=where,
                   count=count))


def _after_training_calls(layer, x, calls):
    """The layer's weights after ``calls`` calls with training=True on ``x``."""
    for _ in range(calls):
        layer(x, training=True)
    return [np.array(w.numpy(), dtype=float) for w in layer.weights]


def _trained_in_fit(layer, shape, x, target, epochs):
    model = Sequential([Input(shape=shape[1:]), layer])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, target, batch_size=len(x), epochs=epochs, shuffle=False, verbose=0)
    return model


def check_running_statistics_in_fit(student_cls, input_shape, momentum=0.5, epochs=2, seed=0):
    """Inside ``fit`` (one batch per epoch) the layer must be called with training=True once
    per batch, and ``predict`` must call it in inference: after fit its weights are what the
    same layer holds after ``epochs`` calls with training=True on that batch, and predict
    gives what a call with training=False gives and changes nothing. (Whether the updates
    themselves are right is the other test's business.)"""
    name = student_cls.__name__
    rng = np.random.default_rng(seed)
    shape = concrete(tuple(input_shape), 6)
    x = _batch(rng, shape)
    target = x - rng.normal(size=shape[:-1] + (1,)).astype("float32")
    by_hand = make(student_cls, (), {"momentum": momentum})
    want = run(_after_training_calls, by_hand, x, epochs,
               what=tr("{name}(momentum={momentum}).call with training=True", name=name,
                       momentum=momentum))
    want_output = outputs(by_hand, x, tr("{name}.call with training=False", name=name),
                          training=False)[0]
    layer = make(student_cls, (), {"momentum": momentum})
    model = run(_trained_in_fit, layer, shape, x, target, epochs,
                what=tr("fit on a model holding {name}", name=name))
    got = _weight_values(layer, name, len(want))
    if len(got) != len(want) or not all(np.allclose(g, w, rtol=1e-5, atol=1e-6)
                                        for g, w in zip(got, want)):
        raise GradingError(
            tr("After fit for {epochs} epochs of one batch each, {name}'s weights are {got}, "
               "but {epochs} calls with training=True give {want}. fit calls the layer with "
               "training=True: make call accept a `training` argument and use it.", epochs=epochs,
               name=name, got=[np.round(g, 4).tolist() for g in got],
               want=[np.round(w, 4).tolist() for w in want]))
    predicted = run(lambda: values(model.predict(x, verbose=0)), what="model.predict")
    if not np.allclose(predicted, want_output, rtol=1e-4, atol=1e-4):
        raise GradingError(
            tr("model.predict should return what {name} returns with training=False; "
               "{difference}.", name=name,
               difference=first_difference(predicted, want_output)))
    after = _weight_values(layer, name, len(want))
    if not all(np.allclose(a, g) for a, g in zip(after, got)):
        raise GradingError(tr("predict changed {name}'s statistics (from {before} to {after}); "
                              "only calls with training=True may update them.", name=name,
                              before=[np.round(g, 4).tolist() for g in got],
                              after=[np.round(a, 4).tolist() for a in after]))


# ---------------------------------------------------------------------- add_loss

def _losses_and_gradients(layer, x, weights):
    """(output, [loss values], total loss, its gradients with respect to ``weights``) of one
    call; student code."""
    output = values(layer(x))
    losses = list(layer.losses)
    if not losses:
        return output, [], None, None
    total = ops.sum(ops.stack([ops.sum(loss) for loss in losses]))
    grads = gradients_as_recorded(total, weights)
    return output, [float(np.sum(values(loss))) for loss in losses], float(values(total)), [
        None if g is None else np.array(g, dtype=float) for g in grads]


def check_added_losses(student_cls, reference, input_shape, args=(), kwargs=None,
                       reference_kwargs=None, seed=0):
    """After a call, ``layer.losses`` must hold the penalty that the reference layer (built
    with ``reference_kwargs``) reports, computed from the weights with ops (so that training
    can differentiate it); calling again must replace the losses, not add to them."""
    ref = reference_for(student_cls, reference, args, kwargs, reference_kwargs)
    name = student_cls.__name__
    shape = concrete(tuple(input_shape), 4)
    student, weights = student_layer(student_cls, args, kwargs, shape)
    ref.build(shape)
    ref.built = True
    pairs = share_random_weights(weights, ref, seed)
    x = random_input(shape, seed)
    where = tr("({name}({arguments}), input shape {shape}, seed {seed})", name=name,
               arguments=arguments_text(args, kwargs), shape=shape, seed=seed)
    student_weights = [s for s, r, _ in pairs if r.trainable]
    got, losses, total, grads = run(_losses_and_gradients, student, x, student_weights,
                                    what=tr("{name}.call on an input of shape {shape}", name=name,
                                            shape=shape))
    want = values(ref(x))
    if got.shape != want.shape or not np.allclose(got, want, rtol=1e-5, atol=1e-5):
        raise GradingError(tr("{name}.call returns the wrong values {where}: {difference}.",
                              name=name, where=where,
                              difference=first_difference(got, want)))
    if not losses:
        raise GradingError(tr("{name}.losses is empty after a call {where}: call "
                              "self.add_loss(penalty) inside call.", name=name, where=where))
    ref_total = ops.sum(ops.stack([ops.sum(loss) for loss in ref.losses]))
    expected = float(values(ref_total))
    if not np.isclose(total, expected, rtol=1e-4, atol=1e-6):
        raise GradingError(tr("The loss {name} adds is {total:.6g}, expected {expected:.6g} "
                              "{where}.", name=name, total=total, expected=expected, where=where))
    again = run(lambda: (student(x), len(student.losses))[1],
                what=tr("{name}.call, called a second time", name=name))
    if again != len(losses):
        raise GradingError(
            tr("After a second call, {name}.losses holds {again} losses instead of {n_losses}: "
               "each call must replace the losses of the previous one. Use self.add_loss (the "
               "layer clears those at every call), not a list of your own.", name=name,
               again=again, n_losses=len(losses)))
    ref_grads = gradients_as_recorded(ref_total, [r for _, r, _ in pairs if r.trainable])
    for (weight, _, transposed), g, r in zip([p for p in pairs if p[1].trainable], grads,
                                             ref_grads):
        r = np.zeros(weight.shape) if r is None else (r.T if transposed else r)
        if g is None and np.any(r):
            raise GradingError(
                tr("No gradient of the added loss reaches the weight '{weight}' {where}: "
                   "compute the penalty with kerasedu ops from the weight itself (not from "
                   "weight.numpy()), so that training can reduce it.", weight=weight.name,
                   where=where))
        g = np.zeros(weight.shape) if g is None else g
        if not np.allclose(g, r, rtol=1e-4, atol=1e-6):
            raise GradingError(tr("The gradient of the added loss with respect to "
                                  "'{weight}' is wrong {where}: {difference}.",
                                  weight=weight.name, where=where,
                                  difference=first_difference(g, r)))


# ---------------------------------------------------------------------- configs in models

def _rebuilt_model(student_cls, layer, shape, name):
    """The model saved as JSON (as a saved model's file holds it) and rebuilt from that."""
    model = Sequential([Input(shape=shape[1:]), layer])
    saved = json.dumps(model.get_config())
    clone = Sequential.from_config(json.loads(saved), custom_objects={name: student_cls})
    rebuilt = clone.layers[-1]
    return (model, clone, type(rebuilt) is student_cls, type(rebuilt).__name__,
            dict(rebuilt.get_config()), dict(layer.get_config()))


def check_config_in_model(student_cls, input_shape, args=(), kwargs=None, seed=0):
    """A Sequential model holding the layer, its config written as JSON and read back (as
    saving does), must be rebuilt by ``Sequential.from_config(config, custom_objects={...})``
    into a model with the same layer config that computes the same outputs once given the same
    weights."""
    name = student_cls.__name__
    layer = make(student_cls, args, kwargs)
    shape = concrete(tuple(input_shape), 4)
    what = (tr("Saving the config of a model holding {name}({arguments}) as JSON and rebuilding "
               "it with Sequential.from_config(config, custom_objects={{'{name}': {name}}})",
               name=name, arguments=arguments_text(args, kwargs)))
    try:
        model, clone, same_class, rebuilt_class, rebuilt_config, config = run(
            _rebuilt_model, student_cls, layer, shape, name, what=what)
    except GradingError as error:
        raise GradingError(
            tr("{message}. get_config must return the arguments of __init__ (plus the base "
               "config) as values JSON can hold (an activation by its name: "
               "activations.serialize), so that {name}(**config) works.",
               message=error.message.rstrip('.'), name=name)) from error.__cause__
    if not same_class:
        raise GradingError(tr("The rebuilt model holds a {rebuilt_class}, not a {name}.",
                              rebuilt_class=rebuilt_class, name=name))
    if rebuilt_config != config:
        raise GradingError(tr("The rebuilt layer's config {rebuilt_config} differs from the "
                              "original's {config}.", rebuilt_config=rebuilt_config,
                              config=config))
    x = random_input(shape, seed)
    got, want = run(lambda: (clone.set_weights(model.get_weights()), values(clone(x)),
                             values(model(x)))[1:],
                    what=tr("The rebuilt model holding {name}", name=name))
    if got.shape != want.shape or not np.allclose(got, want, rtol=1e-5, atol=1e-6):
        raise GradingError(tr("The rebuilt model computes different values from the original "
                              "({name}({arguments})): {difference}.", name=name,
                              arguments=arguments_text(args, kwargs),
                              difference=first_difference(got, want)))
