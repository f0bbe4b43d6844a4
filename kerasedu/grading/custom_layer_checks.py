"""Checks of custom layers beyond build/call (problem set 3).

* :func:`check_running_statistics`: a layer that keeps a running mean and a batch counter as
  non-trainable weights, updated by calls with training=True and left alone otherwise;
* :func:`check_running_statistics_in_fit`: the same layer inside ``fit`` and ``predict``;
* :func:`check_added_losses`: a layer that adds a loss with ``self.add_loss`` in call, against a
  reference layer whose ``losses`` hold the same penalty;
* :func:`check_config_in_model`: a custom layer survives ``Sequential.get_config`` /
  ``from_config`` with ``custom_objects``;
* :func:`check_frozen_batch_norm`: a BatchNormalization subclass that always runs in inference
  mode and never changes its moving statistics, while gamma and beta stay trainable.
"""

import numpy as np

from ..backend import gradients, ops
from .layer_checks import (GradingError, _arguments, _build, _concrete, _first_difference,
                           _make, _pair, _random_input, _shape_text, _values)
from .reference import reference_layer


def _call(layer, x, call_kwargs, description):
    try:
        return layer(x, **call_kwargs)
    except Exception as error:
        raise GradingError(f"{type(layer).__name__}.call raised {type(error).__name__} "
                           f"{description}: {error}") from error


def _weight_table(layer):
    return [(w.name, tuple(w.shape), "trainable" if w.trainable else "non-trainable")
            for w in layer.weights]


# ---------------------------------------------------------------------- running statistics

def _expected_running_weights(channels):
    return [("moving_mean", (channels,), "non-trainable"), ("count", (), "non-trainable")]


def _batch(rng, shape):
    offset = rng.normal(scale=3.0, size=shape[-1])
    return (rng.normal(size=shape) + offset).astype("float32")


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
    layer = _make(student_cls, (), {"momentum": momentum}, name)
    _build(layer, tuple(input_shape), name)
    want = _expected_running_weights(input_shape[-1])
    if _weight_table(layer) != want:
        raise GradingError(
            f"{name}(momentum={momentum}).build({_shape_text(input_shape)}) created the wrong "
            f"weights.\n  expected: {want}\n  received: {_weight_table(layer)}\n  Use "
            f"add_weight(name=..., shape=..., initializer='zeros', trainable=False), "
            f"moving_mean first.")
    rng = np.random.default_rng(seed)
    shape = _concrete(tuple(input_shape), 5)
    moving, count = np.zeros(input_shape[-1]), 0.0
    history = []
    for step, mode in enumerate(schedule):
        x = _batch(rng, shape)
        call_kwargs = {"T": {"training": True}, "F": {"training": False}, "N": {}}[mode]
        described = {"T": "training=True", "F": "training=False", "N": "no training argument"}
        history.append(described[mode])
        where = (f"call {step + 1} of the sequence {history} (momentum={momentum}, batches "
                 f"of shape {shape}, seed {seed})")
        axes = tuple(range(x.ndim - 1))
        if mode == "T":
            batch_mean = x.mean(axis=axes)
            expected = x - batch_mean
            moving = momentum * moving + (1 - momentum) * batch_mean
            count += 1
        else:
            expected = x - moving
        got = _values(_call(layer, x, call_kwargs, f"in {where}"))
        if got.shape != expected.shape or not np.allclose(got, expected, rtol=1e-4, atol=1e-4):
            raise GradingError(
                f"{name}.call returned the wrong values in {where}: "
                f"{_first_difference(got, expected)}. In training subtract the batch's own mean; "
                f"otherwise subtract moving_mean.")
        got_moving, got_count = (np.asarray(w.numpy(), dtype=float) for w in layer.weights[:2])
        if not np.allclose(got_moving, moving, rtol=1e-4, atol=1e-4):
            raise GradingError(
                f"moving_mean is wrong after {where}: {_first_difference(got_moving, moving)}. "
                f"Update it only when training, with moving_mean.assign(momentum * moving_mean "
                f"+ (1 - momentum) * batch_mean).")
        if got_count.shape != () or float(got_count) != count:
            raise GradingError(
                f"count is {got_count} after {where}, expected {count}: add 1 per call with "
                f"training=True, and nothing otherwise.")


