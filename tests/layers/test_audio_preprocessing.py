"""STFTSpectrogram and MelSpectrogram: windows against their formulas (and scipy's, when
installed), spectrograms against numpy's FFT, float64 gradients, shapes, configs, saving and
bad arguments."""

import numpy as np
import pytest

import kerasedu
from kerasedu import layers
from kerasedu.backend.gradcheck import assert_gradients_match
from kerasedu.layers.preprocessing.audio.mel_spectrogram import linear_to_mel_weight_matrix
from kerasedu.initializers.stft import window_values

from .weight_gradients import assert_layer_weight_gradients

RNG = np.random.default_rng(8)
WINDOWS = ["hann", "hamming", "blackman", "bartlett", "boxcar", "tukey", ("tukey", 0.3),
           ("kaiser", 6.0)]


@pytest.mark.parametrize("window", WINDOWS, ids=str)
def test_windows_match_scipy(window):
    signal = pytest.importorskip("scipy.signal")
    for length in (1, 2, 7, 16):
        for periodic in (False, True):
            np.testing.assert_allclose(window_values(window, length, periodic),
                                       signal.get_window(window, length, fftbins=periodic),
                                       atol=1e-12)


def test_stft_initializer_by_name_and_config():
    from kerasedu import initializers
    made = initializers.get({"class_name": "STFT", "config": dict(
        side="imag", window="hamming", scaling="spectrum", periodic=True)})
    assert isinstance(made, initializers.STFTInitializer)
    kernel = made((6, 1, 5), dtype="float64")                # frame 6, fft_length 8
    window = window_values("hamming", 6, periodic=True)
    n, k = np.arange(6)[:, None], np.arange(5)[None, :]
    np.testing.assert_allclose(kernel[:, 0], np.sin(-2 * np.pi * n * k / 8) * window[:, None]
                               / window.sum(), atol=1e-15)
    assert initializers.get(initializers.serialize(made)).get_config() == made.get_config()


def test_hann_by_its_formula():
    n = np.arange(8)
    np.testing.assert_allclose(window_values("hann", 8), 0.5 - 0.5 * np.cos(2 * np.pi * n / 7))
    np.testing.assert_allclose(window_values("hann", 8, periodic=True),
                               0.5 - 0.5 * np.cos(2 * np.pi * n / 8))


def numpy_stft(x, frame_length, step, fft_length, window):
    """(frames, bins) complex: windowed frames of the valid positions, rfft of length n."""
    count = (len(x) - frame_length) // step + 1
    frames = np.stack([x[i * step:i * step + frame_length] for i in range(count)])
    return np.fft.rfft(frames * window, n=fft_length)


@pytest.mark.parametrize("scaling", ["density", "spectrum", None])
def test_stft_modes_against_numpy_fft(scaling):
    x = RNG.uniform(-1, 1, size=(2, 50, 3))
    window = window_values("hann", 12)
    scale = {"density": np.sqrt(np.sum(window ** 2)), "spectrum": np.sum(window), None: 1}[scaling]
    expected = np.stack([np.stack([numpy_stft(x[b, :, c], 12, 5, 16, window) / scale
                                   for c in range(3)], axis=-1) for b in range(2)])
    # expected: (batch, frames, bins, channels)
    for mode, value in [("real", expected.real), ("imag", expected.imag),
                        ("magnitude", np.abs(expected)), ("log", np.log(np.abs(expected)))]:
        layer = layers.STFTSpectrogram(mode=mode, frame_length=12, frame_step=5, fft_length=16,
                                       scaling=scaling, expand_dims=True, dtype="float64")
        np.testing.assert_allclose(layer(x).numpy(), value, atol=1e-9)
    angle = layers.STFTSpectrogram(mode="angle", frame_length=12, frame_step=5, fft_length=16,
                                   scaling=scaling, expand_dims=True, dtype="float64")(x)
    # as points on the circle: at the Nyquist bin round-off picks +π or -π
    np.testing.assert_allclose(np.exp(1j * angle.numpy()), np.exp(1j * np.angle(expected)),
                               atol=1e-9)
    psd = np.abs(expected) ** 2
    psd[:, :, 1:-1] *= 2
    layer = layers.STFTSpectrogram(mode="psd", frame_length=12, frame_step=5, fft_length=16,
                                   scaling=scaling, dtype="float64")
    flat = layer(x).numpy()                  # channel 0's bins, then channel 1's, ...
    np.testing.assert_allclose(flat, psd.transpose(0, 1, 3, 2).reshape(2, -1, 27), atol=1e-9)


