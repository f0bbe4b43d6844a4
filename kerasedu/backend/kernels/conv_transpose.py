"""Transposed convolution: a convolution's input gradient, used as a layer of its own.

The convolution C with kernel W maps an (N, *out_spatial, Cout) array to (N, *spatial, Cin).
Its adjoint Cᵀ runs the other way, y = col2im(x @ Wᵀ): every input value is sent back through the
windows of C and added up where they overlap. That is Conv*DTranspose, and its gradients are the
other two products of :mod:`.conv`::

    y  = conv_grad_input(x, W)        (the transposed convolution)
    dx = conv(dy, W)                  (gradient with respect to x)
    dW = im2col(dy)ᵀ @ x              (gradient with respect to the kernel)

Shapes, as Keras stores a Conv*DTranspose kernel:

* ``x``      (N, *spatial, Cin)
* ``kernel`` (*kernel_size, Cout / groups, Cin)
* ``y``      (N, *out_spatial, Cout)

``padding`` is "valid" or "same" (Keras' output lengths, with ``output_padding`` op per axis or
None; see :func:`.conv_shapes.conv_transpose_geometry`), or explicit ((before, after), ...): the
padding of the convolution C, in which case out = (n − 1)·s + dk − before − after + op (op
defaults to 0 there).
"""

from . import conv_shapes as shapes
from .conv import conv, conv_grad_input, conv_grad_kernel


@shapes.memoized
def conv_transpose_geometry(spatial, kernel_size, strides=1, dilation_rate=1, padding="valid",
                            output_padding=None):
    """(strides, dilation, pads, out_spatial) of a transposed convolution of input ``spatial``."""
    rank = len(spatial)
    k = shapes.normalize_tuple(kernel_size, rank, "kernel_size")
    s = shapes.normalize_tuple(strides, rank, "strides")
    d = shapes.normalize_tuple(dilation_rate, rank, "dilation_rate")
    ops = (None,) * rank if output_padding is None else \
        shapes.normalize_tuple(output_padding, rank, "output_padding")
    if isinstance(padding, str):
        axes = [shapes.conv_transpose_geometry(spatial[i], k[i], s[i], d[i], padding, ops[i])
                for i in range(rank)]
        return s, d, tuple(p for _, p in axes), tuple(length for length, _ in axes)
    pads = tuple((int(b), int(a)) for b, a in padding)
    out = tuple((spatial[i] - 1) * s[i] + shapes.effective_size(k[i], d[i]) - sum(pads[i])
                + (ops[i] or 0) for i in range(rank))
    return s, d, pads, out


def conv_transpose(x, kernel, strides=1, dilation_rate=1, padding="valid", output_padding=None,
                   groups=1):
    """y = Cᵀ x = col2im(x @ Wᵀ), shape (N, *out_spatial, kernel.shape[-2]·groups)."""
    if kernel.ndim != x.ndim or kernel.shape[-1] != x.shape[-1]:
        raise ValueError(f"A transposed-convolution kernel of shape {kernel.shape} does not fit an "
                         f"input of shape {x.shape}: expected {x.ndim - 2} kernel sizes, then the "
                         f"filters // groups, then {x.shape[-1]} input channels.")
    s, d, pads, out = conv_transpose_geometry(x.shape[1:-1], kernel.shape[:-2], strides,
                                              dilation_rate, padding, output_padding)
    output_shape = (x.shape[0],) + out + (kernel.shape[-2] * groups,)
    return conv_grad_input(x, kernel, output_shape, s, d, pads, groups)


def conv_transpose_grad_input(grad_y, kernel, input_shape, strides=1, dilation_rate=1,
                              padding="valid", output_padding=None, groups=1):
    """dx = C dy = conv(dy, W): the gradient with respect to x, of shape ``input_shape``."""
    s, d, pads, _ = conv_transpose_geometry(tuple(input_shape[1:-1]), kernel.shape[:-2], strides,
                                            dilation_rate, padding, output_padding)
    return conv(grad_y, kernel, s, d, pads, groups)


def conv_transpose_grad_kernel(grad_y, x, kernel_shape, strides=1, dilation_rate=1,
                               padding="valid", output_padding=None, groups=1):
    """dW = im2col(dy)ᵀ @ x per group, shaped like the kernel (*kernel_size, Cout/G, Cin)."""
    s, d, pads, _ = conv_transpose_geometry(x.shape[1:-1], tuple(kernel_shape[:-2]), strides,
                                            dilation_rate, padding, output_padding)
    return conv_grad_kernel(x, grad_y, tuple(kernel_shape), s, d, pads, groups)
