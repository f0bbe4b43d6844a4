"""How alike two images are: peak signal-to-noise ratio and structural similarity.

    psnr = 20 log₁₀(max_val) − 10 log₁₀(mean((x1 − x2)²))          (in decibels)
    ssim = mean over pixels of (2 μ₁μ₂ + c₁)(2 σ₁₂ + c₂) / ((μ₁² + μ₂² + c₁)(σ₁² + σ₂² + c₂))

with μ, σ² and σ₁₂ local means, variances and covariance under an 11×11 Gaussian window
(σ = 1.5, "valid" positions only), c₁ = (k₁·max_val)², c₂ = (k₂·max_val)², averaged over
channels. Both are compositions of differentiable ops (ssim's windows are convolutions).
"""

import numpy as np

from .._inputs import tensor_of
from ..conv import conv
from ..exponents import log10
from ..math import add, cast, divide, multiply, subtract
from ..reduction import mean
from ..shape import reshape, transpose
from ..statistics import as_float
from ._layout import as_batch
from .filters import gaussian_kernel_1d


def psnr(x1, x2, max_val):
    """20 log₁₀(max_val) − 10 log₁₀(MSE) over all values of x1 and x2."""
    x1, x2 = as_float(x1), as_float(x2)
    if x1.shape != x2.shape:
        raise ValueError(f"psnr: x1 {x1.shape} and x2 {x2.shape} must have the same shape.")
    mse = mean(multiply(subtract(x1, x2), subtract(x1, x2)))
    peak = np.asarray(max_val, x2.dtype)
    return subtract(multiply(20.0, log10(peak)), multiply(10.0, log10(mse)))


def ssim(image1, image2, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03,
         data_format=None):
    """The structural similarity of two images (or batches): 1 for identical images."""
    a, _ = as_batch(image1, data_format, "ssim")
    b, _ = as_batch(image2, data_format, "ssim")
    single = tensor_of(image1).ndim == 3
    if a.shape != b.shape:
        raise ValueError(f"ssim: the images must have the same shape, received {a.shape} and "
                         f"{b.shape}.")
    original = a.dtype
    a, b = as_float(a), as_float(b)
    dtype = a.dtype
    n, h, w, c = a.shape
    taps = gaussian_kernel_1d(filter_size, filter_sigma)
    window = np.outer(taps, taps).reshape(filter_size, filter_size, 1, 1).astype(dtype)

    def local_mean(x):      # each channel as its own image
        planes = reshape(transpose(x, (0, 3, 1, 2)), (-1, h, w, 1))
        return conv(planes, window, 1, "valid", "channels_last")
    mu1, mu2 = local_mean(a), local_mean(b)
    sigma1 = subtract(local_mean(multiply(a, a)), multiply(mu1, mu1))
    sigma2 = subtract(local_mean(multiply(b, b)), multiply(mu2, mu2))
    sigma12 = subtract(local_mean(multiply(a, b)), multiply(mu1, mu2))
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    numerator = multiply(add(multiply(multiply(mu1, mu2), 2.0), c1),
                         add(multiply(sigma12, 2.0), c2))
    denominator = multiply(add(add(multiply(mu1, mu1), multiply(mu2, mu2)), c1),
                           add(add(sigma1, sigma2), c2))
    per_plane = mean(divide(numerator, denominator), axis=(1, 2, 3))
    result = mean(reshape(per_plane, (n, c)), axis=-1)
    result = reshape(result, ()) if single else result
    return cast(result, original) if original.kind == "f" else result
