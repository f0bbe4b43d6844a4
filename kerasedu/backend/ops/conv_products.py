"""Convolution and its gradients as matrix products of patches, on numpy arrays.

Channels_last, 1, 2 or 3 spatial axes, cross-correlation (the kernel is not flipped)::

    y[n, o..., f] = Σ_{k..., c} x[n, o·s + k·d − p_before ..., g·Cg + c] · kernel[k..., c, f]

with g = f // (Cout / G) the group of output channel f, and zero where the input index falls in
the padding. Shapes:

* ``x``      (N, *spatial, Cin)
* ``kernel`` (*kernel_size, Cin / groups, Cout), as Keras stores it
* ``y``      (N, *out_spatial, Cout), see :func:`.geometry.conv_output_spatial_shape`

``strides`` and ``dilation_rate`` are ints or one int per spatial axis; ``padding`` is
"valid" / "same" / "causal", or explicit ((before, after), ...) per spatial axis (the caller turns
channels_first into channels_last and computes Keras' paddings with :mod:`.geometry`).

With P = im2col(x) as a (rows, K·Cg) matrix per group (the kernel of
:mod:`kerasedu.backend.kernels.im2col`) and Wg the kernel
as a (K·Cg, Cout/G) matrix per group (K = prod(kernel_size)):

* forward           y  = P @ Wg
* grad wrt kernel   dW = Pᵀ @ dy
* grad wrt input    dx = col2im(dy @ Wgᵀ)

The products are numpy's matmul (BLAS).

Depthwise convolution is groups = Cin: a Keras depthwise kernel (*kernel_size, Cin, multiplier)
reshaped to (*kernel_size, 1, Cin·multiplier) gives output channel c·multiplier + m, as Keras
orders it. The dtype of ``x`` and ``kernel`` must agree (float32 stays float32).
"""

import math
from typing import NamedTuple

import numpy as np

from ..kernels.im2col import col2im, im2col
from . import geometry as shapes


class ConvLayout(NamedTuple):
    """What a convolution of one input shape needs, worked out once (see :func:`conv_layout`)."""

    out_spatial: tuple      # one size per spatial axis
    cols_shape: tuple       # (G, N, OD, OH, OW, KD, KH, KW, Cg), the im2col buffer
    rows: int               # N · prod(out_spatial)
    width: int              # prod(kernel_size) · Cg
    kernel_3d: tuple        # kernel size, strides, dilation and padding before, each on three
    strides_3d: tuple       # axes, as the im2col/col2im kernels take them
    dilation_3d: tuple
    before_3d: tuple


@shapes.memoized
def conv_layout(x_shape, kernel_size, strides=1, dilation_rate=1, padding="valid", groups=1):
    """The :class:`ConvLayout` of a convolution of an input of shape ``x_shape`` (N, *spatial, C).

    ``padding`` is a name or ((before, after), ...) per spatial axis. Remembered per argument
    tuple, since a layer convolves inputs of the same shape on every step.
    """
    spatial, n, cin = tuple(x_shape[1:-1]), x_shape[0], x_shape[-1]
    rank = len(spatial)
    if cin % groups:
        raise ValueError(f"The input's {cin} channels do not split into groups={groups}.")
    kernel_size = shapes.normalize_tuple(kernel_size, rank, "kernel_size")
    s = shapes.normalize_tuple(strides, rank, "strides")
    d = shapes.normalize_tuple(dilation_rate, rank, "dilation_rate")
    if isinstance(padding, str):
        pads = shapes.conv_padding(spatial, kernel_size, s, d, padding)
    else:
        pads = tuple((int(b), int(a)) for b, a in padding)
        if len(pads) != rank or min(min(p) for p in pads) < 0:
            raise ValueError(f"padding must be a name or {rank} pairs (before, after) of "
                             f"non-negative ints, received {padding!r}.")
    out_spatial = shapes.conv_output_spatial_shape(spatial, kernel_size, s, d, pads)
    cg, kernel_3d = cin // groups, shapes.to_3d(kernel_size)
    return ConvLayout(
        out_spatial=out_spatial,
        cols_shape=(groups, n) + shapes.to_3d(out_spatial) + kernel_3d + (cg,),
        rows=n * math.prod(out_spatial), width=math.prod(kernel_size) * cg,
        kernel_3d=kernel_3d, strides_3d=shapes.to_3d(s), dilation_3d=shapes.to_3d(d),
        before_3d=tuple(b for b, _ in shapes.pads_to_3d(pads)))


