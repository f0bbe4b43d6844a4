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

The frozen layer and the gradients, which compare the layer with itself, are checked by
:mod:`.normalization_consistency_checks`.

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

from ..layer_machinery.input_layer import Input
from ..models.sequential import Sequential
from .common import GradingError, arguments_text, concrete, first_difference, values
from .language import deferred, tr
from .layer_checks import outputs, reference_for, student_layer
from .student import run
from .weights import share_random_weights, student_variables

TOLERANCE = 1e-3
_MODES = (("training=False", {"training": False}), ("training=None", {"training": None}),
          (deferred("no training argument"), {}))


def channel_data(rng, shape, axis):
    """Random data whose channels (along ``axis``) have their own offsets and scales."""
    axis = axis % len(shape)
    channel_shape = [1] * len(shape)
    channel_shape[axis] = shape[axis]
    offsets = rng.normal(scale=3.0, size=channel_shape)
    scales = rng.uniform(1.5, 3.0, size=channel_shape)
    return (rng.normal(size=shape) * scales + offsets).astype("float32")


def paired_layers(student_cls, input_shape, kwargs, seed, batch=8):
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
    return tr("{name}({arguments}) on an input of shape {shape} (seed {seed})",
              name=student_cls.__name__, arguments=arguments_text((), kwargs), shape=shape,
              seed=seed)


def weight_values(layer, owner):
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
    student, pairs, ref, shape = paired_layers(student_cls, input_shape, kwargs, seed)
    axis = ref.axis
    x = channel_data(np.random.default_rng(seed), shape, axis)
    weights = _weights_by_name(pairs)
    where = _describe(student_cls, kwargs, shape, seed)
    got = outputs(student, x, tr("{name}.call with training=True", name=student_cls.__name__),
                  training=True)[0]
    want = values(ref(x, training=True))
    if _close(got, want):
        return
    hint = tr(" In training, normalize with the batch's own mean and variance.")
    unbiased = _normalized(x, *_moments(x, axis, ddof=1), weights["gamma"], weights["beta"],
                           axis, ref.epsilon)
    if _close(got, unbiased):
        hint = (tr(" Your values are what the unbiased variance (divided by n − 1) gives: "
                   "BatchNormalization divides by n, as ops.var does."))
    elif _close(got, _normalized(x, weights["moving_mean"], weights["moving_variance"],
                                 weights["gamma"], weights["beta"], axis, ref.epsilon)):
        hint = (tr(" Your values are what the moving statistics give: with training=True use the "
                   "batch's own mean and variance."))
    raise GradingError(tr("{where}, called with training=True, returned the wrong values: "
                          "{difference}.{hint}", where=where,
                          difference=first_difference(got, want), hint=hint))


# ---------------------------------------------------------------------- inference

def inference_outputs(layer, x, name):
    """(how, output) of the student's layer called on ``x`` with ``training=False``,
    ``training=None``, no training argument, and inside ``model.predict``, one at a time."""
    for label, call_kwargs in _MODES:
        yield str(label), outputs(layer, x, tr("{name}.call with {label}", name=name,
                                               label=label), **call_kwargs)[0]
    model = Sequential([Input(shape=x.shape[1:]), layer])
    yield "model.predict", run(lambda: values(model.predict(x, batch_size=len(x), verbose=0)),
                               what=tr("model.predict on Sequential([Input, {name}])", name=name))