def check_running_statistics_in_fit(student_cls, input_shape, momentum=0.5, epochs=2, seed=0):
    """Inside ``fit`` (one batch per epoch) the layer updates its statistics once per batch;
    ``predict`` and ``evaluate`` leave them alone and subtract moving_mean."""
    from ..layer_machinery.input_layer import Input
    from ..models.sequential import Sequential
    name = student_cls.__name__
    rng = np.random.default_rng(seed)
    shape = _concrete(tuple(input_shape), 6)
    x = _batch(rng, shape)
    y = rng.normal(size=shape[:-1] + (1,)).astype("float32")
    layer = _make(student_cls, (), {"momentum": momentum}, name)
    model = Sequential([Input(shape=shape[1:]), layer])
    model.compile(optimizer="sgd", loss="mse")
    try:
        model.fit(x, x - y, batch_size=len(x), epochs=epochs, shuffle=False, verbose=0)
    except Exception as error:
        raise GradingError(f"fit on a model holding {name} raised {type(error).__name__}: "
                           f"{error}") from error
    batch_mean = x.mean(axis=tuple(range(x.ndim - 1)))
    moving = np.zeros_like(batch_mean, dtype=float)
    for _ in range(epochs):
        moving = momentum * moving + (1 - momentum) * batch_mean
    got_moving, got_count = (np.asarray(w.numpy(), dtype=float) for w in layer.weights[:2])
    if float(got_count) != epochs or not np.allclose(got_moving, moving, rtol=1e-4, atol=1e-4):
        raise GradingError(
            f"After fit for {epochs} epochs of one batch each, {name} should have count = "
            f"{epochs} and moving_mean = {np.round(moving, 4)}; it has count = {got_count} and "
            f"moving_mean = {np.round(got_moving, 4)}. fit calls the layer with training=True: "
            f"make call accept a `training` argument.")
    predicted = model.predict(x, verbose=0)
    if not np.allclose(predicted, x - moving, rtol=1e-4, atol=1e-4):
        raise GradingError(
            f"model.predict should return inputs − moving_mean; "
            f"{_first_difference(predicted, x - moving)}.")
    after = [np.asarray(w.numpy(), dtype=float) for w in layer.weights[:2]]
    if not (np.allclose(after[0], got_moving) and float(after[1]) == float(got_count)):
        raise GradingError(f"predict changed {name}'s statistics (count {got_count} -> "
                           f"{after[1]}); only calls with training=True may update them.")


# ---------------------------------------------------------------------- add_loss

