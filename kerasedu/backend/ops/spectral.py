"""Frames of a signal and the short-time Fourier transform (STFT) and its inverse.

    extract_sequences(x, L, s)   frames x[..., i·s : i·s + L] along a new axis
    stft(x, L, s, n)             frame i: rfft of x[i·s : i·s + n] · window (the window of
                                 length L centred in n by zeros); with ``center``, x is first
                                 reflected n//2 samples out at both ends
    istft(X, L, s, n)            irfft of each frame, times the window, overlapped and added,
                                 divided by the overlapped squared windows

Windows: "hann" (0.5 − 0.5 cos(2πk/L)) and "hamming" (0.54 − 0.46 cos(2πk/L)), periodic as in
signal processing, or a tensor of length L, or None (ones). Every step is a differentiable op
(gather, multiply, the DFT, scatter-add), so stft and istft have gradients.
"""

import numpy as np

from ._inputs import constant_argument, tensor_of
from .blocks import fold
from .fft import complex_pair, irfft, rfft
from .math import divide, multiply
from .padding import pad
from .shape import getitem, moveaxis, reshape, take_slice


def extract_sequences(x, sequence_length, sequence_stride):
    """Frames of length ``sequence_length`` every ``sequence_stride`` samples along the last
    axis: (..., T) -> (..., frames, sequence_length), frames = (T − L) // s + 1."""
    x = tensor_of(x)
    length = x.shape[-1]
    if sequence_length > length or sequence_length < 1 or sequence_stride < 1:
        raise ValueError(f"extract_sequences: cannot cut frames of length {sequence_length} "
                         f"every {sequence_stride} from a signal of length {length}.")
    count = (length - sequence_length) // sequence_stride + 1
    index = np.arange(count)[:, None] * sequence_stride + np.arange(sequence_length)[None, :]
    return getitem(x, (Ellipsis, index))


def _window(window, sequence_length, fft_length, dtype):
    """The window of length ``sequence_length``, zero-padded to ``fft_length`` (centred)."""
    k = np.arange(sequence_length)
    if window is None:
        values = np.ones(sequence_length)
    elif isinstance(window, str):
        shapes = {"hann": (0.5, 0.5), "hamming": (0.54, 0.46)}
        if window not in shapes:
            raise ValueError(f"window must be 'hann', 'hamming', a tensor or None, received "
                             f"{window!r}.")
        a, b = shapes[window]
        values = a - b * np.cos(2 * np.pi * k / sequence_length)
    else:
        values = np.asarray(tensor_of(window).value, np.float64)
        if values.shape != (sequence_length,):
            raise ValueError(f"The window must have shape ({sequence_length},), received "
                             f"{values.shape}.")
    left = (fft_length - sequence_length) // 2
    return np.pad(values, (left, fft_length - sequence_length - left)).astype(dtype)


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    """The short-time Fourier transform of the last axis of x: returns (real, imaginary) of
    shape (..., frames, fft_length // 2 + 1)."""
    x = tensor_of(x)
    if x.dtype.name not in ("float32", "float64"):
        raise TypeError(f"stft expects float32 or float64 signals, received {x.dtype}.")
    if fft_length < sequence_length:
        raise ValueError(f"stft: fft_length ({fft_length}) must be at least sequence_length "
                         f"({sequence_length}).")
    if center:
        x = pad(x, [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)],
                mode="reflect")
    frames = extract_sequences(x, fft_length, sequence_stride)
    windowed = multiply(frames, _window(window, sequence_length, fft_length, x.dtype))
    real, imag = rfft(windowed, fft_length)
    return (constant_argument(real, window, "stft", "window"),
            constant_argument(imag, window, "stft", "window"))


def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann",
          center=True):
    """The signal whose stft is x = (real, imaginary) (..., frames, fft_length // 2 + 1):
    frames rebuilt by irfft, windowed, overlapped and added, and divided by the overlapped
    squared window. ``length`` sets the output length."""
    real, imag = complex_pair(x, "istft")
    if real.ndim < 2:
        raise ValueError(f"istft expects (..., frames, bins), received shape {real.shape}.")
    frames = irfft((real, imag), fft_length)                    # (..., F, n)
    win = _window(window, sequence_length, fft_length, frames.dtype)
    count = frames.shape[-2]
    total = fft_length + sequence_stride * (count - 1)
    batch = frames.shape[:-2]
    columns = reshape(moveaxis(multiply(frames, win), -1, -2), (-1, fft_length, count))
    signal = fold(reshape(columns, (columns.shape[0], fft_length, count)), (1, total),
                  (1, fft_length), stride=(1, sequence_stride))
    squares = np.zeros(total, frames.dtype)
    for i in range(count):
        squares[i * sequence_stride:i * sequence_stride + fft_length] += win * win
    signal = divide(reshape(signal, batch + (total,)), np.where(squares > 1e-10, squares, 1))
    if window is None:
        signal = multiply(signal, np.asarray(fft_length / sequence_stride, frames.dtype))
    start = fft_length // 2 if center else 0
    if length is not None:
        end = start + length
    else:
        end = total - fft_length // 2 if center else total
    return constant_argument(take_slice(signal, signal.ndim - 1, start, min(end, total)),
                             window, "istft", "window")


