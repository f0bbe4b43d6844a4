"""im2col and col2im: copying every window of an input into the rows of a matrix, and back.

A convolution is one matrix product once every input window is copied out as a row,
``y = patches @ kernel`` (:mod:`kerasedu.backend.ops.conv_products`). Which input position each
entry of the patch matrix copies depends only on the shapes. So pad the input with zeros, view
each sample as a table of positions (P rows of C channels, P = DP·HP·WP padded positions), and

    patches[g, n, r, c] = padded[n, window[r], g·Cg + c]        r = (od, oh, ow, kd, kh, kw)
    window[r]           = ((od·sd + kd·dd)·HP + oh·sh + kh·dh)·WP + ow·sw + kw·dw

(strides s, dilation d; a padded coordinate is the input coordinate plus the padding before, so
the padding drops out; C = G·Cg channels in G groups, one group unless the convolution is
grouped or depthwise). ``window`` has R = OD·OH·OW·KD·KH·KW entries, is the same for every
sample, and is worked out once per shape (:func:`window_positions`).

im2col is then one gather along ``window``, which numpy's ``take`` does as fast as memory
allows: no kernel is needed. col2im, its adjoint, is the scatter-add along the same index:
values of overlapping windows add up. numpy can only do that with ``np.add.at``, which is slow,
so it is a kernel, :func:`scatter_add_windows`, with ``np.add.at`` as its twin.

Shapes (channels_last; 1-D and 2-D inputs are viewed with leading spatial axes of length 1,
:func:`kerasedu.backend.ops.geometry.array_to_3d`):

* ``x``    (N, D, H, W, C)
* ``cols`` (G, N, OD, OH, OW, KD, KH, KW, Cg); as a matrix per group, rows (n, od, oh, ow) and
  columns (kd, kh, kw, c) in the order of a Keras kernel (KD, KH, KW, Cg, Cout)
"""

import functools
import math
from typing import NamedTuple

import numpy as np

from .registry import kernel


@kernel
def scatter_add_windows(table, window, patches):
    """table[n, window[r], :] += patches[n, r, :], accumulating where windows overlap: col2im
    along the window index. ``table`` (N, P, C) is added to in place; ``patches`` (N, R, C)."""
    N, R, C = patches.shape
    for n in range(N):
        if C == 1:                     # one channel: a plain element loop (vectorized)
            for r in range(R):
                table[n, window[r], 0] += patches[n, r, 0]
        else:
            for r in range(R):
                position = window[r]
                for c in range(C):
                    table[n, position, c] += patches[n, r, c]


@scatter_add_windows.numpy_twin
def _(table, window, patches):
    for n in range(table.shape[0]):
        np.add.at(table[n], window, patches[n])


def _example_window():
    """A window like :func:`window_positions` makes: int64 and read-only (numba compiles
    read-only arrays separately, so warm-up must see one)."""
    window = np.array([0, 3, 3], np.int64)
    window.flags.writeable = False
    return window


@scatter_add_windows.examples
def _():
    return [(np.zeros((2, 4, c), dt), _example_window(), np.ones((2, 3, c), dt))
            for c in (1, 2) for dt in (np.float32, np.float64)]


class Windows(NamedTuple):
    """Where the patch entries of one sample come from, for one geometry."""

    padding: tuple          # (before, after) per spatial axis, so that every window fits
    padded_spatial: tuple   # (DP, HP, WP)
    inside: tuple           # the index of the input within the padded array (N, DP, HP, WP, C)
    window: np.ndarray      # R padded positions, int64, read-only


