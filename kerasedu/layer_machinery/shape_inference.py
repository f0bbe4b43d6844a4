"""Output shapes without data: from compute_output_shape, or by tracing call.

A symbolic call (on KerasTensors) needs the output shape. A layer that implements
``compute_output_shape`` answers directly. Otherwise the layer is *traced*: call runs twice on
small arrays of ones, with the unknown sizes (None) filled in differently each time; any output
axis whose size changes between the two runs depends on an unknown input size and is None.
The layer's weights are restored afterwards, so tracing leaves no trace in its state. The
outputs of an op recorded in the graph (:mod:`.operation_layer`), and of a ``compute_mask`` that
cannot run on symbolic tensors (:mod:`.computed_mask`), are found the same way, dtypes included.

Eager calls are checked the other way round: when a layer implements compute_output_shape, what
call returned must have that shape, or the error says which method to fix.
"""

import numpy as np

from ..backend.autodiff import no_grad
from ..backend.tensor import Tensor
from . import nest
from .keras_tensor import KerasTensor
from .shapes import shape_leaves, shape_structure


def _placeholder(tensor, fill):
    shape = tuple(fill if d is None else d for d in tensor.shape)
    dtype = np.dtype(tensor.dtype)
    return Tensor(np.ones(shape, dtype=dtype))


def _concrete(structure, fill):
    """``structure`` with each KerasTensor replaced by ones of its shape (None sizes: fill)."""
    return nest.map_structure(
        lambda t: _placeholder(t, fill) if isinstance(t, KerasTensor) else t, structure)


def _trace_twice(function, args, kwargs, weights):
    """(what the first run returned, [leaf shapes, leaf dtypes] of each run) for
    ``function(*args, **kwargs)`` run with the KerasTensors' unknown sizes filled with 2, then
    3; the values of ``weights`` are put back afterwards."""
    structures, runs = [], []
    saved = [(variable, variable.value) for variable in weights]
    try:
        for fill in (2, 3):
            concrete_args = _concrete(list(args), fill)
            concrete_kwargs = {k: _concrete(v, fill) for k, v in (kwargs or {}).items()}
            with no_grad(), np.errstate(all="ignore"):
                outputs = function(*concrete_args, **concrete_kwargs)
            structures.append(outputs)
            values = [None if o is None else np.asarray(getattr(o, "value", o))
                      for o in nest.flatten(outputs)]
            runs.append(([None if v is None else v.shape for v in values],
                         [None if v is None else v.dtype.name for v in values]))
    finally:
        for variable, value in saved:
            variable.value = value
    return structures[0], runs


def _merged_shapes(runs):
    """Each leaf's shape, with None on the axes whose size differed between the two runs."""
    (first, _), (second, _) = runs
    return [None if a is None else tuple(x if x == y else None for x, y in zip(a, b))
            for a, b in zip(first, second)]


def trace_function_shapes(function, args, kwargs=None, weights=()):
    """The shapes of what ``function(*args, **kwargs)`` returns when the KerasTensors in its
    arguments are given values: run twice, with the unknown sizes filled in differently;
    an axis whose size changes is None. None outputs stay None. The values of ``weights`` are
    put back afterwards (tracing must not change state such as moving means or counters)."""
    structure, runs = _trace_twice(function, args, kwargs, weights)
    return nest.pack_like(structure, _merged_shapes(runs))


def trace_function_outputs(function, args, kwargs=None):
    """What ``function(*args, **kwargs)`` returns, as KerasTensors of the traced shapes (see
    :func:`trace_function_shapes`) and of the dtypes the values had (None outputs stay None)."""
    structure, runs = _trace_twice(function, args, kwargs, ())
    dtypes = runs[0][1]
    outputs = [None if shape is None else KerasTensor(shape, dtype=dtype)
               for shape, dtype in zip(_merged_shapes(runs), dtypes)]
    return nest.pack_like(structure, outputs)


def trace_output_shapes(layer, inputs, kwargs, extra=()):
    """Output shapes of ``layer.call`` on KerasTensors ``inputs``, found by running it twice."""
    return trace_function_shapes(layer.call, (inputs, *extra), kwargs, weights=layer.variables)


def check_call_shape(layer, input_shapes, outputs):
    """Raise when ``outputs`` (what call returned) disagree with compute_output_shape."""
    try:
        expected = layer.compute_output_shape(input_shapes)
    except NotImplementedError:
        return
    actual = shape_structure(outputs) if not isinstance(outputs, Tensor) else tuple(outputs.shape)
    for want, got in zip(shape_leaves(expected), shape_leaves(actual)):
        want = tuple(want)
        if len(want) != len(got) or any(w is not None and w != g for w, g in zip(want, got)):
            raise ValueError(
                f"Layer '{layer.name}' ({type(layer).__name__}): compute_output_shape and call "
                f"disagree for input shape {input_shapes}. compute_output_shape returned "
                f"{_shape_text(expected)}, but call returned a tensor of shape {got}. "
                f"Fix {type(layer).__name__}.compute_output_shape so that it describes what "
                f"call returns (or fix call, if the shape it returns is the wrong one).")


def _shape_text(shapes):
    leaves = shape_leaves(shapes)
    return str(leaves[0]) if len(leaves) == 1 else str(leaves)