def _check_dtypes(*arrays):
    dtypes = {a.dtype for a in arrays}
    if len(dtypes) != 1:
        raise TypeError(f"Convolution arrays must share one dtype, received "
                        f"{sorted(map(str, dtypes))}; cast them first (float32 stays float32).")


def _check_kernel(x, kernel, groups):
    if kernel.ndim != x.ndim or kernel.shape[-2] * groups != x.shape[-1]:
        raise ValueError(f"A kernel of shape {kernel.shape} with groups={groups} does not fit an "
                         f"input of shape {x.shape}: expected {x.ndim - 2} kernel sizes, then "
                         f"{x.shape[-1]} // groups input channels, then the filters.")


def _kernel_matrices(kernel, groups):
    """The kernel (*k, Cg, Cout) as G matrices (G, K·Cg, Cout/G), filters g·Cout/G on in group g."""
    cout = kernel.shape[-1]
    if cout % groups:
        raise ValueError(f"The kernel's {cout} filters do not split into groups={groups}.")
    rows = kernel.size // cout
    return kernel.reshape(rows, groups, cout // groups).transpose(1, 0, 2)


def _patches(x, kernel_size, strides, dilation_rate, padding, groups):
    """(P as (G, rows, K·Cg), out_spatial) for ``x`` (N, *spatial, C)."""
    layout = conv_layout(x.shape, kernel_size, strides, dilation_rate, padding, groups)
    cols = np.empty(layout.cols_shape, x.dtype)
    im2col(cols, np.ascontiguousarray(shapes.array_to_3d(x)), layout.strides_3d,
                   layout.dilation_3d, layout.before_3d)
    return cols.reshape(groups, layout.rows, layout.width), layout.out_spatial


def conv_patches(x, kernel_size, strides=1, dilation_rate=1, padding="valid", groups=1):
    """P = im2col(x) as a (G, rows, K·Cg) array, rows = N·prod(out_spatial) (keep it from the
    forward pass for :func:`conv_grad_kernel`)."""
    return _patches(x, kernel_size, strides, dilation_rate, padding, groups)[0]


def _col2im(cols, input_shape, layout, window_spatial):
    """dx of ``input_shape``: every entry of ``cols`` (G, rows, K·Cg), windows laid out over
    ``window_spatial``, added back to the input position im2col took it from."""
    n, groups, cg = input_shape[0], layout.cols_shape[0], layout.cols_shape[-1]
    cols = np.ascontiguousarray(cols).reshape(
        (groups, n) + shapes.to_3d(window_spatial) + layout.kernel_3d + (cg,))
    dx = np.zeros((n,) + shapes.to_3d(input_shape[1:-1]) + (input_shape[-1],), cols.dtype)
    col2im(dx, cols, layout.strides_3d, layout.dilation_3d, layout.before_3d)
    return dx.reshape(input_shape)


def conv_patches_grad(grad_patches, input_shape, kernel_size, strides=1, dilation_rate=1,
                      padding="valid", groups=1):
    """The adjoint of :func:`conv_patches` (col2im): each patch entry's gradient added back to
    the input position it was copied from, a gradient of shape ``input_shape``."""
    input_shape = tuple(input_shape)
    layout = conv_layout(input_shape, kernel_size, strides, dilation_rate, padding, groups)
    return _col2im(grad_patches, input_shape, layout, layout.out_spatial)


def conv(x, kernel, strides=1, dilation_rate=1, padding="valid", groups=1, return_patches=False):
    """y = conv(x, kernel), shapes as in the module docstring; with ``return_patches`` the pair
    (y, P), P to pass to :func:`conv_grad_kernel`."""
    _check_dtypes(x, kernel)
    _check_kernel(x, kernel, groups)
    patches, out_spatial = _patches(x, kernel.shape[:-2], strides, dilation_rate, padding, groups)
    w = _kernel_matrices(kernel, groups)
    if groups == 1:
        y = patches[0] @ w[0]
    else:
        y = np.matmul(patches, w).transpose(1, 0, 2)
        y = y.reshape(patches.shape[1], kernel.shape[-1])
    y = y.reshape((x.shape[0],) + out_spatial + (kernel.shape[-1],))
    return (y, patches) if return_patches else y


def conv_grad_kernel(grad_y, x, kernel_shape, strides=1, dilation_rate=1, padding="valid",
                     groups=1, patches=None):
    """dW = Pᵀ @ dy per group, shaped like the kernel (*kernel_size, Cin/G, Cout).

    ``patches`` is P from the forward pass (``conv(..., return_patches=True)``); without it P is
    extracted from ``x`` again (``x`` is not used when ``patches`` is given).
    """
    if patches is None:
        patches = conv_patches(x, kernel_shape[:-2], strides, dilation_rate, padding, groups)
    _check_dtypes(grad_y, patches)
    cout = kernel_shape[-1]
    if groups == 1:
        dw = patches[0].T @ grad_y.reshape(-1, cout)
    else:
        dy = grad_y.reshape(-1, groups, cout // groups).transpose(1, 0, 2)
        dw = np.matmul(patches.transpose(0, 2, 1), dy).transpose(1, 0, 2)
    return dw.reshape(kernel_shape)


def conv_grad_input(grad_y, kernel, input_shape, strides=1, dilation_rate=1, padding="valid",
                    groups=1):
    """dx = col2im(dy @ Wgᵀ) per group: the gradient with respect to x, of shape ``input_shape``.

    ``grad_y`` (N, *out_spatial, Cout) has the forward output's shape; more generally, windows
    are laid out from ``grad_y``'s spatial shape starting at −before, which is how
    :func:`conv_transpose` uses this function.
    """
    _check_dtypes(grad_y, kernel)
    input_shape = tuple(input_shape)
    cout = kernel.shape[-1]
    layout = conv_layout(input_shape, kernel.shape[:-2], strides, dilation_rate, padding, groups)
    w = _kernel_matrices(kernel, groups)
    if groups == 1:
        cols = grad_y.reshape(-1, cout) @ w[0].T
    else:
        dy = grad_y.reshape(-1, groups, cout // groups).transpose(1, 0, 2)
        cols = np.matmul(dy, w.transpose(0, 2, 1))
    return _col2im(cols, input_shape, layout, grad_y.shape[1:-1])


# Transposed convolution: a convolution's input gradient, used as a layer of its own.
#
# The convolution C with kernel W maps an (N, *out_spatial, Cout) array to (N, *spatial, Cin);
# its adjoint Cᵀ runs the other way, y = col2im(x @ Wᵀ): every input value is sent back through
# the windows of C and added up where they overlap. That is Conv*DTranspose, with the kernel
# (*kernel_size, Cout / groups, Cin) as Keras stores it, and its gradients are the other two
# products above:
#
#     y  = conv_grad_input(x, W)        (the transposed convolution)
#     dx = conv(dy, W)                  (gradient with respect to x)
#     dW = im2col(dy)ᵀ @ x              (gradient with respect to the kernel)
#
# ``padding`` and ``output_padding`` give the output lengths as in
# :func:`.geometry.conv_transpose_shapes`.

def conv_transpose(x, kernel, strides=1, dilation_rate=1, padding="valid", output_padding=None,
                   groups=1):
    """y = Cᵀ x = col2im(x @ Wᵀ), shape (N, *out_spatial, kernel.shape[-2]·groups)."""
    if kernel.ndim != x.ndim or kernel.shape[-1] != x.shape[-1]:
        raise ValueError(f"A transposed-convolution kernel of shape {kernel.shape} does not fit an "
                         f"input of shape {x.shape}: expected {x.ndim - 2} kernel sizes, then the "
                         f"filters // groups, then {x.shape[-1]} input channels.")
    s, d, pads, out = shapes.conv_transpose_shapes(x.shape[1:-1], kernel.shape[:-2], strides,
                                                   dilation_rate, padding, output_padding)
    output_shape = (x.shape[0],) + out + (kernel.shape[-2] * groups,)
    return conv_grad_input(x, kernel, output_shape, s, d, pads, groups)


def conv_transpose_grad_input(grad_y, kernel, input_shape, strides=1, dilation_rate=1,
                              padding="valid", output_padding=None, groups=1):
    """dx = C dy = conv(dy, W): the gradient with respect to x, of shape ``input_shape``."""
    s, d, pads, _ = shapes.conv_transpose_shapes(tuple(input_shape[1:-1]), kernel.shape[:-2],
                                                 strides, dilation_rate, padding, output_padding)
    return conv(grad_y, kernel, s, d, pads, groups)


def conv_transpose_grad_kernel(grad_y, x, kernel_shape, strides=1, dilation_rate=1,
                               padding="valid", output_padding=None, groups=1):
    """dW = im2col(dy)ᵀ @ x per group, shaped like the kernel (*kernel_size, Cout/G, Cin)."""
    s, d, pads, _ = shapes.conv_transpose_shapes(x.shape[1:-1], tuple(kernel_shape[:-2]),
                                                 strides, dilation_rate, padding, output_padding)
    return conv_grad_kernel(x, grad_y, tuple(kernel_shape), s, d, pads, groups)
