"""Row gather and its adjoint, scatter-add: the forward and backward passes of an embedding lookup.

Shapes: ``table`` is (V, D), ``indices`` is a flat int64 array of length N, rows are (N, D).

* gather_rows:      out[n, :] = table[indices[n], :]
* scatter_add_rows: out[indices[n], :] += rows[n, :]   (repeated indices accumulate)
"""

import numpy as np

from .registry import kernel


@kernel
def gather_rows(out, table, indices):
    """out[n, :] = table[indices[n], :] for every n; ``out`` is (N, D) and is written in place."""
    for n in range(indices.shape[0]):
        row = indices[n]
        for d in range(table.shape[1]):
            out[n, d] = table[row, d]


@gather_rows.numpy_twin
def _(out, table, indices):
    np.take(table, indices, axis=0, out=out)


@gather_rows.examples
def _():
    return [(np.zeros((3, 2), dt), np.ones((4, 2), dt), np.array([0, 3, 3], np.int64))
            for dt in (np.float32, np.float64)]


@kernel
def scatter_add_rows(out, indices, rows):
    """out[indices[n], :] += rows[n, :] for every n, accumulating repeated indices."""
    for n in range(indices.shape[0]):
        row = indices[n]
        for d in range(rows.shape[1]):
            out[row, d] += rows[n, d]


@scatter_add_rows.numpy_twin
def _(out, indices, rows):
    np.add.at(out, indices, rows)


@scatter_add_rows.examples
def _():
    return [(np.zeros((4, 2), dt), np.array([0, 3, 3], np.int64), np.ones((3, 2), dt))
            for dt in (np.float32, np.float64)]
