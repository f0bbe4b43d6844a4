"""What a layer's eager call accepts as inputs, and how it becomes Tensors: in one place.

``layer(x)`` takes a Tensor, a numpy array, a Python number, a (nested) list of numbers, or a
structure of those with one entry per input (a list for ``Concatenate``, a dict by input name
for a functional model):

    Dense(2)([[1.0, 2.0], [3.0, 4.0]])     # a list of numbers is one input, shape (2, 2)
    Concatenate()([x1, x2])                # a list of arrays is a list of inputs

Data a layer cannot compute with is refused before any computation, naming the layer: strings,
None and other Python objects, complex numbers, and lists of rows of different lengths. A layer
that takes such inputs on purpose (text preprocessing) sets ``_convert_input_args = False``, as
in Keras 3, and receives its inputs as they were given.
"""

import numbers

import numpy as np

from ..backend.tensor import Tensor, convert_to_tensor, numeric_array
from . import nest


def convert_call_inputs(layer, inputs):
    """``inputs`` as the same structure of Tensors, checked (see the module docstring)."""
    if not getattr(layer, "_convert_input_args", True) or _takes_text(layer):
        return inputs
    if _is_nested_list_of_numbers(inputs):
        inputs = _checked_array(layer, inputs)
    return nest.map_structure(lambda x: _as_tensor(layer, x), inputs)


def _takes_text(layer):
    """True for a model whose input is text: a ``dtype="string"`` Input, or (Sequential) a
    first layer that takes its inputs as given. The text reaches that layer unchanged."""
    inputs = layer.__dict__.get("inputs") or [layer.__dict__.get("_input_layer")]
    if any(getattr(t, "dtype", None) == "string" for t in nest.flatten(inputs)):
        return True
    first = next(iter(layer.__dict__.get("_layers") or []), None)
    return first is not None and not getattr(first, "_convert_input_args", True)


def _is_nested_list_of_numbers(x):
    """True for ``[[1.0, 2.0], [3.0, 4.0]]``-like lists: data, not a list of inputs. Lists
    whose items are scalars of another kind (``[[1.0, None]]``, ``[["a", "b"]]``) are data
    too, which the check then refuses by name."""
    leaves = _scalar_leaves(x)
    return bool(leaves) and any(isinstance(leaf, (numbers.Number, str, bytes))
                                for leaf in leaves)


def _scalar_leaves(x):
    """The items of nested lists ``x`` when every one is a Python scalar (a number, a string,
    None), else None."""
    if not isinstance(x, (list, tuple)) or not x:
        return None
    leaves = []
    for item in x:
        if isinstance(item, (list, tuple)):
            inner = _scalar_leaves(item)
            if inner is None:
                return None
            leaves += inner
        elif item is None or isinstance(item, (numbers.Number, str, bytes)):
            leaves.append(item)
        else:
            return None
    return leaves


def _checked_array(layer, x):
    return numeric_array(x, f"layer '{layer.name}' ({type(layer).__name__})")


def _as_tensor(layer, x):
    if isinstance(x, Tensor):
        return x
    if x is None:
        return x
    if isinstance(x, np.ndarray) and x.dtype.kind in "biuf":
        return convert_to_tensor(x)
    return convert_to_tensor(_checked_array(layer, x))
