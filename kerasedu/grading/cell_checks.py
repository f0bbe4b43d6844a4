"""Checks of a recurrent cell of one's own and of a loop over time (problem set 6).

* :func:`check_cell_weights`, :func:`check_cell_outputs`, :func:`check_cell_training`: a
  SimpleRNN cell written as a Layer, ``call(inputs, states) -> (output, [new_state])``, used
  through ``layers.RNN(cell)``: its weights and outputs against ``RNN(SimpleRNNCell(units))``
  holding the same random weights, its gradients against finite differences. Its
  ``state_size`` may be ``units`` or ``[units]``, as layers.RNN accepts both.
* :func:`check_rnn_loop`: a student's ``f(cell, sequences, mask=None, return_sequences=False)``
  runs a built-in cell over (N, T, D) sequences, keeping the states and repeating the output on
  masked steps, as SimpleRNN, GRU or LSTM does after ``Embedding(mask_zero=True)``, without
  calling layers.RNN or a recurrent layer (the problem asks for the loop itself).

Every reference (the layers, the cells, RNN, Embedding) is kerasedu's own, as recorded when
kerasedu.grading was first imported (see :mod:`.integrity`).
"""

import numpy as np

from ..backend import config
from ..backend.autodiff import gradients_as_recorded
from ..layer_machinery.input_layer import Input
from ..models.sequential import Sequential
from .common import GradingError, arguments_text, first_difference, values
from .language import tr
from .layer_checks import check_build, compare_gradients, gradient_pairs
from .reference import reference_layer
from .student import make, run
from .weights import share_random_weights, student_variables

# ---------------------------------------------------------------------- a cell of your own

_BUILT_IN_CELLS = ("SimpleRNNCell", "GRUCell", "LSTMCell")


def _check_own_cell(student_cls):
    borrowed = [name for name in _BUILT_IN_CELLS if isinstance(student_cls, type)
                and issubclass(student_cls, reference_layer(name))]
    if borrowed:
        raise GradingError(tr("{name} subclasses kerasedu's {borrowed}: subclass Layer and "
                              "write build and call yourself.", name=student_cls.__name__,
                              borrowed=borrowed[0]))


def _plain_state_size(size):
    if isinstance(size, (list, tuple)):
        return [int(s) if isinstance(s, (int, np.integer)) else s for s in size]
    return int(size) if isinstance(size, (int, np.integer)) else size


def _student_cell(student_cls, units, kwargs):
    """The student's cell, whose state_size must be units (an int, or a list of one)."""
    _check_own_cell(student_cls)
    cell = make(student_cls, (units,), kwargs)
    name = f"{student_cls.__name__}({arguments_text((units,), kwargs)})"
    size = run(lambda: _plain_state_size(getattr(cell, "state_size", None)),
               what=f"{name}.state_size")
    if size != units and size != [units]:
        raise GradingError(
            tr("{name}.state_size is {size!r}, expected {units} (or [{units}]): set "
               "self.state_size = units in __init__, so that RNN knows the size of the state to "
               "start from.", name=name, size=size, units=units))
    return cell


def _cell_layers(student_cls, units, kwargs, return_sequences=False):
    """RNN(student cell) and RNN(SimpleRNNCell), both with kerasedu's own RNN class."""
    rnn = reference_layer("RNN")
    reference = reference_layer("SimpleRNNCell")(units, **dict(kwargs or {}))
    student = run(rnn, _student_cell(student_cls, units, kwargs),
                  return_sequences=return_sequences,
                  what=f"layers.RNN({student_cls.__name__}({units}))")
    return student, rnn(reference, return_sequences=return_sequences)


def _built(layer, input_shape, owner):
    layer.build(input_shape)
    layer.built = True
    return student_variables(layer, owner)


def _same_random_weights(student, reference, input_shape, seed):
    """Build both RNNs and give them the same random weights (bias included)."""
    name = f"RNN({type(student.cell).__name__}(...))"
    weights = run(_built, student, input_shape, name,
                  what=f"{name}.build({input_shape})")
    reference.build(input_shape)
    reference.built = True
    return share_random_weights(weights, reference, seed)


def _sequence_shape(input_shape):
    batch, steps, features = tuple(input_shape)
    return (4 if batch is None else batch, 5 if steps is None else steps, features)


def check_cell_weights(student_cls, input_shape, units, kwargs=None):
    """The cell must set ``state_size = units`` (or ``[units]``) and build, for the (batch,
    features) step shape that RNN gives it, kernel (features, units), recurrent_kernel
    (units, units) and bias (units,), trainable and in that order, as SimpleRNNCell does."""
    _student_cell(student_cls, units, kwargs)
    step_shape = (input_shape[0],) + tuple(input_shape[2:])
    check_build(student_cls, "SimpleRNNCell", step_shape, args=(units,), kwargs=kwargs)


