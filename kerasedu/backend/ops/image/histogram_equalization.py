"""Contrast-limited adaptive histogram equalization (CLAHE) of images with pixels in [0, 255].

Each image is cut into a grid of tiles (padded by reflection to a whole number of tiles), and
each tile and channel gets its own equalizing map from its histogram h (256 bins of the
pixels' integer parts):

    h ← min(h, L) + (excess above L)/256,      L = clip_limit · (pixels per tile)/256
    map(v) = 255 · (cdf(v) − cdf_min)/(pixels per tile − cdf_min)

(no clipping when clip_limit ≤ 0). A pixel's value is the bilinear blend of the maps of the
four tiles whose centres surround it (the maps of edge tiles extend past the border), so the
equalization changes smoothly across tile boundaries (Zuiderveld, 1994). Not differentiable:
the maps are step functions of the pixels.

Shapes: (N, H, W, C) float in [0, 255] -> (N, H, W, C) float32.
"""

import numpy as np

from .._inputs import tensor_of
from ...tensor import Tensor


def _tile_maps(tiles, clip_limit, tile_pixels):
    """(N, gh, gw, C, 256) equalizing maps of (N, gh, gw, C, tile_pixels) pixel values."""
    values = np.clip(np.trunc(tiles), 0, 255).astype(np.int64)
    groups = values.shape[:-1]
    offsets = np.arange(int(np.prod(groups))).reshape(groups + (1,)) * 256
    counts = np.bincount((values + offsets).ravel(), minlength=int(np.prod(groups)) * 256)
    histogram = counts.reshape(groups + (256,)).astype(np.float32)
    if clip_limit > 0:
        limit = np.float32(clip_limit * tile_pixels / 256.0)
        clipped = np.minimum(histogram, limit)
        excess = np.sum(histogram - clipped, axis=-1, keepdims=True)
        histogram = clipped + excess / np.float32(256.0)
    cdf = np.cumsum(histogram, axis=-1)
    cdf_min = np.min(cdf, axis=-1, keepdims=True)
    denominator = np.float32(tile_pixels) - cdf_min
    denominator = np.where(denominator == 0, np.float32(1), denominator)
    return np.clip((cdf - cdf_min) * np.float32(255.0) / denominator, 0, 255)


def _neighbours(length, tile, grid):
    """For each of ``length`` positions: the lower and upper tile (of the grid padded by one
    tile each side) whose centres surround it, and the weight of the upper one."""
    position = (np.arange(length, dtype=np.float32) - tile / 2.0) / tile + 1.0
    lower = np.floor(position)
    weight = position - lower
    return (np.clip(lower, 0, grid + 1).astype(np.int64),
            np.clip(lower + 1, 0, grid + 1).astype(np.int64), weight.astype(np.float32))


def clahe(images, clip_limit=4.0, tile_grid_size=(8, 8)):
    """Contrast-limited adaptive histogram equalization of a channels_last batch (see the
    module docstring)."""
    x = np.asarray(tensor_of(images).numpy(), np.float32)
    n, height, width, channels = x.shape
    if x.size == 0:
        return Tensor(x)
    grid_h, grid_w = tile_grid_size
    tile_h, tile_w = -(-height // grid_h), -(-width // grid_w)
    padded = np.pad(x, [(0, 0), (0, tile_h * grid_h - height), (0, tile_w * grid_w - width),
                        (0, 0)], mode="symmetric")
    tiles = padded.reshape(n, grid_h, tile_h, grid_w, tile_w, channels)
    tiles = tiles.transpose(0, 1, 3, 5, 2, 4).reshape(n, grid_h, grid_w, channels,
                                                      tile_h * tile_w)
    maps = _tile_maps(tiles, clip_limit, tile_h * tile_w)
    maps = np.concatenate([maps[:, :1], maps, maps[:, -1:]], axis=1)
    maps = np.concatenate([maps[:, :, :1], maps, maps[:, :, -1:]], axis=2)
    y0, y1, wy = _neighbours(tile_h * grid_h, tile_h, grid_h)
    x0, x1, wx = _neighbours(tile_w * grid_w, tile_w, grid_w)
    pixels = np.clip(padded, 0, 255).astype(np.int64)
    b = np.arange(n)[:, None, None, None]
    c = np.arange(channels)[None, None, None, :]
    rows0, rows1 = y0[None, :, None, None], y1[None, :, None, None]
    cols0, cols1 = x0[None, None, :, None], x1[None, None, :, None]
    wy, wx = wy[None, :, None, None], wx[None, None, :, None]
    top = maps[b, rows0, cols0, c, pixels] * (1 - wx) + maps[b, rows0, cols1, c, pixels] * wx
    bottom = maps[b, rows1, cols0, c, pixels] * (1 - wx) + maps[b, rows1, cols1, c, pixels] * wx
    result = top * (1 - wy) + bottom * wy
    return Tensor(result[:, :height, :width, :].astype(np.float32))
