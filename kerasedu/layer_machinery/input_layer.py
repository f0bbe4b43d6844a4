"""InputLayer and Input(): where a functional model's graph starts.

``Input(shape=(32,))`` makes an InputLayer and returns its output, a KerasTensor of shape
(None, 32): the batch size is left open. ``batch_shape=(10, 32)`` fixes it.
"""

import numpy as np

from .keras_tensor import KerasTensor
from .layer import Layer
from .node import Node


class InputLayer(Layer):
    """The layer behind ``Input``: no weights, no computation, one symbolic output.

    Give ``shape`` (one sample's shape) with an optional ``batch_size``, or ``batch_shape``, or
    an existing KerasTensor as ``input_tensor`` (the other arguments, if given, must agree
    with it).
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None,
                 input_tensor=None, name=None, ragged=None, optional=False, **kwargs):
        shape = kwargs.pop("input_shape", shape)
        batch_shape = kwargs.pop("batch_input_shape", batch_shape)
        super().__init__(name=name, dtype=dtype, **kwargs)
        who = f"InputLayer '{self.name}'"
        for flag, value in (("sparse", sparse), ("ragged", ragged), ("optional", optional)):
            if value:
                raise ValueError(
                    f"{who}: `{flag}=True` is not supported: kerasedu's tensors are dense numpy "
                    f"arrays, and every input is required. Give the input a fixed shape.")
        if shape is not None and batch_shape is not None:
            raise ValueError(
                f"{who}: you cannot pass both `shape` and `batch_shape` (received "
                f"shape={shape}, batch_shape={batch_shape}). Use shape= for one sample's shape.")
        if batch_size is not None and batch_shape is not None:
            raise ValueError(
                f"{who}: you cannot pass both `batch_size` and `batch_shape` (received "
                f"batch_size={batch_size}, batch_shape={batch_shape}): batch_shape already "
                f"starts with the batch size.")
        if shape is not None:
            shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
        if input_tensor is not None:
            batch_shape = _check_input_tensor(who, input_tensor, shape, batch_shape, batch_size,
                                              dtype, sparse)
            self.dtype_policy = input_tensor.dtype
        elif shape is not None:
            batch_shape = (batch_size,) + shape
        elif batch_shape is None:
            raise ValueError(
                "You must pass a `shape` argument to Input (the shape of one sample, without "
                "the batch size), e.g. Input(shape=(32,)).")
        batch_shape = tuple(None if d is None else d for d in batch_shape)
        if any(d is not None and (not isinstance(d, (int, np.integer)) or d < 0)
               for d in batch_shape):
            raise ValueError(
                f"{who}: shape entries must be non-negative integers or None, received "
                f"batch_shape={batch_shape}.")
        self._batch_shape = tuple(None if d is None else int(d) for d in batch_shape)
        self.sparse = False
        self.ragged = False
        self.optional = False
        self.built = True
        tensor = input_tensor if input_tensor is not None else KerasTensor(
            self._batch_shape, dtype=self.dtype, name=self.name)
        Node(self, inputs=[], outputs=tensor)

    @property
    def batch_shape(self):
        return self._batch_shape

    def call(self, inputs=None):
        return inputs

    def get_config(self):
        return {"batch_shape": list(self._batch_shape), "dtype": self.dtype,
                "sparse": self.sparse, "ragged": False, "name": self.name, "optional": False}


def _check_input_tensor(who, tensor, shape, batch_shape, batch_size, dtype, sparse):
    """The batch shape of ``tensor``; every argument given besides it must agree with it."""
    if not isinstance(tensor, KerasTensor):
        raise ValueError(
            f"{who}: Argument `input_tensor` must be a KerasTensor (the output of Input() or of "
            f"a layer called on one). Received: {type(tensor).__name__}. To start a model from "
            f"data, pass shape= instead.")
    disagreements = [
        ("shape", shape is not None and tuple(shape) != tensor.shape[1:], shape,
         tensor.shape[1:]),
        ("batch_shape", batch_shape is not None and tuple(batch_shape) != tensor.shape,
         batch_shape, tensor.shape),
        ("batch_size", batch_size is not None and batch_size != tensor.shape[0],
         batch_size, tensor.shape[0]),
        ("dtype", dtype is not None and np.dtype(dtype) != np.dtype(tensor.dtype), dtype,
         tensor.dtype),
        ("sparse", sparse is not None and bool(sparse) != bool(getattr(tensor, "sparse", False)),
         sparse, getattr(tensor, "sparse", False))]
    for name, differs, given, actual in disagreements:
        if differs:
            raise ValueError(
                f"{who}: when providing an `input_tensor`, you cannot provide an incompatible "
                f"`{name}` ({name}={given!r}, while the tensor has {actual!r}). Leave {name} "
                f"out: the tensor gives it.")
    return tensor.shape


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, name=None,
          tensor=None):
    """A symbolic input of ``shape`` (one sample's shape; the batch axis is added as None)."""
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse,
                       batch_shape=batch_shape, name=name, input_tensor=tensor)
    return layer.output
