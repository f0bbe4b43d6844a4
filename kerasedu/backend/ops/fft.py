"""Discrete Fourier transforms of (real, imaginary) pairs, differentiable.

Keras passes complex tensors as pairs of real tensors. Along an axis of length n,

    X_k = Σ_j x_j e^(−2πi jk/n)       (fft; W the matrix of these e^(...))
    x_j = (1/n) Σ_k X_k e^(+2πi jk/n)  (the inverse)

A DFT is linear, so its vector-Jacobian product is its adjoint: for X = W x, with g = ḡ_re +
i ḡ_im the gradient of the output, x̄ = Wᴴ g = n · ifft(g) (and for the inverse, fft(g)/n); the
real and imaginary parts of x̄ are the gradients of the input's parts.

rfft (of a real signal, keeping the n//2 + 1 non-redundant frequencies) and irfft (rebuilding
the full spectrum from its half by X_{n−k} = conj(X_k)) are written with the DFT and
differentiable slicing, so their gradients follow.
"""

import numpy as np

from ..autodiff import record
from ._inputs import tensor_of
from .math import cast, negative
from .padding import pad
from .shape import concatenate, flip, take_slice
from .statistics import as_float
from .dtypes import float_result_type


def complex_pair(x, name):
    """The (real, imaginary) Tensors of a Keras complex pair, as one float dtype."""
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(f"{name} expects a tuple (real, imaginary) of two tensors, received "
                         f"{type(x).__name__}.")
    real, imag = tensor_of(x[0]), tensor_of(x[1])
    if real.shape != imag.shape:
        raise ValueError(f"{name}: the real and imaginary parts must have the same shape, "
                         f"received {real.shape} and {imag.shape}.")
    if real.dtype.kind != "f" or imag.dtype.kind != "f":
        raise ValueError(f"{name}: the real and imaginary parts must be floats, received "
                         f"{real.dtype} and {imag.dtype}.")
    dtype = float_result_type(real.value, imag.value)
    return cast(real, dtype), cast(imag, dtype)


def dft(real, imag, axes, inverse=False):
    """(real, imaginary) parts of the DFT (or inverse DFT) of real + i·imag over ``axes``."""
    real, imag = tensor_of(real), tensor_of(imag)
    forward = np.fft.ifftn if inverse else np.fft.fftn
    adjoint = np.fft.fftn if inverse else np.fft.ifftn
    size = int(np.prod([real.shape[a] for a in axes]))
    factor = 1 / size if inverse else size
    values = forward(real.value + 1j * imag.value, axes=axes)

    def backward_for(part):
        def backward(g):
            gradient = adjoint(g if part == "real" else 1j * g, axes=axes) * factor
            return gradient.real.astype(real.dtype), gradient.imag.astype(imag.dtype)
        return backward
    return (record(values.real.astype(real.dtype), (real, imag), backward_for("real"), "fft"),
            record(values.imag.astype(real.dtype), (real, imag), backward_for("imag"), "fft"))


def fft(x):
    """The DFT along the last axis of x = (real, imaginary): returns (real, imaginary)."""
    real, imag = complex_pair(x, "fft")
    return dft(real, imag, (-1,))


def fft2(x):
    """The 2-D DFT over the last two axes of x = (real, imaginary)."""
    real, imag = complex_pair(x, "fft2")
    return dft(real, imag, (-2, -1))


def ifft2(x):
    """The inverse 2-D DFT over the last two axes of x = (real, imaginary)."""
    real, imag = complex_pair(x, "ifft2")
    return dft(real, imag, (-2, -1), inverse=True)


def _fit_length(x, n):
    """x cut or zero-padded to length n along its last axis."""
    length = x.shape[-1]
    if length >= n:
        return take_slice(x, x.ndim - 1, 0, n)
    return pad(x, [(0, 0)] * (x.ndim - 1) + [(0, n - length)])


def rfft(x, fft_length=None):
    """The DFT of a real signal along its last axis (cut or zero-padded to ``fft_length``),
    keeping frequencies 0 .. n//2: returns (real, imaginary) of shape (..., n//2 + 1)."""
    x = as_float(x)
    n = x.shape[-1] if fft_length is None else int(fft_length)
    signal = _fit_length(x, n)
    real, imag = dft(signal, np.zeros(signal.shape, signal.dtype), (-1,))
    keep = n // 2 + 1
    return take_slice(real, x.ndim - 1, 0, keep), take_slice(imag, x.ndim - 1, 0, keep)


def irfft(x, fft_length=None):
    """The real signal of length n (``fft_length``, default 2·(m − 1)) whose rfft is the
    half spectrum x = (real, imaginary) of length m."""
    real, imag = complex_pair(x, "irfft")
    last = real.ndim - 1
    n = 2 * (real.shape[-1] - 1) if fft_length is None else int(fft_length)
    half = n // 2 + 1
    real, imag = _fit_length(real, half), _fit_length(imag, half)
    mirrored = (n - 1) // 2      # X_{n−k} = conj(X_k) for k = 1 .. (n − 1) // 2
    full_real = concatenate([real, flip(take_slice(real, last, 1, 1 + mirrored), last)], last)
    full_imag = concatenate([imag, negative(flip(take_slice(imag, last, 1, 1 + mirrored),
                                                 last))], last)
    return dft(full_real, full_imag, (-1,), inverse=True)[0]
