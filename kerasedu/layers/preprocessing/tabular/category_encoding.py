"""CategoryEncoding: integer categories in [0, num_tokens) as one-hot, multi-hot or count vectors.

    CategoryEncoding(4, output_mode="one_hot")([3, 0])      -> [[0, 0, 0, 1], [1, 0, 0, 0]]
    CategoryEncoding(4, output_mode="multi_hot")([[0, 1], [3, 3]])
                                                            -> [[1, 1, 0, 0], [0, 0, 0, 1]]
    CategoryEncoding(4, output_mode="count")([[0, 1, 1]])   -> [[1, 2, 0, 0]]

``count_weights`` (same shape as the inputs, ``count`` mode only) adds each value's weight
instead of 1. Shapes: (batch, values) -> (batch, num_tokens); one_hot of (batch,) or (batch, 1)
-> (batch, num_tokens); a rank-1 input is one sample (-> (num_tokens,)) in multi_hot and count.
The formulas are in :mod:`.categorical_outputs`.
"""

import numpy as np

from ...validation import positive_int
from .categorical_outputs import (as_array, checked_output_mode, encode_categorical,
                                  encoded_shape, refuse_sparse)
from .raw_data_layer import RawDataLayer


class CategoryEncoding(RawDataLayer):
    """Encode integer categories as one-hot, multi-hot or count vectors."""

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":          # Keras 2's name for multi_hot
            output_mode = "multi_hot"
        self.output_mode = checked_output_mode(self, output_mode,
                                               ("count", "one_hot", "multi_hot"))
        if num_tokens is None:
            raise ValueError(
                f"Layer '{self.name}' (CategoryEncoding): `num_tokens` must be set: the "
                f"number of categories, one more than the largest index. Received: "
                f"num_tokens=None. When the categories are not known beforehand, use "
                f"IntegerLookup, which learns them with adapt().")
        self.num_tokens = positive_int(num_tokens, "num_tokens", self)
        refuse_sparse(self, sparse, "one_hot")
        self.sparse = False

    def call(self, inputs, count_weights=None):
        indices = as_array(inputs)
        if indices.dtype.kind not in "iub" and not (
                indices.dtype.kind == "f" and np.all(np.mod(indices, 1) == 0)):
            raise TypeError(
                f"Layer '{self.name}' (CategoryEncoding) takes integer category indices; "
                f"received an array of dtype {indices.dtype}. Map the values to indices "
                f"first (StringLookup, IntegerLookup or Hashing).")
        indices = indices.astype(np.int64)
        if indices.size and (indices.min() < 0 or indices.max() >= self.num_tokens):
            raise ValueError(
                f"Layer '{self.name}' (CategoryEncoding) takes indices in [0, "
                f"{self.num_tokens}) (num_tokens={self.num_tokens}); received values from "
                f"{indices.min()} to {indices.max()}. Raise num_tokens, or map the values "
                f"into range first.")
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError(
                    f"Layer '{self.name}' (CategoryEncoding): `count_weights` is used only "
                    f"with output_mode='count'; this layer's is {self.output_mode!r}. "
                    f"Received count_weights={count_weights}.")
            count_weights = as_array(count_weights).astype(self.compute_dtype)
        return self._encode(indices, count_weights)

    def _encode(self, indices, count_weights=None):
        return encode_categorical(as_array(indices), self.output_mode, self.num_tokens,
                                  self.compute_dtype, count_weights=count_weights)

    def compute_output_shape(self, input_shape):
        return encoded_shape(input_shape, self.output_mode, self.num_tokens)

    def get_config(self):
        return {**super().get_config(), "num_tokens": self.num_tokens,
                "output_mode": self.output_mode, "sparse": self.sparse}
