"""Checks of sequence layers (problem set 6).

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
* :func:`check_cell_weights`, :func:`check_cell_outputs`, :func:`check_cell_training`: a
  SimpleRNN cell written as a Layer, ``call(inputs, states) -> (output, [new_state])``, used
  through ``layers.RNN(cell)``, against ``RNN(SimpleRNNCell(units))`` holding the same weights.
* :func:`check_rnn_loop`: a student's ``f(cell, sequences, mask=None, return_sequences=False)``
  runs a built-in cell over (N, T, D) sequences, keeping the states and repeating the output on
  masked steps, as SimpleRNN, GRU or LSTM does after ``Embedding(mask_zero=True)``.

Every reference (the layers, the cells, RNN, Embedding) is a private copy (see
:mod:`.reference`), so nothing an answer cell assigns to kerasedu can change a grade.
"""

import numbers

import numpy as np

from ..backend import gradients
from .layer_checks import (GradingError, _arguments, _build, _first_difference, _make, _values,
                           check_build)
from .reference import reference_layer
from .shape_checks import _as_shape, _difference

_RECURRENT = ("SimpleRNN", "LSTM", "GRU")
_MERGE_MODES = ("concat", "sum", "mul", "ave", None)


def _call_text(function, input_shape, arguments):
    extra = ", ".join(f"{k}={v!r}" for k, v in arguments.items())
    return f"{getattr(function, '__name__', 'f')}({tuple(input_shape)}, {extra})"


def _student_result(function, input_shape, arguments):
    what = _call_text(function, input_shape, arguments)
    try:
        return function(input_shape, **arguments), what
    except NotImplementedError:
        raise GradingError(f"{what} is not written yet (it raised NotImplementedError).") \
            from None
    except Exception as error:
        raise GradingError(f"{what} raised {type(error).__name__}: {error}") from error


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


def _student_shapes(value, what):
    """One shape (a tuple), or a list of shapes when the student returned several."""
    if isinstance(value, (list, tuple)) and value and all(
            isinstance(s, (list, tuple)) for s in value):
        return [_as_shape(s, what) for s in value]
    return _as_shape(value, what)


def _shape_mismatch(got, want):
    if isinstance(want, list) and not isinstance(got, list):
        return (f"the layer returns {len(want)} tensors ([output, *states]), so return a list "
                f"of {len(want)} shapes")
    if isinstance(got, list) and not isinstance(want, list):
        return "the layer returns one tensor, so return its shape as one tuple"
    if isinstance(want, list) and len(got) != len(want):
        return f"the layer returns {len(want)} tensors, you gave {len(got)} shapes"
    if not isinstance(want, list):
        return _difference(got, want)
    return "; ".join(f"shape {i}: {_difference(g, w)}"
                     for i, (g, w) in enumerate(zip(got, want)) if g != w)


def _layer_text(arguments):
    options = {k: v for k, v in arguments.items() if k not in ("layer", "units", "merge_mode")}
    text = f"layers.{arguments['layer']}({_arguments((arguments['units'],), options)})"
    if "merge_mode" in arguments:
        text = f"layers.Bidirectional({text}, merge_mode={arguments['merge_mode']!r})"
    return text


def check_recurrent_shapes(student_fn, cases=None, bidirectional=False, seed=0, count=20):
    """``student_fn(input_shape, **arguments)`` must return the shape(s) of the tensor(s) that
    the reference layer returns on ``Input(batch_shape=input_shape)``, for each
    ``(input_shape, arguments)`` in ``cases`` (or ``count`` random cases drawn with ``seed``).
    ``arguments`` holds layer ("SimpleRNN", "LSTM" or "GRU"), units, and optionally
    return_sequences, return_state and (with ``bidirectional``) merge_mode."""
    from ..layer_machinery.input_layer import Input
    if cases is None:
        cases = random_recurrent_cases(seed, count, bidirectional)
    classes = _reference_classes()
    for input_shape, arguments in cases:
        input_shape, arguments = tuple(input_shape), dict(arguments)
        if bidirectional:
            arguments.setdefault("merge_mode", "concat")
        outputs = _recurrent_layer(classes, arguments)(Input(batch_shape=input_shape))
        want = ([tuple(t.shape) for t in outputs] if isinstance(outputs, (list, tuple))
                else tuple(outputs.shape))
        result, what = _student_result(student_fn, input_shape, arguments)
        got = _student_shapes(result, what)
        if got != want:
            raise GradingError(
                f"{what} returned {got}, expected {want} (what {_layer_text(arguments)} gives "
                f"for an input of shape {input_shape}): {_shape_mismatch(got, want)}.")


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
    classes = _reference_classes()
    for input_shape, arguments in cases:
        input_shape, arguments = tuple(input_shape), dict(arguments)
        layer = _recurrent_layer(classes, arguments)
        layer.build(input_shape)
        want = layer.count_params()
        got, what = _student_result(student_fn, input_shape, arguments)
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, numbers.Integral):
            raise GradingError(f"{what} returned {got!r} ({type(got).__name__}); it should "
                               f"return the number of parameters as an int.")
        if int(got) != want:
            weights = ", ".join(f"{w.name} {tuple(w.shape)}" for w in layer.weights)
            raise GradingError(
                f"{what} returned {int(got)}, expected {want}; the layer's weights are "
                f"{weights}. The number of steps ({input_shape[1]}) never matters: every step "
                f"uses the same weights.")


