"""A layer's bias added in one pass: x + b for x (..., n) and b (n,), channels last.

numpy broadcasts ``b`` with an inner loop of n elements, started once per row; with n small
(the 16 channels of a convolution's bias) those starts cost more than the additions. One loop
over the rows does it in a single pass (``benchmarks/bench_cnn_layers.py`` times the layers).
:func:`bias_add` takes the place of :func:`kerasedu.backend.ops.bias_add` (registered as
"bias_add") for large, C-contiguous float arrays, and hands everything else to it.

Shapes: ``rows`` and ``out`` (R, n), ``vector`` (n,), one float dtype.
"""

import numpy as np

from ..backend import config
from ..backend.autodiff import record, unbroadcast
from ..backend.kernels.registry import kernel
from ..backend.ops import nn
from ..backend.ops._inputs import unpack

# Below this many elements numpy's own broadcasting is as fast: a kernel call's fixed cost
# outweighs the pass it saves.
SMALLEST = 4096


@kernel
def add_row_vector(out, rows, vector):
    """out[r, j] = rows[r, j] + vector[j]; ``out`` is written in place."""
    n = vector.shape[0]
    for r in range(rows.shape[0]):
        for j in range(n):
            out[r, j] = rows[r, j] + vector[j]


@add_row_vector.numpy_twin
def _(out, rows, vector):
    np.add(rows, vector, out=out)


@add_row_vector.examples
def _():
    return [(np.zeros((3, 2), dt), np.ones((3, 2), dt), np.arange(2, dtype=dt))
            for dt in (np.float32, np.float64)]


def _suits(x, bias):
    return (type(x) is np.ndarray and type(bias) is np.ndarray and x.ndim >= 2
            and bias.ndim == 1 and x.dtype == bias.dtype and x.dtype.kind == "f"
            and x.shape[-1] == bias.shape[0] and x.size >= SMALLEST and x.flags.c_contiguous)


def bias_add(x, bias, data_format=None):
    """:func:`kerasedu.backend.ops.bias_add`, by :func:`add_row_vector` where it pays."""
    (a, av), (b, bv) = unpack(x), unpack(bias)
    if config.standardize_data_format(data_format) != "channels_last" or not _suits(av, bv):
        return nn.bias_add.__wrapped__(x, bias, data_format)
    out = np.empty_like(av)
    add_row_vector(out.reshape(-1, bv.shape[0]), av.reshape(-1, bv.shape[0]), bv)
    return record(out, (a, b), lambda g: (g, unbroadcast(g, bv.shape)), "bias_add")
