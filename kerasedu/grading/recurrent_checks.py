"""Checks of what recurrent layers return and how many parameters they have (problem set 6).

* :func:`check_recurrent_shapes`: a student's ``f(input_shape, layer, units,
  return_sequences=False, return_state=False)`` (with ``bidirectional=True`` also
  ``merge_mode="concat"``) must give the shapes that ``layers.<layer>(units, ...)`` (wrapped in
  ``Bidirectional(..., merge_mode=...)``) gives when called on ``Input(batch_shape=
  input_shape)``: a tuple for one output, a list ``[output, *states]`` for several. For n
  features and u units, (batch, T, n) becomes (batch, u), or (batch, T, u) with
  return_sequences; each state is (batch, u), and LSTM has two (h, c). Bidirectional doubles
  the last axis with "concat", keeps it with "sum"/"mul"/"ave", returns both outputs with None,
  and with return_state lists the forward states, then the backward ones.
* :func:`check_recurrent_param_counts`: a student's ``f(input_shape, layer, units,
  use_bias=True, reset_after=True)`` must give the layer's ``count_params()``:
  SimpleRNN u(n + u + 1), LSTM 4u(n + u + 1), GRU 3u(n + u + 2) with reset_after and
  3u(n + u + 1) without; use_bias=False drops the +1 (+2).

The cells and the loop over time are checked by :mod:`.cell_checks`.
"""

import numpy as np

from ..layer_machinery.input_layer import Input
from .common import GradingError, arguments_text, plain_count, plain_shapes, shape_difference
from .language import tr
from .reference import reference_layer
from .student import run

_RECURRENT = ("SimpleRNN", "LSTM", "GRU")
_MERGE_MODES = ("concat", "sum", "mul", "ave", None)


def _call_text(function, input_shape, arguments):
    extra = ", ".join(f"{k}={v!r}" for k, v in arguments.items())
    return f"{getattr(function, '__name__', 'f')}({tuple(input_shape)}, {extra})"


def _student_results(function, cases, convert):
    """The student's result for each case (converted), or the GradingError that says why
    there is none; one call of :func:`run` for all the cases."""
    def one(input_shape, arguments):
        what = _call_text(function, input_shape, arguments)
        try:
            return convert(function(input_shape, **arguments), what)
        except GradingError as error:
            return error
        except NotImplementedError:
            return GradingError(tr("{what} is not written yet (it raised NotImplementedError).",
                                   what=what))
        except Exception as error:
            failure = GradingError(tr("{what} raised {error_type}: {error}", what=what,
                                      error_type=type(error).__name__, error=error))
            failure.__cause__ = error
            return failure
    return run(lambda: [one(s, a) for s, a in cases],
               what=getattr(function, "__name__", tr("the function")))


def _recurrent_layer(classes, arguments):
    """The reference layer for ``arguments`` (layer, units, options; merge_mode wraps it)."""
    options = dict(arguments)
    name, units = options.pop("layer"), options.pop("units")
    if name not in _RECURRENT:
        raise ValueError(f"layer must be one of {_RECURRENT}, received {name!r}.")
    merge = options.pop("merge_mode", "no wrapper")
    if name != "GRU":
        options.pop("reset_after", None)
    layer = classes[name](units, **options)
    return layer if merge == "no wrapper" else classes["Bidirectional"](layer, merge_mode=merge)


def _reference_classes():
    return {name: reference_layer(name) for name in _RECURRENT + ("Bidirectional",)}


# ---------------------------------------------------------------------- output shapes

def random_recurrent_cases(seed=0, count=20, bidirectional=False):
    """``count`` random ``(input_shape, arguments)`` pairs: input shapes (batch, timesteps,
    features) whose batch (usually) and timesteps (sometimes) are None, a random layer, units
    and flags, and with ``bidirectional`` a random merge_mode."""
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(count):
        batch = None if rng.random() < 0.8 else int(rng.integers(1, 9))
        steps = None if rng.random() < 0.3 else int(rng.integers(1, 21))
        arguments = {"layer": str(rng.choice(_RECURRENT)), "units": int(rng.integers(1, 17)),
                     "return_sequences": bool(rng.random() < 0.5),
                     "return_state": bool(rng.random() < 0.5)}
        if bidirectional:
            arguments["merge_mode"] = _MERGE_MODES[int(rng.integers(len(_MERGE_MODES)))]
        cases.append(((batch, steps, int(rng.integers(1, 11))), arguments))
    return cases


