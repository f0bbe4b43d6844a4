"""STFTSpectrogram and MelSpectrogram against real Keras 3: the Fourier kernels each window
and scaling gives, the outputs of every mode in both data formats, gradients of a loss
(through the input and the kernels), mel spectrograms in decibels and linear, configs."""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from kerasedu import layers  # noqa: E402

from gradient_parity import assert_same_loss_gradients  # noqa: E402

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(21)
CF, CL = "channels_first", "channels_last"


def without_name(config):
    return {k: v for k, v in config.items() if k != "name"}


def stft_pair(**kwargs):
    return layers.STFTSpectrogram(**kwargs), keras.layers.STFTSpectrogram(**kwargs)


@pytest.mark.parametrize("window, scaling, periodic", [
    ("hann", "density", False), ("hamming", "spectrum", True), ("blackman", None, False),
    ("tukey", "density", True), ("bartlett", "spectrum", False),
])
def test_fourier_kernels_match_keras(window, scaling, periodic):
    ours, theirs = stft_pair(frame_length=12, frame_step=4, fft_length=16, window=window,
                             scaling=scaling, periodic=periodic, mode="stft")
    ours.build((None, 40, 1))
    theirs.build((None, 40, 1))
    for mine, expected in zip(ours.get_weights(), theirs.get_weights(), strict=True):
        np.testing.assert_allclose(mine, expected, rtol=1e-5, atol=1e-6)


# (mode, data_format, padding, expand_dims, channels)
STFT_GRID = [
    ("log", CL, "valid", False, 2), ("psd", CL, "same", True, 2),
    ("angle", CL, "same", False, 1),
    ("stft", CF, "same", False, 2),
]


@pytest.mark.parametrize("mode, data_format, padding, expand_dims, channels", STFT_GRID)
def test_stft_spectrogram_outputs_and_gradients_match_keras(mode, data_format, padding,
                                                            expand_dims, channels):
    kwargs = dict(mode=mode, frame_length=10, frame_step=3, fft_length=16, padding=padding,
                  expand_dims=expand_dims, data_format=data_format)
    ours, theirs = stft_pair(**kwargs)
    shape = (2, 37, channels) if data_format == CL else (2, channels, 37)
    x = RNG.uniform(-1, 1, size=shape).astype("float32")
    ours.build(shape)
    theirs.build(shape)
    # the same kernels: at the Nyquist bin Keras's float32 sines are ~1e-7 where exact ones are 0
    ours.set_weights(theirs.get_weights())
    assert ours.compute_output_shape(shape) == tuple(theirs.compute_output_shape(shape))
    if mode == "angle":
        # At the Nyquist bin the imaginary part is ~0, where round-off picks +π or -π; and the
        # gradient of the angle is unbounded where the spectrum vanishes: compare the values
        # as points on the circle.
        mine, expected = ours(x).numpy(), np.asarray(theirs(x))
        np.testing.assert_allclose(np.cos(mine), np.cos(expected), atol=1e-4)
        np.testing.assert_allclose(np.sin(mine), np.sin(expected), atol=1e-4)
    else:
        assert_same_loss_gradients(ours, theirs, [x], RNG, rtol=1e-3, atol=1e-3)
    assert without_name(ours.get_config()) == without_name(theirs.get_config())


@pytest.mark.parametrize("kwargs, shape", [
    # the floor max(dB) - top_db bites; frames shorter than the FFT; band edges
    (dict(top_db=20.0, ref_power=2.0, sequence_length=96, window="hamming", min_freq=100.0,
          max_freq=3000.0), (2, 700)),
])
def test_mel_spectrogram_outputs_and_gradients_match_keras(kwargs, shape):
    settings = dict(fft_length=128, sequence_stride=50, sampling_rate=8000, num_mel_bins=24)
    settings.update(kwargs)
    ours = layers.MelSpectrogram(**settings)
    theirs = keras.layers.MelSpectrogram(**settings)
    x = RNG.uniform(-1, 1, size=shape).astype("float32")
    theirs(x)                                   # Keras builds a weightless layer at its call
    assert ours.compute_output_shape(shape) == tuple(theirs.compute_output_shape(shape))
    assert_same_loss_gradients(ours, theirs, [x], RNG, rtol=1e-4, atol=1e-3)
    assert without_name(ours.get_config()) == without_name(theirs.get_config())
