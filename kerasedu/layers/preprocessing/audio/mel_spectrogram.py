"""MelSpectrogram: audio waveforms to mel-scaled spectrograms, in decibels by default.

For a batch of signals (batch, time) (or a single one, (time,)):

    S = |stft(x)|^mag_exp       frames of ``sequence_length`` samples every ``sequence_stride``,
                                windowed, zero-padded to ``fft_length``; the signal is first
                                reflected fft_length // 2 samples out at each end, so
                                frames = time // sequence_stride + 1 (for an even fft_length)
    M = S · A                   A (fft_length // 2 + 1, num_mel_bins): triangular filters,
                                evenly spaced on the mel scale mel(f) = 1127 ln(1 + f / 700)
                                between min_freq and max_freq, each peaking at 1
    dB = 10 log₁₀(max(M, min_power)) − 10 log₁₀(max(|ref_power|, min_power)), floored at
         max(dB) − top_db, the maximum over the whole batch       (when power_to_db)

The output is (batch, num_mel_bins, frames): frequency before time, like an image whose rows
are mel bands (a batch of no signals gives no spectrograms). There are no weights; every
step is a differentiable op.
"""

import numbers

import numpy as np

from ....backend import ops
from ....layer_machinery.layer import Layer

MEL_BREAK_FREQUENCY_HERTZ = 700.0
MEL_HIGH_FREQUENCY_Q = 1127.0


def hertz_to_mel(frequencies):
    return MEL_HIGH_FREQUENCY_Q * np.log(1.0 + frequencies / MEL_BREAK_FREQUENCY_HERTZ)


def linear_to_mel_weight_matrix(num_mel_bins, num_spectrogram_bins, sampling_rate,
                                lower_edge_hertz, upper_edge_hertz):
    """(num_spectrogram_bins, num_mel_bins): the triangle of mel band j, rising from its
    lower edge to its centre and falling to its upper edge (the neighbours' centres); the DC
    bin gets no weight, as in HTK."""
    linear = np.linspace(0.0, sampling_rate / 2.0, num_spectrogram_bins)[1:]
    bins_mel = hertz_to_mel(linear)[:, None]
    edges = np.linspace(hertz_to_mel(float(lower_edge_hertz)),
                        hertz_to_mel(float(upper_edge_hertz)), num_mel_bins + 2)
    lower, center, upper = edges[:-2], edges[1:-1], edges[2:]
    rising = (bins_mel - lower) / (center - lower)
    falling = (upper - bins_mel) / (upper - center)
    weights = np.maximum(0.0, np.minimum(rising, falling))
    return np.pad(weights, [(1, 0), (0, 0)]).astype(np.float32)


class MelSpectrogram(Layer):
    """Mel spectrograms (batch, num_mel_bins, frames) of waveforms (batch, time)."""

    def __init__(self, fft_length=2048, sequence_stride=512, sequence_length=None,
                 window="hann", sampling_rate=16000, num_mel_bins=128, min_freq=20.0,
                 max_freq=None, power_to_db=True, top_db=80.0, mag_exp=2.0, min_power=1e-10,
                 ref_power=1.0, **kwargs):
        super().__init__(**kwargs)
        for name, value in (("fft_length", fft_length), ("sequence_stride", sequence_stride),
                            ("num_mel_bins", num_mel_bins),
                            ("sequence_length", 1 if sequence_length is None else
                             sequence_length)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
                raise self._error(f"`{name}` must be a positive integer. Received: "
                                  f"{name}={value!r}.")
        self.fft_length, self.sequence_stride = fft_length, sequence_stride
        self.sequence_length = sequence_length or fft_length
        if self.fft_length < self.sequence_length:
            raise self._error(
                f"`fft_length` must be greater than or equal to `sequence_length`. Received: "
                f"`sequence_length`={self.sequence_length}, `fft_length`={self.fft_length}. "
                f"Raise fft_length (a power of two such as "
                f"{1 << (self.sequence_length - 1).bit_length()}) or shorten the frames.")
        self.window, self.num_mel_bins = window, num_mel_bins
        self.sampling_rate = self._positive("sampling_rate", sampling_rate)
        self.min_freq = self._positive("min_freq", min_freq, zero=True)
        self.max_freq = int(sampling_rate / 2) if max_freq is None else \
            self._positive("max_freq", max_freq)
        if not 0 <= self.min_freq < self.max_freq:
            raise self._error(f"the mel bands need 0 <= min_freq < max_freq. Received: "
                              f"min_freq={min_freq!r}, max_freq={self.max_freq!r}. For "
                              f"example min_freq=20.0, max_freq=sampling_rate / 2.")
        self.power_to_db = power_to_db
        self.top_db = self._positive("top_db", top_db, zero=True)
        self.mag_exp = self._positive("mag_exp", mag_exp)
        self.min_power = self._positive("min_power", min_power)
        if isinstance(ref_power, bool) or not isinstance(ref_power, numbers.Real):
            raise self._error(f"`ref_power` must be a number (the power of 0 dB). Received: "
                              f"ref_power={ref_power!r}. For example ref_power=1.0.")
        self.ref_power = ref_power
        self._mel_weights = linear_to_mel_weight_matrix(
            num_mel_bins, fft_length // 2 + 1, sampling_rate, self.min_freq, self.max_freq)
        self._build_at_init()

    def _error(self, message):
        return ValueError(f"Layer '{self.name}' (MelSpectrogram): {message}")

    def _positive(self, name, value, zero=False):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or \
                value < 0 or value == 0 and not zero:
            raise self._error(f"`{name}` must be a {'non-negative' if zero else 'positive'} "
                              f"number. Received: {name}={value!r}.")
        return value

    def call(self, inputs):
        dtype = self.compute_dtype if self.compute_dtype in ("float32", "float64") \
            else "float32"
        signals = ops.cast(inputs, dtype)
        real, imag = ops.stft(signals, self.sequence_length, self.sequence_stride,
                              self.fft_length, window=self.window, center=True)
        spectrum = ops.power(ops.sqrt(ops.add(ops.square(real), ops.square(imag))),
                             self.mag_exp)
        mel = ops.tensordot(spectrum, self._mel_weights.astype(dtype), axes=1)
        if self.power_to_db:
            mel = self._decibels(mel)
        return ops.cast(ops.swapaxes(mel, -1, -2), self.compute_dtype)

    def _decibels(self, power):
        db = ops.multiply(10.0, ops.log10(ops.maximum(power, self.min_power)))
        reference = 10.0 * np.log10(max(abs(self.ref_power), self.min_power))
        db = ops.subtract(db, np.asarray(reference, power.dtype))
        return ops.maximum(db, ops.subtract(ops.max(db, initial=-np.inf), self.top_db))

    def compute_output_shape(self, input_shape):
        *batch, time = tuple(input_shape)
        frames = None if time is None else \
            (time + 2 * (self.fft_length // 2) - self.fft_length) // self.sequence_stride + 1
        return (*batch, self.num_mel_bins, frames)

    def get_config(self):
        return {**super().get_config(), "fft_length": self.fft_length,
                "sequence_stride": self.sequence_stride,
                "sequence_length": self.sequence_length, "window": self.window,
                "sampling_rate": self.sampling_rate, "num_mel_bins": self.num_mel_bins,
                "min_freq": self.min_freq, "max_freq": self.max_freq,
                "power_to_db": self.power_to_db, "top_db": self.top_db,
                "mag_exp": self.mag_exp, "min_power": self.min_power,
                "ref_power": self.ref_power}
