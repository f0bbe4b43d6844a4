"""Image filters by convolution: Gaussian blur and Sobel edges.

    gaussian_blur:  each channel convolved ("same", zero padding) with the normalized kernel
                    g(i) g(j), g(u) ∝ exp(−u²/(2σ²)) for offsets u from the kernel's centre
    sobel_edges:    each channel convolved with the Sobel kernels
                        d/dy: [[−1, −2, −1], [0, 0, 0], [1, 2, 1]]
                        d/dx: [[−1, 0, 1], [−2, 0, 2], [−1, 0, 1]]
                    stacked as (dy, dx) along a new last axis

Both are depthwise convolutions (``ops.depthwise_conv``), so gradients flow to the images.
Without ``data_format``, images are read as ``image_data_format()`` says (channels_last by
default), as Keras documents; Keras 3.15's gaussian_blur reads them as channels_first then.
"""

import numpy as np

from .._inputs import tensor_of
from ..conv import depthwise_conv
from ..math import cast
from ..shape import stack
from ._layout import as_batch, float_dtype


def gaussian_kernel_1d(size, sigma):
    """The normalized Gaussian of ``size`` taps and width ``sigma``, centred."""
    offsets = np.arange(size) - (size - 1) / 2
    taps = np.exp(-0.5 * (offsets / sigma) ** 2)
    return taps / taps.sum()


def _pair(value, name):
    pair = (value, value) if np.ndim(value) == 0 else tuple(value)
    if len(pair) != 2:
        raise ValueError(f"gaussian_blur: {name} must be a number or a pair, received "
                         f"{value!r}.")
    return pair


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    """Each channel blurred by a Gaussian of ``kernel_size`` taps and widths ``sigma`` (the
    first entry of each along the width, the second along the height, as Keras reads them)."""
    size, widths = _pair(kernel_size, "kernel_size"), _pair(sigma, "sigma")
    x, restore = as_batch(images, data_format, "gaussian_blur")
    dtype = float_dtype(x.dtype)
    kernel = np.outer(gaussian_kernel_1d(int(size[1]), float(widths[1])),
                      gaussian_kernel_1d(int(size[0]), float(widths[0])))
    channels = x.shape[-1]
    kernel = np.broadcast_to(kernel[:, :, None, None], kernel.shape + (channels, 1))
    return restore(depthwise_conv(cast(x, dtype), kernel.astype(dtype), 1, "same"))


SOBEL_Y = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]])
SOBEL_X = SOBEL_Y.T


def sobel_edges(images, data_format=None):
    """Vertical and horizontal Sobel responses of each channel: (N, H, W, C) ->
    (N, H, W, C, 2), the last axis (d/dy, d/dx)."""
    images = tensor_of(images)
    if images.ndim != 4:
        raise ValueError(f"sobel_edges expects a batch of images (rank 4), received shape "
                         f"{images.shape}.")
    x, restore = as_batch(images, data_format, "sobel_edges")
    dtype = float_dtype(x.dtype)
    x = cast(x, dtype)
    channels = x.shape[-1]
    edges = [depthwise_conv(x, np.broadcast_to(k[:, :, None, None], (3, 3, channels, 1))
                            .astype(dtype), 1, "same") for k in (SOBEL_Y, SOBEL_X)]
    return restore(stack(edges, axis=-1), extra_axes=1)
