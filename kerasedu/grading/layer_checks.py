"""Checks of a student's layer class against kerasedu's reference layer.

Each check builds the student's layer and the reference with the same arguments, runs one part
of the layer contract, and raises :class:`GradingError` (an AssertionError) whose message says
which method to look at, the input it was given, what was expected and what came back:

* :func:`check_build`: the weights build creates (names, shapes, trainable flags, order);
* :func:`check_call`: call's values, with the reference given the student's weights;
* :func:`check_compute_output_shape`: shapes with a None batch axis, and agreement with call;
* :func:`check_config`: get_config / from_config round trips;
* :func:`check_gradients`: gradients reach the input and every trainable weight (float64).
"""

import numpy as np

from ..backend import gradients
from ..backend.gradcheck import numerical_gradient
from ..layer_machinery.layer import Layer
from .reference import reference_layer


class GradingError(AssertionError):
    """A failed check; the message is written for the student."""


def _values(x):
    """The numpy array inside a Tensor (or the array itself)."""
    return np.asarray(getattr(x, "value", x))


def _first_difference(got, want):
    """Where ``got`` differs most from ``want``, in words for a student."""
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.shape != want.shape:
        return f"shape {want.shape} expected, received shape {got.shape}"
    index = np.unravel_index(np.argmax(np.abs(got - want)), got.shape) if got.size else ()
    return (f"at index {tuple(int(i) for i in index)}: expected {want[index]:.6g}, "
            f"received {got[index]:.6g}")


def _shape_text(shape):
    return str(tuple(shape)) if not isinstance(shape, list) else str([tuple(s) for s in shape])


def _make(cls, args, kwargs, what):
    try:
        return cls(*args, **kwargs)
    except Exception as error:
        raise GradingError(
            f"Creating {what}({_arguments(args, kwargs)}) failed in __init__: "
            f"{type(error).__name__}: {error}") from error


def _arguments(args, kwargs):
    parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return ", ".join(parts)


def _pair(student_cls, reference, args, kwargs, dtype=None, reference_kwargs=None):
    if not (isinstance(student_cls, type) and issubclass(student_cls, Layer)):
        raise GradingError(
            f"Expected a class that subclasses kerasedu.layers.Layer, received {student_cls!r}.")
    extra = {} if dtype is None else {"dtype": dtype}
    student = _make(student_cls, args, {**kwargs, **extra}, student_cls.__name__)
    ref_kwargs = kwargs if reference_kwargs is None else dict(reference_kwargs)
    ref = _make(reference_layer(reference), args, {**ref_kwargs, **extra}, "the reference")
    return student, ref


def _build(layer, input_shape, who):
    try:
        layer.build(input_shape)
    except Exception as error:
        raise GradingError(
            f"{who}.build({_shape_text(input_shape)}) raised {type(error).__name__}: {error}"
        ) from error
    layer.built = True


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
    kwargs = dict(kwargs or {})
    student, ref = _pair(student_cls, reference, args, kwargs,
                         reference_kwargs=reference_kwargs)
    _build(student, input_shape, type(student).__name__)
    _build(ref, input_shape, "the reference")
    got, want = _describe(student.weights), _describe(ref.weights)
    if got != want:
        hints = []
        for (gn, gs, gt), (wn, ws, wt) in zip(got, want):
            if gs != ws:
                hints.append(f"weight '{wn}' should have shape {ws}, yours has {gs}")
            if gn != wn:
                hints.append(f"a weight named '{gn}' should be named '{wn}' (name=... in "
                             f"add_weight)")
            if gt != wt:
                hints.append(f"weight '{wn}' should be {wt}")
        if len(got) != len(want):
            hints.append(f"build should create {len(want)} weights, yours created {len(got)}")
        raise GradingError(
            f"{type(student).__name__}.build({_shape_text(input_shape)}) with arguments "
            f"({_arguments(args, kwargs)}) created the wrong weights.\n"
            f"  expected: {want}\n  received: {got}\n  " + "; ".join(hints))


def _random_input(shape, seed, dtype="float32"):
    rng = np.random.default_rng(seed)
    if isinstance(shape, list):
        return [rng.normal(size=s).astype(dtype) for s in shape]
    return rng.normal(size=shape).astype(dtype)


def _concrete(shape, batch):
    if isinstance(shape, list):
        return [_concrete(s, batch) for s in shape]
    return tuple(batch if d is None else d for d in shape)


