"""Checks of a BatchNormalization written from scratch (problem set 8).

Each check compares the student's layer with kerasedu's BatchNormalization holding the same
random weights (gamma, beta, moving_mean, moving_variance), for one part of the contract:

* :func:`check_batch_norm_training`: ``training=True`` normalizes with the batch's own mean and
  biased variance, over every axis but ``axis``;
* :func:`check_batch_norm_inference`: ``training=False``, ``None``, no argument and ``predict``
  normalize with the moving statistics and change nothing;
* :func:`check_batch_norm_moving_statistics`: after each training step, and after ``fit``,
  moving = moving · momentum + batch · (1 − momentum);
* :func:`check_batch_norm_epsilon`: output = gamma · (x − mean) / sqrt(var + epsilon) + beta,
  with an epsilon large enough to tell where it goes;
* :func:`check_batch_norm_axis`: the same with channels along an ``axis`` other than -1;
* :func:`check_batch_norm_frozen`: with ``trainable=False`` (on the layer, or on a model that
  holds it) the layer runs in inference mode even when ``fit`` trains the model around it;
* :func:`check_batch_norm_gradients`: in float64, the gradients with respect to the input,
  gamma and beta equal finite differences, in training and in inference.

So that one mistake costs one test, each check is written not to depend on the parts the others
check: values are compared to within 10⁻³ (where epsilon goes changes them by less; the epsilon
check tells), the moving statistics are checked on batches of 2,000 (where dividing the
variance by n − 1 instead of n changes them by less; the training check tells), the epsilon
and axis checks set the moving statistics to the batch's own (so that inference and training
normalize alike, and an update changes nothing), and the frozen and gradient checks compare
the layer with itself (its own inference mode, its own finite differences), so that a wrong
inference mode is charged once, by the inference check.
"""

import numpy as np

from ..backend import gradients, ops
from ..backend.gradcheck import numerical_gradient
from ..backend.tensor import Variable
from ..layer_machinery.input_layer import Input
from ..models.model import Model
from ..models.sequential import Sequential
from .common import GradingError, arguments_text, concrete, first_difference, values
from .layer_checks import outputs, reference_for, student_layer
from .reference import reference_layer
from .student import run
from .weights import share_random_weights, student_variables

TOLERANCE = 1e-3
_MODES = (("training=False", {"training": False}), ("training=None", {"training": None}),
          ("no training argument", {}))


def _channel_data(rng, shape, axis):
    """Random data whose channels (along ``axis``) have their own offsets and scales."""
    axis = axis % len(shape)
    channel_shape = [1] * len(shape)
    channel_shape[axis] = shape[axis]
    offsets = rng.normal(scale=3.0, size=channel_shape)
    scales = rng.uniform(1.5, 3.0, size=channel_shape)
    return (rng.normal(size=shape) * scales + offsets).astype("float32")


def _pair(student_cls, input_shape, kwargs, seed, batch=8):
    """(student layer, its weights, the reference, the concrete input shape), both built and
    holding the same random weights."""
    ref = reference_for(student_cls, "BatchNormalization", (), kwargs)
    shape = concrete(tuple(input_shape), batch)
    student, weights = student_layer(student_cls, (), kwargs, shape)
    ref.build(shape)
    ref.built = True
    pairs = share_random_weights(weights, ref, seed + 1)
    return student, pairs, ref, shape


def _describe(student_cls, kwargs, shape, seed):
    return (f"{student_cls.__name__}({arguments_text((), kwargs)}) on an input of shape "
            f"{shape} (seed {seed})")


def _weight_values(layer, owner):
    return run(lambda: [np.array(w.numpy(), dtype=float) for w in student_variables(layer, owner)],
               what=f"{owner}.weights")


def _moments(x, axis, ddof=0):
    axes = tuple(i for i in range(x.ndim) if i != axis % x.ndim)
    return x.mean(axis=axes), x.var(axis=axes, ddof=ddof)


def _normalized(x, mean, variance, gamma, beta, axis, epsilon, outside=False):
    shape = [1] * x.ndim
    shape[axis % x.ndim] = -1
    spread = (np.sqrt(variance) + epsilon) if outside else np.sqrt(variance + epsilon)
    return (gamma.reshape(shape) * (x - mean.reshape(shape)) / spread.reshape(shape)
            + beta.reshape(shape))


def _close(got, want, tolerance=TOLERANCE):
    return got.shape == want.shape and np.allclose(got, want, rtol=tolerance, atol=tolerance)


def _weights_by_name(pairs):
    return {r.name: np.array(r.numpy(), dtype=float) for _, r, _ in pairs}


# ---------------------------------------------------------------------- training

