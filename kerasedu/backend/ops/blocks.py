"""Moving blocks of an image between space and channels: pixel shuffles, unfold and fold.

    depth_to_space(x, b)   (N, H, W, C·b²) -> (N, H·b, W·b, C): each pixel's channels become a
                           b×b block of pixels (a "pixel shuffle");  space_to_depth undoes it
    unfold(x, k)           (N, C, H, W) -> (N, C·kh·kw, L): every k×k window (with stride,
                           dilation and zero padding) as a column, L windows in row order
    fold(cols, size, k)    the reverse of unfold: columns added back into an (N, C, oh, ow)
                           image, overlapping windows summing

depth_to_space and space_to_depth are reshapes and transposes; unfold reads x at window
positions (its gradient adds back into the windows); fold adds columns into the image, so its
gradient is unfold of the image's gradient.
"""

import numpy as np

from ..autodiff import record
from ._inputs import tensor_of, unpack
from .padding import pad
from .shape import getitem, reshape, transpose


def _rank4(x, name):
    x = tensor_of(x)
    if x.ndim != 4:
        raise ValueError(f"{name} expects a 4-D tensor (batch, height, width, channels) or "
                         f"(batch, channels, height, width), received shape {x.shape}.")
    return x


def depth_to_space(x, block_size, data_format="channels_last"):
    """Channels into b×b spatial blocks: (N, H, W, C·b²) -> (N, H·b, W·b, C) (channels_first:
    (N, C·b², H, W) -> (N, C, H·b, W·b))."""
    x, b = _rank4(x, "depth_to_space"), int(block_size)
    channels = x.shape[-1] if data_format == "channels_last" else x.shape[1]
    if b < 1 or channels % (b * b):
        raise ValueError(f"depth_to_space: the channels ({channels}) must be a multiple of "
                         f"block_size² ({b}² = {b * b}).")
    if data_format == "channels_last":
        n, h, w, c = x.shape
        blocks = reshape(x, (n, h, w, b, b, c // (b * b)))
        return reshape(transpose(blocks, (0, 1, 3, 2, 4, 5)), (n, h * b, w * b, c // (b * b)))
    n, c, h, w = x.shape
    blocks = reshape(x, (n, c // (b * b), b, b, h, w))
    return reshape(transpose(blocks, (0, 1, 4, 2, 5, 3)), (n, c // (b * b), h * b, w * b))


def space_to_depth(x, block_size, data_format="channels_last"):
    """b×b spatial blocks into channels: (N, H, W, C) -> (N, H/b, W/b, C·b²) (the reverse of
    depth_to_space)."""
    x, b = _rank4(x, "space_to_depth"), int(block_size)
    h, w = x.shape[1:3] if data_format == "channels_last" else x.shape[2:]
    if b < 1 or h % b or w % b:
        raise ValueError(f"space_to_depth: height and width ({h}, {w}) must be multiples of "
                         f"block_size ({b}).")
    if data_format == "channels_last":
        n, _, _, c = x.shape
        blocks = reshape(x, (n, h // b, b, w // b, b, c))
        return reshape(transpose(blocks, (0, 1, 3, 2, 4, 5)), (n, h // b, w // b, c * b * b))
    n, c, _, _ = x.shape
    blocks = reshape(x, (n, c, h // b, b, w // b, b))
    return reshape(transpose(blocks, (0, 1, 3, 5, 2, 4)), (n, c * b * b, h // b, w // b))


def _pair(value, name):
    pair = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    if len(pair) != 2:
        raise ValueError(f"{name} must be an int or a pair of ints, received {value!r}.")
    return tuple(int(v) for v in pair)


def _window_positions(size, k, d, p, s):
    """Row (or column) indices, in the padded image, of every window: (windows, k)."""
    count = (size + 2 * p - d * (k - 1) - 1) // s + 1
    if count < 1:
        raise ValueError(f"unfold/fold: a window of size {k} (dilation {d}) does not fit in "
                         f"a length of {size} padded by {p}.")
    return np.arange(count)[:, None] * s + np.arange(k)[None, :] * d


def _block_indices(height, width, kernel_size, dilation, padding, stride):
    k, d = _pair(kernel_size, "kernel_size"), _pair(dilation, "dilation")
    p, s = _pair(padding, "padding"), _pair(stride, "stride")
    rows = _window_positions(height, k[0], d[0], p[0], s[0])     # (nh, kh)
    cols = _window_positions(width, k[1], d[1], p[1], s[1])      # (nw, kw)
    # (kh, kw, nh, nw) -> index arrays of shape (kh·kw, nh·nw)
    row_index = rows.T[:, None, :, None] + np.zeros((1, k[1], 1, cols.shape[0]), int)
    col_index = cols.T[None, :, None, :] + np.zeros((k[0], 1, rows.shape[0], 1), int)
    return (row_index.reshape(k[0] * k[1], -1), col_index.reshape(k[0] * k[1], -1)), p


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    """Sliding blocks of an (N, C, H, W) image as columns: (N, C·kh·kw, L), the row of a
    value being c·kh·kw + i·kw + j for channel c and window offset (i, j)."""
    x = _rank4(x, "unfold")
    n, c, h, w = x.shape
    (rows, cols), p = _block_indices(h, w, kernel_size, dilation, padding, stride)
    padded = pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])))
    patches = getitem(padded, (slice(None), slice(None), rows, cols))   # (N, C, kk, L)
    return reshape(patches, (n, c * rows.shape[0], rows.shape[1]))


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Columns (N, C·kh·kw, L) added back into an (N, C, oh, ow) image: the adjoint of unfold.
    Where windows overlap their values add up."""
    a, av = unpack(x)
    av = np.asarray(av)
    if av.ndim != 3:
        raise ValueError(f"fold expects columns of shape (batch, channels·kh·kw, blocks), "
                         f"received shape {av.shape}.")
    oh, ow = _pair(output_size, "output_size")
    (rows, cols), p = _block_indices(oh, ow, kernel_size, dilation, padding, stride)
    n, ckk, count = av.shape
    if ckk % rows.shape[0] or count != rows.shape[1]:
        raise ValueError(f"fold: columns of shape {av.shape} do not match {rows.shape[0]} "
                         f"kernel positions and {rows.shape[1]} blocks of an output of size "
                         f"{(oh, ow)}.")
    c = ckk // rows.shape[0]
    padded = np.zeros((n, c, oh + 2 * p[0], ow + 2 * p[1]), av.dtype)
    np.add.at(padded, (slice(None), slice(None), rows, cols), av.reshape(n, c, *rows.shape))
    inner = (slice(None), slice(None), slice(p[0], p[0] + oh), slice(p[1], p[1] + ow))

    def backward(g):
        grown = np.zeros(padded.shape, g.dtype)
        grown[inner] = g
        return (grown[:, :, rows, cols].reshape(av.shape),)
    return record(padded[inner].copy(), (a,), backward, "fold")
