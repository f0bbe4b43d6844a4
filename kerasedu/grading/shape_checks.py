"""Checks of shape arithmetic and parameter counting (problem set 2).

* :func:`check_output_shapes`: a student's function ``f(input_shape, **arguments)``, or a
  student's layer class ``cls(**arguments).compute_output_shape(input_shape)``, must give the
  output shape that the kerasedu layer of the same arguments gives, on fixed or random cases
  (:func:`random_cases`), with a None batch axis and, when asked, None for unknown sizes.
* :func:`check_param_counts`: a student's ``param_count(layer, input_shape)`` must give each
  layer's ``count_params()`` for the layers of a model (:func:`summary_model`), without
  building the layer it is given.
* :func:`check_param_dict`: a dict ``{layer name: number of parameters}`` filled by hand must
  match the model's ``count_params()``, layer by layer.

A failure message names the function or method, the input shape and arguments it was given,
what was expected and what came back.
"""

import numbers

import numpy as np

from ..layer_machinery.input_layer import Input
from ..layer_machinery.layer import Layer
from ..models.sequential import Sequential
from .common import (GradingError, concrete, plain_count, plain_shape, random_input,
                     shape_difference)
from .language import tr
from .reference import reference_layer
from .student import run

# The models whose parameters problem set 2 counts. The notebook shows model "a" with exactly
# this code; model "b" is used only by the hidden tests.
SUMMARY_MODEL_SOURCES = {
    "a": '''model_a = Sequential([
    Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, activation="relu", name="conv_1"),
    layers.MaxPooling2D(2, name="pool_1"),
    layers.Conv2D(32, 3, padding="same", use_bias=False, name="conv_2"),
    layers.BatchNormalization(name="bn"),
    layers.Flatten(name="flatten"),
    layers.Dropout(0.5, name="dropout"),
    layers.Dense(10, activation="softmax", name="output"),
], name="model_a")''',
    "b": '''model_b = Sequential([
    Input(shape=(12, 10, 3)),
    layers.Conv2D(6, (3, 5), strides=2, padding="same", name="conv_wide"),
    layers.AveragePooling2D((2, 1), name="pool"),
    layers.BatchNormalization(name="bn_conv"),
    layers.Conv2D(4, 1, use_bias=False, name="conv_1x1"),
    layers.Flatten(name="flatten"),
    layers.Dense(20, use_bias=False, name="hidden"),
    layers.BatchNormalization(name="bn_dense"),
    layers.Dropout(0.25, name="dropout"),
    layers.Dense(3, name="output"),
], name="model_b")''',
}


def summary_model(which):
    """A freshly built model from :data:`SUMMARY_MODEL_SOURCES` ("a" or "b"), made of kerasedu's
    own layers."""
    if which not in SUMMARY_MODEL_SOURCES:
        raise ValueError(f"There is no summary model {which!r}; choose one of "
                         f"{sorted(SUMMARY_MODEL_SOURCES)}.")
    own_layers = type("layers", (), {name: reference_layer(name) for name in (
        "Conv2D", "MaxPooling2D", "AveragePooling2D", "BatchNormalization", "Flatten",
        "Dropout", "Dense")})
    namespace = {"Sequential": Sequential, "Input": Input, "layers": own_layers}
    exec(SUMMARY_MODEL_SOURCES[which], namespace)
    return namespace[f"model_{which}"]


# ---------------------------------------------------------------------- output shapes

def _arguments_text(arguments):
    return ", ".join(f"{k}={v!r}" for k, v in arguments.items())


def _reference_name(reference):
    return reference if isinstance(reference, str) else reference.__name__


def _is_layer_class(student):
    return isinstance(student, type) and issubclass(student, Layer)


def _describe_student(student, input_shape, arguments):
    if _is_layer_class(student):
        return (f"{student.__name__}({_arguments_text(arguments)})"
                f".compute_output_shape({tuple(input_shape)})")
    name = getattr(student, "__name__", repr(student))
    extra = _arguments_text(arguments)
    return f"{name}({tuple(input_shape)}{', ' + extra if extra else ''})"