def check_batch_norm_training(student_cls, input_shape, kwargs=None, seed=0):
    """``layer(x, training=True)`` must equal the reference's: gamma · (x − μ_B) /
    sqrt(σ²_B + epsilon) + beta with the batch's mean μ_B and biased variance σ²_B (divided by
    n) over every axis but ``axis``."""
    kwargs = dict(kwargs or {})
    student, pairs, ref, shape = _pair(student_cls, input_shape, kwargs, seed)
    axis = ref.axis
    x = _channel_data(np.random.default_rng(seed), shape, axis)
    weights = _weights_by_name(pairs)
    where = _describe(student_cls, kwargs, shape, seed)
    got = outputs(student, x, f"{student_cls.__name__}.call with training=True", training=True)[0]
    want = values(ref(x, training=True))
    if _close(got, want):
        return
    hint = " In training, normalize with the batch's own mean and variance."
    unbiased = _normalized(x, *_moments(x, axis, ddof=1), weights["gamma"], weights["beta"],
                           axis, ref.epsilon)
    if _close(got, unbiased):
        hint = (" Your values are what the unbiased variance (divided by n − 1) gives: "
                "BatchNormalization divides by n, as ops.var does.")
    elif _close(got, _normalized(x, weights["moving_mean"], weights["moving_variance"],
                                 weights["gamma"], weights["beta"], axis, ref.epsilon)):
        hint = (" Your values are what the moving statistics give: with training=True use the "
                "batch's own mean and variance.")
    raise GradingError(f"{where}, called with training=True, returned the wrong values: "
                       f"{first_difference(got, want)}.{hint}")


# ---------------------------------------------------------------------- inference

def check_batch_norm_inference(student_cls, input_shape, kwargs=None, seed=0):
    """With ``training=False``, ``training=None``, no training argument and inside
    ``model.predict``, the layer must normalize with moving_mean and moving_variance (so that
    a sample's output does not depend on the rest of its batch), and change no weight."""
    kwargs = dict(kwargs or {})
    student, pairs, ref, shape = _pair(student_cls, input_shape, kwargs, seed)
    name = student_cls.__name__
    x = _channel_data(np.random.default_rng(seed), shape, ref.axis)
    want = values(ref(x, training=False))
    before = _weight_values(student, name)
    where = _describe(student_cls, kwargs, shape, seed)
    batch_statistics = values(ref(x, training=True))
    for label, call_kwargs in _MODES + (("model.predict", None),):
        if call_kwargs is None:
            model = Sequential([Input(shape=shape[1:]), student])
            got = run(lambda: values(model.predict(x, batch_size=len(x), verbose=0)),
                      what=f"model.predict on Sequential([Input, {name}])")
        else:
            got = outputs(student, x, f"{name}.call with {label}", **call_kwargs)[0]
        if not _close(got, want):
            hint = (" Your values are what the batch's own statistics give: use them only "
                    "when training is true." if _close(got, batch_statistics) else
                    " Normalize with moving_mean and moving_variance.")
            raise GradingError(f"{where}, with {label}, returned the wrong values: "
                               f"{first_difference(got, want)}.{hint}")
        for weight, old, new in zip(pairs, before, _weight_values(student, name)):
            if not np.allclose(old, new):
                raise GradingError(
                    f"{where}: the weight '{weight[0].name}' changed during a call with "
                    f"{label}: {first_difference(new, old)}. Only calls with training=True "
                    f"may update the moving statistics.")


# ---------------------------------------------------------------------- moving statistics

def _statistic_hint(got, previous, batch, momentum):
    if np.allclose(got, previous):
        return " It was not updated: update it in every call with training=True."
    if np.allclose(got, previous * (1 - momentum) + batch * momentum, rtol=TOLERANCE,
                   atol=TOLERANCE):
        return (f" Yours keeps a fraction 1 − momentum = {1 - momentum:g} of the old value: "
                f"Keras keeps `momentum` of it, moving · momentum + batch · (1 − momentum).")
    return (" Update it with moving · momentum + batch · (1 − momentum), where batch is the "
            "batch's mean (or biased variance).")


def _check_statistics(layer, pairs, name, expected, previous, batches, momentum, when):
    now = dict(zip([r.name for _, r, _ in pairs], _weight_values(layer, name)))
    for key in ("moving_mean", "moving_variance"):
        if not _close(now[key], expected[key]):
            hint = ("" if previous is None else
                    _statistic_hint(now[key], previous[key], batches[key], momentum))
            raise GradingError(f"{key} is wrong after {when}: "
                               f"{first_difference(now[key], expected[key])}.{hint}")
    return now


