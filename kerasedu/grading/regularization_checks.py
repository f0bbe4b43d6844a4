"""Checks of Dropout, a weight regularizer and a weight constraint written from scratch
(problem set 8).

* :func:`check_dropout_inference`: with ``training=False``, ``None``, no training argument and
  inside ``predict``, Dropout returns its input unchanged;
* :func:`check_dropout_training`: with ``training=True`` each value is dropped (0) with
  probability ``rate`` and the others are scaled by 1 / (1 − rate) (inverted dropout), a new
  mask at each call, and the gradient is the mask times 1 / (1 − rate). The fraction dropped is
  measured on 20,000 values after ``set_random_seed(seed)``, with the layer created with
  ``seed=seed``, and must lie within five standard deviations of ``rate``;
* :func:`check_regularizer`: a regularizer's penalty and its float64 gradient against
  kerasedu.regularizers', called directly and as a Dense layer's kernel_regularizer;
* :func:`check_constraint`: a constraint's projection against kerasedu.constraints', called
  directly and as a Dense layer's kernel_constraint during ``fit``;
* :func:`check_serializable`: ``get_config`` holds the reference's config, ``from_config``
  rebuilds the object, and a model whose Dense layer uses it survives being saved as JSON and
  rebuilt with ``custom_objects``.
"""

import json

import numpy as np

from ..backend import ops
from ..backend.autodiff import gradients_as_recorded
from ..backend.tensor import Variable
from ..layer_machinery.input_layer import Input
from ..models.sequential import Sequential
from ..utils import set_random_seed
from .common import GradingError, arguments_text, first_difference, values
from .language import tr
from .layer_checks import reference_for
from .normalization_checks import inference_outputs
from .reference import reference_layer, reference_object
from .student import make, run

def _text(cls, args=(), kwargs=None):
    return f"{cls.__name__}({arguments_text(args, kwargs)})"


# ---------------------------------------------------------------------- Dropout

def check_dropout_inference(student_cls, rate, input_shape=(6, 5), seed=0):
    """Outside training Dropout is the identity: ``training=False``, ``training=None``, no
    training argument, and ``model.predict`` return the input exactly."""
    reference_for(student_cls, "Dropout", (rate,))
    layer = make(student_cls, (rate,), {"seed": seed})
    x = np.random.default_rng(seed).normal(size=input_shape).astype("float32")
    name = _text(student_cls, (rate,), {"seed": seed})
    for label, got in inference_outputs(layer, x, name):
        if got.shape != x.shape or not np.array_equal(got, x.astype(float)):
            raise GradingError(
                tr("{name} with {label} changed its input of shape {input_shape}: "
                   "{difference}. Dropout only acts when training is true; otherwise "
                   "return the inputs as they are.", name=name, label=label,
                   input_shape=input_shape, difference=first_difference(got, x)))


def _dropout_call(layer, x, weights):
    """Output and the gradient of sum(weights · output) with respect to x (student code)."""
    variable = Variable(x)
    out = layer(variable, training=True)
    grad = gradients_as_recorded(ops.sum(ops.multiply(out, weights)), [variable])[0]
    return values(out), None if grad is None else np.array(grad, dtype=float)


def check_dropout_training(student_cls, rate, input_shape=(200, 100), seed=0):
    """With ``training=True``: every value is 0 or x / (1 − rate); the fraction of zeros is
    ``rate`` to within five standard deviations; two calls draw different masks; and the
    gradient with respect to the input is mask / (1 − rate)."""
    reference_for(student_cls, "Dropout", (rate,))
    name = _text(student_cls, (rate,), {"seed": seed})
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.5, 1.5, size=input_shape).astype("float32")
    weights = rng.normal(size=input_shape).astype("float32")
    set_random_seed(seed)
    layer = make(student_cls, (rate,), {"seed": seed})
    where = tr("{name} called with training=True on an input of shape {input_shape}", name=name,
               input_shape=input_shape)
    got, grad = run(_dropout_call, layer, x, weights, what=where)
    if got.shape != x.shape:
        raise GradingError(tr("{where} returned shape {got_shape}, expected {x_shape}.",
                              where=where, got_shape=got.shape, x_shape=x.shape))
    kept = got != 0
    ratio = got[kept] / x[kept]
    keep_scale = 1.0 / (1.0 - rate)
    if not np.allclose(ratio, keep_scale, rtol=1e-5):
        hint = (tr(" The kept values are not scaled: multiply them by 1 / (1 − rate), so that "
                   "the expected output equals the input (inverted dropout).")
                if np.allclose(ratio, 1.0, rtol=1e-5) else "")
        raise GradingError(
            tr("{where}: a value that is kept should be x / (1 − rate) = x · {keep_scale:.6g}, "
               "yours are x times {ratios}...{hint}", where=where, keep_scale=keep_scale,
               ratios=np.round(ratio[:4], 5), hint=hint))
    dropped = 1.0 - kept.mean()
    spread = 5 * np.sqrt(rate * (1 - rate) / x.size)
    if abs(dropped - rate) > spread:
        raise GradingError(
            tr("{where} dropped a fraction {dropped:.4f} of the {x_size} values; with "
               "rate={rate} it should be {rate} (± {spread:.4f}). Drop each value independently "
               "with probability rate, e.g. keep it where ops.random.uniform(...) >= rate.",
               where=where, dropped=dropped, x_size=x.size, rate=rate, spread=spread))
    again, _ = run(_dropout_call, layer, x, weights,
                   what=tr("{where}, a second time", where=where))
    if 0 < rate and np.array_equal(again != 0, kept):
        raise GradingError(
            tr("{where} dropped the same values in two calls: draw a new mask at each call "
               "(create an ops.random.SeedGenerator(seed) in __init__ and pass it as seed=).",
               where=where))
    want_grad = weights * kept * keep_scale
    if grad is None or not np.allclose(grad, want_grad, rtol=1e-5, atol=1e-6):
        found = tr("no gradient") if grad is None else first_difference(grad, want_grad)
        raise GradingError(
            tr("The gradient of {where} with respect to its input is wrong ({found}): it should "
               "be the mask times 1 / (1 − rate). Compute the output with ops from the inputs.",
               where=where, found=found))


