"""The differentiable ops layers are written in, under their Keras 3 names (``kerasedu.ops``).

Every op takes Tensors, numpy arrays or Python numbers, returns a Tensor, and records how to
differentiate itself (see :mod:`kerasedu.backend.autodiff`). Ops whose results are integers,
booleans or steps are marked ``op.differentiable = False`` and record nothing. The few whose
float results kerasedu cannot differentiate (complex results, histogram's edges, unique,
nextafter, ctc_decode's scores) raise an error naming them when a gradient is asked through
those results, rather than cutting it silently.
"""

from inspect import isfunction as _isfunction

from ..quiet import quietly as _quietly
from ..symbolic_calls import recordable as _recordable
from ..tensor import is_tensor
from .adaptive_pooling import adaptive_average_pool, adaptive_max_pool
from .arrangement import (append, array_split, dsplit, dstack, fliplr, flipud, hsplit, hstack,
                          meshgrid, ravel, roll, rot90, size, unstack, view, vsplit, vstack)
from .compare import (allclose, equal, greater, greater_equal, isclose, isfinite, isin, isnan,
                      less, less_equal, logical_and, logical_not, logical_or, logical_xor,
                      not_equal)
from .complex_numbers import (angle, conj, conjugate, imag, isreal, polar, real, view_as_complex,
                              view_as_real)
from .attention import dot_product_attention
from .blocks import depth_to_space, fold, space_to_depth, unfold
from .control_flow import (associative_scan, cond, fori_loop, map, scan, switch, vectorize,
                           vectorized_map, while_loop)
from .conv import conv, conv_transpose, depthwise_conv, extract_patches, separable_conv
from .creation import (arange, array, copy, empty, empty_like, eye, full, full_like, geomspace,
                       identity, linspace, logspace, ones, ones_like, zeros, zeros_like)
from .core import convert_to_numpy, convert_to_tensor, stop_gradient
from .ctc import ctc_decode, ctc_loss
from .custom_gradients import custom_gradient, jvp
from .crossentropy import (binary_crossentropy, categorical_crossentropy,
                           sparse_categorical_crossentropy)
from .differences import correlate, diff, trapezoid
from .dtypes import dtype, result_type, saturate_cast
from .einsum import einsum
from .embedding import embedding_lookup
from .encoding import multi_hot, one_hot
from .fft import fft, fft2, ifft2, irfft, rfft
from .exponents import cbrt, exp2, ldexp, log10, log2, logaddexp, logaddexp2, rsqrt
from .indexing import (get_item, nonzero, scatter, scatter_update, select, slice, slice_update,
                       take_along_axis, unravel_index)
from .integer_ops import (bitwise_and, bitwise_invert, bitwise_left_shift, bitwise_not,
                          bitwise_or, bitwise_right_shift, bitwise_xor, gcd, lcm, left_shift,
                          right_shift)
from .linalg import batch_dot, dot, matmul, tensordot
from .linalg_decompositions import cholesky, eig, eigh, lu_factor, qr, svd
from .linalg_solve import (cholesky_inverse, det, inv, logdet, lstsq, matrix_rank, pinv, slogdet,
                           solve, solve_triangular)
from .math import (abs, absolute, add, cast, ceil, clip, cos, divide, erf, exp, expm1, fabs, floor,
                   log, log1p, maximum, minimum, multiply, negative, power, reciprocal, sign,
                   sin, sqrt, square, subtract, tanh, where)
from .matrices import (cross, diag, diagflat, diagonal, inner, kron, outer, trace, tri, tril,
                       triu, vander, vdot)
from .nan_reductions import (nanargmax, nanargmin, nancumprod, nancumsum, nanmax, nanmean,
                             nanmedian, nanmin, nanpercentile, nanprod, nanquantile, nanstd,
                             nansum, nanvar)
from .nn import (bias_add, elu, exponential, gelu, hard_sigmoid, hard_silu, leaky_relu, linear,
                 log_softmax, relu, relu6, selu, sigmoid, silu, softmax, softplus, softsign,
                 swish)
from .normalization import (batch_normalization, layer_normalization, moments,
                            rms_normalization)
from .norms import cdist, norm, normalize
from .padding import pad
from .piecewise_activations import (hard_shrink, hard_swish, hard_tanh, soft_shrink, sparse_plus,
                                    sparse_sigmoid, threshold)
from .pooling import average_pool, max_pool
from .random import SeedGenerator, dropout
from .recurrent import gru_sequence, lstm_sequence, simple_rnn_sequence
from .rearrange import rearrange
from .reduction import (all, amax, amin, any, argmax, argmin, cumprod, cumsum, logsumexp, max,
                        mean, min, prod, std, sum, var)
from .remainders import divide_no_nan, floor_divide, fmod, heaviside, mod, round, trunc
from .segment import segment_max, segment_min, segment_prod, segment_sum
from .shape import (broadcast_to, concatenate, expand_dims, flatten, flip, gather, getitem,
                    moveaxis, ndim, repeat, reshape, shape, split, squeeze, stack, swapaxes,
                    take, tile, transpose)
from .smooth_activations import celu, glu, log_sigmoid, sparsemax, squareplus, tanh_shrink
from .sorting import (argpartition, argsort, digitize, in_top_k, searchsorted, sort, top_k,
                      unique)
from .special_functions import erfc, erfinv, i0
from .special_values import (fmax, fmin, isinf, isneginf, isposinf, nan_to_num, nextafter,
                             signbit)
from .statistics import (average, bincount, corrcoef, count_nonzero, histogram, median,
                         percentile, ptp, quantile)
from .spectral import extract_sequences, istft, stft
from .trigonometric import (arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh, cosh,
                            deg2rad, hypot, rad2deg, sinc, sinh, tan)
from .windows import bartlett, blackman, hamming, hanning, kaiser
from .image import psnr
from . import image, random

true_divide = divide

# ``from kerasedu.backend.ops import *`` gives the ops and the two namespaces of ops, not the
# modules they are written in.
__all__ = sorted(name for name, value in list(globals().items())
                 if not name.startswith("_") and not isinstance(value, type(random))) + [
    "image", "random"]

# NaN and inf are values, not warnings: every op runs with numpy's floating-point warnings off
# (see kerasedu.backend.quiet), whichever module it comes from, ops.image and ops.random too.
# Called on symbolic tensors, it is recorded in the layer graph (kerasedu.backend.symbolic_calls).
for _prefix, _namespace in (("", globals()), ("image.", vars(image)), ("random.", vars(random))):
    for _name, _op in list(_namespace.items()):
        if _isfunction(_op) and not _name.startswith("_"):
            _namespace[_name] = _quietly(_recordable(_prefix + _name, _op))
del _prefix, _namespace, _name, _op
