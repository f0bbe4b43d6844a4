"""Checks of a student's layer class against kerasedu's reference layer.

Each check builds the student's layer and the reference with the same arguments, runs one part
of the layer contract, and raises :class:`GradingError` whose message says which method to look
at, the input it was given, what was expected and what came back. Each checks one thing, so one
mistake costs one test:

* :func:`check_build`: the weights build creates (names, shapes, trainable flags, order);
* :func:`check_call`: call's values, with both layers holding the same random weights
  (:mod:`.weights`), whatever compute_output_shape says;
* :func:`check_compute_output_shape`: shapes with a None batch axis (a tuple, or a list as
  Keras accepts too);
* :func:`check_config`: get_config / from_config round trips;
* :func:`check_gradients`: gradients reach the input(s) and every trainable weight, and equal
  finite differences (the layer runs in float64).
"""

import numpy as np

from ..backend import ops
from ..backend.autodiff import gradients_as_recorded
from ..backend.gradcheck import numerical_gradient
from ..backend.tensor import Tensor, Variable
from ..layer_machinery.layer import Layer
from .common import (GradingError, arguments_text, as_list, concrete, first_difference,
                     first_rows, plain_shapes, random_input, shape_difference, shape_text,
                     values)
from .language import tr
from .reference import reference_layer
from .student import make, run
from .weights import share_random_weights, student_variables


def _student_class(student_cls):
    """The student's class must subclass Layer, and none of kerasedu's own layers: the
    problem is to write the layer."""
    if not (isinstance(student_cls, type) and issubclass(student_cls, Layer)):
        raise GradingError(
            tr("Expected a class that subclasses kerasedu.layers.Layer, received {student_cls!r}.",
               student_cls=student_cls))
    own = next((klass for klass in student_cls.__mro__ if klass is not Layer and
                issubclass(klass, Layer) and klass.__module__.startswith("kerasedu.")), Layer)
    if own is not Layer:
        raise GradingError(
            tr("{name} subclasses kerasedu's own {own}: subclass Layer and write the methods "
               "yourself.", name=student_cls.__name__, own=own.__name__))


def reference_for(student_cls, reference, args=(), kwargs=None, reference_kwargs=None,
                  dtype=None):
    """The reference layer, created with the student's arguments (``reference_kwargs``
    replaces ``kwargs`` for it), after checking the student's class."""
    reference_cls = reference_layer(reference)
    _student_class(student_cls)
    extra = {} if dtype is None else {"dtype": dtype}
    ref_kwargs = dict(kwargs or {}) if reference_kwargs is None else dict(reference_kwargs)
    return reference_cls(*args, **ref_kwargs, **extra)


def _setup(student_cls, args, kwargs, shape):
    """Student code: create the layer, build it for ``shape`` (None: leave it unbuilt), stop
    Layer.__call__ from comparing call's output with compute_output_shape (a wrong
    compute_output_shape is the shape test's business, not every test's), read its weights."""
    name = student_cls.__name__
    try:
        layer = student_cls(*args, **kwargs)
    except Exception as error:
        raise GradingError(tr("Creating {name}({arguments}) (in __init__) raised {error_type}: "
                              "{error}", name=name, arguments=arguments_text(args, kwargs),
                              error_type=type(error).__name__, error=error)) from error
    if shape is None:
        return layer, []
    try:
        layer.build(shape)
    except Exception as error:
        raise GradingError(tr("{name}.build({shape}) raised {error_type}: {error}", name=name,
                              shape=shape_text(shape), error_type=type(error).__name__,
                              error=error)) from error
    layer.built = True
    layer._check_output_shapes = False
    return layer, student_variables(layer, name)


def student_layer(student_cls, args=(), kwargs=None, shape=None, dtype=None):
    """(the student's layer, built for ``shape`` unless it is None, and its weights), from one
    run of student code."""
    kwargs = {**dict(kwargs or {}), **({} if dtype is None else {"dtype": dtype})}
    return run(_setup, student_cls, args, kwargs, shape, what=student_cls.__name__)


def build(layer, input_shape, owner):
    """layer.build(input_shape) of a student's layer."""
    run(layer.build, input_shape, what=f"{owner}.build({shape_text(input_shape)})")
    layer.built = True


def outputs(layer, x, what, **call_kwargs):
    """The student's layer called on ``x``: a list of float64 arrays, one per output."""
    return run(layer, x, what=what, convert=lambda out: [values(o) for o in as_list(out)],
               **call_kwargs)


def _describe(weights):
    return [(w.name, tuple(w.shape), "trainable" if w.trainable else "non-trainable")
            for w in weights]


