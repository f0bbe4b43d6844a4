"""Checks of merge layers (problem set 4): layers called on a list of tensors.

* :func:`check_merge_values`: call on a list of random inputs gives the reference's values;
* :func:`check_merge_output_shape`: compute_output_shape on lists of shapes (None batch) gives
  the reference's shape, agrees with call, and a symbolic call on Inputs gives that shape;
* :func:`check_merge_error`: inputs whose shapes cannot be merged raise a ValueError, when the
  model is put together (a symbolic call on Inputs) and on data, whose message names the shapes.
"""

import numpy as np

from .layer_checks import (GradingError, _arguments, _make, _pair, _random_input, check_call,
                           check_compute_output_shape)


def _layer_text(cls, args, kwargs):
    return f"{cls.__name__}({_arguments(args, kwargs)})"


def check_merge_values(student_cls, reference, input_shapes, args=(), kwargs=None, seed=0,
                       rtol=1e-5, atol=1e-6):
    """call on a list of inputs of ``input_shapes`` (None batch) must give the reference's
    values; a merge layer has no weights."""
    kwargs = dict(kwargs or {})
    shapes = [tuple(s) for s in input_shapes]
    student, _ = _pair(student_cls, reference, args, kwargs)
    check_call(student_cls, reference, shapes, args=args, kwargs=kwargs, seed=seed, rtol=rtol,
               atol=atol)
    layer = _make(student_cls, args, kwargs, student_cls.__name__)
    layer(_random_input([tuple(4 if d is None else d for d in s) for s in shapes], seed))
    if layer.weights:
        raise GradingError(f"{_layer_text(student_cls, args, kwargs)} created weights "
                           f"{[w.name for w in layer.weights]}; a merge layer has none.")


def check_merge_output_shape(student_cls, reference, cases, args=(), kwargs=None, seed=0):
    """For each list of input shapes in ``cases``: compute_output_shape must equal the
    reference's, call must return that shape on data, and calling the layer on Inputs of those
    shapes must give a KerasTensor of that shape."""
    from ..layer_machinery.input_layer import Input
    kwargs = dict(kwargs or {})
    cases = [[tuple(s) for s in shapes] for shapes in cases]
    check_compute_output_shape(student_cls, reference, input_shapes=cases, args=args,
                               kwargs=kwargs, seed=seed)
    for shapes in cases:
        student, ref = _pair(student_cls, reference, args, kwargs)
        want = tuple(ref.compute_output_shape(shapes))
        inputs = [Input(batch_shape=s) for s in shapes]
        try:
            output = student(inputs)
        except Exception as error:
            raise GradingError(
                f"{_layer_text(student_cls, args, kwargs)} called on Inputs of shapes {shapes} "
                f"raised {type(error).__name__}: {error}") from error
        if tuple(output.shape) != want:
            raise GradingError(
                f"{_layer_text(student_cls, args, kwargs)} called on Inputs of shapes {shapes} "
                f"gave a KerasTensor of shape {tuple(output.shape)}, expected {want}.")


def _shape_mentions(message, shape):
    shape = tuple(shape)
    forms = {str(shape), str(list(shape)), str(shape[1:]), str(list(shape[1:]))}
    return any(form in message for form in forms)


def _expect_value_error(action, what, shapes):
    try:
        result = action()
    except ValueError as error:
        message = str(error)
        missing = [s for s in shapes if not _shape_mentions(message, s)]
        if missing:
            raise GradingError(
                f"{what} raised ValueError as it should, but the message does not name the "
                f"shape{'s' if len(missing) > 1 else ''} {', '.join(map(str, missing))}. "
                f"Include the input shapes, e.g. f\"... Received input shapes: "
                f"{{input_shape}}\". Your message: {message!r}") from None
        return
    except Exception as error:
        raise GradingError(
            f"{what} raised {type(error).__name__} ({error}); it should raise ValueError "
            f"naming the input shapes.") from error
    shape = getattr(result, "shape", None)
    returned = f"a tensor of shape {tuple(shape)}" if shape is not None else repr(result)
    raise GradingError(
        f"{what} should raise ValueError, because these shapes cannot be merged, but it "
        f"returned {returned}. Check the shapes in build (Keras does), so the mistake shows when "
        f"the model is put together.")


def check_merge_error(student_cls, input_shapes, args=(), kwargs=None, seed=0, reference=None):
    """Inputs of ``input_shapes`` (None batch), which cannot be merged, must raise ValueError
    naming the shapes: when the layer is called on Inputs (model construction), and when it is
    called on data. ``reference``, if given, must raise too (a check of the test itself)."""
    from ..layer_machinery.input_layer import Input
    kwargs = dict(kwargs or {})
    shapes = [tuple(s) for s in input_shapes]
    text = _layer_text(student_cls, args, kwargs)
    if reference is not None:
        _, ref = _pair(student_cls, reference, args, kwargs)
        try:
            ref([Input(batch_shape=s) for s in shapes])
        except ValueError:
            pass
        else:
            raise GradingError(f"The reference {reference} accepts shapes {shapes}: this case "
                               f"is not an error.")
    layer = _make(student_cls, args, kwargs, student_cls.__name__)
    _expect_value_error(lambda: layer([Input(batch_shape=s) for s in shapes]),
                        f"{text} called on Inputs of shapes {shapes}", shapes)
    concrete = [tuple(2 if d is None else d for d in s) for s in shapes]
    layer = _make(student_cls, args, kwargs, student_cls.__name__)
    data = _random_input(concrete, seed)
    _expect_value_error(lambda: layer(data), f"{text} called on arrays of shapes {concrete}",
                        concrete)


def check_single_input_error(student_cls, input_shape, args=(), kwargs=None, seed=0):
    """Calling a merge layer on one tensor (not a list) must raise ValueError."""
    kwargs = dict(kwargs or {})
    text = _layer_text(student_cls, args, kwargs)
    layer = _make(student_cls, args, kwargs, student_cls.__name__)
    x = np.asarray(_random_input(tuple(2 if d is None else d for d in input_shape), seed))
    try:
        result = layer(x)
    except ValueError:
        return
    except Exception as error:
        raise GradingError(
            f"{text} called on a single array of shape {x.shape} raised "
            f"{type(error).__name__} ({error}); it should raise ValueError saying that a "
            f"merge layer takes a list of inputs.") from error
    raise GradingError(
        f"{text} called on a single array of shape {x.shape} (not a list) should raise "
        f"ValueError, but it returned {getattr(result, 'shape', result)}. In build, check that "
        f"input_shape is a list of shapes: isinstance(input_shape[0], (tuple, list)).")
