"""Checks of a frozen BatchNormalization (problem set 3, Part E).

:func:`check_frozen_batch_norm`: a BatchNormalization subclass that overrides only call,
normalizes with its moving statistics whatever training flag it receives (also inside fit),
never changes them, and keeps gamma and beta trainable: the problem forbids setting
``trainable=False``, in ``__init__`` or in call, since that would freeze gamma and beta too.
"""

import numpy as np

from ..layer_machinery.input_layer import Input
from ..models.sequential import Sequential
from .common import GradingError, arguments_text, concrete, first_difference, values
from .language import tr
from .layer_checks import build, outputs
from .reference import reference_layer
from .student import make, run
from .weights import random_values, student_variables

_ALLOWED_OVERRIDES = ("__init__", "call", "get_config")


def _check_class(student_cls, batch_norm):
    name = getattr(student_cls, "__name__", repr(student_cls))
    if not (isinstance(student_cls, type) and issubclass(student_cls, batch_norm)):
        bases = [k.__name__ for k in getattr(student_cls, "__mro__", ())[1:]]
        raise GradingError(tr("{name} should subclass kerasedu.layers.BatchNormalization; its "
                              "bases are {bases}.", name=name, bases=bases))
    inherited = {n for klass in batch_norm.__mro__ for n in vars(klass)}
    overridden = sorted(n for klass in student_cls.__mro__
                        if klass not in batch_norm.__mro__ for n, v in vars(klass).items()
                        if callable(v) and n in inherited and n not in _ALLOWED_OVERRIDES)
    if overridden:
        raise GradingError(tr("{name} overrides {overridden}: override only call, and let "
                              "BatchNormalization's own methods do the rest.", name=name,
                              overridden=overridden))


def _trainable_names(layer, owner):
    return run(lambda: (bool(layer.trainable), [w.name for w in layer.trainable_weights]),
               what=f"{owner}.trainable_weights")


def check_frozen_batch_norm(student_cls, input_shape, kwargs=None, seed=0, fit_epochs=2):
    """A BatchNormalization subclass must normalize with its moving statistics whatever
    training flag it receives (also inside fit), never change them, and keep gamma and beta
    trainable (never set trainable=False)."""
    batch_norm = reference_layer("BatchNormalization")
    _check_class(student_cls, batch_norm)
    name = student_cls.__name__
    student = make(student_cls, (), kwargs)
    ref = batch_norm(**dict(kwargs or {}))
    shape = concrete(tuple(input_shape), 6)
    build(student, tuple(input_shape), name)
    ref.build(tuple(input_shape))
    want_trainable = [w.name for w in ref.trainable_weights]
    _check_trainable(student, name, want_trainable, tr("__init__ and build"))
    rng = np.random.default_rng(seed)
    values_ = [random_values(w, rng).astype("float32") for w in ref.weights]
    ref.set_weights(values_)
    run(student.set_weights, values_, what=f"{name}.set_weights")
    x = (rng.normal(size=shape) * 2 + 1).astype("float32")
    want = values(ref(x, training=False))
    for label, call_kwargs in (("training=True", {"training": True}),
                               ("training=False", {"training": False}),
                               ("training=None", {"training": None}),
                               (tr("no training argument"), {})):
        got = outputs(student, x, tr("{name}.call with {label}", name=name, label=label),
                      **call_kwargs)[0]
        _check_trainable(student, name, want_trainable, tr("a call with {label}", label=label))
        if got.shape != want.shape or not np.allclose(got, want, rtol=1e-4, atol=1e-4):
            raise GradingError(
                tr("{name}({arguments}) called with {label} on an input of shape {shape} (seed "
                   "{seed}) should normalize with the moving statistics, as BatchNormalization "
                   "does with training=False: {difference}.", name=name,
                   arguments=arguments_text((), kwargs), label=label, shape=shape, seed=seed,
                   difference=first_difference(got, want)))
        _check_unchanged(student, name, values_, tr("a call with {label}", label=label))
    layer = make(student_cls, (), kwargs)
    target = rng.normal(size=shape).astype("float32")

    def fit():
        model = Sequential([Input(shape=shape[1:]), layer])
        model.compile(optimizer="sgd", loss="mse")
        model.set_weights(values_)
        model.fit(x, target, batch_size=3, epochs=fit_epochs, shuffle=False, verbose=0)
    run(fit, what=tr("fit on a model holding {name}", name=name))
    _check_trainable(layer, name, want_trainable, tr("model.fit for {fit_epochs} epochs",
                                                     fit_epochs=fit_epochs))
    statistics = [i for i, w in enumerate(ref.weights) if w.name.startswith("moving_")]
    _check_unchanged(layer, name, values_, tr("model.fit for {fit_epochs} epochs",
                                              fit_epochs=fit_epochs), statistics)
    now = run(lambda: [w.numpy() for w in student_variables(layer, name)], what=f"{name}.weights")
    learned = [w.name for w, before, after in zip(ref.weights, values_, now)
               if w.trainable and not np.allclose(after, before)]
    if want_trainable and not learned:
        raise GradingError(tr("model.fit did not change {name}'s gamma or beta: they must stay "
                              "trainable.", name=name))


def _check_trainable(layer, name, want, when):
    trainable, names = _trainable_names(layer, name)
    if not trainable or names != want:
        raise GradingError(
            tr("{name}'s trainable weights are {names} after {when}, expected {want}", name=name,
               names=names, when=when, want=want)
            + (tr(" (the layer's trainable attribute is False)") if not trainable else "")
            + tr(": freeze only the statistics, by running the parent's call with "
                 "training=False; gamma and beta must still learn, so never set trainable=False "
                 "(neither in __init__ nor in call)."))


def _check_unchanged(layer, name, before, what, only=None):
    now = run(lambda: [(w.name, np.array(w.numpy(), dtype=float))
                       for w in student_variables(layer, name)], what=f"{name}.weights")
    for i, ((weight, value), old) in enumerate(zip(now, before)):
        if only is not None and i not in only:
            continue
        if not np.allclose(value, old):
            raise GradingError(
                tr("{name}'s weight '{weight}' changed after {what}: {difference}. A "
                   "frozen BatchNormalization must never update its statistics: call the "
                   "parent's call with training=False.", name=name, weight=weight, what=what,
                   difference=first_difference(value, old)))