# ---------------------------------------------------------------------- a cell of your own

_BUILT_IN_CELLS = ("SimpleRNNCell", "GRUCell", "LSTMCell", "RecurrentCell")


def _check_own_cell(student_cls):
    borrowed = [k.__name__ for k in getattr(student_cls, "__mro__", ())[1:]
                if k.__name__ in _BUILT_IN_CELLS and k.__module__.startswith("kerasedu.")]
    if borrowed:
        raise GradingError(f"{student_cls.__name__} subclasses kerasedu's {borrowed[0]}: "
                           f"subclass Layer and write build and call yourself.")


def _student_cell(student_cls, units, kwargs):
    _check_own_cell(student_cls)
    cell = _make(student_cls, (units,), kwargs, student_cls.__name__)
    if getattr(cell, "state_size", None) != units:
        raise GradingError(
            f"{student_cls.__name__}({_arguments((units,), kwargs)}).state_size is "
            f"{getattr(cell, 'state_size', None)!r}, expected {units}: set self.state_size = "
            f"units in __init__, so that RNN knows the size of the state to start from.")
    return cell


def _cell_layers(student_cls, units, kwargs, return_sequences=False):
    """RNN(student cell) and RNN(SimpleRNNCell), both with the reference RNN class."""
    rnn = reference_layer("RNN")
    reference = reference_layer("SimpleRNNCell")(units, **kwargs)
    return (rnn(_student_cell(student_cls, units, kwargs), return_sequences=return_sequences),
            rnn(reference, return_sequences=return_sequences))


def _same_random_weights(student, reference, input_shape, seed):
    """Build both RNNs and give them the same random weights (bias included)."""
    name = type(student.cell).__name__
    _build(student, input_shape, f"RNN({name}(...))")
    _build(reference, input_shape, "the reference")
    if [tuple(w.shape) for w in student.weights] != [tuple(w.shape) for w in reference.weights]:
        raise GradingError(f"{name} creates the wrong weights: make the weights test pass "
                           f"first.")
    rng = np.random.default_rng(seed)
    values = [rng.normal(scale=0.5, size=w.shape).astype("float32") for w in reference.weights]
    student.set_weights(values)
    reference.set_weights(values)


def _sequence_shape(input_shape):
    batch, steps, features = tuple(input_shape)
    return (4 if batch is None else batch, 5 if steps is None else steps, features)


def check_cell_weights(student_cls, input_shape, units, kwargs=None):
    """The cell must set ``state_size = units`` and build, for the (batch, features) step shape
    that RNN gives it, kernel (features, units), recurrent_kernel (units, units) and bias
    (units,), trainable and in that order, as SimpleRNNCell does."""
    kwargs = dict(kwargs or {})
    _student_cell(student_cls, units, kwargs)
    step_shape = (input_shape[0],) + tuple(input_shape[2:])
    check_build(student_cls, "SimpleRNNCell", step_shape, args=(units,), kwargs=kwargs)


