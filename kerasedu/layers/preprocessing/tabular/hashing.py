"""Hashing: strings or integers to one of ``num_bins`` bins by a fixed hash, with no vocabulary.

    bin(v) = fingerprint64(v) % num_bins                       (salt=None: FarmHash)
    bin(v) = siphash24(v, key=salt) % num_bins                 (salt=(k0, k1) or k: SipHash)

where an integer ``v`` is hashed as its decimal digits (``12`` as ``"12"``), and a float is first
truncated to an integer. The hashes are Keras's (TensorFlow's ``to_hash_bucket_fast`` and
``to_hash_bucket_strong``), so a value lands in the same bin as in Keras. With ``mask_value``,
that value maps to 0 and the others to ``1 + hash % (num_bins - 1)``.

``output_mode``: "int" (int64 bin indices, shape unchanged), "one_hot", "multi_hot" or "count"
(see :mod:`.categorical_outputs`). The hashes themselves are in :mod:`.string_hashes`.
"""

import numbers

import numpy as np

from .categorical_outputs import (as_array, checked_output_mode, encode_categorical,
                                  encoded_shape, refuse_sparse)
from .string_hashes import fingerprint64, siphash24
from .raw_data_layer import RawDataLayer


def hash_text(values, num_bins, salt=None):
    """The bin of each value of an array of strings (``str`` or ``bytes``), as int64."""
    flat = [v.encode("utf-8") if isinstance(v, str) else bytes(v)
            for v in np.ravel(values).tolist()]
    if salt is None:
        bins = [fingerprint64(v) % num_bins for v in flat]
    else:
        bins = [siphash24(v, salt) % num_bins for v in flat]
    return np.asarray(bins, dtype=np.int64).reshape(np.shape(values))


def as_text(values):
    """Values as strings the way Keras hashes them: integers (and truncated floats) as decimal
    digits."""
    values = np.asarray(values)
    if values.dtype.kind == "f":
        values = values.astype(np.int64)
    if values.dtype.kind in "iub":
        return values.astype(np.int64).astype(str)
    return values


class Hashing(RawDataLayer):
    """Hash strings or integers into ``num_bins`` bins."""

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False,
                 **kwargs):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else "float32"
        super().__init__(**kwargs)
        who = f"Layer '{self.name}' (Hashing)"
        if num_bins is None or not isinstance(num_bins, numbers.Integral) or num_bins <= 0:
            raise ValueError(f"{who}: `num_bins` must be a positive integer, the number of "
                             f"bins. Received: num_bins={num_bins}.")
        if output_mode == "int" and self.dtype_policy.name not in ("int32", "int64"):
            raise ValueError(f"{who}: with output_mode='int', `dtype` must be 'int32' or "
                             f"'int64'. Received: dtype={kwargs['dtype']!r}.")
        self.output_mode = checked_output_mode(self, output_mode,
                                               ("int", "one_hot", "multi_hot", "count"))
        refuse_sparse(self, sparse, output_mode)
        self.num_bins = int(num_bins)
        self.mask_value = mask_value
        self.sparse = False
        if salt is None:
            self.salt = None
        elif isinstance(salt, (tuple, list)) and len(salt) == 2 and all(
                isinstance(s, numbers.Integral) for s in salt):
            self.salt = [int(s) for s in salt]
        elif isinstance(salt, numbers.Integral) and not isinstance(salt, bool):
            self.salt = [int(salt), int(salt)]
        else:
            raise ValueError(f"{who}: `salt` must be one integer or a pair of integers (the "
                             f"SipHash key). Received: salt={salt!r}.")
        self.strong_hash = self.salt is not None

    def call(self, inputs):
        values = as_array(inputs)
        if values.dtype.kind not in "iubfUSO":
            raise TypeError(f"Layer '{self.name}' (Hashing) takes strings or integers; "
                            f"received an array of dtype {values.dtype}.")
        if self.output_mode == "one_hot" and values.ndim and values.shape[-1] == 1:
            values = values[..., 0]
        return encode_categorical(self._bins(values), self.output_mode, self.num_bins,
                                  self.compute_dtype)

    def _bins(self, values):
        if self.mask_value is None or self.num_bins == 1:
            return hash_text(as_text(values), self.num_bins, self.salt)
        masked = values == self.mask_value
        bins = hash_text(as_text(values), self.num_bins - 1, self.salt) + 1
        return np.where(masked, 0, bins)

    def compute_output_shape(self, input_shape):
        return encoded_shape(input_shape, self.output_mode, self.num_bins)

    def get_config(self):
        return {**super().get_config(), "num_bins": self.num_bins, "salt": self.salt,
                "mask_value": self.mask_value, "output_mode": self.output_mode,
                "sparse": self.sparse}
