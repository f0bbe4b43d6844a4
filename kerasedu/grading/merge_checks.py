"""Checks of merge layers (problem set 4): layers called on a list of tensors.

* :func:`check_merge_values`: call on a list of random inputs gives the reference's values;
* :func:`check_merge_output_shape`: compute_output_shape on lists of shapes (None batch) gives
  the reference's shape, and a symbolic call on Inputs gives that shape;
* :func:`check_merge_error`: inputs whose shapes cannot be merged raise a ValueError, when the
  model is put together (a symbolic call on Inputs) and on data, whose message names the shapes;
* :func:`check_single_input_error`: a merge layer called on one tensor raises ValueError.
"""

from ..layer_machinery.input_layer import Input
from .common import GradingError, arguments_text, random_input
from .language import tr
from .layer_checks import check_call, check_compute_output_shape, reference_for
from .reference import reference_layer
from .student import make, run


def _layer_text(cls, args, kwargs):
    return f"{cls.__name__}({arguments_text(args, kwargs)})"


def _names_used(cls):
    """The global and attribute names that the methods of ``cls`` (and the functions nested
    in them) use."""
    codes = [getattr(v, "__code__", None) for klass in cls.__mro__ if klass.__module__ ==
             cls.__module__ for v in vars(klass).values()]
    names = set()
    while codes:
        code = codes.pop()
        if code is not None:
            names.update(code.co_names)
            codes += [c for c in code.co_consts if hasattr(c, "co_names")]
    return names


def check_merge_values(student_cls, reference, input_shapes, args=(), kwargs=None, seed=0,
                       rtol=1e-5, atol=1e-6, forbidden_ops=()):
    """call on a list of inputs of ``input_shapes`` (None batch) must give the reference's
    values, without the ops named in ``forbidden_ops``; a merge layer has no weights."""
    used = sorted(_names_used(student_cls) & set(forbidden_ops)) if isinstance(
        student_cls, type) else []
    if used:
        raise GradingError(tr("{name} uses ops.{used}: write the computation yourself, as the "
                              "problem asks.", name=student_cls.__name__, used=used[0]))
    shapes = [tuple(s) for s in input_shapes]
    check_call(student_cls, reference, shapes, args=args, kwargs=kwargs, seed=seed, rtol=rtol,
               atol=atol)
    data = random_input([tuple(4 if d is None else d for d in s) for s in shapes], seed)
    weights = run(_weights_after_call, student_cls, args, kwargs, data,
                  what=f"{_layer_text(student_cls, args, kwargs)}.call")
    if weights:
        raise GradingError(tr("{layer} created weights {weights}; a merge layer has none.",
                              layer=_layer_text(student_cls, args, kwargs), weights=weights))


def _weights_after_call(student_cls, args, kwargs, data):
    layer = student_cls(*args, **dict(kwargs or {}))
    layer._check_output_shapes = False
    layer(data)
    return [w.name for w in layer.weights]


def check_merge_output_shape(student_cls, reference, cases, args=(), kwargs=None, seed=0):
    """For each list of input shapes in ``cases``: compute_output_shape must equal the
    reference's (as a tuple, or a list as Keras accepts too), and calling the layer on Inputs
    of those shapes must give a KerasTensor of that shape."""
    cases = [[tuple(s) for s in shapes] for shapes in cases]
    check_compute_output_shape(student_cls, reference, input_shapes=cases, args=args,
                               kwargs=kwargs, seed=seed)
    text = _layer_text(student_cls, args, kwargs)
    for shapes in cases:
        ref = reference_for(student_cls, reference, args, kwargs)
        want = tuple(ref.compute_output_shape(shapes))
        got = run(lambda: tuple(student_cls(*args, **dict(kwargs or {}))(
            [Input(batch_shape=s) for s in shapes]).shape),
                  what=tr("{text} called on Inputs of shapes {shapes}", text=text, shapes=shapes))
        if got != want:
            raise GradingError(tr("{text} called on Inputs of shapes {shapes} gave a KerasTensor "
                                  "of shape {got}, expected {want}.", text=text, shapes=shapes,
                                  got=got, want=want))


