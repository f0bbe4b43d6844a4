"""The embedding lookup: rows of a table picked by integer indices, and its gradient.

    forward    out[..., :] = embeddings[indices[...], :]        a gather
    backward   d_embeddings[v, :] = Σ over positions p with indices[p] = v of d_out[p, :]

The backward pass is a scatter-add: a word that appears five times in the batch receives the
sum of five gradient rows; words that do not appear receive zeros. Both directions are numba
kernels (:mod:`kerasedu.backend.kernels.gather`).
"""

import numpy as np

from ..autodiff import record
from ..kernels.gather import gather_rows, scatter_add_rows
from ._inputs import unpack


def embedding_lookup(embeddings, indices):
    """``embeddings[indices]``: (V, D) table, integer indices of any shape -> (*indices.shape, D).

    Indices must lie in [0, V); anything else is an error (numpy would wrap negative ones).
    """
    table_tensor, table = unpack(embeddings)
    table = np.ascontiguousarray(table)
    if table.ndim != 2:
        raise ValueError(f"embedding_lookup needs a 2-D table (input_dim, output_dim); received "
                         f"shape {table.shape}.")
    index_values = np.asarray(getattr(indices, "value", indices))
    if index_values.dtype.kind == "f":
        if not np.all(index_values == np.round(index_values)):
            raise ValueError("embedding_lookup: indices must be whole numbers; received "
                             f"non-integer values such as {index_values.ravel()[:3]}.")
    elif index_values.dtype.kind not in "iub":
        raise TypeError(f"embedding_lookup needs integer indices, received dtype "
                        f"{index_values.dtype}.")
    flat = np.ascontiguousarray(index_values.reshape(-1), dtype=np.int64)
    vocabulary, width = table.shape
    if flat.size and (flat.min() < 0 or flat.max() >= vocabulary):
        bad = flat[(flat < 0) | (flat >= vocabulary)][0]
        raise ValueError(
            f"embedding_lookup: index {bad} is out of range for a table of {vocabulary} rows "
            f"(valid indices are 0 to {vocabulary - 1}). Make input_dim larger than the "
            f"largest index (the vocabulary size + 1 when 0 is reserved for padding).")
    out = np.empty((flat.size, width), dtype=table.dtype)
    gather_rows(out, table, flat)

    def backward(g):
        grad = np.zeros(table.shape, dtype=g.dtype)
        scatter_add_rows(grad, flat, np.ascontiguousarray(g.reshape(flat.size, width)))
        return (grad,)
    return record(out.reshape(index_values.shape + (width,)), (table_tensor,), backward,
                  "embedding_lookup")