def check_batch_norm_moving_statistics(student_cls, input_shape, kwargs=None, steps=4,
                                       batch=2000, epochs=2, seed=0):
    """After each of ``steps`` calls with training=True (batches of ``batch`` samples whose
    statistics change from step to step), moving_mean and moving_variance must be the
    reference's: moving · momentum + batch statistic · (1 − momentum). Then ``fit`` (SGD, one
    epoch of two batches, ``epochs`` times) must leave the same moving statistics as the
    reference's fit: fit calls the layer with training=True."""
    kwargs = dict(kwargs or {})
    student, pairs, ref, shape = _pair(student_cls, input_shape, kwargs, seed, batch=batch)
    name = student_cls.__name__
    momentum = ref.momentum
    rng = np.random.default_rng(seed)
    where = f"{name}({arguments_text((), kwargs)}), batches of shape {shape}, seed {seed}"
    previous = _weights_by_name(pairs)
    for step in range(1, steps + 1):
        x = _channel_data(rng, shape, ref.axis)
        outputs(student, x, f"{name}.call with training=True (step {step})", training=True)
        ref(x, training=True)
        mean, variance = _moments(x, ref.axis)
        previous = _check_statistics(
            student, pairs, name, _weights_by_name(pairs), previous,
            {"moving_mean": mean, "moving_variance": variance}, momentum,
            f"{step} call{'s' if step > 1 else ''} with training=True ({where})")
    x = np.concatenate([_channel_data(rng, shape, ref.axis) for _ in range(2)])
    target = rng.normal(size=x.shape).astype("float32")
    student_fit, fit_pairs, ref_fit, _ = _pair(student_cls, input_shape, kwargs, seed + 7,
                                               batch=batch)

    def fit(layer):
        model = Sequential([Input(shape=shape[1:]), layer])
        model.compile(optimizer="sgd", loss="mse")
        model.fit(x, target, batch_size=batch, epochs=epochs, shuffle=False, verbose=0)
    run(fit, student_fit, what=f"fit on Sequential([Input, {name}])")
    fit(ref_fit)
    _check_statistics(student_fit, fit_pairs, name, _weights_by_name(fit_pairs), None, None,
                      momentum, f"fit for {epochs} epochs of 2 batches ({where}). fit calls "
                      f"the layer with training=True: make call accept a `training` argument")


# ---------------------------------------------------------------------- epsilon and axis

def _set_own_statistics(student, pairs, name, mean, variance):
    """Put the batch's own (biased) statistics into both layers' moving statistics: then
    inference normalizes exactly as training does, and an update changes nothing."""
    for student_weight, ref_weight, _ in pairs:
        own = {"moving_mean": mean, "moving_variance": variance}.get(ref_weight.name)
        if own is not None:
            ref_weight.assign(own)
            run(student_weight.assign, own, what=f"{name}.{ref_weight.name}.assign")


def _own_statistics_outputs(student_cls, input_shape, kwargs, seed, batch, tolerance, hint):
    """Training and inference outputs of both layers on batches of ``batch`` samples, with the
    moving statistics set to the batch's own before the inference call; ``hint(got, x,
    weights, axis, epsilon)`` explains a difference."""
    student, pairs, ref, shape = _pair(student_cls, input_shape, kwargs, seed, batch=batch)
    name = student_cls.__name__
    x = _channel_data(np.random.default_rng(seed), shape, ref.axis)
    mean, variance = _moments(x, ref.axis)
    weights = _weights_by_name(pairs)
    for label, call_kwargs in (("training=True", {"training": True}),
                               ("training=False", {"training": False})):
        _set_own_statistics(student, pairs, name, mean, variance)
        got = outputs(student, x, f"{name}.call with {label}", **call_kwargs)[0]
        want = values(ref(x, **call_kwargs))
        if not _close(got, want, tolerance):
            raise GradingError(f"{_describe(student_cls, kwargs, shape, seed)}, with {label}, "
                               f"returned the wrong values: {first_difference(got, want)}."
                               f"{hint(got, x, weights, ref.axis, ref.epsilon)}")


def _epsilon_hint(got, x, weights, axis, epsilon):
    outside = _normalized(x, *_moments(x, axis), weights["gamma"], weights["beta"], axis,
                          epsilon, outside=True)
    if _close(got, outside):
        return (" Your values are what (x − mean) / (sqrt(var) + epsilon) gives: epsilon goes "
                "inside the square root.")
    return " Divide by sqrt(var + epsilon), with the epsilon given to __init__."


def check_batch_norm_epsilon(student_cls, input_shape, epsilon=0.5, seed=0):
    """With a large ``epsilon``, outputs must be gamma · (x − mean) / sqrt(var + epsilon) +
    beta, in training and in inference (with the moving statistics set to the batch's own, on
    batches of 2,000, so that only epsilon's place can make a difference)."""
    _own_statistics_outputs(student_cls, input_shape, {"epsilon": epsilon}, seed, 2000,
                            TOLERANCE, _epsilon_hint)


def _axis_hint(got, x, weights, axis, epsilon):
    return (f" Normalize each channel along axis {axis}: take the statistics over every other "
            f"axis, and reshape gamma, beta and the statistics to broadcast along axis "
            f"{axis}.")