def _shape_mentions(message, shape):
    shape = tuple(shape)
    forms = {str(shape), str(list(shape)), str(shape[1:]), str(list(shape[1:]))}
    return any(form in message for form in forms)


def _outcome(action):
    """("error", type name, message) or ("result", description): student code."""
    try:
        result = action()
    except Exception as error:
        return ("error", type(error).__name__, str(error))
    shape = getattr(result, "shape", None)
    return ("result", tr("a tensor of shape {shape}", shape=tuple(shape)) if shape is not None
            else repr(result))


def _expect_value_error(action, what, shapes):
    outcome = run(_outcome, action, what=what)
    if outcome[0] == "result":
        raise GradingError(
            tr("{what} should raise ValueError, because these shapes cannot be merged, but it "
               "returned {outcome}. Check the shapes in build (Keras does), so the mistake shows "
               "when the model is put together.", what=what, outcome=outcome[1]))
    _, kind, message = outcome
    if kind != "ValueError":
        raise GradingError(tr("{what} raised {kind} ({message}); it should raise ValueError "
                              "naming the input shapes.", what=what, kind=kind, message=message))
    missing = [s for s in shapes if not _shape_mentions(message, s)]
    if missing:
        raise GradingError(
            tr("{what} raised ValueError as it should, but the message does not name the shape "
               "{missing}. Include the input shapes, e.g. f\"... Received input shapes: "
               "{{input_shape}}\". Your message: {message!r}", what=what, missing=missing[0],
               message=message) if len(missing) == 1 else
            tr("{what} raised ValueError as it should, but the message does not name the shapes "
               "{missing}. Include the input shapes, e.g. f\"... Received input shapes: "
               "{{input_shape}}\". Your message: {message!r}", what=what,
               missing=", ".join(map(str, missing)), message=message))


def check_merge_error(student_cls, input_shapes, args=(), kwargs=None, seed=0, reference=None):
    """Inputs of ``input_shapes`` (None batch), which cannot be merged, must raise ValueError
    naming the shapes: when the layer is called on Inputs (model construction), and when it is
    called on data. ``reference``, if given, must raise too (a check of the test itself)."""
    shapes = [tuple(s) for s in input_shapes]
    text = _layer_text(student_cls, args, kwargs)
    if reference is not None:
        try:
            reference_layer(reference)(*args, **dict(kwargs or {}))(
                [Input(batch_shape=s) for s in shapes])
        except ValueError:
            pass
        else:
            raise ValueError(f"The reference {reference} accepts shapes {shapes}: this case is "
                             f"not an error.")
    layer = make(student_cls, args, kwargs)
    _expect_value_error(lambda: layer([Input(batch_shape=s) for s in shapes]),
                        tr("{text} called on Inputs of shapes {shapes}", text=text,
                           shapes=shapes), shapes)
    concrete = [tuple(2 if d is None else d for d in s) for s in shapes]
    layer = make(student_cls, args, kwargs)
    data = random_input(concrete, seed)
    _expect_value_error(lambda: layer(data), tr("{text} called on arrays of shapes {concrete}",
                                                text=text, concrete=concrete),
                        concrete)


def check_single_input_error(student_cls, input_shape, args=(), kwargs=None, seed=0):
    """Calling a merge layer on one tensor (not a list) must raise ValueError."""
    text = _layer_text(student_cls, args, kwargs)
    layer = make(student_cls, args, kwargs)
    x = random_input(tuple(2 if d is None else d for d in input_shape), seed)
    outcome = run(_outcome, lambda: layer(x),
                  what=tr("{text} called on a single array", text=text))
    if outcome[0] == "result":
        raise GradingError(
            tr("{text} called on a single array of shape {x_shape} (not a list) should raise "
               "ValueError, but it returned {outcome}. In build, check that input_shape is a "
               "list of shapes: isinstance(input_shape[0], (tuple, list)).", text=text,
               x_shape=x.shape, outcome=outcome[1]))
    if outcome[1] != "ValueError":
        raise GradingError(
            tr("{text} called on a single array of shape {x_shape} raised {kind} ({message}); "
               "it should raise ValueError saying that a merge layer takes a list of inputs.",
               text=text, x_shape=x.shape, kind=outcome[1], message=outcome[2]))