def test_stft_layouts_and_shapes():
    x = RNG.uniform(-1, 1, size=(2, 40, 3)).astype("float32")
    base = layers.STFTSpectrogram(mode="stft", frame_length=8, frame_step=3, fft_length=8,
                                  padding="same", expand_dims=True)
    reference = base(x).numpy()                                      # (2, 14, 10, 3)
    assert reference.shape == (2, 14, 10, 3)
    for data_format, expand_dims, arrange in [
            ("channels_last", False, lambda r: r.transpose(0, 1, 3, 2).reshape(2, 14, 30)),
            ("channels_first", True, lambda r: r.transpose(0, 3, 1, 2)),
            ("channels_first", False, lambda r: r.transpose(0, 3, 2, 1).reshape(2, 30, 14))]:
        layer = layers.STFTSpectrogram(mode="stft", frame_length=8, frame_step=3, fft_length=8,
                                       padding="same", expand_dims=expand_dims,
                                       data_format=data_format)
        inputs = x if data_format == "channels_last" else x.transpose(0, 2, 1)
        output = layer(inputs).numpy()
        np.testing.assert_allclose(output, arrange(reference), rtol=1e-6, atol=1e-6)
        assert layer.compute_output_shape(inputs.shape) == output.shape
    symbolic = layers.STFTSpectrogram(frame_length=16)(kerasedu.Input((None, 2)))
    assert tuple(symbolic.shape) == (None, None, 18)       # 2 channels of 16 // 2 + 1 bins


def test_stft_float64_gradients_through_signal_and_kernels():
    layer = layers.STFTSpectrogram(mode="log", frame_length=6, frame_step=3, fft_length=8,
                                   dtype="float64")
    layer.build((2, 15, 1))
    assert_layer_weight_gradients(layer, [RNG.uniform(-1, 1, size=(2, 15, 1))])


