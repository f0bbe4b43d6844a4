"""HashedCrossing: the cross of two or more categorical features, hashed into ``num_bins`` bins.

For each sample, with features ``f_1 .. f_n`` (strings or integers):

    h = 0xDECAFCAFFE;   h = fingerprint_cat64(h, hash(f_i)) for i = 1..n;   bin = h % num_bins

where ``hash(f)`` is ``fingerprint64(f)`` for a string and the integer itself for an integer:
Keras's (TensorFlow's ``sparse.cross_hashed``) hash, so a pair lands in the same bin. The bin
depends on the order of the inputs.

Inputs: a list of at least two arrays of the same shape, ``()``, ``(batch,)`` or
``(batch, 1)``. ``output_mode``: "int" (int64 bins, that shape) or "one_hot".
"""

import numpy as np

from .categorical_outputs import (as_array, checked_output_mode, encode_categorical,
                                  encoded_shape, one_input, refuse_sparse)
from .string_hashes import MASK, fingerprint64, fingerprint_cat64
from .raw_data_layer import RawDataLayer

CROSS_SEED = 0xDECAFCAFFE


def _feature_hashes(values):
    if values.dtype.kind in "iub":
        return [int(v) & MASK for v in values.astype(np.int64).tolist()]
    return [fingerprint64(v if isinstance(v, bytes) else str(v).encode("utf-8"))
            for v in values.tolist()]


class HashedCrossing(RawDataLayer):
    """Cross categorical features, hashing each combination into ``num_bins`` bins."""

    def __init__(self, num_bins, output_mode="int", sparse=False, name=None, dtype=None,
                 **kwargs):
        if output_mode == "int" and dtype is None:
            dtype = "int64"
        super().__init__(name=name, dtype=dtype, **kwargs)
        refuse_sparse(self, sparse, "one_hot")
        self.output_mode = checked_output_mode(self, output_mode, ("int", "one_hot"))
        self.num_bins = num_bins
        self.sparse = False

    def __call__(self, inputs, *args, **kwargs):
        if isinstance(inputs, (list, tuple)):
            inputs = [one_input(x) for x in inputs]
        return super().__call__(inputs, *args, **kwargs)

    def call(self, inputs):
        who = f"Layer '{self.name}' (HashedCrossing)"
        if not isinstance(inputs, (list, tuple)) or len(inputs) < 2:
            raise ValueError(f"{who} takes a list of at least two inputs (the features to "
                             f"cross). Received: inputs={inputs!r}.")
        features = [as_array(x) for x in inputs]
        shape = features[0].shape
        if len(shape) > 2 or (len(shape) == 2 and shape[-1] != 1):
            raise ValueError(f"{who}: every input must have shape (), (batch_size,) or "
                             f"(batch_size, 1): one value per sample. Received shape {shape}.")
        if any(f.shape != shape for f in features[1:]):
            raise ValueError(f"{who}: all inputs must have the same shape. Received shapes "
                             f"{[f.shape for f in features]}.")
        if any(f.dtype.kind not in "iubUSO" for f in features):
            raise ValueError(f"{who}: the inputs must be integers or strings. Received "
                             f"dtypes {[str(f.dtype) for f in features]}.")
        columns = [_feature_hashes(f.reshape(-1)) for f in features]
        bins = []
        for row in zip(*columns):
            crossed = CROSS_SEED
            for value in row:
                crossed = fingerprint_cat64(crossed, value)
            bins.append(crossed % self.num_bins)
        indices = np.asarray(bins, dtype=np.int64).reshape(shape)
        return encode_categorical(indices, self.output_mode, self.num_bins, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) < 2 or \
                not all(isinstance(s, tuple) for s in input_shape):
            raise ValueError(f"Layer '{self.name}' (HashedCrossing) expects a list of at "
                             f"least two input shapes. Received: input_shape={input_shape}.")
        if any(s[-1:] != input_shape[0][-1:] for s in input_shape[1:]):
            raise ValueError(f"Layer '{self.name}' (HashedCrossing) expects inputs of equal "
                             f"shapes. Received: input_shape={input_shape}.")
        return encoded_shape(input_shape[0], self.output_mode, self.num_bins)

    def get_config(self):
        base = super().get_config()        # Keras's keys: no "trainable"
        return {"num_bins": self.num_bins, "output_mode": self.output_mode,
                "sparse": self.sparse, "name": base["name"], "dtype": base["dtype"]}