def check_batch_norm_inference(student_cls, input_shape, kwargs=None, seed=0):
    """With ``training=False``, ``training=None``, no training argument and inside
    ``model.predict``, the layer must normalize with moving_mean and moving_variance (so that
    a sample's output does not depend on the rest of its batch), and change no weight."""
    kwargs = dict(kwargs or {})
    student, pairs, ref, shape = paired_layers(student_cls, input_shape, kwargs, seed)
    name = student_cls.__name__
    x = channel_data(np.random.default_rng(seed), shape, ref.axis)
    want = values(ref(x, training=False))
    before = weight_values(student, name)
    where = _describe(student_cls, kwargs, shape, seed)
    batch_statistics = values(ref(x, training=True))
    for label, got in inference_outputs(student, x, name):
        if not _close(got, want):
            hint = (tr(" Your values are what the batch's own statistics give: use them only "
                       "when training is true.") if _close(got, batch_statistics) else
                    tr(" Normalize with moving_mean and moving_variance."))
            raise GradingError(tr("{where}, with {label}, returned the wrong values: "
                                  "{difference}.{hint}", where=where, label=label,
                                  difference=first_difference(got, want), hint=hint))
        for weight, old, new in zip(pairs, before, weight_values(student, name)):
            if not np.allclose(old, new):
                raise GradingError(
                    tr("{where}: the weight '{weight}' changed during a call with {label}: "
                       "{difference}. Only calls with training=True may update the moving "
                       "statistics.", where=where, weight=weight[0].name, label=label,
                       difference=first_difference(new, old)))


# ---------------------------------------------------------------------- moving statistics

def _statistic_hint(got, previous, batch, momentum):
    if np.allclose(got, previous):
        return tr(" It was not updated: update it in every call with training=True.")
    if np.allclose(got, previous * (1 - momentum) + batch * momentum, rtol=TOLERANCE,
                   atol=TOLERANCE):
        return tr(" Yours keeps a fraction 1 − momentum = {kept:g} of the old value: Keras "
                  "keeps `momentum` of it, moving · momentum + batch · (1 − momentum).",
                  kept=1 - momentum)
    return (tr(" Update it with moving · momentum + batch · (1 − momentum), where batch is the "
               "batch's mean (or biased variance)."))


def _check_statistics(layer, pairs, name, expected, previous, batches, momentum, message):
    """The layer's statistics by name; GradingError(message(key, difference, hint)) when one
    differs from ``expected``."""
    now = dict(zip([r.name for _, r, _ in pairs], weight_values(layer, name)))
    for key in ("moving_mean", "moving_variance"):
        if not _close(now[key], expected[key]):
            hint = ("" if previous is None else
                    _statistic_hint(now[key], previous[key], batches[key], momentum))
            raise GradingError(message(key, first_difference(now[key], expected[key]), hint))
    return now


def _after_calls(step, where):
    """The message of a wrong statistic after ``step`` calls with training=True."""
    if step == 1:
        return lambda key, difference, hint: tr(
            "{key} is wrong after 1 call with training=True ({where}): {difference}.{hint}",
            key=key, where=where, difference=difference, hint=hint)
    return lambda key, difference, hint: tr(
        "{key} is wrong after {step} calls with training=True ({where}): {difference}.{hint}",
        key=key, step=step, where=where, difference=difference, hint=hint)


def _after_fit(epochs, where):
    """The message of a wrong statistic after fit."""
    return lambda key, difference, hint: tr(
        "{key} is wrong after fit for {epochs} epochs of 2 batches ({where}). fit calls the layer "
        "with training=True: make call accept a `training` argument: {difference}.{hint}",
        key=key, epochs=epochs, where=where, difference=difference, hint=hint)


