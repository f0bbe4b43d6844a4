"""The ``keras.layers`` names kerasedu does not have, each with the reason.

:mod:`.test_layer_names` fails for any public Keras layer name that kerasedu lacks and that is
not listed here (and for any name listed here that kerasedu has, so the list stays true).
:mod:`.skips` skips the Keras tests of these layers with the same reason.

Two kinds of reason: deliberate omissions (kerasedu will not have them), and layers kerasedu
does not have yet (each says so).
"""

from fnmatch import fnmatchcase

NOT_YET = "not in kerasedu yet"

# name -> reason
OMITTED_LAYERS = {
    # Wrappers around other frameworks' modules: kerasedu computes with numpy and has its own
    # tape, so a JAX, Flax, PyTorch or TensorFlow SavedModel module cannot run inside it.
    "JaxLayer": "wraps a JAX function; kerasedu does not run JAX",
    "FlaxLayer": "wraps a Flax module; kerasedu does not run JAX",
    "TorchModuleWrapper": "wraps a torch.nn.Module; kerasedu does not run PyTorch",
    "TFSMLayer": "loads a TensorFlow SavedModel; kerasedu does not run TensorFlow",

    # Core and normalization layers added in recent Keras releases.
    "ReversibleEmbedding": NOT_YET,
    "SpectralNormalization": NOT_YET,
    "AdaptiveAveragePooling1D": NOT_YET, "AdaptiveAveragePooling2D": NOT_YET,
    "AdaptiveAveragePooling3D": NOT_YET, "AdaptiveMaxPooling1D": NOT_YET,
    "AdaptiveMaxPooling2D": NOT_YET, "AdaptiveMaxPooling3D": NOT_YET,

    # Audio preprocessing.
    "MelSpectrogram": NOT_YET, "STFTSpectrogram": NOT_YET,
}

# Keras test modules (under keras/src/layers) that test only omitted layers or their
# machinery -> the omitted layer whose reason applies.
TESTS_OF_OMITTED = {
    "core/identity_test.py": "Identity",
    "core/reversible_embedding_test.py": "ReversibleEmbedding",
    "normalization/spectral_normalization_test.py": "SpectralNormalization",
    "pooling/adaptive_pooling1d_test.py": "AdaptiveAveragePooling1D",
    "pooling/adaptive_pooling2d_test.py": "AdaptiveAveragePooling2D",
    "pooling/adaptive_pooling3d_test.py": "AdaptiveAveragePooling3D",
    "preprocessing/mel_spectrogram_test.py": "MelSpectrogram",
    "preprocessing/stft_spectrogram_test.py": "STFTSpectrogram",
    "preprocessing/normalization_test.py": "Normalization",
    "preprocessing/rescaling_test.py": "Rescaling",
}


def omitted_layer_tested_by(module_path):
    """The omitted layer a Keras test module tests, or None."""
    for pattern, layer in TESTS_OF_OMITTED.items():
        if fnmatchcase(module_path, pattern) and layer in OMITTED_LAYERS:
            return layer
    return None