def check_cell_outputs(student_cls, input_shape, units, kwargs=None, return_sequences=False,
                       seed=0, rtol=1e-5, atol=1e-5):
    """``RNN(student_cls(units, **kwargs), return_sequences=...)`` must compute what
    ``RNN(SimpleRNNCell(units, **kwargs))`` computes with the same random weights:
    h_t = activation(x_t · kernel + h_{t-1} · recurrent_kernel + bias), h_0 = 0."""
    kwargs = dict(kwargs or {})
    student, reference = _cell_layers(student_cls, units, kwargs, return_sequences)
    shape = _sequence_shape(input_shape)
    _same_random_weights(student, reference, shape, seed)
    x = np.random.default_rng(seed + 1).normal(size=shape).astype("float32")
    name = student_cls.__name__
    where = (f"RNN({name}({_arguments((units,), kwargs)}), return_sequences="
             f"{return_sequences}) on an input of shape {shape} (seed {seed})")
    try:
        got = _values(student(x))
    except Exception as error:
        raise GradingError(f"{where} raised {type(error).__name__}: {error}. call(inputs, "
                           f"states) must return the pair (output, [new_state]).") from error
    want = _values(reference(x))
    if got.shape != want.shape or not np.allclose(got, want, rtol=rtol, atol=atol):
        hint = ""
        if return_sequences and got.shape == want.shape:
            wrong = np.any(~np.isclose(got, want, rtol=rtol, atol=atol), axis=(0, 2))
            step = int(np.argmax(wrong))
            hint = (f" Step {step} is the first wrong one" + (
                ": the first step only sees x_0 (h_0 = 0), so check kernel, bias and the "
                "activation." if step == 0 else
                ", after right ones: check how the previous state states[0] enters, through "
                "recurrent_kernel."))
        raise GradingError(f"{where} computes the wrong values: {_first_difference(got, want)}."
                           f"{hint}")


def check_cell_training(student_cls, input_shape, units, kwargs=None, seed=0, epochs=3):
    """Through RNN, the gradients of a weighted sum of the outputs with respect to the input
    and every weight of the cell must equal the reference's; and ``fit`` of
    ``Sequential([Input, RNN(cell), Dense(1)])`` must change every weight of the cell."""
    from ..backend.tensor import Variable
    from ..layer_machinery.input_layer import Input
    from ..models.sequential import Sequential
    kwargs = dict(kwargs or {})
    name = student_cls.__name__
    student, reference = _cell_layers(student_cls, units, kwargs, return_sequences=True)
    shape = _sequence_shape(input_shape)
    _same_random_weights(student, reference, shape, seed)
    rng = np.random.default_rng(seed + 1)
    x = rng.normal(size=shape).astype("float32")
    weights = rng.normal(size=shape[:2] + (units,))
    grads = []
    for layer in (student, reference):
        x_var = Variable(x)
        grads.append(gradients(layer(x_var), [x_var] + layer.trainable_weights,
                               output_gradient=weights))
    names = ["input"] + [f"weight '{w.name}'" for w in reference.trainable_weights]
    for what, g, r in zip(names, *grads):
        if g is None:
            raise GradingError(
                f"No gradient reaches the {what} through RNN({name}(...)): compute call with "
                f"kerasedu ops from inputs, states[0] and the weights, without converting "
                f"anything to numpy.")
        if not np.allclose(g, r, rtol=1e-4, atol=1e-5):
            raise GradingError(
                f"The gradient with respect to the {what} of {name} is wrong: "
                f"{_first_difference(g, r)}. Compute call with kerasedu ops only: a value "
                f"converted to numpy cuts the path of the gradient back through earlier steps.")
    cell = _make(student_cls, (units,), kwargs, name)
    model = Sequential([Input(shape=shape[1:]), reference_layer("RNN")(cell),
                        reference_layer("Dense")(1)])
    model.compile(optimizer="sgd", loss="mse")
    y = rng.normal(size=(shape[0], 1)).astype("float32")
    before = [w.numpy().copy() for w in cell.weights]
    try:
        model.fit(x, y, epochs=epochs, batch_size=shape[0], verbose=0)
    except Exception as error:
        raise GradingError(f"fit on Sequential([Input, RNN({name}(...)), Dense(1)]) raised "
                           f"{type(error).__name__}: {error}") from error
    unchanged = [w.name for w, b in zip(cell.weights, before) if np.array_equal(w.numpy(), b)]
    if unchanged:
        raise GradingError(f"fit did not change the weights {unchanged} of {name}: create them "
                           f"with self.add_weight(...) (trainable) and use them in call.")


# ---------------------------------------------------------------------- masking

