"""One round trip per built-in layer family between kerasedu and Keras 3: a model holding the
layer, with random weights, saved by one library (``.keras`` and ``.weights.h5``) and opened
by the other, predicts the same; the layer's config as Keras reads it equals the config Keras
writes for the same arguments."""

import numpy as np
import pytest

import kerasedu

from interop_helpers import assert_same_predictions, library, randomize

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(1)


@pytest.fixture(autouse=True)
def same_data_in_any_order():
    """Each test draws the same data whatever ran before it in the same worker."""
    global RNG
    RNG = np.random.default_rng(1)


# Outputs in decibels: float32 rounding of a power (relative 1e-6 between the two libraries'
# FFTs) moves its decibel value near 0 by up to 5e-5.
ATOL = {"MelSpectrogram": 1e-4}

# case: (class name, constructor arguments, input shape without the batch axis, input dtype)
CASES = {
    # core
    "Dense": ("Dense", dict(units=3, activation="tanh", kernel_regularizer="l2"), (4,), None),
    "Activation": ("Activation", dict(activation="softplus"), (4,), None),
    "Dropout": ("Dropout", dict(rate=0.3, seed=2), (4,), None),
    "Masking": ("Masking", dict(mask_value=0.5), (3, 2), None),
    "ActivityRegularization": ("ActivityRegularization", dict(l1=0.1, l2=0.2), (4,), None),
    "SpatialDropout1D": ("SpatialDropout1D", dict(rate=0.2), (3, 2), None),
    "Identity": ("Identity", {}, (4,), None),
    "EinsumDense": ("EinsumDense", dict(equation="abc,cde->abde", output_shape=(None, 2, 3),
                                        bias_axes="de", activation="relu"), (3, 4), None),
    # preprocessing
    "Rescaling": ("Rescaling", dict(scale=1 / 127.5, offset=-1.0), (3, 3, 2), None),
    "Rescaling per channel": ("Rescaling", dict(scale=[0.5, 2.0]), (3, 2), None),
    "Normalization": ("Normalization", dict(axis=-1), (3, 2), None),
    "Normalization given": ("Normalization", dict(mean=[1.0, 2.0], variance=[4.0, 0.25]),
                            (3, 2), None),
    "Resizing": ("Resizing", dict(height=3, width=5, interpolation="bicubic"), (4, 4, 2), None),
    "CenterCrop": ("CenterCrop", dict(height=2, width=3), (4, 5, 2), None),
    "RandomFlip": ("RandomFlip", dict(mode="horizontal", seed=4), (4, 5, 2), None),
    "RandomRotation": ("RandomRotation", dict(factor=0.1, fill_mode="constant"), (4, 5, 2),
                       None),
    "RandomZoom": ("RandomZoom", dict(height_factor=0.2, width_factor=0.1, seed=2), (4, 5, 2),
                   None),
    "RandomTranslation": ("RandomTranslation", dict(height_factor=0.1, width_factor=0.2),
                          (4, 5, 2), None),
    "RandomContrast": ("RandomContrast", dict(factor=(0.1, 0.3), value_range=(-1, 1)),
                       (4, 5, 2), None),
    "RandomBrightness": ("RandomBrightness", dict(factor=0.2, seed=3), (4, 5, 2), None),
    # at inference Keras 3.15 returns the images uncropped: a window the size of the image
    "RandomCrop": ("RandomCrop", dict(height=4, width=5, seed=1), (4, 5, 2), None),
    "STFTSpectrogram": ("STFTSpectrogram", dict(frame_length=8, frame_step=4, fft_length=16,
                                                window="hamming", padding="same"), (40, 2), None),
    "MelSpectrogram": ("MelSpectrogram", dict(fft_length=64, sequence_stride=32,
                                              sampling_rate=8000, num_mel_bins=10), (300,), None),
    # a pair: Keras 3.15 writes a number f as (-f, f), which it cannot load back
    "RandomShear": ("RandomShear", dict(x_factor=(0.0, 0.2), y_factor=(0.1, 0.3), seed=1),
                    (4, 5, 2), None),
    "RandomPerspective": ("RandomPerspective", dict(factor=0.5, scale=0.3), (4, 5, 2), None),
    "RandomErasing": ("RandomErasing", dict(scale=(0.1, 0.4), value_range=(0, 1)), (4, 5, 2),
                      None),
    "RandomElasticTransform": ("RandomElasticTransform", dict(scale=0.5, fill_mode="wrap"),
                               (4, 5, 2), None),
    "CutMix": ("CutMix", dict(factor=0.5, seed=2), (4, 5, 2), None),
    "MaxNumBoundingBoxes": ("MaxNumBoundingBoxes", dict(max_number=3), (4, 5, 2), None),
    "RandAugment": ("RandAugment", dict(num_ops=3, factor=0.3, seed=1), (4, 5, 3), None),
    "AugMix": ("AugMix", dict(num_chains=2, all_ops=False, seed=1), (4, 5, 3), None),
    "CLAHE": ("ContrastLimitedAdaptiveHistogramEqualization",
              dict(value_range=(-3, 3), tile_grid_size=(2, 2)), (4, 5, 2), None),
    # colour preprocessing (AutoContrast acts at inference too; the others pass the images)
    "RandomGrayscale": ("RandomGrayscale", dict(factor=0.3), (4, 5, 3), None),
    "RandomHue": ("RandomHue", dict(factor=(0.1, 0.4), value_range=(0, 1), seed=2),
                  (4, 5, 3), None),
    "RandomSaturation": ("RandomSaturation", dict(factor=(0.2, 0.7)), (4, 5, 3), None),
    "RandomInvert": ("RandomInvert", dict(factor=0.4, value_range=(0, 1)), (4, 5, 3), None),
    "Solarization": ("Solarization", dict(addition_factor=0.1, threshold_factor=(0.4, 0.6)),
                     (4, 5, 3), None),
    "RandomPosterization": ("RandomPosterization", dict(factor=(3, 5)), (4, 5, 3), None),
    "AutoContrast": ("AutoContrast", dict(value_range=(-1, 1)), (4, 5, 3), None),
    # (no Equalization: Keras 3.15 gives its input tensor back as its symbolic output, so a
    # Keras model whose output is an Equalization of its input is refused as a cycle)
    "RandomSharpness": ("RandomSharpness", dict(factor=(0.1, 0.9), seed=3), (4, 5, 3), None),
    "RandomColorDegeneration": ("RandomColorDegeneration", dict(factor=(0.2, 0.5)),
                                (4, 5, 3), None),
    "RandomColorJitter": ("RandomColorJitter", dict(brightness_factor=0.2, hue_factor=0.3),
                          (4, 5, 3), None),
    "RandomGaussianBlur": ("RandomGaussianBlur", dict(kernel_size=(3, 5), sigma=0.6),
                           (4, 5, 3), None),
    "CategoryEncoding": ("CategoryEncoding", dict(num_tokens=10, output_mode="count"), (4,),
                         "int32"),
    "Discretization": ("Discretization", dict(bin_boundaries=[-0.5, 0.0, 0.5],
                                              output_mode="one_hot"), (1,), None),
    # reshaping
    "Flatten": ("Flatten", {}, (2, 3), None),
    "Reshape": ("Reshape", dict(target_shape=(3, -1)), (2, 3), None),
    "Permute": ("Permute", dict(dims=(2, 1)), (2, 3), None),
    "RepeatVector": ("RepeatVector", dict(n=3), (4,), None),
    "Cropping1D": ("Cropping1D", dict(cropping=(1, 2)), (6, 2), None),
    "Cropping2D": ("Cropping2D", dict(cropping=((1, 0), (0, 2))), (5, 5, 2), None),
    "Cropping3D": ("Cropping3D", dict(cropping=1), (4, 4, 4, 1), None),
    "UpSampling1D": ("UpSampling1D", dict(size=3), (3, 2), None),
    "UpSampling2D": ("UpSampling2D", dict(size=(2, 1), interpolation="bilinear"),
                     (3, 3, 2), None),
    "UpSampling3D": ("UpSampling3D", dict(size=2), (2, 2, 2, 1), None),
    "ZeroPadding1D": ("ZeroPadding1D", dict(padding=2), (3, 2), None),
    "ZeroPadding2D": ("ZeroPadding2D", dict(padding=((1, 0), (2, 1))), (3, 3, 2), None),
    "ZeroPadding3D": ("ZeroPadding3D", dict(padding=1), (2, 2, 2, 1), None),
    # convolutional
    "Conv1D": ("Conv1D", dict(filters=3, kernel_size=2, dilation_rate=2), (7, 2), None),
    "Conv2D": ("Conv2D", dict(filters=3, kernel_size=3, strides=2, padding="same",
                              activation="relu"), (6, 6, 2), None),
    "Conv3D": ("Conv3D", dict(filters=2, kernel_size=2), (4, 4, 4, 1), None),
    "Conv1DTranspose": ("Conv1DTranspose", dict(filters=2, kernel_size=3, strides=2),
                        (4, 2), None),
    "Conv2DTranspose": ("Conv2DTranspose", dict(filters=2, kernel_size=3, strides=2,
                                                padding="same"), (4, 4, 3), None),
    "Conv3DTranspose": ("Conv3DTranspose", dict(filters=2, kernel_size=2), (3, 3, 3, 1),
                        None),
    "DepthwiseConv1D": ("DepthwiseConv1D", dict(kernel_size=3, depth_multiplier=2),
                        (6, 2), None),
    "DepthwiseConv2D": ("DepthwiseConv2D", dict(kernel_size=3, depth_multiplier=2),
                        (5, 5, 2), None),
    "SeparableConv1D": ("SeparableConv1D", dict(filters=3, kernel_size=2), (6, 2), None),
    "SeparableConv2D": ("SeparableConv2D", dict(filters=4, kernel_size=3, padding="same"),
                        (5, 5, 2), None),
    # pooling
    "MaxPooling1D": ("MaxPooling1D", dict(pool_size=2), (6, 2), None),
    "MaxPooling2D": ("MaxPooling2D", dict(pool_size=2, strides=1), (4, 4, 2), None),
    "MaxPooling3D": ("MaxPooling3D", dict(pool_size=2), (4, 4, 4, 1), None),
    "AveragePooling1D": ("AveragePooling1D", dict(pool_size=3, padding="same"), (6, 2), None),
    "AveragePooling2D": ("AveragePooling2D", dict(pool_size=2), (4, 4, 2), None),
    "AveragePooling3D": ("AveragePooling3D", dict(pool_size=2), (4, 4, 4, 1), None),
    "GlobalMaxPooling1D": ("GlobalMaxPooling1D", {}, (5, 2), None),
    "GlobalAveragePooling2D": ("GlobalAveragePooling2D", dict(keepdims=True), (3, 3, 2),
                               None),
    "GlobalMaxPooling3D": ("GlobalMaxPooling3D", {}, (2, 2, 2, 3), None),
    "AdaptiveAveragePooling2D": ("AdaptiveAveragePooling2D", dict(output_size=(2, 3)),
                                 (5, 4, 2), None),
    # normalization
    "BatchNormalization": ("BatchNormalization", dict(momentum=0.8, epsilon=0.01), (3, 4),
                           None),
    "LayerNormalization": ("LayerNormalization", dict(axis=-1), (3, 4), None),
    "GroupNormalization": ("GroupNormalization", dict(groups=2), (3, 4), None),
    "UnitNormalization": ("UnitNormalization", {}, (4,), None),
    "RMSNormalization": ("RMSNormalization", dict(axis=[1, 2], epsilon=1e-3), (3, 4), None),
    # embeddings
    "Embedding": ("Embedding", dict(input_dim=10, output_dim=3), (5,), "int32"),
    # recurrent
    "SimpleRNN": ("SimpleRNN", dict(units=3), (5, 2), None),
    "LSTM": ("LSTM", dict(units=3, return_sequences=True, go_backwards=True), (5, 2), None),
    "GRU": ("GRU", dict(units=3), (5, 2), None),
    "GRU_reset_before": ("GRU", dict(units=3, reset_after=False), (5, 2), None),
    "ConvLSTM1D": ("ConvLSTM1D", dict(filters=2, kernel_size=2), (3, 5, 2), None),
    "ConvLSTM2D": ("ConvLSTM2D", dict(filters=2, kernel_size=2, padding="same"),
                   (3, 4, 4, 1), None),
    "ConvLSTM3D": ("ConvLSTM3D", dict(filters=1, kernel_size=2), (2, 3, 3, 3, 1), None),
    # noise
    "GaussianNoise": ("GaussianNoise", dict(stddev=0.3), (4,), None),
    "GaussianDropout": ("GaussianDropout", dict(rate=0.3), (4,), None),
    "AlphaDropout": ("AlphaDropout", dict(rate=0.3), (4,), None),
    # advanced activations
    "ELU": ("ELU", dict(alpha=0.5), (4,), None),
    "LeakyReLU": ("LeakyReLU", dict(negative_slope=0.2), (4,), None),
    "PReLU": ("PReLU", dict(shared_axes=[1]), (3, 2), None),
    "ReLU": ("ReLU", dict(max_value=1.0, threshold=0.1), (4,), None),
    "Softmax": ("Softmax", dict(axis=-1), (4,), None),
}

