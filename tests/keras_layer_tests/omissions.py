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

    # Further image augmentation, bounding boxes and pipelines.
    "AugMix": NOT_YET, "AutoContrast": NOT_YET, "Equalization": NOT_YET,
    "RandAugment": NOT_YET, "RandomColorDegeneration": NOT_YET,
    "RandomColorJitter": NOT_YET,
    "RandomGaussianBlur": NOT_YET, "RandomGrayscale": NOT_YET,
    "RandomHue": NOT_YET, "RandomInvert": NOT_YET,
    "RandomPosterization": NOT_YET, "RandomSaturation": NOT_YET, "RandomSharpness": NOT_YET,
    "Solarization": NOT_YET,

    # Text and tabular preprocessing (string vocabularies, hashing, bucketing).
    "CategoryEncoding": NOT_YET, "Discretization": NOT_YET, "HashedCrossing": NOT_YET,
    "Hashing": NOT_YET, "IntegerLookup": NOT_YET, "StringLookup": NOT_YET,
    "TextVectorization": NOT_YET,

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
    "preprocessing/category_encoding_test.py": "CategoryEncoding",
    "preprocessing/discretization_test.py": "Discretization",
    "preprocessing/feature_space_test.py": "Discretization",
    "preprocessing/hashed_crossing_test.py": "HashedCrossing",
    "preprocessing/hashing_test.py": "Hashing",
    "preprocessing/index_lookup_test.py": "StringLookup",
    "preprocessing/integer_lookup_test.py": "IntegerLookup",
    "preprocessing/string_lookup_test.py": "StringLookup",
    "preprocessing/text_vectorization_test.py": "TextVectorization",
    "preprocessing/mel_spectrogram_test.py": "MelSpectrogram",
    "preprocessing/stft_spectrogram_test.py": "STFTSpectrogram",
    "preprocessing/normalization_test.py": "Normalization",
    "preprocessing/rescaling_test.py": "Rescaling",
    # its parameters name every Keras image layer, AugMix first: it loads only when all exist
    "preprocessing/image_preprocessing/base_image_preprocessing_layer_test.py": "AugMix",
    "preprocessing/image_preprocessing/aug_mix_test.py": "AugMix",
    "preprocessing/image_preprocessing/auto_contrast_test.py": "AutoContrast",
    "preprocessing/image_preprocessing/equalization_test.py": "Equalization",
    "preprocessing/image_preprocessing/rand_augment_test.py": "RandAugment",
    "preprocessing/image_preprocessing/random_color_degeneration_test.py":
        "RandomColorDegeneration",
    "preprocessing/image_preprocessing/random_color_jitter_test.py": "RandomColorJitter",
    "preprocessing/image_preprocessing/random_gaussian_blur_test.py": "RandomGaussianBlur",
    "preprocessing/image_preprocessing/random_grayscale_test.py": "RandomGrayscale",
    "preprocessing/image_preprocessing/random_hue_test.py": "RandomHue",
    "preprocessing/image_preprocessing/random_invert_test.py": "RandomInvert",
    "preprocessing/image_preprocessing/random_posterization_test.py": "RandomPosterization",
    "preprocessing/image_preprocessing/random_saturation_test.py": "RandomSaturation",
    "preprocessing/image_preprocessing/random_sharpness_test.py": "RandomSharpness",
    "preprocessing/image_preprocessing/solarization_test.py": "Solarization",
}


def omitted_layer_tested_by(module_path):
    """The omitted layer a Keras test module tests, or None."""
    for pattern, layer in TESTS_OF_OMITTED.items():
        if fnmatchcase(module_path, pattern) and layer in OMITTED_LAYERS:
            return layer
    return None
