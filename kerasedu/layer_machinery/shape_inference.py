"""Output shapes without data: from compute_output_shape, or by tracing call.

A symbolic call (on KerasTensors) needs the output shape. A layer that implements
``compute_output_shape`` answers directly. Otherwise the layer is *traced*: call runs twice on
small arrays of ones, with the unknown sizes (None) filled in differently each time; any output
axis whose size changes between the two runs depends on an unknown input size and is None.
The layer's weights are restored afterwards, so tracing leaves no trace in its state.

Eager calls are checked the other way round: when a layer implements compute_output_shape, what
call returned must have that shape, or the error says which method to fix.
"""

import numpy as np

from ..backend.autodiff import no_grad
from ..backend.tensor import Tensor
from . import nest
from .shapes import shape_leaves, shape_structure


def _placeholder(tensor, fill):
    shape = tuple(fill if d is None else d for d in tensor.shape)
    dtype = np.dtype(tensor.dtype)
    return Tensor(np.ones(shape, dtype=dtype))


def trace_output_shapes(layer, inputs, kwargs, extra=()):
    """Output shapes of ``layer.call`` on KerasTensors ``inputs``, found by running it twice."""
    structures, leaf_shapes = [], []
    saved = [(variable, variable.value) for variable in layer.weights]
    for fill in (2, 3):
        concrete = nest.map_structure(
            lambda t: _placeholder(t, fill) if hasattr(t, "_keras_history") else t, inputs)
        concrete_extra = nest.map_structure(
            lambda t: _placeholder(t, fill) if hasattr(t, "_keras_history") else t, extra)
        with no_grad(), np.errstate(all="ignore"):
            outputs = layer.call(concrete, *concrete_extra, **kwargs)
        structures.append(outputs)
        leaf_shapes.append([tuple(np.shape(getattr(o, "value", o))) for o in nest.flatten(outputs)])
    for variable, value in saved:   # tracing must not change state (moving means, counters)
        variable.value = value
    merged = [tuple(a if a == b else None for a, b in zip(first, second))
              for first, second in zip(*leaf_shapes)]
    return nest.pack_like(structures[0], merged)


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