# Layers that wrap other layers, built from a function of the layers module.
WRAPPED = {
    "Bidirectional": (lambda L: L.Bidirectional(L.LSTM(3, return_sequences=True),
                                                merge_mode="sum"), (5, 2)),
    "TimeDistributed": (lambda L: L.TimeDistributed(L.Dense(2)), (4, 3)),
    "Pipeline": (lambda L: L.Pipeline([L.CenterCrop(3, 4), L.RandomShear((0.1, 0.2))]),
                 (4, 5, 2)),
    "RNN_LSTMCell": (lambda L: L.RNN(L.LSTMCell(3)), (5, 2)),
    "RNN_stacked": (lambda L: L.RNN([L.SimpleRNNCell(2), L.GRUCell(3)]), (5, 2)),
    "StackedRNNCells": (lambda L: L.RNN(L.StackedRNNCells([L.LSTMCell(2), L.LSTMCell(2)]),
                                        return_sequences=True), (4, 2)),
    "SpectralNormalization": (lambda L: L.SpectralNormalization(L.Conv2D(2, 2),
                                                                power_iterations=2), (4, 4, 3)),
}


def build(keras, which, case):
    module, layers_module = library(keras, which)
    if case in WRAPPED:
        make, shape = WRAPPED[case]
        layer, dtype = make(layers_module), None
    else:
        class_name, kwargs, shape, dtype = CASES[case]
        layer = getattr(layers_module, class_name)(**kwargs)
    inputs = module.Input(shape, dtype=dtype or "float32")
    return module.Model(inputs, layer(inputs))