def _student_shape(student, input_shape, arguments, seed):
    """The student's shape for one case, or the GradingError that says why there is none.
    Runs inside :func:`run` (student code)."""
    what = _describe_student(student, input_shape, arguments)
    try:
        if _is_layer_class(student):
            layer = student(**arguments)
            result = plain_shape(layer.compute_output_shape(input_shape), what)
            _check_call_agrees(layer, student.__name__, input_shape, arguments, seed)
        else:
            result = plain_shape(student(input_shape, **arguments), what)
    except GradingError as error:
        return error
    except NotImplementedError:
        return GradingError(tr("{what} is not written yet (it raised NotImplementedError).",
                               what=what))
    except Exception as error:
        hint = ""
        if isinstance(error, TypeError) and None in tuple(input_shape)[1:]:
            hint = (tr(" The input has a size that is unknown (None): the matching output size "
                       "is None too, so test for None before doing arithmetic with a size."))
        failure = GradingError(tr("{what} raised {error_type}: {error}.{hint}", what=what,
                                  error_type=type(error).__name__, error=error, hint=hint))
        failure.__cause__ = error
        return failure
    return result


def check_output_shapes(student, reference, cases=None, seed=0, count=20,
                        none_probability=0.0):
    """The student's shape arithmetic must agree with the reference layer on every case.

    ``student`` is a function ``f(input_shape, **arguments)`` or a Layer subclass created as
    ``cls(**arguments)``; ``reference`` names a kerasedu layer created with the same
    ``arguments``. ``cases`` is a list of ``(input_shape, arguments)`` pairs; without it,
    ``count`` random cases are drawn with ``seed`` (see :func:`random_cases`). For a layer
    class, call must also return the shape that compute_output_shape announces.
    """
    if cases is None:
        cases = random_cases(reference, seed=seed, count=count,
                             none_probability=none_probability)
    cases = [(tuple(input_shape), dict(arguments)) for input_shape, arguments in cases]
    ref_cls = reference_layer(reference)
    wanted = [tuple(ref_cls(**arguments).compute_output_shape(input_shape))
              for input_shape, arguments in cases]
    results = run(lambda: [_student_shape(student, s, a, seed) for s, a in cases],
                  what=getattr(student, "__name__", tr("the function")))
    for (input_shape, arguments), got, want in zip(cases, results, wanted):
        if isinstance(got, GradingError):
            raise got
        if got != want:
            raise GradingError(
                tr("{what} returned {got}, expected {want} (what {reference}({arguments}) gives "
                   "for an input of shape {input_shape}): {difference}.",
                   what=_describe_student(student, input_shape, arguments), got=got, want=want,
                   reference=_reference_name(reference), arguments=_arguments_text(arguments),
                   input_shape=input_shape, difference=shape_difference(got, want)))


def _check_call_agrees(layer, name, input_shape, arguments, seed):
    """call on data of a concrete shape returns what compute_output_shape says for it."""
    shape = concrete(input_shape, 3)
    layer._check_output_shapes = False
    try:
        output = layer(random_input(shape, seed))
    except Exception as error:
        raise GradingError(tr("{name}({arguments}) raised {error_type} when called on data of "
                              "shape {shape}: {error}", name=name,
                              arguments=_arguments_text(arguments),
                              error_type=type(error).__name__, shape=shape,
                              error=error)) from error
    declared = plain_shape(layer.compute_output_shape(shape),
                           f"{name}.compute_output_shape({shape})")
    if tuple(output.shape) != declared:
        raise GradingError(
            tr("For an input of shape {shape}, {name}.call returned shape {output_shape} but "
               "compute_output_shape says {declared}: the two methods must agree.", shape=shape,
               name=name, output_shape=tuple(output.shape), declared=declared))


# ---------------------------------------------------------------------- random cases

def _pair_of(rng, low, high):
    return (int(rng.integers(low, high + 1)), int(rng.integers(low, high + 1)))


def _image_shape(rng, none_probability, low=1, high=20):
    h, w = _pair_of(rng, low, high)
    c = int(rng.integers(1, 5))
    h, w = (None if rng.random() < none_probability else d for d in (h, w))
    return (None, h, w, c)


