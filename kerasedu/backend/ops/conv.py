"""Convolution ops: conv, depthwise_conv, separable_conv, conv_transpose and extract_patches.

Each op takes inputs with 1, 2 or 3 spatial axes, laid out as ``data_format`` says:

* "channels_last"   (N, *spatial, C)   (the default, from ``config.image_data_format()``)
* "channels_first"  (N, C, *spatial)

and kernels laid out as Keras stores them, spatial sizes first. Along each spatial axis, with
input length n, kernel size k, stride s and dilation d (effective kernel dk = d·(k − 1) + 1):

    "valid"   out = floor((n − dk) / s) + 1            (no padding; the kernel must fit: dk ≤ n)
    "same"    out = ceil(n / s)                        (zeros padded, half before, the rest after)
    "causal"  out = ceil(n / s)                        (dk − 1 zeros before, none after)

The convolution is a cross-correlation (the kernel is not flipped):

    y[n, o, f] = Σ_{k, c} x[n, o·s + k·d − pad_before, c] · kernel[k, c, f]

The arithmetic is in :mod:`.conv_products` (im2col, a numba kernel with a numpy twin, then one
BLAS matrix product per group); these ops turn data formats around, check shapes, and record
the backward pass, whose two products are

    dL/dx      = col2im(dL/dy · Wᵀ)      (every output gradient sent back through its window)
    dL/dkernel = patchesᵀ · dL/dy        (the patches saved by the forward pass)

float32 inputs stay float32 throughout.
"""

import numbers

import numpy as np

from .. import config
from ..autodiff import needs_grad, record
from . import conv_products
from . import geometry
from ._inputs import unpack
from .shape import reshape

_PADDINGS = ("valid", "same", "causal")


# ---------------------------------------------------------------------- argument handling

def spatial_tuple(value, rank, name, minimum=1):
    """``value`` (an int or ``rank`` ints) as a tuple of ``rank`` ints, each >= ``minimum``."""
    if type(value) is tuple and len(value) == rank and all(
            type(v) is int and v >= minimum for v in value):
        return value                        # already in shape: a layer's own strides, say
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        values = (int(value),) * rank
    else:
        try:
            values = tuple(value)
        except TypeError:
            values = None
        if values is None or len(values) != rank or any(
                isinstance(v, bool) or not isinstance(v, numbers.Integral) for v in values):
            raise ValueError(f"`{name}` must be an int or a tuple of {rank} ints, "
                             f"received {name}={value!r}.")
        values = tuple(int(v) for v in values)
    if min(values) < minimum:
        raise ValueError(f"`{name}` must hold ints >= {minimum}, received {name}={value!r}.")
    return values


def standardize_padding(padding, allowed=("valid", "same")):
    """``padding`` in lower case, checked against ``allowed``."""
    if not isinstance(padding, str) or padding.lower() not in allowed:
        raise ValueError(f"`padding` must be one of {allowed}, received padding={padding!r}.")
    return padding.lower()


def to_channels_last(value, data_format):
    """A channels_first array (N, C, *spatial) viewed as (N, *spatial, C); others unchanged."""
    return np.moveaxis(value, 1, -1) if data_format == "channels_first" else value


def from_channels_last(value, data_format):
    """The inverse of :func:`to_channels_last`."""
    return np.moveaxis(value, -1, 1) if data_format == "channels_first" else value


def _rank(x, op):
    if x.ndim not in (3, 4, 5):
        raise ValueError(
            f"{op} expects inputs with 1, 2 or 3 spatial axes, that is rank 3, 4 or 5 "
            f"(batch, spatial..., channels), but received an input of shape {x.shape}.")
    return x.ndim - 2


def _float_operands(inputs, kernels):
    """(tensors, arrays) of the operands, cast to one float dtype (float32 stays float32)."""
    pairs = [unpack(t) for t in (inputs, *kernels)]
    arrays = [np.asarray(v) for _, v in pairs]
    dtype = arrays[0].dtype
    if dtype.kind == "f" and all(a.dtype == dtype for a in arrays):
        return [t for t, _ in pairs], arrays          # the usual case: nothing to cast
    dtype = np.result_type(*arrays)
    if dtype.kind != "f":
        dtype = np.dtype(config.floatx())
    return [t for t, _ in pairs], [a.astype(dtype, copy=False) for a in arrays]