def check_cell_outputs(student_cls, input_shape, units, kwargs=None, return_sequences=False,
                       seed=0, rtol=1e-5, atol=1e-5):
    """``RNN(student_cls(units, **kwargs), return_sequences=...)`` must compute what
    ``RNN(SimpleRNNCell(units, **kwargs))`` computes with the same random weights:
    h_t = activation(x_t · kernel + h_{t-1} · recurrent_kernel + bias), h_0 = 0."""
    student, reference = _cell_layers(student_cls, units, kwargs, return_sequences)
    shape = _sequence_shape(input_shape)
    _same_random_weights(student, reference, shape, seed)
    x = np.random.default_rng(seed + 1).normal(size=shape).astype("float32")
    name = student_cls.__name__
    where = (tr("RNN({name}({arguments}), return_sequences={return_sequences}) on an input of "
                "shape {shape} (seed {seed})", name=name,
                arguments=arguments_text((units,), kwargs), return_sequences=return_sequences,
                shape=shape, seed=seed))
    got = run(lambda: values(student(x)), what=where,
              hint=tr("call(inputs, states) must return the pair (output, [new_state])."))
    want = values(reference(x))
    if got.shape != want.shape or not np.allclose(got, want, rtol=rtol, atol=atol):
        hint = ""
        if return_sequences and got.shape == want.shape:
            wrong = np.any(~np.isclose(got, want, rtol=rtol, atol=atol), axis=(0, 2))
            step = int(np.argmax(wrong))
            hint = (tr(" Step 0 is the first wrong one: the first step only sees x_0 (h_0 = 0), "
                       "so check kernel, bias and the activation.") if step == 0 else
                    tr(" Step {step} is the first wrong one, after right ones: check how the "
                       "previous state states[0] enters, through recurrent_kernel.", step=step))
        raise GradingError(tr("{where} computes the wrong values: {difference}.{hint}",
                              where=where, difference=first_difference(got, want), hint=hint))


def _fit_changes(student_cls, units, kwargs, shape, x, y, epochs):
    cell = student_cls(units, **dict(kwargs or {}))
    model = Sequential([Input(shape=shape[1:]), reference_layer("RNN")(cell),
                        reference_layer("Dense")(1)])
    model.compile(optimizer="sgd", loss="mse")
    before = [w.numpy().copy() for w in cell.weights]
    model.fit(x, y, epochs=epochs, batch_size=shape[0], verbose=0)
    return [w.name for w, b in zip(cell.weights, before) if np.array_equal(w.numpy(), b)]


def check_cell_training(student_cls, input_shape, units, kwargs=None, seed=0, epochs=3):
    """Through ``RNN(cell, return_sequences=True)`` in float64, the gradients of a weighted sum
    of the outputs with respect to the input and every weight of the cell must equal finite
    differences (a value converted to numpy cuts the path back through earlier steps); and
    ``fit`` of ``Sequential([Input, RNN(cell), Dense(1)])`` must change every weight the
    outputs depend on. Whether the outputs are right is :func:`check_cell_outputs`' business."""
    name = student_cls.__name__
    kwargs = dict(kwargs or {})
    cell = _student_cell(student_cls, units, {**kwargs, "dtype": "float64"})
    layer = run(reference_layer("RNN"), cell, return_sequences=True, dtype="float64",
                what=f"layers.RNN({name}({units}))")
    shape = _sequence_shape(input_shape)
    weights = [w for w in run(_built, layer, shape, f"RNN({name}(...))",
                              what=f"RNN({name}(...)).build({shape})") if w.trainable]
    rng = np.random.default_rng(seed)
    for weight in weights:
        weight.assign(rng.normal(scale=0.5, size=weight.shape))
    x = rng.normal(size=shape)
    analytic, numerical = run(gradient_pairs, layer, [x], weights, False, seed,
                              what=tr("RNN({name}(...)) in float64", name=name))
    names = [tr("input")] + [tr("weight '{w_name}'", w_name=w.name) for w in weights]
    compare_gradients(names, analytic, numerical, name, rtol=1e-4, atol=1e-6)
    needed = {w.name for w, n in zip(weights, numerical[1:]) if not np.allclose(n, 0)}
    y = rng.normal(size=(shape[0], 1)).astype("float32")
    unchanged = [w for w in run(_fit_changes, student_cls, units, kwargs, shape,
                                x.astype("float32"), y, epochs,
                                what=tr("fit on Sequential([Input, RNN({name}(...)), Dense(1)])",
                                        name=name))
                 if w in needed]
    if unchanged:
        raise GradingError(tr("fit did not change the weights {unchanged} of {name}: create them "
                              "with self.add_weight(...) (trainable) and use them in call.",
                              unchanged=unchanged, name=name))


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


_RECURRENT_NAMES = ("rnn", "simple_rnn", "lstm", "gru", "bidirectional")


def _recurrent_layer_names():
    """How many recurrent layers have been given default names (kerasedu's name counters)."""
    return {name: config._name_counts.get(name, 0) for name in _RECURRENT_NAMES}