def _conv_case(rng, none_probability):
    while True:
        shape = _image_shape(rng, none_probability)
        kernel = _pair_of(rng, 1, 5)
        if rng.random() < 0.5:
            strides, dilation = _pair_of(rng, 1, 3), (1, 1)
        else:
            strides, dilation = (1, 1), _pair_of(rng, 1, 3)
        padding = str(rng.choice(["valid", "same"]))
        effective = [d * (k - 1) + 1 for k, d in zip(kernel, dilation)]
        if padding == "valid" and any(n is not None and n < e
                                      for n, e in zip(shape[1:3], effective)):
            continue
        return shape, {"filters": int(rng.integers(1, 9)), "kernel_size": kernel,
                       "strides": strides, "padding": padding, "dilation_rate": dilation}


def _pool_case(rng, none_probability):
    while True:
        shape = _image_shape(rng, none_probability)
        pool = _pair_of(rng, 1, 4)
        strides = None if rng.random() < 0.4 else _pair_of(rng, 1, 3)
        padding = str(rng.choice(["valid", "same"]))
        if padding == "valid" and any(n is not None and n < p
                                      for n, p in zip(shape[1:3], pool)):
            continue
        return shape, {"pool_size": pool, "strides": strides, "padding": padding}


def _cropping_case(rng, none_probability):
    shape = _image_shape(rng, none_probability, low=4)
    cropping = []
    for n in shape[1:3]:
        room = 8 if n is None else n - 1
        top = int(rng.integers(0, min(3, room) + 1))
        bottom = int(rng.integers(0, min(3, room - top) + 1))
        cropping.append((top, bottom))
    return shape, {"cropping": tuple(cropping)}


def _padding_case(rng, none_probability):
    shape = _image_shape(rng, none_probability)
    return shape, {"padding": (_pair_of(rng, 0, 3), _pair_of(rng, 0, 3))}


def _upsampling_case(rng, none_probability):
    return _image_shape(rng, none_probability), {"size": _pair_of(rng, 1, 4)}


def _feature_shape(rng, rank_low, rank_high, none_probability=0.0):
    rank = int(rng.integers(rank_low, rank_high + 1))
    dims = [int(d) for d in rng.integers(1, 7, size=rank - 1)]
    return (None,) + tuple(None if rng.random() < none_probability else d for d in dims)


def _reshape_case(rng, none_probability):
    shape = _feature_shape(rng, 2, 4)
    size = int(np.prod(shape[1:]))
    target = []
    remaining = size
    for _ in range(int(rng.integers(1, 4)) - 1):
        divisors = [d for d in range(1, remaining + 1) if remaining % d == 0]
        d = int(rng.choice(divisors))
        target.append(d)
        remaining //= d
    target.append(remaining)
    target = [int(t) for t in rng.permutation(target)]
    if rng.random() < 0.7:
        target[int(rng.integers(0, len(target)))] = -1
    return shape, {"target_shape": tuple(target)}


def _permute_case(rng, none_probability):
    shape = _feature_shape(rng, 3, 5, none_probability)
    dims = tuple(int(d) + 1 for d in rng.permutation(len(shape) - 1))
    return shape, {"dims": dims}


def _flatten_case(rng, none_probability):
    return _feature_shape(rng, 2, 5, none_probability), {}


def _repeat_vector_case(rng, none_probability):
    d = None if rng.random() < none_probability else int(rng.integers(1, 9))
    return (None, d), {"n": int(rng.integers(1, 7))}


_GENERATORS = {
    "Conv2D": _conv_case, "Convolution2D": _conv_case,
    "MaxPooling2D": _pool_case, "AveragePooling2D": _pool_case,
    "MaxPool2D": _pool_case, "AvgPool2D": _pool_case,
    "Cropping2D": _cropping_case, "ZeroPadding2D": _padding_case,
    "UpSampling2D": _upsampling_case, "Reshape": _reshape_case, "Permute": _permute_case,
    "Flatten": _flatten_case, "RepeatVector": _repeat_vector_case,
}


def random_cases(reference, seed=0, count=20, none_probability=0.0):
    """``count`` random valid ``(input_shape, arguments)`` pairs for the named layer.

    Input shapes have a None batch axis; ``none_probability`` is the chance that each other
    size is None too (unknown). Arguments are given as the problem set states them: pairs
    (tuples of two ints) for kernel_size, strides, dilation_rate, pool_size and size, and
    ((top, bottom), (left, right)) for cropping and padding.
    """
    name = _reference_name(reference)
    if name not in _GENERATORS:
        raise ValueError(f"No random cases for {name!r}; known layers: {sorted(_GENERATORS)}.")
    rng = np.random.default_rng(seed)
    return [_GENERATORS[name](rng, none_probability) for _ in range(count)]


