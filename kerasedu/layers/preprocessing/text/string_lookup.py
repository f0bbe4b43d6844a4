"""StringLookup: strings to integer indices through a vocabulary (see :mod:`.index_lookup`).

    layer = StringLookup(vocabulary=["a", "b", "c"])
    layer([["a", "c"], ["d", "b"]])         -> [[1, 3], [0, 2]]     ("d": the OOV index 0)
    StringLookup(vocabulary=["a", "b", "c"], invert=True)([[1, 3], [0, 2]])
                                            -> [[b"a", b"c"], [b"[UNK]", b"b"]]

Inputs are numpy string arrays (``str``, or ``bytes`` decoded with ``encoding``) of any
shape; inverted outputs are bytes in an object array, as Keras gives them; "int" outputs
have the same shape, the other modes end in the vocabulary size.
"""

from .index_lookup import IndexLookup


class StringLookup(IndexLookup):
    """Map strings to indices (or, with invert=True, indices to strings)."""

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]",
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 pad_to_max_tokens=False, sparse=False, encoding="utf-8", name=None, **kwargs):
        kwargs.pop("vocabulary_dtype", None)
        self.encoding = encoding
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                         mask_token=mask_token, oov_token=oov_token, vocabulary=vocabulary,
                         idf_weights=idf_weights, invert=invert, output_mode=output_mode,
                         pad_to_max_tokens=pad_to_max_tokens, sparse=sparse, name=name,
                         vocabulary_dtype="string", **kwargs)

    def get_config(self):
        config = super().get_config()
        del config["vocabulary_dtype"]
        return {**config, "encoding": self.encoding}
