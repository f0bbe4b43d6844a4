"""Resizing images, and scaling and translating them, by separable interpolation.

Along each spatial axis, an output of length m is read from an input of length n through an
(n, m) weight matrix, then the next axis is done the same way. Output sample j sits at input
position

    p_j = (j + ½)/s − t/s − ½          (s = scale, t = translation; for resize s = m/n, t = 0)

and input pixel i contributes kernel(|p_j − i| / k) (normalized to sum 1 per sample, and 0
where p_j lies outside [−½, n − ½]), k = max(1/s, 1) with antialiasing (so shrinking averages
over the pixels that fall together), else 1. Kernels:

    linear (bilinear)    max(0, 1 − x)
    cubic (bicubic)      Keys, a = −½: 1.5x³ − 2.5x² + 1 (x < 1), −0.5x³ + 2.5x² − 4x + 2 (x < 2)
    lanczos3, lanczos5   sinc(x)·sinc(x/r) for x < r

"nearest" takes input pixel ⌊(j + ½)·n/m⌋. These are the rules of JAX's image resizing, which
Keras uses; every step is a product with a fixed matrix (or a gather), so gradients flow.

Integer images (uint8 pixels) come back in their own dtype, as in Keras: the interpolated
values are rounded (halves to even) and saturated at the dtype's limits.
"""

import numpy as np

from .._inputs import constant_argument, tensor_of
from ..linalg import tensordot
from ..math import cast
from ..shape import concatenate, getitem, moveaxis, take_slice
from ..creation import full
from ..dtypes import saturate_cast
from ..remainders import round as round_
from ._layout import as_batch, float_dtype

INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic")
METHODS = {"linear": "linear", "bilinear": "linear", "trilinear": "linear", "cubic": "cubic",
           "bicubic": "cubic", "tricubic": "cubic", "lanczos3": "lanczos3",
           "lanczos5": "lanczos5"}


def _kernel(name, x):
    if name == "linear":
        return np.maximum(0.0, 1 - x)
    if name == "cubic":
        near = ((1.5 * x - 2.5) * x) * x + 1
        far = ((-0.5 * x + 2.5) * x - 4) * x + 2
        return np.where(x >= 2, 0.0, np.where(x >= 1, far, near))
    radius = 3 if name == "lanczos3" else 5
    with np.errstate(divide="ignore", invalid="ignore"):
        y = radius * np.sin(np.pi * x) * np.sin(np.pi * x / radius) / (np.pi ** 2 * x * x)
    return np.where(x > radius, 0.0, np.where(x > 1e-3, y, 1.0))


def weight_matrix(n, m, scale, translation, method, antialias, dtype):
    """The (n, m) matrix whose column j holds the weights of output sample j."""
    inverse = 1.0 / scale
    width = max(inverse, 1.0) if antialias else 1.0
    position = (np.arange(m) + 0.5) * inverse - translation * inverse - 0.5
    distance = np.abs(position[None, :] - np.arange(n)[:, None]) / width
    weights = _kernel(method, distance)
    total = weights.sum(axis=0, keepdims=True)
    weights = np.where(np.abs(total) > 1000 * np.finfo(np.float32).eps,
                       weights / np.where(total != 0, total, 1), 0)
    inside = (position >= -0.5) & (position <= n - 0.5)
    return np.where(inside[None, :], weights, 0).astype(dtype)


def _along(x, axis, matrix):
    """x with ``axis`` replaced through ``matrix`` (n, m)."""
    return moveaxis(tensordot(x, matrix, ([axis], [0])), -1, axis)