def _as_list(x):
    return x if isinstance(x, (list, tuple)) else [x]


def check_call(student_cls, reference, input_shape, args=(), kwargs=None, seed=0,
               rtol=1e-5, atol=1e-6, call_kwargs=None, reference_kwargs=None):
    """call must compute what the reference computes when both hold the same weights."""
    kwargs, call_kwargs = dict(kwargs or {}), dict(call_kwargs or {})
    student, ref = _pair(student_cls, reference, args, kwargs,
                         reference_kwargs=reference_kwargs)
    shape = _concrete(input_shape, 4)
    x = _random_input(shape, seed)
    _build(student, shape, type(student).__name__)
    _build(ref, shape, "the reference")
    if len(student.weights) != len(ref.weights):
        raise GradingError(
            f"{type(student).__name__} has {len(student.weights)} weights but should have "
            f"{len(ref.weights)}: make check_build pass first.")
    ref.set_weights(student.get_weights())
    try:
        got = student(x, **call_kwargs)
    except Exception as error:
        raise GradingError(
            f"{type(student).__name__}.call raised {type(error).__name__} on an input of shape "
            f"{_shape_text(shape)}: {error}") from error
    want = ref(x, **call_kwargs)
    for i, (g, w) in enumerate(zip(_as_list(got), _as_list(want))):
        g, w = np.asarray(getattr(g, "value", g)), np.asarray(w.value)
        if g.shape != w.shape:
            raise GradingError(
                f"{type(student).__name__}.call on an input of shape {_shape_text(shape)} "
                f"returned shape {g.shape}, expected {w.shape}.")
        if not np.allclose(g, w, rtol=rtol, atol=atol):
            worst = np.unravel_index(np.argmax(np.abs(g - w)), g.shape)
            raise GradingError(
                f"{type(student).__name__}.call computes the wrong values (arguments "
                f"{_arguments(args, kwargs)}, input shape {_shape_text(shape)}, seed {seed}).\n"
                f"  at index {tuple(int(i) for i in worst)}: expected {w[worst]:.6g}, "
                f"received {g[worst]:.6g}\n"
                f"  expected (first row): {np.round(w.reshape(len(w), -1)[0][:6], 5)}\n"
                f"  received (first row): {np.round(g.reshape(len(g), -1)[0][:6], 5)}")


def _random_shapes(rank_range, count, seed, extra_dims=None):
    rng = np.random.default_rng(seed)
    shapes = []
    for _ in range(count):
        rank = int(rng.integers(rank_range[0], rank_range[1] + 1))
        shapes.append((None,) + tuple(int(d) for d in rng.integers(1, 7, size=rank - 1)))
    return shapes


def check_compute_output_shape(student_cls, reference, input_shapes=None, args=(), kwargs=None,
                               seed=0, count=5, rank_range=(2, 4), reference_kwargs=None):
    """compute_output_shape must match the reference (None batch axis kept) and agree with the
    shape that call really returns."""
    kwargs = dict(kwargs or {})
    shapes = input_shapes or _random_shapes(rank_range, count, seed)
    for shape in shapes:
        student, ref = _pair(student_cls, reference, args, kwargs,
                             reference_kwargs=reference_kwargs)
        try:
            got = student.compute_output_shape(shape)
        except NotImplementedError:
            raise GradingError(
                f"{type(student).__name__} has no compute_output_shape(): define it to return "
                f"the output shape for an input shape such as {_shape_text(shape)}.") from None
        except Exception as error:
            raise GradingError(
                f"{type(student).__name__}.compute_output_shape({_shape_text(shape)}) raised "
                f"{type(error).__name__}: {error}") from error
        want = ref.compute_output_shape(shape)
        if _normalize(got) != _normalize(want):
            raise GradingError(
                f"{type(student).__name__}.compute_output_shape({_shape_text(shape)}) returned "
                f"{got}, expected {want}. Keep the batch axis (None) first.")
        concrete = _concrete(shape, 3)
        _build(student, concrete, type(student).__name__)
        output = student(_random_input(concrete, seed))
        call_shape = [tuple(o.shape) for o in _as_list(output)]
        declared = [tuple(s) for s in _as_list(_normalize(student.compute_output_shape(concrete)))
                    ] if not isinstance(_normalize(got), tuple) else \
            [tuple(student.compute_output_shape(concrete))]
        if call_shape != declared:
            raise GradingError(
                f"For an input of shape {_shape_text(concrete)}, call returned "
                f"{call_shape[0] if len(call_shape) == 1 else call_shape} but "
                f"compute_output_shape says {declared[0] if len(declared) == 1 else declared}: "
                f"the two methods must agree.")