def _shape_mismatch(got, want):
    if isinstance(want, list) and not isinstance(got, list):
        return (tr("the layer returns {n_want} tensors ([output, *states]), so return a list of "
                   "{n_want} shapes", n_want=len(want)))
    if isinstance(got, list) and not isinstance(want, list):
        return tr("the layer returns one tensor, so return its shape as one tuple")
    if isinstance(want, list) and len(got) != len(want):
        return tr("the layer returns {n_want} tensors, you gave {n_got} shapes", n_want=len(want),
                  n_got=len(got))
    if not isinstance(want, list):
        return shape_difference(got, want)
    return tr("; ").join(tr("shape {i}: {difference}", i=i, difference=shape_difference(g, w))
                         for i, (g, w) in enumerate(zip(got, want)) if g != w)


def _layer_text(arguments):
    options = {k: v for k, v in arguments.items() if k not in ("layer", "units", "merge_mode")}
    text = f"layers.{arguments['layer']}({arguments_text((arguments['units'],), options)})"
    if "merge_mode" in arguments:
        text = f"layers.Bidirectional({text}, merge_mode={arguments['merge_mode']!r})"
    return text


def check_recurrent_shapes(student_fn, cases=None, bidirectional=False, seed=0, count=20):
    """``student_fn(input_shape, **arguments)`` must return the shape(s) of the tensor(s) that
    the reference layer returns on ``Input(batch_shape=input_shape)``, for each
    ``(input_shape, arguments)`` in ``cases`` (or ``count`` random cases drawn with ``seed``).
    ``arguments`` holds layer ("SimpleRNN", "LSTM" or "GRU"), units, and optionally
    return_sequences, return_state and (with ``bidirectional``) merge_mode."""
    if cases is None:
        cases = random_recurrent_cases(seed, count, bidirectional)
    classes = _reference_classes()
    cases = [(tuple(s), {**dict(a), **({"merge_mode": dict(a).get("merge_mode", "concat")}
                                       if bidirectional else {})}) for s, a in cases]
    wanted = []
    for input_shape, arguments in cases:
        outputs = _recurrent_layer(classes, arguments)(Input(batch_shape=input_shape))
        wanted.append([tuple(t.shape) for t in outputs] if isinstance(outputs, (list, tuple))
                      else tuple(outputs.shape))
    results = _student_results(student_fn, cases, plain_shapes)
    for (input_shape, arguments), got, want in zip(cases, results, wanted):
        if isinstance(got, GradingError):
            raise got
        if got != want:
            raise GradingError(
                tr("{what} returned {got}, expected {want} (what {layer} gives for an input of "
                   "shape {input_shape}): {difference}.",
                   what=_call_text(student_fn, input_shape, arguments), got=got, want=want,
                   layer=_layer_text(arguments), input_shape=input_shape,
                   difference=_shape_mismatch(got, want)))


# ---------------------------------------------------------------------- parameter counts

def random_param_cases(seed=0, count=20):
    """``count`` random ``(input_shape, arguments)`` pairs for parameter counting: a random
    layer, units, use_bias, and for GRU reset_after."""
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(count):
        arguments = {"layer": str(rng.choice(_RECURRENT)), "units": int(rng.integers(1, 65)),
                     "use_bias": bool(rng.random() < 0.8)}
        if arguments["layer"] == "GRU":
            arguments["reset_after"] = bool(rng.random() < 0.5)
        steps = None if rng.random() < 0.5 else int(rng.integers(1, 51))
        cases.append(((None, steps, int(rng.integers(1, 65))), arguments))
    return cases


def check_recurrent_param_counts(student_fn, cases=None, seed=0, count=20):
    """``student_fn(input_shape, **arguments)`` must return ``count_params()`` of the layer
    built for ``input_shape``, for each ``(input_shape, arguments)`` in ``cases`` (or ``count``
    random cases); ``arguments`` holds layer, units and optionally use_bias and reset_after."""
    if cases is None:
        cases = random_param_cases(seed, count)
    cases = [(tuple(s), dict(a)) for s, a in cases]
    classes = _reference_classes()
    layers = [_recurrent_layer(classes, arguments) for _, arguments in cases]
    for layer, (input_shape, _) in zip(layers, cases):
        layer.build(input_shape)
    results = _student_results(student_fn, cases, plain_count)
    for layer, (input_shape, arguments), got in zip(layers, cases, results):
        if isinstance(got, GradingError):
            raise got
        if got != layer.count_params():
            weights = ", ".join(f"{w.name} {tuple(w.shape)}" for w in layer.weights)
            raise GradingError(
                tr("{what} returned {got}, expected {want}; the layer's weights are {weights}. "
                   "The number of steps ({steps}) never matters: every step uses the same "
                   "weights.", what=_call_text(student_fn, input_shape, arguments), got=got,
                   want=layer.count_params(), weights=weights, steps=input_shape[1]))