def scale_and_translate(images, output_shape, scale, translation, spatial_dims, method,
                        antialias=True):
    """``images`` resampled to ``output_shape``: along each of ``spatial_dims``, output sample
    j reads input position (j + ½ − t)/s − ½ for that axis's scale s and translation t."""
    if method not in METHODS:
        raise ValueError(f"scale_and_translate: method must be one of {sorted(METHODS)}, "
                         f"received {method!r}.")
    x = tensor_of(images)
    scale_argument, translation_argument = scale, translation
    scale = np.asarray(tensor_of(scale).value, np.float64).reshape(-1)
    translation = np.asarray(tensor_of(translation).value, np.float64).reshape(-1)
    dims = [int(d) % x.ndim for d in spatial_dims]
    if len(output_shape) != x.ndim or len(scale) != len(dims) or len(translation) != len(dims):
        raise ValueError(f"scale_and_translate: output_shape needs one size per axis "
                         f"({x.ndim}), scale and translation one value per spatial dim "
                         f"({len(dims)}).")
    dtype = float_dtype(x.dtype)
    out = cast(x, dtype)
    for d, s, t in zip(dims, scale, translation):
        matrix = weight_matrix(x.shape[d], int(output_shape[d]), s, t, METHODS[method],
                               antialias, dtype)
        out = _along(out, d, matrix)
    for name, argument in (("scale", scale_argument), ("translation", translation_argument)):
        out = constant_argument(out, argument, "scale_and_translate", name)
    return out


def _nearest(x, axis, m):
    n = x.shape[axis]
    index = np.floor((np.arange(m, dtype=np.float32) + 0.5) * np.float32(n / m)).astype(int)
    key = [slice(None)] * x.ndim
    key[axis] = np.minimum(index, n - 1)
    return getitem(x, tuple(key))


def _crop_to_aspect(x, height, width):
    h, w = x.shape[1:3]
    crop_h = max(min(h, int(float(w * height) / width)), 1)
    crop_w = max(min(w, int(float(h * width) / height)), 1)
    top, left = int((h - crop_h) / 2), int((w - crop_w) / 2)
    return take_slice(take_slice(x, 1, top, top + crop_h), 2, left, left + crop_w)


def _pad_to_aspect(x, height, width, fill_value):
    n, h, w, c = x.shape
    pad_h = max(h, int(float(w * height) / width))
    pad_w = max(w, int(float(h * width) / height))
    top, left = int((pad_h - h) / 2), int((pad_w - w) / 2)
    if top > 0:
        band = full((n, top, w, c), fill_value, x.dtype)
        return concatenate([band, x, band], axis=1)
    if left > 0:
        band = full((n, h, left, c), fill_value, x.dtype)
        return concatenate([band, x, band], axis=2)
    return x


def resize(images, size, interpolation="bilinear", antialias=False, crop_to_aspect_ratio=False,
           pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, data_format=None):
    """Images resized to ``size`` = (height, width), by ``interpolation`` (see the module
    docstring). ``crop_to_aspect_ratio`` first cuts the largest centred box of the target's
    aspect ratio; ``pad_to_aspect_ratio`` first pads with ``fill_value`` to it."""
    if interpolation not in INTERPOLATIONS:
        raise ValueError(f"resize: interpolation must be one of {INTERPOLATIONS}, received "
                         f"{interpolation!r}.")
    if fill_mode != "constant":
        raise ValueError(f"resize: only fill_mode='constant' is supported, received "
                         f"{fill_mode!r}.")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("resize: only one of crop_to_aspect_ratio and pad_to_aspect_ratio can "
                         "be True.")
    if len(size) != 2:
        raise ValueError(f"resize: size must be (height, width), received {size!r}.")
    height, width = int(size[0]), int(size[1])
    x, restore = as_batch(images, data_format, "resize")
    images_dtype = x.dtype
    if crop_to_aspect_ratio:
        x = _crop_to_aspect(x, height, width)
    elif pad_to_aspect_ratio:
        x = _pad_to_aspect(x, height, width, fill_value)
    for axis, m in ((1, height), (2, width)):
        if x.shape[axis] == m:
            continue
        if interpolation == "nearest":
            x = _nearest(x, axis, m)
        else:
            dtype = float_dtype(x.dtype)
            matrix = weight_matrix(x.shape[axis], m, m / x.shape[axis], 0.0,
                                   METHODS[interpolation], antialias, dtype)
            x = _along(cast(x, dtype), axis, matrix)
    if x.dtype != images_dtype:                 # integer pixels, interpolated as floats
        x = saturate_cast(round_(x), images_dtype)
    return restore(x)