def check_added_losses(student_cls, reference, input_shape, args=(), kwargs=None,
                       reference_kwargs=None, seed=0):
    """After a call, ``layer.losses`` must hold the penalty that the reference layer (built
    with ``reference_kwargs``) reports, computed from the weights with ops (so that training
    can differentiate it); calling again must replace the losses, not add to them."""
    kwargs = dict(kwargs or {})
    student, ref = _pair(student_cls, reference, args, kwargs, reference_kwargs=reference_kwargs)
    name = student_cls.__name__
    shape = _concrete(tuple(input_shape), 4)
    _build(student, shape, name)
    _build(ref, shape, "the reference")
    if len(student.weights) != len(ref.weights):
        raise GradingError(f"{name} has {len(student.weights)} weights but should have "
                           f"{len(ref.weights)}: make its build right first.")
    rng = np.random.default_rng(seed)
    ref.set_weights([rng.normal(size=w.shape).astype("float32") for w in ref.weights])
    student.set_weights(ref.get_weights())
    x = _random_input(shape, seed)
    where = f"({name}({_arguments(args, kwargs)}), input shape {shape}, seed {seed})"
    got = _values(_call(student, x, {}, f"on an input of shape {shape}"))
    want = _values(ref(x))
    if got.shape != want.shape or not np.allclose(got, want, rtol=1e-5, atol=1e-5):
        raise GradingError(f"{name}.call returns the wrong values {where}: "
                           f"{_first_difference(got, want)}.")
    losses = list(student.losses)
    if not losses:
        raise GradingError(f"{name}.losses is empty after a call {where}: call "
                           f"self.add_loss(penalty) inside call.")
    total = ops.sum(ops.stack([ops.sum(loss) for loss in losses]))
    expected = float(sum(float(np.sum(_values(loss))) for loss in ref.losses))
    if not np.isclose(float(_values(total)), expected, rtol=1e-4, atol=1e-6):
        raise GradingError(f"The loss {name} adds is {float(_values(total)):.6g}, expected "
                           f"{expected:.6g} {where}.")
    _call(student, x, {}, "when called a second time")
    if len(student.losses) != len(losses):
        raise GradingError(
            f"After a second call, {name}.losses holds {len(student.losses)} losses instead of "
            f"{len(losses)}: each call must replace the losses of the previous one. Use "
            f"self.add_loss (the layer clears those at every call), not a list of your own.")
    ref_total = ops.sum(ops.stack([ops.sum(loss) for loss in ref.losses]))
    student_grads = gradients(ops.sum(ops.stack([ops.sum(loss) for loss in student.losses])),
                              student.trainable_weights)
    ref_grads = gradients(ref_total, ref.trainable_weights)
    for weight, g, r in zip(student.trainable_weights, student_grads, ref_grads):
        r_zero = r is None or not np.any(r)
        if g is None and not r_zero:
            raise GradingError(
                f"No gradient of the added loss reaches the weight '{weight.name}' {where}: "
                f"compute the penalty with kerasedu ops from the weight itself (not from "
                f"weight.numpy()), so that training can reduce it.")
        g = np.zeros(weight.shape) if g is None else g
        r = np.zeros(weight.shape) if r is None else r
        if not np.allclose(g, r, rtol=1e-4, atol=1e-6):
            raise GradingError(f"The gradient of the added loss with respect to "
                               f"'{weight.name}' is wrong {where}: {_first_difference(g, r)}.")


# ---------------------------------------------------------------------- configs in models

def check_config_in_model(student_cls, input_shape, args=(), kwargs=None, seed=0):
    """A Sequential model holding the layer must be rebuilt by ``Sequential.from_config(
    model.get_config(), custom_objects={...})`` into a model with the same layer config that
    computes the same outputs once given the same weights."""
    from ..layer_machinery.input_layer import Input
    from ..models.sequential import Sequential
    kwargs = dict(kwargs or {})
    name = student_cls.__name__
    layer = _make(student_cls, args, kwargs, name)
    shape = _concrete(tuple(input_shape), 4)
    model = Sequential([Input(shape=shape[1:]), layer])
    try:
        config = model.get_config()
        clone = Sequential.from_config(config, custom_objects={name: student_cls})
    except Exception as error:
        raise GradingError(
            f"Sequential.from_config(model.get_config(), custom_objects={{'{name}': {name}}}) "
            f"failed for a model holding {name}({_arguments(args, kwargs)}): "
            f"{type(error).__name__}: {str(error).rstrip('.')}. get_config must return the "
            f"arguments of __init__ (plus the base config), so that {name}(**config) works."
        ) from error
    rebuilt = clone.layers[-1]
    if type(rebuilt) is not student_cls:
        raise GradingError(f"The rebuilt model holds a {type(rebuilt).__name__}, not a {name}.")
    if rebuilt.get_config() != layer.get_config():
        raise GradingError(f"The rebuilt layer's config {rebuilt.get_config()} differs from the "
                           f"original's {layer.get_config()}.")
    clone.set_weights(model.get_weights())
    x = _random_input(shape, seed)
    got, want = _values(clone(x)), _values(model(x))
    if got.shape != want.shape or not np.allclose(got, want, rtol=1e-5, atol=1e-6):
        raise GradingError(f"The rebuilt model computes different values from the original "
                           f"({name}({_arguments(args, kwargs)})): {_first_difference(got, want)}.")


# ---------------------------------------------------------------------- frozen BatchNorm

def _is_batch_norm_subclass(cls):
    return isinstance(cls, type) and any(
        klass.__name__ == "BatchNormalization" and klass.__module__.startswith("kerasedu.")
        for klass in cls.__mro__[1:])


