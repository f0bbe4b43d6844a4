"""im2col and col2im for one group, as a gather from the zero-padded input and its scatter-add.

Every entry of the patch matrix is a copy of one input position (all its channels) or a zero,
and which position it copies depends only on the shapes. So pad the input with zeros, view each
sample as a table of positions (P rows of C channels, P = DP·HP·WP padded positions), and

    patches[n, r, :] = padded[n, window[r], :]          r = (od, oh, ow, kd, kh, kw)
    window[r]        = ((od·sd + kd·dd)·HP + oh·sh + kh·dh)·WP + ow·sw + kw·dw

(strides s, dilation d; a padded coordinate is the input coordinate plus the padding before, so
the padding drops out). ``window`` has R = OD·OH·OW·KD·KH·KW entries, is the same for every
sample and is worked out once per shape. col2im is the adjoint: scatter-add each patch row back
to its position in a zero-padded gradient, then cut the padding off.

This is the same contract as :func:`.im2col.im2col` / :func:`.im2col.col2im` (see that module for
the shapes), and faster: the loop kernels pay per window offset, which dominates when the input
has few channels (a first layer on grey images has one), while a gather pays per copied value.
Several groups take a group's channels out of each position; they keep the loop kernels.
"""

from typing import NamedTuple

import numpy as np

from .conv_shapes import memoized
from .im2col import col2im, im2col, padded_extent
from .registry import kernel

# ``prange`` is Python's range: the batch loops compile serially (see :mod:`.im2col`, whose
# kernels are written the same way, for what parallel=True would change).
prange = range


@kernel
def gather_windows(patches, table, window):
    """patches[n, r, :] = table[n, window[r], :]; ``patches`` (N, R, C) is written in place.

    ``table`` is (N, P, C), ``window`` a flat int64 array of R positions in [0, P).
    """
    N, R, C = patches.shape
    for n in prange(N):
        if C == 1:                       # one channel: a plain element gather (vectorized)
            for r in range(R):
                patches[n, r, 0] = table[n, window[r], 0]
        else:
            for r in range(R):
                position = window[r]
                for c in range(C):
                    patches[n, r, c] = table[n, position, c]


@gather_windows.numpy_twin
def _(patches, table, window):
    np.take(table, window, axis=1, out=patches)


def _example_window():
    """A window like :func:`window_positions` makes: int64 and read-only (numba compiles
    read-only arrays separately, so warm-up must see one)."""
    window = np.array([0, 3, 3], np.int64)
    window.flags.writeable = False
    return window


@gather_windows.examples
def _():
    return [(np.zeros((2, 3, c), dt), np.ones((2, 4, c), dt), _example_window())
            for c in (1, 2) for dt in (np.float32, np.float64)]


@kernel
def scatter_add_windows(table, window, patches):
    """table[n, window[r], :] += patches[n, r, :], accumulating where windows overlap."""
    N, R, C = patches.shape
    for n in prange(N):
        if C == 1:
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


@memoized
def window_positions(out_spatial, kernel_3d, x_spatial, strides, dilation, pad_before):
    """The :class:`Windows` of patches (G, N, *out_spatial, *kernel_3d, Cg) taken from inputs of
    spatial shape ``x_spatial`` (three axes each), remembered per geometry."""
    padding = tuple(padded_extent(out_spatial, kernel_3d, x_spatial, strides, dilation,
                                  pad_before))
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


def gather_patches(cols, x, strides, dilation, pad_before):
    """:func:`.im2col.im2col`'s contract: fill ``cols`` (G, N, OD, OH, OW, KD, KH, KW, Cg) from
    ``x`` (N, D, H, W, G·Cg), by a gather when G = 1."""
    if cols.shape[0] != 1:
        im2col(cols, x, strides, dilation, pad_before)
        return
    w = _windows(cols, x.shape[1:4], strides, dilation, pad_before)
    n, c = x.shape[0], x.shape[-1]
    if w.padded_spatial != x.shape[1:4]:
        padded = np.zeros((n,) + w.padded_spatial + (c,), x.dtype)
        padded[w.inside] = x
    else:
        padded = np.ascontiguousarray(x)
    gather_windows(cols.reshape(n, w.window.size, c), padded.reshape(n, -1, c), w.window)


def scatter_patches(x, cols, strides, dilation, pad_before):
    """:func:`.im2col.col2im`'s contract: add each patch entry of ``cols`` back into ``x`` at the
    position it was copied from, by a scatter-add when G = 1."""
    if cols.shape[0] != 1:
        col2im(x, cols, strides, dilation, pad_before)
        return
    w = _windows(cols, x.shape[1:4], strides, dilation, pad_before)
    n, c = x.shape[0], x.shape[-1]
    padded = np.zeros((n,) + w.padded_spatial + (c,), x.dtype)
    scatter_add_windows(padded.reshape(n, -1, c), w.window,
                        np.ascontiguousarray(cols).reshape(n, w.window.size, c))
    x += padded[w.inside]
