"""IntegerLookup: integer categories to contiguous indices through a vocabulary (see
:mod:`.index_lookup`).

    layer = IntegerLookup(vocabulary=[12, 36, 1138, 42])
    layer([[12, 1138, 42], [42, 1000, 36]])    -> [[1, 3, 4], [4, 0, 2]]   (1000: OOV index 0)

The OOV token is -1 by default and the mask token (``mask_token=0``, say) is optional.
"""

import numpy as np

from .index_lookup import IndexLookup, is_count


class IntegerLookup(IndexLookup):
    """Map integers to indices (or, with invert=True, indices to integers)."""

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1,
                 output_mode="int", sparse=False, pad_to_max_tokens=False, vocabulary=None,
                 vocabulary_dtype="int64", idf_weights=None, invert=False, name=None,
                 **kwargs):
        who = f"IntegerLookup{'' if name is None else ' ' + repr(name)}"
        if vocabulary_dtype != "int64":
            raise ValueError(f"{who}: only vocabulary_dtype='int64' is supported (as in Keras). "
                             f"Received: vocabulary_dtype={vocabulary_dtype!r}.")
        if max_tokens is not None and not is_count(max_tokens, at_least=1):
            raise ValueError(f"{who}: `max_tokens` must be an integer greater than 0. "
                             f"Received: max_tokens={max_tokens!r}. For example "
                             f"max_tokens=1000, or None for no limit.")
        for label, token in (("mask_token", mask_token), ("oov_token", oov_token)):
            if token is not None and not isinstance(token, (int, np.integer)):
                raise ValueError(f"{who}: `{label}` must be an integer or None. Received: "
                                 f"{label}={token!r}.")
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                         mask_token=mask_token, oov_token=oov_token, vocabulary=vocabulary,
                         idf_weights=idf_weights, invert=invert, output_mode=output_mode,
                         pad_to_max_tokens=pad_to_max_tokens, sparse=sparse, name=name,
                         vocabulary_dtype=vocabulary_dtype, **kwargs)