@geometry.memoized
def _pads(op, spatial, kernel_size, strides, dilation, padding):
    """Explicit ((before, after), ...) for a named padding, checking that outputs are not empty."""
    if isinstance(padding, str):
        padding = standardize_padding(padding, _PADDINGS)
        pads = geometry.conv_padding(spatial, kernel_size, strides, dilation, padding)
    else:
        pads = tuple((int(b), int(a)) for b, a in padding)
    out = geometry.conv_output_spatial_shape(spatial, kernel_size, strides, dilation, pads)
    if min(out) <= 0:
        span = tuple(geometry.effective_size(k, d) for k, d in zip(kernel_size, dilation))
        raise ValueError(
            f"{op}: the kernel does not fit the input. Its effective size d·(k − 1) + 1 is "
            f"{span}, larger than the padded spatial sizes of the input {tuple(spatial)} "
            f"(padding={padding!r}). Use padding='same', a smaller kernel_size or "
            f"dilation_rate, or a larger input.")
    return pads, out


# ---------------------------------------------------------------------- the ops

def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """N-D convolution (cross-correlation) of ``inputs`` with ``kernel``.

    ``kernel`` is (*kernel_size, C_in / groups, filters); ``groups`` = C_in / kernel.shape[-2]
    is read off the shapes, as in Keras. Output (N, *out_spatial, filters) in ``data_format``.
    ``padding`` is "valid", "same", "causal" or explicit ((before, after), ...) per axis.
    """
    data_format = config.standardize_data_format(data_format)
    (a, k), (x, w) = _float_operands(inputs, (kernel,))
    rank = _rank(x, "conv")
    xl = to_channels_last(x, data_format)
    cin = xl.shape[-1]
    if w.ndim != x.ndim or w.shape[-2] == 0 or cin % w.shape[-2] or \
            w.shape[-1] % (cin // w.shape[-2]):
        raise ValueError(
            f"conv: a kernel of shape {w.shape} does not fit inputs of shape {x.shape} "
            f"({data_format}). Expected {rank} kernel sizes, then the input channels per group "
            f"(a divisor of {cin}), then the filters (a multiple of the number of groups).")
    groups = cin // w.shape[-2]
    s = spatial_tuple(strides, rank, "strides")
    d = spatial_tuple(dilation_rate, rank, "dilation_rate")
    pads, _ = _pads("conv", xl.shape[1:-1], w.shape[:-2], s, d, padding)
    y, patches = conv_products.conv(xl, w, s, d, pads, groups, return_patches=True)
    x_shape = xl.shape

    def backward(g):
        g = to_channels_last(g, data_format).astype(y.dtype, copy=False)
        grad_x = grad_w = None
        if needs_grad(a):
            grad_x = from_channels_last(
                conv_products.conv_grad_input(g, w, x_shape, s, d, pads, groups), data_format)
        if needs_grad(k):
            grad_w = conv_products.conv_grad_kernel(g, None, w.shape, s, d, pads, groups, patches)
        return grad_x, grad_w
    return record(from_channels_last(y, data_format), (a, k), backward, "conv")


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None,
                   dilation_rate=1):
    """Each input channel convolved on its own with ``depth_multiplier`` filters.

    ``kernel`` is (*kernel_size, C_in, depth_multiplier); output channel c·M + m comes from
    input channel c and filter m. It is ``conv`` with groups = C_in, the kernel reshaped to
    (*kernel_size, 1, C_in·M).
    """
    data_format = config.standardize_data_format(data_format)
    x_shape, k_shape = np.shape(unpack(inputs)[1]), np.shape(unpack(kernel)[1])
    cin = x_shape[-1] if data_format == "channels_last" else x_shape[1]
    if len(k_shape) != len(x_shape) or k_shape[-2] != cin:
        raise ValueError(
            f"depthwise_conv: a kernel of shape {k_shape} does not fit inputs of shape "
            f"{x_shape} ({data_format}). Expected (*kernel_size, {cin}, depth_multiplier).")
    grouped = reshape(kernel, k_shape[:-2] + (1, k_shape[-2] * k_shape[-1]))
    return conv(inputs, grouped, strides, padding, data_format, dilation_rate)


def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding="valid",
                   data_format=None, dilation_rate=1):
    """A depthwise convolution followed by a 1×1 convolution that mixes the channels.

    ``depthwise_kernel`` (*kernel_size, C_in, M), ``pointwise_kernel`` (1, ..., 1, C_in·M,
    filters). Strides, padding and dilation apply to the depthwise step.
    """
    data_format = config.standardize_data_format(data_format)
    depthwise = depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format,
                               dilation_rate)
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format, 1)


