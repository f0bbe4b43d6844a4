"""Patch extraction (im2col) and its adjoint (col2im): the data movement around a convolution.

A convolution is one matrix product once every input window is copied out as a row:
``y = patches @ kernel``. im2col does the copying; col2im sends values back along the same map,
adding where windows overlap, which is what the gradient with respect to the input (and the
transposed convolution) needs. Both kernels see three spatial axes (D, H, W); 1-D and 2-D inputs
are viewed with leading axes of length 1 (:func:`.conv_shapes.array_to_3d`).

Shapes (channels_last, C = G·Cg channels in G groups):

* ``x``    (N, D, H, W, C)
* ``cols`` (G, N, OD, OH, OW, KD, KH, KW, Cg); as a matrix per group, rows (n, od, oh, ow) and
  columns (kd, kh, kw, c) in the order of a Keras kernel (KD, KH, KW, Cg, Cout)

Window position (od, oh, ow) with kernel offset (kd, kh, kw) reads input position

    i = od·sd + kd·dd − pd,   j = oh·sh + kh·dh − ph,   l = ow·sw + kw·dw − pw

(strides s, dilation d, padding before p); positions outside the input are zero padding. The
output size and the padding after are implied by the shape of ``cols``.

Each sample writes only its own rows (im2col) or its own image (col2im), so the batch loop
could run in parallel (see ``prange`` below).
"""

import numpy as np

from .registry import kernel

# The batch loops are written ``for n in prange(N)``. Here ``prange`` is Python's range, so the
# kernels compile to serial loops and importing this module does not import numba. Compiled with
# numba.prange and parallel=True instead, the samples are split across cores: each sample writes
# only its own part of the output, so the loops are safe to run that way. Whether that pays
# depends on numba's threads sharing the cores with BLAS's (benchmarks/bench_conv.py measures it).
prange = range


@kernel
def im2col(cols, x, strides, dilation, pad_before):
    """cols[g, n, od, oh, ow, kd, kh, kw, c] = x[n, i, j, l, g·Cg + c]  (0 in the padding).

    i, j, l as in the module docstring. ``cols`` (G, N, OD, OH, OW, KD, KH, KW, Cg) is written in
    place; ``x`` is (N, D, H, W, G·Cg); ``strides``, ``dilation``, ``pad_before`` are 3-tuples.
    """
    G, N, OD, OH, OW, KD, KH, KW, Cg = cols.shape
    D, H, W = x.shape[1], x.shape[2], x.shape[3]
    for n in prange(N):
        for g in range(G):
            for od in range(OD):
                for oh in range(OH):
                    for ow in range(OW):
                        for kd in range(KD):
                            i = od * strides[0] + kd * dilation[0] - pad_before[0]
                            for kh in range(KH):
                                j = oh * strides[1] + kh * dilation[1] - pad_before[1]
                                for kw in range(KW):
                                    l = ow * strides[2] + kw * dilation[2] - pad_before[2]
                                    if 0 <= i < D and 0 <= j < H and 0 <= l < W:
                                        for c in range(Cg):
                                            cols[g, n, od, oh, ow, kd, kh, kw, c] = \
                                                x[n, i, j, l, g * Cg + c]
                                    else:
                                        for c in range(Cg):
                                            cols[g, n, od, oh, ow, kd, kh, kw, c] = 0


def _window_slices(out_spatial, offset, strides, dilation):
    """Per spatial axis, the slice of the padded input that offset (kd, kh, kw) reads."""
    return tuple(slice(k * d, k * d + (o - 1) * s + 1, s)
                 for o, k, s, d in zip(out_spatial, offset, strides, dilation))


def padded_extent(out_spatial, kernel_3d, x_spatial, strides, dilation, pad_before):
    """(before, after) per axis so that every window lies inside the padded input."""
    return [(p, max((o - 1) * s + d * (k - 1) + 1 - n - p, 0))
            for o, k, s, d, p, n in zip(out_spatial, kernel_3d, strides, dilation, pad_before,
                                        x_spatial)]


@im2col.numpy_twin
def _(cols, x, strides, dilation, pad_before):
    G, N = cols.shape[:2]
    out_spatial, k, Cg = cols.shape[2:5], cols.shape[5:8], cols.shape[8]
    pads = padded_extent(out_spatial, k, x.shape[1:4], strides, dilation, pad_before)
    xp = np.pad(x, [(0, 0)] + pads + [(0, 0)])
    for offset in np.ndindex(*k):
        window = (slice(None),) + _window_slices(out_spatial, offset, strides, dilation)
        for g in range(G):
            cols[(g, slice(None), Ellipsis) + offset + (slice(None),)] = \
                xp[window + (slice(g * Cg, (g + 1) * Cg),)]


@im2col.examples
def _():
    return [(np.zeros((2, 2, 1, 2, 3, 1, 2, 2, 2), dt), np.ones((2, 1, 3, 4, 4), dt),
             (1, 2, 1), (1, 1, 2), (0, 1, 0))
            for dt in (np.float32, np.float64)]


@kernel
def col2im(x, cols, strides, dilation, pad_before):
    """x[n, i, j, l, g·Cg + c] += cols[g, n, od, oh, ow, kd, kh, kw, c], summed over every window
    and offset that reads (i, j, l); values that land in the padding are dropped.

    The adjoint of :func:`im2col`: <im2col(x), cols> = <x, col2im(cols)>. ``x`` (N, D, H, W, G·Cg)
    is added to in place (pass zeros for a fresh result); other arguments as in im2col.
    """
    G, N, OD, OH, OW, KD, KH, KW, Cg = cols.shape
    D, H, W = x.shape[1], x.shape[2], x.shape[3]
    for n in prange(N):
        for g in range(G):
            for od in range(OD):
                for oh in range(OH):
                    for ow in range(OW):
                        for kd in range(KD):
                            i = od * strides[0] + kd * dilation[0] - pad_before[0]
                            for kh in range(KH):
                                j = oh * strides[1] + kh * dilation[1] - pad_before[1]
                                for kw in range(KW):
                                    l = ow * strides[2] + kw * dilation[2] - pad_before[2]
                                    if 0 <= i < D and 0 <= j < H and 0 <= l < W:
                                        for c in range(Cg):
                                            x[n, i, j, l, g * Cg + c] += \
                                                cols[g, n, od, oh, ow, kd, kh, kw, c]


@col2im.numpy_twin
def _(x, cols, strides, dilation, pad_before):
    G = cols.shape[0]
    out_spatial, k, Cg = cols.shape[2:5], cols.shape[5:8], cols.shape[8]
    pads = padded_extent(out_spatial, k, x.shape[1:4], strides, dilation, pad_before)
    xp = np.zeros((x.shape[0],) + tuple(n + b + a for n, (b, a) in zip(x.shape[1:4], pads))
                  + (x.shape[4],), x.dtype)
    for offset in np.ndindex(*k):
        window = (slice(None),) + _window_slices(out_spatial, offset, strides, dilation)
        for g in range(G):
            xp[window + (slice(g * Cg, (g + 1) * Cg),)] += \
                cols[(g, slice(None), Ellipsis) + offset + (slice(None),)]
    x += xp[(slice(None),) + tuple(slice(b, b + n) for n, (b, _) in zip(x.shape[1:4], pads))]


@col2im.examples
def _():
    return [(np.zeros((2, 1, 3, 4, 4), dt), np.ones((2, 2, 1, 2, 3, 1, 2, 2, 2), dt),
             (1, 2, 1), (1, 1, 2), (0, 1, 0))
            for dt in (np.float32, np.float64)]
