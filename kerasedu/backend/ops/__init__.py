"""The differentiable ops layers are written in, under their Keras 3 names (``kerasedu.ops``).

Every op takes Tensors, numpy arrays or Python numbers, returns a Tensor, and records how to
differentiate itself (see :mod:`kerasedu.backend.autodiff`).
"""

from inspect import isfunction as _isfunction

from ..autodiff import stop_gradient
from ..quiet import quietly as _quietly
from ..tensor import convert_to_tensor, is_tensor
from .conv import conv, conv_transpose, depthwise_conv, extract_patches, separable_conv
from .compare import (equal, greater, greater_equal, isfinite, isnan, less, less_equal,
                      logical_and, logical_not, logical_or, not_equal)
from .embedding import embedding_lookup
from .crossentropy import (binary_crossentropy, categorical_crossentropy,
                           sparse_categorical_crossentropy)
from .creation import arange, eye, full, ones, ones_like, zeros, zeros_like
from .linalg import batch_dot, dot, matmul, tensordot
from .math import (abs, absolute, add, cast, ceil, clip, cos, divide, erf, exp, expm1, floor,
                   log, log1p, maximum, minimum, multiply, negative, power, reciprocal, round,
                   sign, sin, sqrt, square, subtract, tanh, where)
from .pooling import average_pool, max_pool
from .one_hot import one_hot
from .nn import (bias_add, elu, exponential, gelu, hard_sigmoid, hard_silu, leaky_relu, linear,
                 log_softmax, relu, relu6, selu, sigmoid, silu, softmax, softplus, softsign,
                 swish)
from .random import SeedGenerator, dropout
from .recurrent import gru_sequence, lstm_sequence, simple_rnn_sequence
from .reduction import (all, any, argmax, argmin, cumsum, logsumexp, max, mean, min, prod, std,
                        sum, var)
from .shape import (broadcast_to, concatenate, expand_dims, flatten, flip, gather, getitem,
                    moveaxis, ndim, pad, repeat, reshape, shape, split, squeeze, stack,
                    swapaxes, take, tile, transpose)
from . import random

true_divide = divide

# NaN and inf are values, not warnings: every op runs with numpy's floating-point warnings off
# (see kerasedu.backend.quiet), whichever module it comes from.
for _name, _op in list(globals().items()):
    if _isfunction(_op) and not _name.startswith("_"):
        globals()[_name] = _quietly(_op)
del _name, _op