def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None,
                   data_format=None, dilation_rate=1):
    """Transposed convolution: the gradient of ``conv`` with respect to its input, as an op.

    ``kernel`` is (*kernel_size, filters, C_in), as Keras stores a Conv*DTranspose kernel.
    Output length per axis, without ``output_padding``: "valid" n·s + max(dk − s, 0), "same"
    n·s; with ``output_padding`` op (each < s): (n − 1)·s + dk − 2·p + op, p = 0 ("valid") or
    dk // 2 ("same"). ``padding`` may also be explicit ((before, after), ...): the padding of
    the convolution being transposed, giving (n − 1)·s + dk − before − after + op.
    """
    data_format = config.standardize_data_format(data_format)
    (a, k), (x, w) = _float_operands(inputs, (kernel,))
    rank = _rank(x, "conv_transpose")
    xl = to_channels_last(x, data_format)
    if w.ndim != x.ndim or w.shape[-1] != xl.shape[-1]:
        raise ValueError(
            f"conv_transpose: a kernel of shape {w.shape} does not fit inputs of shape "
            f"{x.shape} ({data_format}). Expected (*kernel_size, filters, {xl.shape[-1]}).")
    s = spatial_tuple(strides, rank, "strides")
    d = spatial_tuple(dilation_rate, rank, "dilation_rate")
    if isinstance(padding, str):
        padding = standardize_padding(padding)
    op = None if output_padding is None else spatial_tuple(output_padding, rank,
                                                           "output_padding", minimum=0)
    if op is not None and any(p >= st for p, st in zip(op, s)):
        raise ValueError(f"conv_transpose: each output_padding must be smaller than its stride; "
                         f"received output_padding={op} with strides={s}.")
    *_, out = geometry.conv_transpose_shapes(xl.shape[1:-1], w.shape[:-2], s, d, padding, op)
    if min(out) <= 0:
        raise ValueError(f"conv_transpose: the output would be empty (spatial shape {out}) for "
                         f"inputs of shape {x.shape} with padding={padding!r}.")
    y = conv_products.conv_transpose(xl, w, s, d, padding, op)
    x_shape = xl.shape

    def backward(g):
        g = to_channels_last(g, data_format).astype(y.dtype, copy=False)
        grad_x = grad_w = None
        if needs_grad(a):
            grad_x = from_channels_last(conv_products.conv_transpose_grad_input(
                g, w, x_shape, s, d, padding, op), data_format)
        if needs_grad(k):
            grad_w = conv_products.conv_transpose_grad_kernel(
                g, np.ascontiguousarray(xl), w.shape, s, d, padding, op)
        return grad_x, grad_w
    return record(from_channels_last(y, data_format), (a, k), backward, "conv_transpose")


def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid",
                    data_format=None):
    """Every ``size`` window of ``images`` copied out as one vector: (N, *out_spatial, K·C).

    The last axis lists the window's values with the kernel offsets outermost and the channel
    innermost, (k..., c), the order of a Keras conv kernel's rows, so that
    ``extract_patches(x, k) @ kernel.reshape(-1, filters)`` is ``conv(x, kernel)``. ``strides``
    defaults to ``size``. For channels_first the vectors are on axis 1: (N, K·C, *out_spatial).
    The gradient adds each patch's gradient back where its values came from (col2im).
    """
    data_format = config.standardize_data_format(data_format)
    a, x = unpack(images)
    x = np.asarray(x)
    rank = _rank(x, "extract_patches")
    xl = np.ascontiguousarray(to_channels_last(x, data_format))
    k = spatial_tuple(size, rank, "size")
    s = k if strides is None else spatial_tuple(strides, rank, "strides")
    d = spatial_tuple(dilation_rate, rank, "dilation_rate")
    pads, out = _pads("extract_patches", xl.shape[1:-1], k, s, d, padding)
    n, c = xl.shape[0], xl.shape[-1]
    patches = conv_products.conv_patches(xl, k, s, d, pads, 1)
    y = patches.reshape((n,) + out + (int(np.prod(k)) * c,))
    x_shape = xl.shape

    def backward(g):
        g = to_channels_last(g, data_format).astype(x.dtype, copy=False)
        grad = conv_products.conv_patches_grad(g, x_shape, k, s, d, pads)
        return (from_channels_last(grad, data_format),)
    return record(from_channels_last(y, data_format), (a,), backward, "extract_patches")
