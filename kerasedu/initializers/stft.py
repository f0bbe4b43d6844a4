"""STFT: the Fourier kernels of STFTSpectrogram, and the windows that taper them.

A window tapers each frame of T samples before its Fourier transform (n = 0 .. T − 1; the
*symmetric* window uses D = T − 1, the *periodic* one, made for spectral analysis, D = T):

    hann      0.5 − 0.5 cos(2πn/D)                  hamming  0.54 − 0.46 cos(2πn/D)
    blackman  0.42 − 0.5 cos(2πn/D) + 0.08 cos(4πn/D)
    bartlett  1 − |2n/D − 1|                        boxcar   1
    tukey     flat, with cosine tapers over the first and last α·D/2 samples (α = 0.5, or
              ("tukey", α))
    kaiser    ("kaiser", β): I₀(β √(1 − (2n/D − 1)²)) / I₀(β)

(the definitions of ``scipy.signal.get_window``, whose names Keras 3 takes). A window may also
be any array of T numbers.

The STFT of a frame x (T samples, padded with zeros to F) at frequency bin k = 0 .. F/2 is
Σₙ x[n] w[n] e^(−2πi·kn/F). Its real and imaginary parts are two convolutions, with kernels

    real[n, 0, k] = w[n] cos(−2πkn/F) / s        imag[n, 0, k] = w[n] sin(−2πkn/F) / s

shaped (T, 1, F/2 + 1), where s scales the spectrum: √(Σ w²) ("density", so that a power
spectral density comes out), Σ |w| ("spectrum") or 1 (None).
"""

import numbers

import numpy as np

from .initializer import Initializer

WINDOW_NAMES = ("hann", "hanning", "hamming", "blackman", "bartlett", "boxcar", "tukey",
                "kaiser")


def _cosine_sum(coefficients, n, d):
    return sum(c * np.cos(2 * np.pi * j * n / d) * (-1) ** j
               for j, c in enumerate(coefficients))


def _tukey(n, d, alpha):
    if alpha <= 0:
        return np.ones_like(n)
    width = alpha * d / 2
    values = np.ones_like(n)
    rise, fall = n < width, n > d - width
    values[rise] = 0.5 * (1 - np.cos(np.pi * n[rise] / width))
    values[fall] = 0.5 * (1 - np.cos(np.pi * (d - n[fall]) / width))
    return values


def window_values(window, length, periodic=False):
    """The window (a name, a (name, parameter) pair, or an array) as ``length`` float64s."""
    name, parameter = (window if isinstance(window, (tuple, list)) and window and
                       isinstance(window[0], str) else (window, None))
    if not isinstance(name, str):
        values = np.asarray(window, dtype=np.float64)
        if values.shape != (length,):
            raise ValueError(f"The shape of `window` must be equal to [frame_length] = "
                             f"[{length}]. Received: window shape={values.shape}.")
        return values
    if name not in WINDOW_NAMES:
        raise ValueError(f"Unknown window. Received: window={window!r}. Use one of "
                         f"{WINDOW_NAMES}, a pair such as ('kaiser', 8.0), or an array of "
                         f"frame_length numbers.")
    if length == 1:
        return np.ones(1)
    n = np.arange(length, dtype=np.float64)
    d = length if periodic else length - 1
    if name == "kaiser":
        if not isinstance(parameter, numbers.Real):
            raise ValueError(f"The kaiser window needs its β: window=('kaiser', 8.0). "
                             f"Received: window={window!r}.")
        return np.i0(parameter * np.sqrt(np.clip(1 - (2 * n / d - 1) ** 2, 0, None))) / \
            np.i0(parameter)
    if name == "tukey":
        return _tukey(n, d, 0.5 if parameter is None else parameter)
    if name == "bartlett":
        return 1 - np.abs(2 * n / d - 1)
    if name == "boxcar":
        return np.ones(length)
    coefficients = {"hann": (0.5, 0.5), "hanning": (0.5, 0.5), "hamming": (0.54, 0.46),
                    "blackman": (0.42, 0.5, 0.08)}[name]
    return _cosine_sum(coefficients, n, d)


def check_window(window):
    """Raise a ValueError now for a window name that ``window_values`` would refuse."""
    if isinstance(window, str) or isinstance(window, (tuple, list)) and window and \
            isinstance(window[0], str):
        window_values(window, 3)


class STFT(Initializer):
    """Kernels (frame_length, 1, fft_length // 2 + 1) of the real or imaginary part of the
    STFT (see the module docstring); ``side`` is "real" or "imag"."""

    def __init__(self, side="real", window="hann", scaling="density", periodic=False):
        if side not in ("real", "imag"):
            raise ValueError(f"STFT initializer: side must be 'real' or 'imag'. Received: "
                             f"side={side!r}.")
        if scaling not in (None, "density", "spectrum"):
            raise ValueError(f"STFT initializer: scaling must be None, 'density' or "
                             f"'spectrum'. Received: scaling={scaling!r}.")
        check_window(window)
        self.side, self.window, self.scaling, self.periodic = side, window, scaling, periodic

    def __call__(self, shape, dtype=None):
        frame_length, _, bins = shape
        fft_length = (bins - 1) * 2
        time = np.arange(frame_length, dtype=np.float64)[:, None, None]
        frequency = np.arange(bins, dtype=np.float64)[None, None, :] / fft_length
        angle = -2 * np.pi * time * frequency
        kernel = np.cos(angle) if self.side == "real" else np.sin(angle)
        if self.window is not None:
            win = window_values(self.window, frame_length, self.periodic)[:, None, None]
            scale = {"density": np.sqrt(np.sum(win ** 2)), "spectrum": np.sum(np.abs(win)),
                     None: 1.0}[self.scaling]
            kernel = kernel * win / scale
        return kernel.astype(dtype or "float32")

    def get_config(self):
        window = self.window
        if not isinstance(window, (str, tuple, list, type(None))):
            window = np.asarray(window).tolist()
        return {"side": self.side, "window": window, "periodic": self.periodic,
                "scaling": self.scaling}