def check_batch_norm_moving_statistics(student_cls, input_shape, kwargs=None, steps=4,
                                       batch=2000, epochs=2, seed=0):
    """After each of ``steps`` calls with training=True (batches of ``batch`` samples whose
    statistics change from step to step), moving_mean and moving_variance must be the
    reference's: moving · momentum + batch statistic · (1 − momentum). Then ``fit`` (SGD, one
    epoch of two batches, ``epochs`` times) must leave the same moving statistics as the
    reference's fit: fit calls the layer with training=True."""
    kwargs = dict(kwargs or {})
    student, pairs, ref, shape = paired_layers(student_cls, input_shape, kwargs, seed, batch=batch)
    name = student_cls.__name__
    momentum = ref.momentum
    rng = np.random.default_rng(seed)
    where = tr("{name}({arguments}), batches of shape {shape}, seed {seed}", name=name,
               arguments=arguments_text((), kwargs), shape=shape, seed=seed)
    previous = _weights_by_name(pairs)
    for step in range(1, steps + 1):
        x = channel_data(rng, shape, ref.axis)
        outputs(student, x, tr("{name}.call with training=True (step {step})", name=name,
                               step=step), training=True)
        ref(x, training=True)
        mean, variance = _moments(x, ref.axis)
        previous = _check_statistics(
            student, pairs, name, _weights_by_name(pairs), previous,
            {"moving_mean": mean, "moving_variance": variance}, momentum,
            _after_calls(step, where))
    x = np.concatenate([channel_data(rng, shape, ref.axis) for _ in range(2)])
    target = rng.normal(size=x.shape).astype("float32")
    student_fit, fit_pairs, ref_fit, _ = paired_layers(student_cls, input_shape, kwargs, seed + 7,
                                               batch=batch)

    def fit(layer):
        model = Sequential([Input(shape=shape[1:]), layer])
        model.compile(optimizer="sgd", loss="mse")
        model.fit(x, target, batch_size=batch, epochs=epochs, shuffle=False, verbose=0)
    run(fit, student_fit, what=tr("fit on Sequential([Input, {name}])", name=name))
    fit(ref_fit)
    _check_statistics(student_fit, fit_pairs, name, _weights_by_name(fit_pairs), None, None,
                      momentum, _after_fit(epochs, where))


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
    student, pairs, ref, shape = paired_layers(student_cls, input_shape, kwargs, seed, batch=batch)
    name = student_cls.__name__
    x = channel_data(np.random.default_rng(seed), shape, ref.axis)
    mean, variance = _moments(x, ref.axis)
    weights = _weights_by_name(pairs)
    for label, call_kwargs in (("training=True", {"training": True}),
                               ("training=False", {"training": False})):
        _set_own_statistics(student, pairs, name, mean, variance)
        got = outputs(student, x, tr("{name}.call with {label}", name=name, label=label),
                      **call_kwargs)[0]
        want = values(ref(x, **call_kwargs))
        if not _close(got, want, tolerance):
            raise GradingError(tr("{where}, with {label}, returned the wrong values: "
                                  "{difference}.{hint}",
                                  where=_describe(student_cls, kwargs, shape, seed),
                                  label=label, difference=first_difference(got, want),
                                  hint=hint(got, x, weights, ref.axis, ref.epsilon)))


def _epsilon_hint(got, x, weights, axis, epsilon):
    outside = _normalized(x, *_moments(x, axis), weights["gamma"], weights["beta"], axis,
                          epsilon, outside=True)
    if _close(got, outside):
        return (tr(" Your values are what (x − mean) / (sqrt(var) + epsilon) gives: epsilon goes "
                   "inside the square root."))
    return tr(" Divide by sqrt(var + epsilon), with the epsilon given to __init__.")


def check_batch_norm_epsilon(student_cls, input_shape, epsilon=0.5, seed=0):
    """With a large ``epsilon``, outputs must be gamma · (x − mean) / sqrt(var + epsilon) +
    beta, in training and in inference (with the moving statistics set to the batch's own, on
    batches of 2,000, so that only epsilon's place can make a difference)."""
    _own_statistics_outputs(student_cls, input_shape, {"epsilon": epsilon}, seed, 2000,
                            TOLERANCE, _epsilon_hint)


def _axis_hint(got, x, weights, axis, epsilon):
    return (tr(" Normalize each channel along axis {axis}: take the statistics over every other "
               "axis, and reshape gamma, beta and the statistics to broadcast along axis {axis}.",
               axis=axis))


def check_batch_norm_axis(student_cls, input_shape, axis, seed=0):
    """With ``axis`` other than -1, the training and inference outputs must be the
    reference's (on batches of 500, with the moving statistics set to the batch's own, so
    that only the channel axis can make a difference)."""
    _own_statistics_outputs(student_cls, input_shape, {"axis": axis}, seed, 500, TOLERANCE,
                            _axis_hint)