def data(case):
    shape, dtype = (WRAPPED[case][1], None) if case in WRAPPED else CASES[case][2:]
    if dtype == "int32":
        return RNG.integers(0, 10, size=(3,) + shape).astype("int32")
    x = RNG.normal(size=(3,) + shape).astype("float32")
    if case == "Masking":
        x[0, 1] = 0.5
    return x


def without_names(config):
    """A config with the names of layers (automatic, so different) left out."""
    if isinstance(config, dict):
        return {k: without_names(v) for k, v in config.items() if k != "name"}
    if isinstance(config, (list, tuple)):
        return [without_names(v) for v in config]
    return config


def layer_configs(model):
    return [without_names(layer.get_config()) for layer in model.layers[1:]]


ALL_CASES = sorted(CASES) + sorted(WRAPPED)


@pytest.mark.parametrize("source", ["kerasedu", "keras"])
@pytest.mark.parametrize("case", ALL_CASES)
def test_round_trip(case, source, keras, tmp_path):
    target = "keras" if source == "kerasedu" else "kerasedu"
    model = build(keras, source, case)
    randomize(model)
    x = data(case)
    model.save(tmp_path / "m.keras")
    loaded = (keras.saving.load_model if target == "keras" else kerasedu.models.load_model)(
        tmp_path / "m.keras")
    atol = ATOL.get(case, 2e-5)
    assert_same_predictions(model, loaded, x, atol=atol)
    assert layer_configs(loaded) == layer_configs(build(keras, target, case))
    model.save_weights(tmp_path / "m.weights.h5")
    fresh = build(keras, target, case)
    fresh.load_weights(tmp_path / "m.weights.h5")
    assert_same_predictions(model, fresh, x, atol=atol)


