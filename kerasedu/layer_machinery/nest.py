"""Walking nested structures (lists, tuples, dicts) of tensors, as layer calls pass them."""

from ..backend.tensor import Tensor


def flatten(structure):
    """The leaves of ``structure`` in order (dicts by sorted key, as Keras does)."""
    if isinstance(structure, Tensor):
        return [structure]
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def map_structure(function, structure):
    """The same structure with ``function`` applied to every leaf."""
    if isinstance(structure, Tensor):
        return function(structure)
    if isinstance(structure, dict):
        return {key: map_structure(function, value) for key, value in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(map_structure(function, item) for item in structure)
    return function(structure)


def pack_like(structure, leaves):
    """``structure`` with its leaves replaced, in flatten order, by ``leaves``."""
    iterator = iter(leaves)

    def take(structure):
        if isinstance(structure, dict):
            return {key: take(structure[key]) for key in sorted(structure)}
        if isinstance(structure, (list, tuple)):
            return type(structure)(take(item) for item in structure)
        return next(iterator)
    return take(structure)


def is_nested(structure):
    return isinstance(structure, (list, tuple, dict))
