"""KerasTensor: a symbolic tensor, a placeholder with a shape and dtype but no values.

``Input(shape=(3,))`` returns one, and calling a layer on one returns new ones, recording the
call as a :class:`~kerasedu.layer_machinery.node.Node`. Following ``_keras_history`` back from the
outputs to the inputs gives the layer graph that a functional Model runs.

The batch axis is ``None`` (any size). Python operators (``2 * x + 1``, ``x[:, 0]``, ``~mask``)
and the ops of ``kerasedu.ops`` (``ops.cast(mask, "float32")``) work and add operations to the
graph (see :mod:`kerasedu.layer_machinery.op_recording`); numpy functions need values, which a
KerasTensor does not have: write them with kerasedu.ops, or wrap them in a Lambda layer.
"""

from ..backend.config import unique_object_name


class KerasTensor:
    """Symbolic tensor with ``shape`` (None for unknown sizes), ``dtype`` and ``name``."""

    __array_ufunc__ = None  # `array + x` defers to x.__radd__ instead of converting x

    def __init__(self, shape, dtype="float32", name=None, sparse=False, ragged=False):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = str(dtype)
        self.name = name or unique_object_name("keras_tensor")
        self.sparse = sparse
        self.ragged = ragged
        self._keras_history = None   # (layer, node_index, tensor_index) once a layer made it
        self._keras_mask = None      # its mask, a boolean KerasTensor (see .masking)

    @property
    def ndim(self):
        return len(self.shape)

    def __repr__(self):
        return (f"<KerasTensor shape={self.shape}, dtype={self.dtype}, sparse={self.sparse}, "
                f"name={self.name}>")

    def __array__(self, dtype=None, copy=None):
        raise TypeError(
            f"{self.name} is a symbolic KerasTensor (shape {self.shape}): it has no values, so "
            "numpy cannot compute with it. Use kerasedu.ops (ops.exp(tensor), ...), which "
            "record the computation in the graph, or put it inside a layer: "
            "layers.Lambda(lambda x: ...)(tensor), or a custom Layer's call().")

    def __len__(self):
        if not self.shape or self.shape[0] is None:
            raise TypeError(f"{self.name} has an unknown first dimension: len() is undefined.")
        return self.shape[0]

    def __bool__(self):
        raise TypeError(f"{self.name} is symbolic: it has no truth value.")

    __hash__ = object.__hash__


def is_keras_tensor(x):
    """True for symbolic tensors (the outputs of Input and of layers called on them)."""
    return isinstance(x, KerasTensor)