def _uses_recurrent_layer(function):
    """Whether the code of ``function`` (nested functions included) names a recurrent layer."""
    names = {"RNN", "SimpleRNN", "LSTM", "GRU", "Bidirectional"}
    codes = [getattr(function, "__code__", None)]
    while codes:
        code = codes.pop()
        if code is None:
            continue
        if names & set(code.co_names):
            return True
        codes += [c for c in code.co_consts if hasattr(c, "co_names")]
    return False


def _loop_result(student_fn, cell, sequences, mask, return_sequences, weights, gradient):
    """The student's output (float64), whether it is a Tensor, its gradients with respect to
    the cell's weights (weighted by ``gradient``), and whether a recurrent layer was made."""
    before = _recurrent_layer_names()
    got = student_fn(cell, sequences, mask=mask, return_sequences=return_sequences)
    made_layer = _recurrent_layer_names() != before
    output = values(got)
    if not hasattr(got, "value") or output.shape != gradient.shape:
        return output, type(got).__name__, None, made_layer
    grads = [None if g is None else np.array(g, dtype=float)
             for g in gradients_as_recorded(got, weights, output_gradient=gradient)]
    return output, None, grads, made_layer


def check_rnn_loop(student_fn, layer, units, steps=6, features=3, padding="post",
                   return_sequences=False, seed=0, batch=5, vocabulary=10):
    """``student_fn(cell, sequences, mask=mask, return_sequences=...)`` must give the output of
    ``Sequential([Input(shape=(steps,)), Embedding(vocabulary, features, mask_zero=...),
    layers.<layer>(units, return_sequences=...)])`` on zero-padded token ids, and the same
    gradients with respect to the cell's weights, without making a recurrent layer.

    ``cell`` is a built <layer>Cell holding the layer's (random) weights, ``sequences`` the
    embedded ids (batch, steps, features) and ``mask`` the Embedding's (batch, steps) mask
    (True for a real token): ``padding`` "post" or "pre" puts the zeros at the end or the start
    of each sequence; None gives sequences without padding and mask=None."""
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
    want_tensor = model(tokens)
    want = values(want_tensor)
    gradient = rng.normal(size=want.shape)
    want_grads = gradients_as_recorded(want_tensor, recurrent.trainable_weights, output_gradient=gradient)
    name = getattr(student_fn, "__name__", "rnn_loop")
    mask_text = "None" if mask is None else tr("<{padding}-padding mask>", padding=padding)
    where = tr("{name}({layer}Cell({units}), sequences of shape {shape}, mask={mask}, "
               "return_sequences={return_sequences}) (seed {seed})", name=name, layer=layer,
               units=units, shape=(batch, steps, features), mask=mask_text,
               return_sequences=return_sequences, seed=seed)
    if _uses_recurrent_layer(student_fn):
        raise GradingError(tr("{name} uses a recurrent layer (layers.RNN, SimpleRNN, LSTM, GRU "
                              "or Bidirectional): write the loop over time yourself, calling the "
                              "cell once per step, as the problem asks.", name=name))
    got, not_tensor, got_grads, made_layer = run(
        _loop_result, student_fn, cell, sequences, mask, return_sequences,
        cell.trainable_weights, gradient, what=where,
        not_written=tr("{name} is not written yet (it raised NotImplementedError).", name=name))
    if made_layer:
        raise GradingError(tr("{where} made a recurrent layer: write the loop over time "
                              "yourself, calling the cell once per step, as the problem asks.",
                              where=where))
    if got.shape != want.shape or not np.allclose(got, want, rtol=1e-5, atol=1e-5):
        raise GradingError(tr("{where} returned the wrong values: {difference}; expected "
                              "the output of layers.{layer}({units}, "
                              "return_sequences={return_sequences}) after the Embedding.",
                              where=where, difference=first_difference(got, want),
                              layer=layer, units=units, return_sequences=return_sequences)
                           + _mask_hint(got, want, mask))
    if not_tensor:
        raise GradingError(tr("{where} returned a value of type {not_tensor}, not a kerasedu "
                              "Tensor, so no gradient can reach the cell's weights: build the "
                              "output with ops (ops.where, ops.stack, ...), not numpy.",
                              where=where, not_tensor=not_tensor))
    for variable, g, r in zip(cell.trainable_weights, got_grads, want_grads):
        if g is None or not np.allclose(g, r, rtol=1e-4, atol=1e-5):
            found = tr("no gradient") if g is None else first_difference(g, r)
            raise GradingError(
                tr("The gradient of {where}'s output with respect to the cell's "
                   "'{weight}' is wrong ({found}): compute every step with the cell and "
                   "ops, without numpy, so that training reaches the weights.", where=where,
                   weight=variable.name, found=found))


def _mask_hint(got, want, mask):
    if got.shape != want.shape or mask is None:
        return ""
    keep = values(mask).astype(bool)
    sample = int(np.unravel_index(np.argmax(np.abs(got - want)), got.shape)[0])
    if keep[sample].all():
        return ""
    return tr(" Sample {sample} has padding (its mask is {mask}): on a masked step keep every "
              "state as it was and repeat the previous output (zeros before the first step).",
              sample=sample, mask=keep[sample].astype(int).tolist())