def _token_ids(rng, batch, steps, vocabulary, padding):
    """Token ids in 1..vocabulary-1 of random lengths (one full length), zero-padded."""
    lengths = rng.integers(1, steps + 1, size=batch)
    lengths[0] = steps
    tokens = rng.integers(1, vocabulary, size=(batch, steps))
    for row, length in zip(tokens, lengths):
        if padding == "post":
            row[length:] = 0
        elif padding == "pre":
            row[:steps - length] = 0
    return tokens


def check_rnn_loop(student_fn, layer, units, steps=6, features=3, padding="post",
                   return_sequences=False, seed=0, batch=5, vocabulary=10):
    """``student_fn(cell, sequences, mask=mask, return_sequences=...)`` must give the output of
    ``Sequential([Input(shape=(steps,)), Embedding(vocabulary, features, mask_zero=...),
    layers.<layer>(units, return_sequences=...)])`` on zero-padded token ids, and the same
    gradients with respect to the cell's weights.

    ``cell`` is a built <layer>Cell holding the layer's (random) weights, ``sequences`` the
    embedded ids (batch, steps, features) and ``mask`` the Embedding's (batch, steps) mask
    (True for a real token): ``padding`` "post" or "pre" puts the zeros at the end or the start
    of each sequence; None gives sequences without padding and mask=None."""
    from ..layer_machinery.input_layer import Input
    from ..models.sequential import Sequential
    rng = np.random.default_rng(seed)
    tokens = _token_ids(rng, batch, steps, vocabulary, padding)
    embedding = reference_layer("Embedding")(vocabulary, features,
                                             mask_zero=padding is not None)
    recurrent = reference_layer(layer)(units, return_sequences=return_sequences)
    model = Sequential([Input(shape=(steps,)), embedding, recurrent])
    recurrent.set_weights([rng.normal(scale=0.5, size=w.shape).astype("float32")
                           for w in recurrent.weights])
    cell = reference_layer(f"{layer}Cell")(units)
    cell.build((None, features))
    cell.set_weights(recurrent.get_weights())
    sequences = embedding(tokens)
    mask = embedding.compute_mask(tokens)
    name = getattr(student_fn, "__name__", "rnn_loop")
    where = (f"{name}({layer}Cell({units}), sequences of shape {(batch, steps, features)}, "
             f"mask={'None' if mask is None else f'<{padding}-padding mask>'}, "
             f"return_sequences={return_sequences}) (seed {seed})")
    try:
        got = student_fn(cell, sequences, mask=mask, return_sequences=return_sequences)
    except NotImplementedError:
        raise GradingError(f"{name} is not written yet (it raised NotImplementedError).") \
            from None
    except Exception as error:
        raise GradingError(f"{where} raised {type(error).__name__}: {error}") from error
    want = model(tokens)
    g, w = _values(got), _values(want)
    if g.shape != w.shape or not np.allclose(g, w, rtol=1e-5, atol=1e-5):
        hint = ""
        keep = None if mask is None else _values(mask)
        if g.shape == w.shape and keep is not None:
            sample = int(np.unravel_index(np.argmax(np.abs(g - w)), g.shape)[0])
            if not keep[sample].all():
                hint = (f" Sample {sample} has padding (its mask is "
                        f"{keep[sample].astype(int).tolist()}): on a masked step keep every "
                        f"state as it was and repeat the previous output (zeros before the "
                        f"first step).")
        raise GradingError(f"{where} returned the wrong values: {_first_difference(g, w)}; "
                           f"expected the output of layers.{layer}({units}, return_sequences="
                           f"{return_sequences}) after the Embedding.{hint}")
    if not hasattr(got, "value"):
        raise GradingError(f"{where} returned a value of type {type(got).__name__}, not a "
                           f"kerasedu Tensor, so no gradient can reach the cell's weights: "
                           f"build the output with ops (ops.where, ops.stack, ...), not numpy.")
    weights = rng.normal(size=w.shape)
    got_grads = gradients(got, cell.trainable_weights, output_gradient=weights)
    want_grads = gradients(want, recurrent.trainable_weights, output_gradient=weights)
    for variable, g, r in zip(cell.trainable_weights, got_grads, want_grads):
        if g is None or not np.allclose(g, r, rtol=1e-4, atol=1e-5):
            found = "no gradient" if g is None else _first_difference(g, r)
            raise GradingError(
                f"The gradient of {where}'s output with respect to the cell's "
                f"'{variable.name}' is wrong ({found}): compute every step with the cell and "
                f"ops, without numpy, so that training reaches the weights.")
