"""Imports every kernel module so that each kernel is registered (used by warm-up and tests)."""

from . import adam, gather, matmul, relu, row_vector, special  # noqa: F401
from . import im2col, patches, pooling_kernels  # noqa: F401  (convolution and pooling)
from . import recurrence, recurrent  # noqa: F401  (SimpleRNN, LSTM and GRU steps; LSTM loops)