def _normalize(shape):
    if isinstance(shape, list) and shape and isinstance(shape[0], (list, tuple)):
        return [tuple(s) for s in shape]
    return tuple(shape)


def check_config(student_cls, args=(), kwargs=None, required_keys=()):
    """get_config() must hold the constructor arguments, and from_config must rebuild an
    equivalent layer."""
    kwargs = dict(kwargs or {})
    layer = _make(student_cls, args, kwargs, student_cls.__name__)
    try:
        config = layer.get_config()
    except Exception as error:
        raise GradingError(
            f"{student_cls.__name__}.get_config() raised {type(error).__name__}: {error}"
        ) from error
    missing = [k for k in required_keys if k not in config]
    if missing:
        raise GradingError(
            f"{student_cls.__name__}.get_config() is missing the keys {missing}; it returned "
            f"{sorted(config)}. Add each constructor argument to the dict.")
    try:
        clone = student_cls.from_config(config)
    except Exception as error:
        raise GradingError(
            f"{student_cls.__name__}.from_config(layer.get_config()) raised "
            f"{type(error).__name__}: {error}. The config's keys must be __init__'s arguments."
        ) from error
    if clone.get_config() != config:
        raise GradingError(
            f"The config does not round-trip: get_config() gave {config}, but the rebuilt "
            f"layer's get_config() gave {clone.get_config()}.")


def check_gradients(student_cls, input_shape, args=(), kwargs=None, seed=0, rtol=1e-4,
                    atol=1e-6):
    """Gradients must reach the input and every trainable weight, and equal finite
    differences (the layer runs in float64 for this check)."""
    kwargs = dict(kwargs or {})
    layer = _make(student_cls, args, {**kwargs, "dtype": "float64"}, student_cls.__name__)
    shape = _concrete(input_shape, 3)
    _build(layer, shape, student_cls.__name__)
    x = _random_input(shape, seed, dtype="float64")
    from ..backend import ops
    from ..backend.tensor import Variable
    inputs = [Variable(a, dtype="float64") for a in _as_list(x)]
    output = layer(inputs if isinstance(x, list) else inputs[0])
    total = ops.sum(ops.stack([ops.sum(o * o) for o in _as_list(output)]))
    trainable = layer.trainable_weights
    grads = gradients(total, inputs + trainable)
    for name, grad in zip([f"input {i}" for i in range(len(inputs))] +
                          [f"weight '{w.name}'" for w in trainable], grads):
        if grad is None:
            raise GradingError(
                f"No gradient reaches the {name} of {student_cls.__name__}: call must compute "
                f"the output with kerasedu ops (or Tensor operators) from the inputs and "
                f"weights, without converting them to numpy arrays.")
    if isinstance(x, list):
        return
    _compare_with_finite_differences(layer, x, rtol, atol)


def _compare_with_finite_differences(layer, x, rtol, atol):
    from ..backend import ops
    from ..backend.tensor import Tensor, Variable
    trainable = layer.trainable_weights
    saved = [w.numpy() for w in trainable]
    weights = np.random.default_rng(1).normal(size=np.shape(layer(x).value))

    def weighted(input_value):
        return float(np.sum(weights * layer(Tensor(input_value)).value))

    x_var = Variable(x, dtype="float64")
    analytic = gradients(ops.sum(layer(x_var) * weights), [x_var] + trainable)
    numerical = [numerical_gradient(weighted, x)]
    for variable, value in zip(trainable, saved):
        def with_weight(v, variable=variable):
            variable.value = v
            return weighted(x)
        numerical.append(numerical_gradient(with_weight, value))
        variable.assign(value)
    names = ["input"] + [f"weight '{w.name}'" for w in trainable]
    for name, a, n in zip(names, analytic, numerical):
        if a is None or not np.allclose(a, n, rtol=rtol, atol=atol):
            worst = np.inf if a is None else np.max(np.abs(a - n))
            raise GradingError(
                f"The gradient with respect to the {name} of {type(layer).__name__} does not "
                f"match finite differences (largest difference {worst:.3g}). Compute call with "
                f"kerasedu ops only, and keep every step differentiable.")