def check_batch_norm_axis(student_cls, input_shape, axis, seed=0):
    """With ``axis`` other than -1, the training and inference outputs must be the
    reference's (on batches of 500, with the moving statistics set to the batch's own, so
    that only the channel axis can make a difference)."""
    _own_statistics_outputs(student_cls, input_shape, {"axis": axis}, seed, 500, TOLERANCE,
                            _axis_hint)


# ---------------------------------------------------------------------- frozen

def _same_weights(layer, pairs):
    values_ = [np.array(r.numpy()) for _, r, _ in pairs]
    layer.set_weights(values_)


def _frozen_models(student_cls, kwargs, shape, pairs, freeze):
    """(the model under test, its twin): [BN frozen, Dense(2)] trained by fit, against the
    same with the layer called with training=False explicitly."""
    dense = reference_layer("Dense")
    built = []
    for explicit in (False, True):
        layer = student_cls(**kwargs)
        inputs = Input(shape=shape[1:])
        if freeze == "model":
            body = Sequential([Input(shape=shape[1:]), layer])
            body.trainable = False
            hidden = body(inputs, training=False) if explicit else body(inputs)
        else:
            layer.trainable = False
            hidden = layer(inputs, training=False) if explicit else layer(inputs)
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
    student, pairs, ref, shape = _pair(student_cls, input_shape, kwargs, seed)
    name = student_cls.__name__
    twin, _ = student_layer(student_cls, (), kwargs, shape)
    run(_same_weights, twin, pairs, what=f"{name}.set_weights")
    x = _channel_data(np.random.default_rng(seed), shape, ref.axis)
    where = f"{name}({arguments_text((), kwargs)}) with trainable=False"
    student.trainable = False
    got = outputs(student, x, f"{where}, called with training=True", training=True)[0]
    want = outputs(twin, x, f"{name}.call with training=False", training=False)[0]
    if not np.allclose(got, want, rtol=1e-6, atol=1e-6) or not all(
            np.allclose(a, b) for a, b in zip(_weight_values(student, name),
                                              _weight_values(twin, name))):
        raise GradingError(
            f"{where}, called with training=True on an input of shape {shape}, should run in "
            f"inference mode (Keras 3), as if called with training=False: the same output, "
            f"and no update. Use the batch's statistics only when `training and "
            f"self.trainable`.")
    target = np.random.default_rng(seed + 1).normal(size=shape[:-1] + (2,)).astype("float32")
    (model, layer), (model_twin, _) = run(_frozen_models, student_cls, kwargs, shape, pairs,
                                          freeze, what=f"a model holding {where}")
    what = ("a model set to trainable=False" if freeze == "model" else where)
    for fitted in (model, model_twin):
        run(fitted.fit, x, target, batch_size=4, epochs=epochs, shuffle=False, verbose=0,
            what=f"fit on a model holding {what}")
    for got_w, want_w, weight in zip(run(model.get_weights, what="model.get_weights"),
                                     run(model_twin.get_weights, what="model.get_weights"),
                                     run(lambda: model.weights, what="model.weights")):
        if not np.allclose(got_w, want_w, rtol=1e-5, atol=1e-6):
            raise GradingError(
                f"After fit ({epochs} epochs, batches of 4) of a model holding {what} and a "
                f"Dense(2) head, the weight '{weight.name}' differs from what the same "
                f"training gives with the layer in inference mode: "
                f"{first_difference(got_w, want_w)}. fit passes training=True; a frozen "
                f"BatchNormalization must still use its moving statistics and update nothing: "
                f"check `self.trainable` in call.")


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
                for g in gradients(total, [variable] + weights)]
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
    x = _channel_data(rng, shape, kwargs.get("axis", -1)).astype("float64")
    scales = rng.normal(size=shape)
    for label, call_kwargs in (("training=True", {"training": True}),
                               ("training=False", {"training": False})):
        analytic, numerical = run(
            _gradient_pairs, layer, x, trainable, call_kwargs, scales,
            what=f"{name}.call with {label} (in float64, input shape {shape})")
        names = ["input"] + [f"weight '{w.name}'" for w in trainable]
        for what, a, n in zip(names, analytic, numerical):
            if what == "input" and not call_kwargs["training"]:
                continue   # an update at inference would make x reach the statistics
            if a is not None and np.allclose(a, n, rtol=1e-4, atol=1e-6):
                continue
            found = ("no gradient reaches it" if a is None else
                     f"largest difference {np.max(np.abs(a - n)):.3g}")
            raise GradingError(
                f"With {label}, the gradient with respect to the {what} of {name} does not "
                f"match finite differences ({found}; input shape {shape}, seed {seed}). "
                f"Compute call with kerasedu ops only: statistics computed with numpy (or "
                f"from .numpy() values) are constants to the gradient.")