# ---------------------------------------------------------------------- regularizers

def _penalty(function, x):
    """The penalty (a float) and its gradient with respect to ``x`` (float64)."""
    variable = Variable(x, dtype="float64")
    penalty = function(variable)
    if not hasattr(penalty, "value"):
        return float(np.sum(penalty)), "none"
    grad = gradients_as_recorded(ops.sum(penalty), [variable])[0]
    return float(np.sum(values(penalty))), None if grad is None else np.array(grad, float)


def _dense_losses(regularizer, shape, kernel):
    """The sum of a Dense layer's losses when its kernel holds ``kernel`` and its
    kernel_regularizer is ``regularizer``."""
    layer = reference_layer("Dense")(kernel.shape[1], kernel_regularizer=regularizer)
    model = Sequential([Input(shape=shape[1:]), layer])
    layer.kernel.assign(kernel)
    model(np.ones(shape, dtype="float32"))
    return float(sum(np.sum(values(loss)) for loss in model.losses))


def check_regularizer(student_cls, reference, kwargs=None, shape=(4, 3), seed=0):
    """``student_cls(**kwargs)(x)`` must return kerasedu.regularizers.<reference>'s penalty
    (a scalar) and, in float64, its gradient with respect to x; as a Dense layer's
    kernel_regularizer, the layer's losses must hold that penalty of the kernel."""
    kwargs = dict(kwargs or {})
    ref = reference_object(reference, "regularizers")(**kwargs)
    regularizer = make(student_cls, (), kwargs)
    name = _text(student_cls, (), kwargs)
    x = np.random.default_rng(seed).normal(size=shape)
    where = tr("{name} called on a weight of shape {shape} (seed {seed})", name=name,
               shape=shape, seed=seed)
    want, want_grad = _penalty(ref, x)
    got, grad = run(_penalty, regularizer, x, what=where)
    if not np.isclose(got, want, rtol=1e-5, atol=1e-8):
        ratio = got / want if want else None
        hint = (tr(" Yours is {ratio:.4g} times too large: multiply each term by its factor "
                   "({arguments}).", ratio=ratio, arguments=arguments_text((), ref.get_config()))
                if ratio is not None and not np.isclose(ratio, 1) and ratio > 1 else "")
        raise GradingError(tr("{where} returned {got:.6g}, expected {want:.6g}.{hint}",
                              where=where, got=got, want=want, hint=hint))
    if isinstance(grad, str) or grad is None:
        raise GradingError(tr("No gradient reaches the weight through {where}: compute the "
                              "penalty with ops from the weight, so that fit can reduce it.",
                              where=where))
    if not np.allclose(grad, want_grad, rtol=1e-5, atol=1e-8):
        raise GradingError(tr("The gradient of {where} with respect to the weight is wrong: "
                              "{difference}.", where=where,
                              difference=first_difference(grad, want_grad)))
    kernel = x.astype("float32").reshape(-1, shape[-1]) if len(shape) == 2 else \
        x.astype("float32").reshape(shape[0], -1)
    batch_shape = (2, kernel.shape[0])
    got = run(_dense_losses, regularizer, batch_shape, kernel,
              what=f"Dense({kernel.shape[1]}, kernel_regularizer={name})")
    want = _dense_losses(ref, batch_shape, kernel)
    if not np.isclose(got, want, rtol=1e-4, atol=1e-6):
        raise GradingError(tr("A Dense layer with kernel_regularizer={name} adds a loss of "
                              "{got:.6g}, expected {want:.6g}.", name=name, got=got, want=want))