@functools.lru_cache(maxsize=256)
def window_positions(out_spatial, kernel_3d, x_spatial, strides, dilation, pad_before):
    """The :class:`Windows` of patches (G, N, *out_spatial, *kernel_3d, Cg) taken from inputs of
    spatial shape ``x_spatial`` (three axes each, all arguments tuples), remembered per
    geometry."""
    padding = tuple((p, max((o - 1) * s + d * (k - 1) + 1 - n - p, 0))
                    for o, k, s, d, p, n in zip(out_spatial, kernel_3d, strides, dilation,
                                                pad_before, x_spatial))
    padded = tuple(n + b + a for n, (b, a) in zip(x_spatial, padding))
    # Per axis, the padded coordinate o·s + k·d as an (out, kernel) table.
    coordinate = [np.arange(o)[:, None] * s + np.arange(k)[None, :] * d
                  for o, k, s, d in zip(out_spatial, kernel_3d, strides, dilation)]
    i, j, l = (c.reshape([c.shape[0] if a == axis else 1 for a in range(3)]
                         + [c.shape[1] if a == axis else 1 for a in range(3)])
               for axis, c in enumerate(coordinate))
    window = ((i * padded[1] + j) * padded[2] + l).astype(np.int64).reshape(-1)
    window.flags.writeable = False
    inside = (slice(None),) + tuple(slice(b, b + n) for n, (b, _) in zip(x_spatial, padding))
    return Windows(padding, padded, inside, window)


def _windows(cols, x_spatial, strides, dilation, pad_before):
    return window_positions(cols.shape[2:5], cols.shape[5:8], x_spatial, tuple(strides),
                            tuple(dilation), tuple(pad_before))


def im2col(cols, x, strides, dilation, pad_before):
    """cols[g, n, od, oh, ow, kd, kh, kw, c] = x[n, i, j, l, g·Cg + c] (0 in the padding), with
    i = od·sd + kd·dd − pd and likewise j, l: fill ``cols`` from ``x`` by one gather.

    ``strides``, ``dilation`` and ``pad_before`` are 3-tuples; the padding after is implied by
    the shape of ``cols``.
    """
    w = _windows(cols, x.shape[1:4], strides, dilation, pad_before)
    n, c = x.shape[0], x.shape[-1]
    if w.padded_spatial != x.shape[1:4]:
        padded = np.zeros((n,) + w.padded_spatial + (c,), x.dtype)
        padded[w.inside] = x
    else:
        padded = np.ascontiguousarray(x)
    groups, cg = cols.shape[0], cols.shape[-1]
    table = padded.reshape(n, math.prod(w.padded_spatial), c)
    if groups == 1:
        # Every index is in range, so mode="clip" changes nothing; with it, numpy writes
        # straight into ``cols`` instead of through a temporary copy.
        np.take(table, w.window, axis=1, out=cols.reshape(n, w.window.size, c), mode="clip")
        return
    rows = np.take(table, w.window, axis=1)                      # (N, R, G·Cg)
    cols.reshape(groups, n, w.window.size, cg)[...] = \
        rows.reshape(n, w.window.size, groups, cg).transpose(2, 0, 1, 3)


def col2im(x, cols, strides, dilation, pad_before):
    """The adjoint of :func:`im2col`: x[n, i, j, l, g·Cg + c] += every entry of ``cols`` taken
    from there, <im2col(x), cols> = <x, col2im(cols)>; values that land in the padding are
    dropped. ``x`` (N, D, H, W, C) is added to in place."""
    w = _windows(cols, x.shape[1:4], strides, dilation, pad_before)
    n, c = x.shape[0], x.shape[-1]
    padded = np.zeros((n,) + w.padded_spatial + (c,), x.dtype)
    groups, cg = cols.shape[0], cols.shape[-1]
    patches = cols.reshape(groups, n, w.window.size, cg)
    if groups > 1:                                  # (G, N, R, Cg) -> (N, R, G·Cg)
        patches = patches.transpose(1, 2, 0, 3)
    patches = np.ascontiguousarray(patches).reshape(n, w.window.size, c)
    scatter_add_windows(padded.reshape(n, math.prod(w.padded_spatial), c), w.window, patches)
    x += padded[w.inside]