@pytest.mark.parametrize("class_name", ["LocallyConnected1D", "LocallyConnected2D",
                                        "ThresholdedReLU"])
def test_layers_keras_3_removed_round_trip_in_kerasedu_and_keras_says_why(class_name, keras,
                                                                          tmp_path):
    layers = kerasedu.layers
    shape = (6, 2) if class_name.endswith("1D") else (5, 5, 2) if "2D" in class_name else (4,)
    kwargs = {} if class_name == "ThresholdedReLU" else dict(filters=2, kernel_size=2)
    inputs = kerasedu.Input(shape)
    model = kerasedu.Model(inputs, getattr(layers, class_name)(**kwargs)(inputs))
    randomize(model)
    model.save(tmp_path / "m.keras")
    loaded = kerasedu.models.load_model(tmp_path / "m.keras")
    x = RNG.normal(size=(2,) + shape).astype("float32")
    assert_same_predictions(model, loaded, x, rtol=0, atol=0)
    with pytest.raises(TypeError, match=class_name):
        keras.saving.load_model(tmp_path / "m.keras")


@pytest.mark.parametrize("source", ["kerasedu", "keras"])
def test_reversible_embedding_language_model_round_trip(source, keras, tmp_path):
    """ids -> vectors -> logits through one ReversibleEmbedding, called forward and reversed
    (with its own reverse matrix, so both weights travel)."""
    def lm(which):
        module, layers_module = library(keras, which)
        ids = module.Input((5,), dtype="int32")
        embedding = layers_module.ReversibleEmbedding(10, 3, tie_weights=False,
                                                      logit_soft_cap=4.0)
        return module.Model(ids, embedding(embedding(ids), reverse=True))

    target = "keras" if source == "kerasedu" else "kerasedu"
    model = lm(source)
    randomize(model)
    x = RNG.integers(0, 10, size=(3, 5)).astype("int32")
    model.save(tmp_path / "lm.keras")
    loaded = (keras.saving.load_model if target == "keras" else kerasedu.models.load_model)(
        tmp_path / "lm.keras")
    assert_same_predictions(model, loaded, x)
    model.save_weights(tmp_path / "lm.weights.h5")
    fresh = lm(target)
    fresh.load_weights(tmp_path / "lm.weights.h5")
    assert_same_predictions(model, fresh, x)
