"""Colour spaces: RGB to grayscale, RGB to HSV and back.

    gray = 0.2989 R + 0.5870 G + 0.1140 B          (ITU-R 601 luma)
    HSV: value V = max(R, G, B), saturation S = (V − min)/V, hue H in [0, 1) from which channel
         is largest: (G − B)/(6·range) for red, 2/6 + (B − R)/(6·range) for green,
         4/6 + (R − G)/(6·range) for blue (wrapped into [0, 1))
    RGB from HSV: each channel V·(1 − S + S·clip(...)) of the hue's distance to its sector

Written with differentiable ops (a weighted sum, where, clip, mod), so gradients flow where
the functions are differentiable.
"""

import numpy as np

from .._inputs import tensor_of
from ..linalg import tensordot
from ..math import abs as abs_, add, cast, clip, divide, maximum, minimum, multiply, subtract
from ..math import where
from ..remainders import mod
from ..shape import expand_dims, split, squeeze, stack
from ._layout import channel_axis

GRAY_WEIGHTS = (0.2989, 0.5870, 0.1140)


def _check(images, name, need_float=True):
    images = tensor_of(images)
    if images.ndim not in (3, 4):
        raise ValueError(f"{name} expects an image of rank 3 or a batch of rank 4, received "
                         f"shape {images.shape}.")
    if need_float and images.dtype.kind != "f":
        raise ValueError(f"{name} expects float images, received dtype {images.dtype}.")
    return images


def rgb_to_grayscale(images, data_format=None):
    """One channel 0.2989 R + 0.5870 G + 0.1140 B (the dtype kept); grayscale stays as is."""
    images = _check(images, "rgb_to_grayscale", need_float=False)
    axis = channel_axis(images, data_format)
    if images.shape[axis] not in (1, 3):
        raise ValueError(f"rgb_to_grayscale expects 3 (RGB) or 1 (grayscale) channels, "
                         f"received shape {images.shape}.")
    if images.shape[axis] == 1:
        return images
    work = images.dtype if images.dtype.kind == "f" else np.dtype("float32")
    gray = tensordot(cast(images, work), np.asarray(GRAY_WEIGHTS, work),
                     ([images.ndim + axis], [0]))
    return cast(expand_dims(gray, axis), images.dtype)


def _planes(images, axis):
    return [squeeze(p, axis) for p in split(images, 3, axis=axis)]


def rgb_to_hsv(images, data_format=None):
    """RGB in [0, 1] to (hue, saturation, value), each in [0, 1]."""
    images = _check(images, "rgb_to_hsv")
    axis = channel_axis(images, data_format)
    eps = np.finfo(images.dtype).eps
    images = where(np.abs(images.value) < eps, np.zeros((), images.dtype), images)
    red, green, blue = _planes(images, axis)
    value = maximum(maximum(red, green), blue)
    spread = subtract(value, minimum(minimum(red, green), blue))
    safe_value = where(value.value > 0, value, np.ones((), images.dtype))
    safe_spread = where(spread.value > 0, spread, np.ones((), images.dtype))
    saturation = where(value.value > 0, divide(spread, safe_value), np.zeros((), images.dtype))
    scale = divide(1.0, multiply(safe_spread, 6.0))
    hue = where(value.value == green.value, add(multiply(scale, subtract(blue, red)), 2 / 6),
                add(multiply(scale, subtract(red, green)), 4 / 6))
    hue = where(value.value == red.value, multiply(scale, subtract(green, blue)), hue)
    hue = add(where(spread.value > 0, hue, np.zeros((), images.dtype)),
              (hue.value < 0).astype(images.dtype))
    return stack([hue, saturation, value], axis=axis)


def hsv_to_rgb(images, data_format=None):
    """(hue, saturation, value) to RGB."""
    images = _check(images, "hsv_to_rgb")
    axis = channel_axis(images, data_format)
    hue, saturation, value = _planes(images, axis)
    sector = multiply(mod(hue, 1.0), 6.0)
    red_share = clip(subtract(abs_(subtract(sector, 3.0)), 1.0), 0.0, 1.0)
    green_share = clip(subtract(2.0, abs_(subtract(sector, 2.0))), 0.0, 1.0)
    blue_share = clip(subtract(2.0, abs_(subtract(sector, 4.0))), 0.0, 1.0)
    grey = subtract(1.0, saturation)
    channels = [multiply(value, add(grey, multiply(saturation, share)))
                for share in (red_share, green_share, blue_share)]
    return stack(channels, axis=axis)