def check_frozen_batch_norm(student_cls, input_shape, kwargs=None, seed=0, fit_epochs=2):
    """A BatchNormalization subclass must normalize with its moving statistics whatever
    training flag it receives (also inside fit), never change them, and keep gamma and beta
    trainable."""
    kwargs = dict(kwargs or {})
    name = student_cls.__name__
    if not _is_batch_norm_subclass(student_cls):
        raise GradingError(f"{name} should subclass kerasedu.layers.BatchNormalization; its "
                           f"bases are {[k.__name__ for k in student_cls.__mro__[1:]]}.")
    reference = reference_layer("BatchNormalization")
    student = _make(student_cls, (), kwargs, name)
    ref = _make(reference, (), kwargs, "BatchNormalization")
    shape = _concrete(tuple(input_shape), 6)
    _build(student, tuple(input_shape), name)
    _build(ref, tuple(input_shape), "BatchNormalization")
    trainable = [w.name for w in student.trainable_weights]
    want_trainable = [w.name for w in ref.trainable_weights]
    if trainable != want_trainable:
        raise GradingError(
            f"{name}'s trainable weights are {trainable}, expected {want_trainable}: freeze "
            f"only the statistics (by running in inference mode); gamma and beta must still "
            f"learn, so do not set trainable=False.")
    rng = np.random.default_rng(seed)
    values = []
    for w in ref.weights:
        if w.name == "moving_variance":
            values.append(rng.uniform(0.5, 2.0, size=w.shape).astype("float32"))
        elif w.name == "gamma":
            values.append(rng.uniform(0.5, 1.5, size=w.shape).astype("float32"))
        else:
            values.append(rng.normal(size=w.shape).astype("float32"))
    ref.set_weights(values)
    student.set_weights(values)
    x = (rng.normal(size=shape) * 2 + 1).astype("float32")
    want = _values(ref(x, training=False))
    for label, call_kwargs in (("training=True", {"training": True}),
                               ("training=False", {"training": False}),
                               ("training=None", {"training": None}),
                               ("no training argument", {})):
        got = _values(_call(student, x, call_kwargs, f"with {label}"))
        if got.shape != want.shape or not np.allclose(got, want, rtol=1e-4, atol=1e-4):
            raise GradingError(
                f"{name}({_arguments((), kwargs)}) called with {label} on an input of shape "
                f"{shape} (seed {seed}) should normalize with the moving statistics, as "
                f"BatchNormalization does with training=False: {_first_difference(got, want)}.")
        _check_unchanged(student, values, f"a call with {label}")
    from ..layer_machinery.input_layer import Input
    from ..models.sequential import Sequential
    layer = _make(student_cls, (), kwargs, name)
    model = Sequential([Input(shape=shape[1:]), layer])
    model.compile(optimizer="sgd", loss="mse")
    model.set_weights(values)
    target = rng.normal(size=shape).astype("float32")
    try:
        model.fit(x, target, batch_size=3, epochs=fit_epochs, shuffle=False, verbose=0)
    except Exception as error:
        raise GradingError(f"fit on a model holding {name} raised {type(error).__name__}: "
                           f"{error}") from error
    statistics = [i for i, w in enumerate(layer.weights) if w.name.startswith("moving_")]
    _check_unchanged(layer, values, f"model.fit for {fit_epochs} epochs", only=statistics)
    learned = [w.name for w, v in zip(layer.weights, values)
               if w.trainable and not np.allclose(w.numpy(), v)]
    if want_trainable and not learned:
        raise GradingError(f"model.fit did not change {name}'s gamma or beta: they must stay "
                           f"trainable.")


def _check_unchanged(layer, values, what, only=None):
    for i, (w, v) in enumerate(zip(layer.weights, values)):
        if only is not None and i not in only:
            continue
        if not np.allclose(w.numpy(), v):
            raise GradingError(
                f"{type(layer).__name__}'s weight '{w.name}' changed after {what}: "
                f"{_first_difference(w.numpy(), v)}. A frozen BatchNormalization must never "
                f"update its statistics: call the parent's call with training=False.")