def numpy_mel(x, fft, stride, sampling_rate, mels, top_db):
    padded = np.pad(x, (fft // 2, fft // 2), mode="reflect")
    spectrum = np.abs(numpy_stft(padded, fft, stride, fft, window_values("hann", fft, True))) ** 2
    mel = spectrum @ linear_to_mel_weight_matrix(mels, fft // 2 + 1, sampling_rate, 20.0,
                                                  sampling_rate / 2)
    db = 10 * np.log10(np.maximum(mel, 1e-10))
    return np.maximum(db, db.max() - top_db).T


def test_mel_spectrogram_against_numpy():
    x = RNG.uniform(-1, 1, size=300)
    layer = layers.MelSpectrogram(fft_length=64, sequence_stride=20, sampling_rate=8000,
                                  num_mel_bins=12, top_db=15.0, dtype="float64")
    output = layer(x).numpy()
    assert output.shape == layer.compute_output_shape((300,)) == (12, 300 // 20 + 1)
    np.testing.assert_allclose(output, numpy_mel(x, 64, 20, 8000, 12, 15.0), atol=1e-6)
    assert np.isclose(output.min(), output.max() - 15.0)     # the floor is reached


def test_linear_mel_spectrogram_of_magnitudes():
    x = RNG.uniform(-1, 1, size=(2, 200))
    layer = layers.MelSpectrogram(fft_length=32, sequence_stride=10, sequence_length=20,
                                  window="hamming", sampling_rate=4000, num_mel_bins=6,
                                  min_freq=100.0, max_freq=1500.0, power_to_db=False,
                                  mag_exp=1.0, dtype="float64")
    window = np.pad(window_values("hamming", 20, periodic=True), (6, 6))
    filters = linear_to_mel_weight_matrix(6, 17, 4000, 100.0, 1500.0)
    for signal, output in zip(x, layer(x).numpy()):
        padded = np.pad(signal, (16, 16), mode="reflect")
        expected = np.abs(numpy_stft(padded, 32, 10, 32, window)) @ filters
        np.testing.assert_allclose(output, expected.T, rtol=1e-6, atol=1e-6)


def test_mel_filters_are_triangles_peaking_at_one():
    weights = linear_to_mel_weight_matrix(20, 257, 16000, 20.0, 8000.0)
    assert weights.shape == (257, 20) and np.all(weights[0] == 0)
    assert np.all(weights >= 0) and np.all(weights.max(axis=0) <= 1)
    peaks = weights.argmax(axis=0)
    assert np.all(np.diff(peaks) >= 0)                       # bands rise with frequency


def test_mel_float64_gradient():
    layer = layers.MelSpectrogram(fft_length=32, sequence_stride=16, sampling_rate=4000,
                                  num_mel_bins=6, dtype="float64")
    assert_gradients_match(layer, RNG.uniform(-1, 1, size=(1, 64)), rtol=1e-4, atol=1e-6)


def test_configs_round_trip_and_a_model_saves(tmp_path):
    stft = layers.STFTSpectrogram(mode="psd", frame_length=8, window="blackman",
                                  periodic=True, scaling="spectrum", padding="same",
                                  expand_dims=True, data_format="channels_first")
    mel = layers.MelSpectrogram(fft_length=64, sequence_stride=16, num_mel_bins=8,
                                min_freq=50.0, max_freq=4000, power_to_db=False)
    for layer in (stft, mel):
        config = layer.get_config()
        assert type(layer).from_config(config).get_config() == config
    inputs = kerasedu.Input((64, 1))
    model = kerasedu.Model(inputs, layers.STFTSpectrogram(frame_length=16)(inputs))
    x = RNG.uniform(-1, 1, size=(2, 64, 1)).astype("float32")
    model.save(tmp_path / "stft.keras")
    np.testing.assert_allclose(kerasedu.models.load_model(tmp_path / "stft.keras")(x).numpy(),
                               model(x).numpy())


@pytest.mark.parametrize("kwargs, words", [
    (dict(frame_length=256, frame_step=1024), "frame_step"),
    (dict(frame_length=256, frame_step=0), "frame_step"),
    (dict(frame_length=256, fft_length=128), "fft_length"),
    (dict(padding="mypadding"), "padding"),
    (dict(scaling="l2"), "scaling"),
    (dict(mode="spectrogram"), "mode"),
    (dict(window="unknowable"), "unknowable"),
])
def test_stft_bad_arguments(kwargs, words):
    with pytest.raises(ValueError, match=words) as error:
        layers.STFTSpectrogram(name="spec", **kwargs)
    assert "'spec'" in str(error.value) and "Received" in str(error.value)


def test_stft_refuses_integer_signals():
    with pytest.raises(TypeError, match="float32.*int64"):
        layers.STFTSpectrogram()(np.zeros((2, 600, 1), "int64"))


@pytest.mark.parametrize("kwargs, words", [
    (dict(fft_length=256, sequence_length=512), "sequence_length`=512"),
    (dict(min_freq=9000.0), "min_freq"),
    (dict(num_mel_bins=0), "num_mel_bins"),
    (dict(sampling_rate=-1), "sampling_rate"),
    (dict(min_freq="20"), "min_freq='20'"),
    (dict(max_freq=[8000]), r"max_freq=\[8000\]"),
    (dict(ref_power="1"), "ref_power='1'"),
])
def test_mel_bad_arguments(kwargs, words):
    with pytest.raises(ValueError, match=words) as error:
        layers.MelSpectrogram(name="mel", **kwargs)
    assert "'mel'" in str(error.value)