# ---------------------------------------------------------------------- constraints

def _constrained_fit(constraint, x, y, kernel):
    layer = reference_layer("Dense")(kernel.shape[1], kernel_constraint=constraint)
    model = Sequential([Input(shape=x.shape[1:]), layer])
    layer.kernel.assign(kernel)
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    return np.array(layer.kernel.numpy(), dtype=float)


def check_constraint(student_cls, reference, kwargs=None, shape=(4, 6), seed=0):
    """``student_cls(**kwargs)(w)`` must return kerasedu.constraints.<reference>'s projection of
    a weight whose slices have norms on both sides of the limits; and a Dense layer whose
    kernel_constraint it is must end ``fit`` with the kernel the reference's ends with."""
    kwargs = dict(kwargs or {})
    ref = reference_object(reference, "constraints")(**kwargs)
    constraint = make(student_cls, (), kwargs)
    name = _text(student_cls, (), kwargs)
    rng = np.random.default_rng(seed)
    w = (rng.normal(size=shape) * rng.uniform(0.1, 2.0, size=shape[-1])).astype("float32")
    where = tr("{name} applied to a weight of shape {shape} (seed {seed})", name=name,
               shape=shape, seed=seed)
    got = run(lambda: values(constraint(Variable(w))), what=where)
    want = values(ref(Variable(w)))
    if got.shape != want.shape or not np.allclose(got, want, rtol=1e-5, atol=1e-6):
        raise GradingError(tr("{where} returned the wrong values: {difference}. Compute "
                              "the norm of each slice along `axis`, and scale only the slices "
                              "whose norm is above the limit.", where=where,
                              difference=first_difference(got, want)))
    x = rng.normal(size=(8, shape[0])).astype("float32")
    y = (rng.normal(size=(8, shape[1])) * 5).astype("float32")
    got = run(_constrained_fit, constraint, x, y, w,
              what=tr("fit on a model whose Dense layer has kernel_constraint={name}", name=name))
    want = _constrained_fit(ref, x, y, w)
    if not np.allclose(got, want, rtol=1e-4, atol=1e-5):
        raise GradingError(tr("After fit, a Dense layer with kernel_constraint={name} holds the "
                              "wrong kernel: {difference}.", name=name,
                              difference=first_difference(got, want)))


# ---------------------------------------------------------------------- configs

_ARGUMENT = {"regularizers": "kernel_regularizer", "constraints": "kernel_constraint"}


def _rebuilt_option(student_cls, option, argument):
    layer = reference_layer("Dense")(3, **{argument: option})
    model = Sequential([Input(shape=(2,)), layer])
    saved = json.dumps(model.get_config())
    clone = Sequential.from_config(json.loads(saved),
                                   custom_objects={student_cls.__name__: student_cls})
    rebuilt = getattr(clone.layers[-1], argument)
    return type(rebuilt).__name__, type(rebuilt) is student_cls, dict(rebuilt.get_config())


def check_serializable(student_cls, reference, package, kwargs=None):
    """``get_config()`` must equal kerasedu.<package>.<reference>'s config for the same
    arguments, ``from_config`` must rebuild an object with that config, and a model whose
    Dense layer uses it, saved as JSON and rebuilt with ``custom_objects``, must hold one."""
    kwargs = dict(kwargs or {})
    want = dict(reference_object(reference, package)(**kwargs).get_config())
    name = _text(student_cls, (), kwargs)
    option = make(student_cls, (), kwargs)
    config = run(lambda: dict(option.get_config()), what=f"{name}.get_config()",
                 not_written=tr("{name}.get_config() raised NotImplementedError: return the "
                                "arguments of __init__ as a dict, e.g. {want}.", name=name,
                                want=want))
    if config != want:
        raise GradingError(tr("{name}.get_config() returned {config}, expected {want}: return "
                              "every argument of __init__, under its own name.", name=name,
                              config=config, want=want))
    clone = run(lambda: dict(student_cls.from_config(config).get_config()),
                what=f"{student_cls.__name__}.from_config({config})")
    if clone != config:
        raise GradingError(tr("{cls}.from_config({config}) built an object whose "
                              "config is {clone}.", cls=student_cls.__name__,
                              config=config, clone=clone))
    argument = _ARGUMENT[package]
    found, same, rebuilt = run(
        _rebuilt_option, student_cls, option, argument,
        what=tr("Saving a model whose Dense layer has {argument}={name} as JSON and rebuilding "
                "it with custom_objects={{'{cls}': {cls}}}",
                argument=argument, name=name, cls=student_cls.__name__))
    if not same or rebuilt != config:
        raise GradingError(tr("The rebuilt model's Dense layer holds {found} with config "
                              "{rebuilt}, expected {cls} with {config}.", found=found,
                              rebuilt=rebuilt, cls=student_cls.__name__,
                              config=config))
