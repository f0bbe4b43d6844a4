"""InputLayer and Input(): where a functional model's graph starts.

``Input(shape=(32,))`` makes an InputLayer and returns its output, a KerasTensor of shape
(None, 32): the batch size is left open. ``batch_shape=(10, 32)`` fixes it.
"""

import numpy as np

from .keras_tensor import KerasTensor
from .layer import Layer
from .node import Node


class InputLayer(Layer):
    """The layer behind ``Input``: no weights, no computation, one symbolic output."""

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None,
                 input_tensor=None, name=None, ragged=None, optional=False, **kwargs):
        shape = kwargs.pop("input_shape", shape)
        batch_shape = kwargs.pop("batch_input_shape", batch_shape)
        super().__init__(name=name, dtype=dtype, **kwargs)
        if ragged or optional:
            raise ValueError(
                f"InputLayer '{self.name}': kerasedu has no ragged or optional inputs (received "
                f"ragged={ragged}, optional={optional}); give every input a fixed shape.")
        if shape is not None and batch_shape is not None:
            raise ValueError(
                f"InputLayer '{self.name}': pass either shape= or batch_shape=, not both "
                f"(received shape={shape}, batch_shape={batch_shape}).")
        if batch_shape is None:
            if shape is None:
                raise ValueError(
                    "You must pass a `shape` argument to Input (the shape of one sample, "
                    "without the batch size), e.g. Input(shape=(32,)).")
            shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
            batch_shape = (batch_size,) + shape
        batch_shape = tuple(batch_shape)
        if any(d is not None and (not isinstance(d, (int, np.integer)) or d < 0)
               for d in batch_shape):
            raise ValueError(
                f"InputLayer '{self.name}': shape entries must be non-negative integers or "
                f"None, received batch_shape={batch_shape}.")
        self._batch_shape = batch_shape
        self.sparse = bool(sparse)
        self.built = True
        tensor = input_tensor if input_tensor is not None else KerasTensor(
            batch_shape, dtype=self.dtype, name=self.name)
        Node(self, inputs=[], outputs=tensor)

    @property
    def batch_shape(self):
        return self._batch_shape

    def call(self, inputs):
        return inputs

    def get_config(self):
        return {"batch_shape": list(self._batch_shape), "dtype": self.dtype,
                "sparse": self.sparse, "ragged": False, "name": self.name, "optional": False}


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, name=None,
          tensor=None):
    """A symbolic input of ``shape`` (one sample's shape; the batch axis is added as None)."""
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse,
                       batch_shape=batch_shape, name=name, input_tensor=tensor)
    return layer.output
