"""Audio preprocessing: spectrograms of waveforms (STFTSpectrogram, with trainable Fourier
kernels; MelSpectrogram, mel-scaled and in decibels)."""

from .mel_spectrogram import MelSpectrogram
from .stft_spectrogram import STFTSpectrogram