def check_build(student_cls, reference, input_shape, args=(), kwargs=None,
                reference_kwargs=None):
    """build(input_shape) must create the reference's weights: same names, shapes, trainable
    flags and order (trainable first).

    ``reference_kwargs``, when given, replaces ``kwargs`` for the reference layer (for a
    student's layer whose arguments differ from the reference's, e.g. MyLayer(4) against
    Dense(4, use_bias=False)); both receive ``args``.
    """
    ref = reference_for(student_cls, reference, args, kwargs, reference_kwargs)
    name = student_cls.__name__
    _, weights = student_layer(student_cls, args, kwargs, input_shape)
    got = _describe(weights)
    ref.build(input_shape)
    want = _describe(ref.weights)
    if got != want:
        hints = []
        for (gn, gs, gt), (wn, ws, wt) in zip(got, want):
            if gs != ws:
                hints.append(tr("weight '{wn}' should have shape {ws}, yours has {gs}", wn=wn,
                                ws=ws, gs=gs))
            if gn != wn:
                hints.append(tr("a weight named '{gn}' should be named '{wn}' (name=... in "
                                "add_weight)", gn=gn, wn=wn))
            if gt != wt:
                hints.append(tr("weight '{wn}' should be trainable", wn=wn) if wt == "trainable"
                             else tr("weight '{wn}' should be non-trainable", wn=wn))
        if len(got) != len(want):
            hints.append(tr("build should create {n_want} weights, yours created {n_got}",
                            n_want=len(want), n_got=len(got)))
        raise GradingError(
            tr("{name}.build({input_shape}) with arguments ({arguments}) created the wrong "
               "weights.\n  expected: {want}\n  received: {got}\n  ", name=name,
               input_shape=shape_text(input_shape), arguments=arguments_text(args, kwargs),
               want=want, got=got) + tr("; ").join(hints))


def check_call(student_cls, reference, input_shape, args=(), kwargs=None, seed=0,
               rtol=1e-5, atol=1e-6, call_kwargs=None, reference_kwargs=None):
    """call must compute what the reference computes when both hold the same random weights
    (biases included, never zero)."""
    call_kwargs = dict(call_kwargs or {})
    ref = reference_for(student_cls, reference, args, kwargs, reference_kwargs)
    name = student_cls.__name__
    shape = concrete(input_shape, 4)
    x = random_input(shape, seed)
    student, weights = student_layer(student_cls, args, kwargs, shape)
    ref.build(shape)
    ref.built = True
    share_random_weights(weights, ref, seed + 1)
    context = tr("arguments {arguments}; input shape {shape}; seed {seed}",
                 arguments=arguments_text(args, kwargs) or tr("none"), shape=shape_text(shape),
                 seed=seed)
    got = outputs(student, x, f"{name}.call ({context})", **call_kwargs)
    want = [values(o) for o in as_list(ref(x, **call_kwargs))]
    compare_outputs(got, want, f"{name}.call", context, rtol, atol)


def compare_outputs(got, want, method, context, rtol, atol):
    """GradingError unless the lists of arrays ``got`` and ``want`` agree."""
    if len(got) != len(want):
        raise GradingError(tr("{method} ({context}) returned {n_got} tensor(s), expected "
                              "{n_want}.", method=method, context=context, n_got=len(got),
                              n_want=len(want)))
    for g, w in zip(got, want):
        if g.shape != w.shape:
            raise GradingError(tr("{method} ({context}) returned shape {g_shape}, expected "
                                  "{w_shape}.", method=method, context=context, g_shape=g.shape,
                                  w_shape=w.shape))
        if not np.allclose(g, w, rtol=rtol, atol=atol):
            raise GradingError(tr("{method} computes the wrong values ({context}).\n  "
                                  "{difference}\n{first_rows}", method=method,
                                  context=context, difference=first_difference(g, w),
                                  first_rows=first_rows(g, w)))


def _random_shapes(rank_range, count, seed):
    rng = np.random.default_rng(seed)
    shapes = []
    for _ in range(count):
        rank = int(rng.integers(rank_range[0], rank_range[1] + 1))
        shapes.append((None,) + tuple(int(d) for d in rng.integers(1, 7, size=rank - 1)))
    return shapes


def _reference_shape(shape):
    return [tuple(s) for s in shape] if isinstance(shape, list) else tuple(shape)


def _student_output_shape(student_cls, args, kwargs, shape, what):
    layer, _ = _setup(student_cls, args, dict(kwargs or {}), None)
    return plain_shapes(layer.compute_output_shape(shape), what)


def check_compute_output_shape(student_cls, reference, input_shapes=None, args=(), kwargs=None,
                               seed=0, count=5, rank_range=(2, 4), reference_kwargs=None):
    """compute_output_shape must give the reference's shapes (the None batch axis kept), as a
    tuple or a list."""
    shapes = input_shapes or _random_shapes(rank_range, count, seed)
    name = student_cls.__name__
    for shape in shapes:
        ref = reference_for(student_cls, reference, args, kwargs, reference_kwargs)
        what = f"{name}.compute_output_shape({shape_text(shape)})"
        got = run(_student_output_shape, student_cls, args, kwargs, shape, what,
                  what=what, not_written=(
                      tr("{name} has no compute_output_shape(): define it to return the output "
                         "shape for an input shape such as {shape}.", name=name,
                         shape=shape_text(shape))))
        want = _reference_shape(ref.compute_output_shape(shape))
        if got != want:
            detail = (shape_difference(got, want) if isinstance(got, tuple)
                      and isinstance(want, tuple) else "")
            batch = ("" if isinstance(got, tuple) and got[:1] == want[:1] else
                     tr(" Keep the batch axis (the first entry, usually None) first, as it is."))
            raise GradingError((tr("{what} returned {got}, expected {want}: {detail}.",
                                   what=what, got=got, want=want, detail=detail) if detail else
                                tr("{what} returned {got}, expected {want}.", what=what,
                                   got=got, want=want)) + batch)


