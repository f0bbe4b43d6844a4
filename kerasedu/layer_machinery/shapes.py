"""Shapes and structures of shapes, as layers pass them around.

A shape is a tuple (or list) of sizes, ``None`` for a size that is not known yet: ``(None, 4)``
is a batch of 4-vectors. A layer with several inputs sees a *structure* of shapes: a list
``[(None, 4), (None, 3)]`` or a dict ``{"a": (None, 4)}``, nested as its inputs are.

    is_shape((None, 4))                     -> True
    is_shape([(None, 4), (None, 3)])        -> False (a list of two shapes)
    shape_leaves([(None, 4), [(2,), (3,)]]) -> [(None, 4), (2,), (3,)]
    shape_to_json / shape_from_json         tuples <-> JSON lists, for build configs
"""

import numbers

from . import nest


def is_shape(value):
    """True for one shape: a tuple or list whose entries are sizes (integers) or None."""
    return isinstance(value, (tuple, list)) and all(
        d is None or isinstance(d, numbers.Integral) for d in value)


def shape_structure(inputs):
    """The shapes of ``inputs``: a tuple for one tensor, a list (or dict) for several; an
    input given as None (an optional one left out) has the shape None."""
    return nest.map_structure(lambda t: None if t is None else tuple(t.shape), inputs)


def shape_leaves(shapes):
    """The individual shapes in a shape structure (a tuple is one shape, lists hold several)."""
    if isinstance(shapes, dict):
        return [leaf for k in sorted(shapes) for leaf in shape_leaves(shapes[k])]
    if is_shape(shapes) and (isinstance(shapes, tuple) or shapes):
        return [tuple(shapes)]   # a list of sizes is one shape too, as Keras reads it
    return [leaf for s in shapes for leaf in shape_leaves(s)]


def map_shapes(function, shapes):
    """The same structure of shapes with ``function`` applied to each shape."""
    if is_shape(shapes):
        return function(shapes)
    if isinstance(shapes, dict):
        return {k: map_shapes(function, v) for k, v in shapes.items()}
    return [map_shapes(function, s) for s in shapes]


def shape_to_json(shapes):
    """A structure of shapes as JSON data (each shape a list)."""
    return map_shapes(list, shapes)


def shape_from_json(shapes):
    """A structure of shapes read back from JSON (each shape a tuple)."""
    return map_shapes(tuple, shapes)
