"""Ops given symbolic tensors: recorded in a graph instead of computed.

A symbolic tensor (a KerasTensor: what ``Input()`` returns, and layers called on it) has a
shape and a dtype but no values, so no op can compute with it. Keras 3 records such a call as
an operation of the layer graph, which a model runs later on real data; kerasedu does the
same. The teaching floor knows nothing of graphs: the layer machinery, a floor above, registers
its symbolic tensor class and a *recorder* here when it is imported, and every public op
(``kerasedu.ops.*``) is wrapped by :func:`recordable`:

    ops.not_equal(tokens, 0)    # tokens symbolic: a NotEqual node of the graph, whose output
                                # is a boolean KerasTensor shaped like tokens

The wrapped op first runs as written; only when it fails, and one of its arguments (or an item
of a list of arguments, as in ``ops.concatenate([a, b])``) is symbolic, is the call handed to
the recorder, as ``recorder(op_name, args, kwargs)``. Trying first keeps the path that
computes as fast as before, and is sound because an op needs its arguments' values, which a
symbolic tensor refuses to give. Without a recorder (or without a symbolic argument) the op's
own error is raised unchanged.
"""

import functools

_symbolic = {"type": None, "recorder": None}


def register_recorder(symbolic_type, recorder):
    """Send ops called on instances of ``symbolic_type`` to ``recorder(op_name, args, kwargs)``."""
    _symbolic.update(type=symbolic_type, recorder=recorder)


def has_symbolic_argument(args, kwargs):
    """True when a symbolic tensor is among ``args``/``kwargs`` or their lists, tuples and
    dicts (one level deep, as ops take them)."""
    symbolic_type = _symbolic["type"]
    if symbolic_type is None:
        return False
    for value in (*args, *kwargs.values()):
        if isinstance(value, symbolic_type):
            return True
        items = value.values() if isinstance(value, dict) else value
        if isinstance(value, (list, tuple, dict)) and \
                any(isinstance(item, symbolic_type) for item in items):
            return True
    return False


def recordable(op_name, op):
    """``op``, recorded by the registered recorder when it is called on symbolic tensors (see
    the module docstring); ``op_name`` is its name in ``kerasedu.ops`` (``image.resize`` for
    ``ops.image.resize``)."""

    @functools.wraps(op)
    def run(*args, **kwargs):
        try:
            return op(*args, **kwargs)
        except Exception:
            if _symbolic["recorder"] is None or not has_symbolic_argument(args, kwargs):
                raise
        return _symbolic["recorder"](op_name, args, kwargs)
    return run
