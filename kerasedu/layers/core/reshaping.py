"""Layers that only rearrange values: Flatten, Reshape, Permute, RepeatVector.

Shapes (batch axis first, unchanged):
    Flatten:         (N, d1, d2, ...) -> (N, d1·d2·...)     (N,) -> (N, 1)
    Reshape(t):      (N, ...)         -> (N, *t)            one entry of t may be -1
    Permute(dims):   (N, d1, d2, d3)  -> (N, d[dims[0]], ...)   dims count from 1
    RepeatVector(n): (N, d)           -> (N, n, d)
"""

import numpy as np

from ...backend import config, ops
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from ..validation import positive_int


def _product(dims):
    return None if any(d is None for d in dims) else int(np.prod(dims, dtype=int))


class Flatten(Layer):
    """Flatten every axis but the batch axis into one."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs):
        if self.data_format == "channels_first" and inputs.ndim > 2:
            inputs = ops.transpose(inputs, (0, *range(2, inputs.ndim), 1))
        return ops.reshape(inputs, (inputs.shape[0], _product(inputs.shape[1:])))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], _product(input_shape[1:]) if len(input_shape) > 1 else 1)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


class Reshape(Layer):
    """Give each sample the shape ``target_shape`` (one entry may be -1, inferred)."""

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(int(d) for d in target_shape)
        if sum(d == -1 for d in self.target_shape) > 1 or any(
                d < -1 or d == 0 for d in self.target_shape):
            raise ValueError(
                f"Reshape: target_shape must hold positive sizes and at most one -1. "
                f"Received: target_shape={target_shape}")

    def _resolved(self, input_shape):
        size = _product(input_shape[1:])
        known = int(np.prod([d for d in self.target_shape if d != -1], dtype=int))
        if -1 not in self.target_shape:
            if size is not None and size != known:
                raise self._mismatch(input_shape)
            return self.target_shape
        if size is None:
            return tuple(None if d == -1 else d for d in self.target_shape)
        if size % known:
            raise self._mismatch(input_shape)
        return tuple(size // known if d == -1 else d for d in self.target_shape)

    def _mismatch(self, input_shape):
        return ValueError(
            f"Layer '{self.name}': cannot reshape input of shape {tuple(input_shape)} "
            f"({_product(input_shape[1:])} values per sample) into target_shape "
            f"{self.target_shape}. The product of the target sizes must equal the number of "
            f"values per sample.")

    def call(self, inputs):
        return ops.reshape(inputs, (inputs.shape[0],) + self._resolved(inputs.shape))

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self._resolved(input_shape)

    def get_config(self):
        return {**super().get_config(), "target_shape": list(self.target_shape)}


class Permute(Layer):
    """Reorder the non-batch axes: ``Permute((2, 1))`` swaps the two axes of (N, a, b)."""

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(int(d) for d in dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(
                f"Invalid permutation argument `dims` for Permute Layer. The set of indices in "
                f"`dims` must be consecutive and start from 1. Received dims={dims}")
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs):
        return ops.transpose(inputs, (0,) + self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self):
        return {**super().get_config(), "dims": list(self.dims)}


class RepeatVector(Layer):
    """Repeat each (N, d) sample ``n`` times: (N, n, d)."""

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = positive_int(n, "n")
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        return ops.tile(ops.expand_dims(inputs, 1), (1, self.n, 1))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self):
        return {**super().get_config(), "n": self.n}