# ---------------------------------------------------------------------- parameter counts

_DESCRIBED = ("units", "filters", "kernel_size", "strides", "padding", "use_bias", "axis",
              "center", "scale", "pool_size", "rate")


def _describe_layer(layer):
    config = layer.get_config()
    shown = ", ".join(f"{k}={config[k]!r}" for k in _DESCRIBED if k in config)
    return f"{type(layer).__name__}({shown})"


def check_param_counts(student_fn, model="a"):
    """``student_fn(layer, input_shape)`` must return ``layer.count_params()`` for every
    layer of the summary model ``model`` ("a" or "b"), from the layer's arguments: it is given
    unbuilt and must leave it so."""
    built = summary_model(model)
    name = getattr(student_fn, "__name__", "param_count")
    for layer in built.layers:
        input_shape = tuple(layer.input.shape)
        unbuilt = type(layer).from_config(layer.get_config())
        was_built = unbuilt.built   # layers without weights are built when made, as in Keras
        want = layer.count_params()
        what = f"{name}({_describe_layer(unbuilt)}, input_shape={input_shape})"
        got, built_it = run(lambda: (plain_count(student_fn(unbuilt, input_shape), what),
                                     bool(unbuilt.weights or (unbuilt.built and not was_built))),
                            what=what, not_written=tr("{what} is not written yet (it raised "
                                                      "NotImplementedError).", what=what))
        if built_it:
            raise GradingError(
                tr("{what} built the layer: count its parameters from its arguments "
                   "(layer.units, layer.filters, layer.kernel_size, layer.use_bias, ...) and the "
                   "input shape, without building it, as the problem asks.", what=what))
        if got != want:
            weights = ", ".join(f"{w.name} {tuple(w.shape)}" for w in layer.weights) or "none"
            raise GradingError(
                tr("{what} returned {got}, expected {want} (the layer '{layer}' of "
                   "model_{model}; its weights: {weights}). Count every weight, trainable or not.",
                   what=what, got=got, want=want, layer=layer.name, model=model,
                   weights=weights))


def _plain_entries(expected_params):
    """{layer name: (the int, or None when the entry is not an int; its repr)}."""
    return {str(name): (int(value) if isinstance(value, numbers.Integral)
                        and not isinstance(value, (bool, np.bool_)) else None, repr(value))
            for name, value in dict(expected_params).items()}


def check_param_dict(expected_params, model="a"):
    """``expected_params`` maps each layer name of the summary model to its parameter count."""
    if not isinstance(expected_params, dict):
        raise GradingError(tr("expected_params should be a dict {{layer name: number}}, received "
                              "{expected_params_type}.",
                              expected_params_type=type(expected_params).__name__))
    entries = run(_plain_entries, expected_params, what=tr("Reading expected_params"))
    built = summary_model(model)
    names = [layer.name for layer in built.layers]
    missing = [n for n in names if n not in entries]
    extra = [n for n in entries if n not in names]
    if missing or extra:
        raise GradingError(
            tr("expected_params should have one entry per layer of model_{model}: {names}. ",
               model=model, names=names)
            + (tr("Missing: {missing}. ", missing=missing) if missing else "")
            + (tr("Not layers of the model: {extra}.", extra=extra) if extra else ""))
    wrong = [tr("'{layer}' ({layer_type}): expected {want}, received {got}", layer=layer.name,
                layer_type=type(layer).__name__, want=layer.count_params(),
                got=entries[layer.name][1])
             for layer in built.layers if entries[layer.name][0] != layer.count_params()]
    if wrong:
        raise GradingError(
            tr("expected_params has 1 wrong entry for model_{model}: {wrong}.", model=model,
               wrong=wrong[0]) if len(wrong) == 1 else
            tr("expected_params has {n_wrong} wrong entries for model_{model}: {wrong}.",
               n_wrong=len(wrong), model=model, wrong=tr("; ").join(wrong)))