def check_config(student_cls, args=(), kwargs=None, required_keys=()):
    """get_config() must hold the constructor arguments, and from_config must rebuild an
    equivalent layer."""
    name = student_cls.__name__
    _student_class(student_cls)
    layer = make(student_cls, args, kwargs)
    config = run(lambda: dict(layer.get_config()), what=f"{name}.get_config()")
    missing = [k for k in required_keys if k not in config]
    if missing:
        raise GradingError(
            tr("{name}.get_config() is missing the keys {missing}; it returned {config}. Add "
               "each constructor argument to the dict.", name=name, missing=missing,
               config=sorted(config)))
    clone_config, same = run(
        lambda: _round_trip(student_cls, config),
        what=f"{name}.from_config(layer.get_config())")
    if not same:
        raise GradingError(
            tr("The config does not round-trip: get_config() gave {config}, but the rebuilt "
               "layer's get_config() gave {clone_config}.", config=config,
               clone_config=clone_config))


def _round_trip(student_cls, config):
    clone = student_cls.from_config(config)
    clone_config = dict(clone.get_config())
    return clone_config, bool(clone_config == config)


def check_gradients(student_cls, input_shape, args=(), kwargs=None, seed=0, rtol=1e-4,
                    atol=1e-6):
    """Gradients of a random weighting of the outputs with respect to every input and
    trainable weight must equal finite differences (the layer runs in float64, with random
    weights). A weight the output does not depend on has no gradient, as it should: whether
    call uses it is call's test."""
    name = student_cls.__name__
    _student_class(student_cls)
    shape = concrete(input_shape, 3)
    layer, weights = student_layer(student_cls, args, kwargs, shape, dtype="float64")
    weights = [w for w in weights if w.trainable]
    rng = np.random.default_rng(seed + 1)
    for weight in weights:
        weight.assign(rng.normal(scale=0.5, size=weight.shape))
    inputs = [np.asarray(a, dtype=np.float64) for a in as_list(random_input(shape, seed))]
    several = isinstance(shape, list)
    analytic, numerical = run(gradient_pairs, layer, inputs, weights, several, seed,
                              what=tr("{name}.call (in float64, input shape {shape})", name=name,
                                      shape=shape_text(shape)))
    names = [tr("input {i}", i=i) if several else tr("input") for i in range(len(inputs))] + [
        tr("weight '{w_name}'", w_name=w.name) for w in weights]
    compare_gradients(names, analytic, numerical, name, rtol, atol)


def compare_gradients(names, analytic, numerical, name, rtol, atol):
    """GradingError unless each analytic gradient equals its finite differences; no gradient
    at all is right for what the output does not depend on (whether it should is the test of
    call's values)."""
    for what, a, n in zip(names, analytic, numerical):
        if a is None and np.allclose(n, 0, atol=atol):
            continue
        if a is None:
            raise GradingError(
                tr("No gradient reaches the {what} of {name}: call must compute the output with "
                   "kerasedu ops (or Tensor operators) from the inputs and weights, without "
                   "converting them to numpy arrays.", what=what, name=name))
        if not np.allclose(a, n, rtol=rtol, atol=atol):
            raise GradingError(
                tr("The gradient with respect to the {what} of {name} does not match finite "
                   "differences (largest difference {max:.3g}). Compute call with kerasedu ops "
                   "only, and keep every step differentiable: a value converted to numpy cuts "
                   "the path of the gradient.", what=what, name=name,
                   max=np.max(np.abs(a - n))))


def gradient_pairs(layer, inputs, weights, several, seed):
    """(analytic, numerical) gradients of sum(w * layer(inputs)) for each input and weight."""
    def forward(arrays):
        tensors = [a if isinstance(a, Tensor) else Tensor(a) for a in arrays]
        return as_list(layer(tensors if several else tensors[0]))

    variables = [Variable(a, dtype="float64") for a in inputs]
    out = forward(variables)
    scales = [np.random.default_rng(seed + 2 + i).normal(size=o.shape) for i, o in enumerate(out)]
    total = ops.sum(ops.stack([ops.sum(o * s) for o, s in zip(out, scales)]))
    analytic = [None if g is None else np.array(g, dtype=np.float64)
                for g in gradients_as_recorded(total, variables + weights)]

    def weighted(arrays):
        return float(sum(np.sum(s * values(o)) for o, s in zip(forward(arrays), scales)))

    numerical = []
    for i, array in enumerate(inputs):
        numerical.append(numerical_gradient(
            lambda v, i=i: weighted(inputs[:i] + [v] + inputs[i + 1:]), array))
    for weight in weights:
        saved = weight.numpy()

        def with_weight(v, weight=weight):
            weight.assign(v)
            return weighted(inputs)
        numerical.append(numerical_gradient(with_weight, saved))
        weight.assign(saved)
    return analytic, numerical
