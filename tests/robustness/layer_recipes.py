"""One small working instance of every layer kerasedu.layers exports, with an input to call it on.

``RECIPES[name] = (make, shapes)``: ``make()`` returns a new layer, ``shapes`` is the shape of
one sample of its input (without the batch axis), or a list of such shapes for layers that take
several inputs. The robustness tests call each layer on batches of these shapes, including a
batch of zero samples: floats, or integers 0..9 for the layers in ``INTEGER_INPUTS``, or words
of ``WORDS`` for the layers in ``STRING_INPUTS``. A layer added to kerasedu.layers needs a
recipe here: ``test_every_layer_has_a_recipe`` lists the missing ones.
"""

import inspect

from kerasedu import layers
from kerasedu.layer_machinery import Layer


class _Doubling(Layer):
    def call(self, inputs):
        return inputs * 2.0


class _SelfAttention(Layer):
    """Calls the attention layer it holds with the sequence as query and value."""

    def __init__(self, attention, **kwargs):
        super().__init__(**kwargs)
        self.attention = attention

    def call(self, inputs, training=None):
        return self.attention(inputs, inputs, training=training)


IMAGE, SEQUENCE, VOLUME = (6, 6, 2), (5, 3), (4, 4, 4, 2)
RGB = (6, 6, 3)                                # the colour layers need three channels
WORDS = ["red", "green", "blue", "dark red", "light blue"]

RECIPES = {
    "Activation": (lambda: layers.Activation("relu"), (4,)),
    "ActivityRegularization": (lambda: layers.ActivityRegularization(l1=0.1), (4,)),
    "AdaptiveAveragePooling1D": (lambda: layers.AdaptiveAveragePooling1D(2), SEQUENCE),
    "AdaptiveAveragePooling2D": (lambda: layers.AdaptiveAveragePooling2D((2, 4)), IMAGE),
    "AdaptiveAveragePooling3D": (lambda: layers.AdaptiveAveragePooling3D(3), VOLUME),
    "AdaptiveMaxPooling1D": (lambda: layers.AdaptiveMaxPooling1D(2), SEQUENCE),
    "AdaptiveMaxPooling2D": (lambda: layers.AdaptiveMaxPooling2D((2, 4)), IMAGE),
    "AdaptiveMaxPooling3D": (lambda: layers.AdaptiveMaxPooling3D(3), VOLUME),
    "Add": (lambda: layers.Add(), [(4,), (4,)]),
    "AdditiveAttention": (lambda: layers.AdditiveAttention(dropout=0.5, seed=1),
                          [SEQUENCE, SEQUENCE]),
    "AlphaDropout": (lambda: layers.AlphaDropout(0.5, seed=1), (4,)),
    "Attention": (lambda: layers.Attention(use_scale=True, dropout=0.5, seed=1),
                  [SEQUENCE, SEQUENCE]),
    "AugMix": (lambda: layers.AugMix(seed=1), RGB),
    "AutoContrast": (lambda: layers.AutoContrast(value_range=(-1, 1)), RGB),
    "Average": (lambda: layers.Average(), [(4,), (4,)]),
    "AveragePooling1D": (lambda: layers.AveragePooling1D(), SEQUENCE),
    "AveragePooling2D": (lambda: layers.AveragePooling2D(), IMAGE),
    "AveragePooling3D": (lambda: layers.AveragePooling3D(), VOLUME),
    "BatchNormalization": (lambda: layers.BatchNormalization(), IMAGE),
    "Bidirectional": (lambda: layers.Bidirectional(layers.LSTM(3)), SEQUENCE),
    "CategoryEncoding": (lambda: layers.CategoryEncoding(10, output_mode="count"), (4,)),
    "CenterCrop": (lambda: layers.CenterCrop(4, 5), IMAGE),
    "Concatenate": (lambda: layers.Concatenate(), [(4,), (2,)]),
    "ContrastLimitedAdaptiveHistogramEqualization": (
        lambda: layers.ContrastLimitedAdaptiveHistogramEqualization(tile_grid_size=(2, 2)),
        IMAGE),
    "Conv1D": (lambda: layers.Conv1D(2, 3), SEQUENCE),
    "Conv1DTranspose": (lambda: layers.Conv1DTranspose(2, 3, strides=2), SEQUENCE),
    "Conv2D": (lambda: layers.Conv2D(2, 3), IMAGE),
    "Conv2DTranspose": (lambda: layers.Conv2DTranspose(2, 3, strides=2), IMAGE),
    "Conv3D": (lambda: layers.Conv3D(2, 3), VOLUME),
    "Conv3DTranspose": (lambda: layers.Conv3DTranspose(2, 2), VOLUME),
    "ConvLSTM1D": (lambda: layers.ConvLSTM1D(2, 3), (3, 5, 2)),
    "ConvLSTM2D": (lambda: layers.ConvLSTM2D(2, 3, return_sequences=True), (3, 5, 5, 2)),
    "ConvLSTM3D": (lambda: layers.ConvLSTM3D(2, 2), (2, 3, 3, 3, 1)),
    "ConvLSTMCell": (lambda: layers.ConvLSTM2D(2, 3), (3, 5, 5, 2)),     # runs its cell
    "Cropping1D": (lambda: layers.Cropping1D(1), SEQUENCE),
    "Cropping2D": (lambda: layers.Cropping2D(1), IMAGE),
    "Cropping3D": (lambda: layers.Cropping3D(1), VOLUME),
    "CutMix": (lambda: layers.CutMix(seed=1), IMAGE),
    "Dense": (lambda: layers.Dense(3, activation="relu"), (4,)),
    "DepthwiseConv1D": (lambda: layers.DepthwiseConv1D(3), SEQUENCE),
    "DepthwiseConv2D": (lambda: layers.DepthwiseConv2D(3, depth_multiplier=2), IMAGE),
    "Discretization": (lambda: layers.Discretization(bin_boundaries=[-0.5, 0.0, 0.5]), (4,)),
    "Dot": (lambda: layers.Dot(axes=1), [(4,), (4,)]),
    "Dropout": (lambda: layers.Dropout(0.5, seed=1), (4,)),
    "EinsumDense": (lambda: layers.EinsumDense("ab,bc->ac", output_shape=2, bias_axes="c"),
                    (4,)),
    "ELU": (lambda: layers.ELU(), (4,)),
    "Embedding": (lambda: layers.Embedding(10, 3), (5,)),
    "Equalization": (lambda: layers.Equalization(value_range=(-1, 1), bins=16), RGB),
    "Flatten": (lambda: layers.Flatten(), IMAGE),
    "GaussianDropout": (lambda: layers.GaussianDropout(0.3, seed=1), (4,)),
    "GaussianNoise": (lambda: layers.GaussianNoise(0.3, seed=1), (4,)),
    "GlobalAveragePooling1D": (lambda: layers.GlobalAveragePooling1D(), SEQUENCE),
    "GlobalAveragePooling2D": (lambda: layers.GlobalAveragePooling2D(), IMAGE),
    "GlobalAveragePooling3D": (lambda: layers.GlobalAveragePooling3D(), VOLUME),
    "GlobalMaxPooling1D": (lambda: layers.GlobalMaxPooling1D(), SEQUENCE),
    "GlobalMaxPooling2D": (lambda: layers.GlobalMaxPooling2D(keepdims=True), IMAGE),
    "GlobalMaxPooling3D": (lambda: layers.GlobalMaxPooling3D(), VOLUME),
    "GroupedQueryAttention": (lambda: _SelfAttention(layers.GroupedQueryAttention(
        head_dim=2, num_query_heads=4, num_key_value_heads=2, dropout=0.5, seed=1)), SEQUENCE),
    "GroupNormalization": (lambda: layers.GroupNormalization(groups=2), IMAGE),
    "GRU": (lambda: layers.GRU(3, return_sequences=True), SEQUENCE),
    "GRUCell": (lambda: layers.RNN(layers.GRUCell(3)), SEQUENCE),
    "HashedCrossing": (lambda: layers.HashedCrossing(8, output_mode="one_hot"), [(1,), (1,)]),
    "Hashing": (lambda: layers.Hashing(8, output_mode="one_hot"), (1,)),
    "Identity": (lambda: layers.Identity(), (4,)),
    "IndexLookup": (lambda: layers.IndexLookup(
        None, 1, None, -1, "int64", vocabulary=[1, 3, 5, 7]), (4,)),
    "InputLayer": (lambda: layers.InputLayer(shape=(4,)), (4,)),
    "IntegerLookup": (lambda: layers.IntegerLookup(vocabulary=[1, 3, 5, 7],
                                                   output_mode="multi_hot"), (4,)),
    "Lambda": (lambda: layers.Lambda(lambda x: x * 2.0), (4,)),
    "Layer": (lambda: _Doubling(), (4,)),
    "LayerNormalization": (lambda: layers.LayerNormalization(), SEQUENCE),
    "LeakyReLU": (lambda: layers.LeakyReLU(), (4,)),
    "LocallyConnected1D": (lambda: layers.LocallyConnected1D(2, 3), SEQUENCE),
    "LocallyConnected2D": (lambda: layers.LocallyConnected2D(2, 3), IMAGE),
    "LSTM": (lambda: layers.LSTM(3), SEQUENCE),
    "LSTMCell": (lambda: layers.RNN(layers.LSTMCell(3), return_sequences=True), SEQUENCE),
    "Masking": (lambda: layers.Masking(), SEQUENCE),
    "Maximum": (lambda: layers.Maximum(), [(4,), (4,)]),
    "MaxNumBoundingBoxes": (lambda: layers.MaxNumBoundingBoxes(3), IMAGE),
    "MaxPooling1D": (lambda: layers.MaxPooling1D(), SEQUENCE),
    "MaxPooling2D": (lambda: layers.MaxPooling2D(), IMAGE),
    "MaxPooling3D": (lambda: layers.MaxPooling3D(), VOLUME),
    "MelSpectrogram": (lambda: layers.MelSpectrogram(fft_length=16, sequence_stride=8,
                                                     num_mel_bins=4), (32,)),
    "Minimum": (lambda: layers.Minimum(), [(4,), (4,)]),
    "MixUp": (lambda: layers.MixUp(seed=1), IMAGE),
    "MultiHeadAttention": (lambda: _SelfAttention(layers.MultiHeadAttention(
        2, 3, dropout=0.5, seed=1)), SEQUENCE),
    "Multiply": (lambda: layers.Multiply(), [(4,), (4,)]),
    "Normalization": (lambda: layers.Normalization(mean=0.5, variance=2.0), (4,)),
    "Permute": (lambda: layers.Permute((2, 1)), SEQUENCE),
    "Pipeline": (lambda: layers.Pipeline([layers.RandomFlip(seed=1), layers.RandomShear(0.1)]),
                 IMAGE),
    "PReLU": (lambda: layers.PReLU(), (4,)),
    "RandAugment": (lambda: layers.RandAugment(seed=1), RGB),
    "RandomBrightness": (lambda: layers.RandomBrightness(0.2, seed=1), IMAGE),
    "RandomColorDegeneration": (lambda: layers.RandomColorDegeneration(0.5, seed=1), RGB),
    "RandomColorJitter": (lambda: layers.RandomColorJitter(
        (-1, 1), brightness_factor=0.2, contrast_factor=0.2, saturation_factor=0.2,
        hue_factor=0.2, seed=1), RGB),
    "RandomContrast": (lambda: layers.RandomContrast(0.2, seed=1), IMAGE),
    "RandomCrop": (lambda: layers.RandomCrop(4, 5, seed=1), IMAGE),
    "RandomElasticTransform": (lambda: layers.RandomElasticTransform(seed=1), IMAGE),
    "RandomErasing": (lambda: layers.RandomErasing(seed=1), IMAGE),
    "RandomFlip": (lambda: layers.RandomFlip(seed=1), IMAGE),
    "RandomGaussianBlur": (lambda: layers.RandomGaussianBlur(seed=1), RGB),
    "RandomGrayscale": (lambda: layers.RandomGrayscale(seed=1), RGB),
    "RandomHue": (lambda: layers.RandomHue(0.3, value_range=(-1, 1), seed=1), RGB),
    "RandomInvert": (lambda: layers.RandomInvert(0.5, value_range=(-1, 1), seed=1), RGB),
    "RandomPerspective": (lambda: layers.RandomPerspective(seed=1), IMAGE),
    "RandomPosterization": (lambda: layers.RandomPosterization(3, seed=1), RGB),
    "RandomRotation": (lambda: layers.RandomRotation(0.2, seed=1), IMAGE),
    "RandomSaturation": (lambda: layers.RandomSaturation(0.3, value_range=(-1, 1), seed=1), RGB),
    "RandomSharpness": (lambda: layers.RandomSharpness(0.3, value_range=(-1, 1), seed=1), RGB),
    "RandomShear": (lambda: layers.RandomShear(0.2, 0.1, seed=1), IMAGE),
    "RandomTranslation": (lambda: layers.RandomTranslation(0.2, 0.1, seed=1), IMAGE),
    "RandomZoom": (lambda: layers.RandomZoom(0.2, seed=1), IMAGE),
    "ReLU": (lambda: layers.ReLU(max_value=6.0), (4,)),
    "RepeatVector": (lambda: layers.RepeatVector(3), (4,)),
    "Rescaling": (lambda: layers.Rescaling(0.5, offset=1.0), IMAGE),
    "Reshape": (lambda: layers.Reshape((2, 2)), (4,)),
    "Resizing": (lambda: layers.Resizing(3, 4), IMAGE),
    "ReversibleEmbedding": (lambda: layers.ReversibleEmbedding(10, 3), (5,)),
    "RMSNormalization": (lambda: layers.RMSNormalization(), SEQUENCE),
    "RNN": (lambda: layers.RNN(layers.SimpleRNNCell(3)), SEQUENCE),
    "SeparableConv1D": (lambda: layers.SeparableConv1D(2, 3), SEQUENCE),
    "SeparableConv2D": (lambda: layers.SeparableConv2D(2, 3), IMAGE),
    "SimpleRNN": (lambda: layers.SimpleRNN(3), SEQUENCE),
    "SimpleRNNCell": (lambda: layers.RNN(layers.SimpleRNNCell(3)), SEQUENCE),
    "Softmax": (lambda: layers.Softmax(), (4,)),
    "Solarization": (lambda: layers.Solarization(0.2, 0.3, value_range=(-1, 1), seed=1),
                     RGB),
    "SpatialDropout1D": (lambda: layers.SpatialDropout1D(0.5, seed=1), SEQUENCE),
    "SpatialDropout2D": (lambda: layers.SpatialDropout2D(0.5, seed=1), IMAGE),
    "SpatialDropout3D": (lambda: layers.SpatialDropout3D(0.5, seed=1), VOLUME),
    "SpectralNormalization": (lambda: layers.SpectralNormalization(layers.Dense(3)), (4,)),
    "StackedRNNCells": (lambda: layers.RNN(layers.StackedRNNCells(
        [layers.SimpleRNNCell(3), layers.GRUCell(2)])), SEQUENCE),
    "STFTSpectrogram": (lambda: layers.STFTSpectrogram(frame_length=8, frame_step=4,
                                                       fft_length=8), (32, 1)),
    "StringLookup": (lambda: layers.StringLookup(vocabulary=WORDS[:3]), (2,)),
    "Subtract": (lambda: layers.Subtract(), [(4,), (4,)]),
    "TextVectorization": (lambda: layers.TextVectorization(
        vocabulary=["red", "blue", "dark"], output_sequence_length=3), (1,)),
    "ThresholdedReLU": (lambda: layers.ThresholdedReLU(0.5), (4,)),
    "TimeDistributed": (lambda: layers.TimeDistributed(layers.Dense(2)), SEQUENCE),
    "UnitNormalization": (lambda: layers.UnitNormalization(), (4,)),
    "UpSampling1D": (lambda: layers.UpSampling1D(), SEQUENCE),
    "UpSampling2D": (lambda: layers.UpSampling2D(interpolation="bilinear"), IMAGE),
    "UpSampling3D": (lambda: layers.UpSampling3D(), VOLUME),
    "Wrapper": (lambda: layers.TimeDistributed(layers.Dense(2)), SEQUENCE),
    "ZeroPadding1D": (lambda: layers.ZeroPadding1D(), SEQUENCE),
    "ZeroPadding2D": (lambda: layers.ZeroPadding2D(), IMAGE),
    "ZeroPadding3D": (lambda: layers.ZeroPadding3D(), VOLUME),
}

# Layers whose inputs are integers (indices), not floats.
INTEGER_INPUTS = {"CategoryEncoding", "Embedding", "IndexLookup", "IntegerLookup",
                  "ReversibleEmbedding"}

# Layers whose inputs are strings (drawn from WORDS).
STRING_INPUTS = {"HashedCrossing", "Hashing", "StringLookup", "TextVectorization"}


def exported_layer_names():
    """The names of every Layer class that kerasedu.layers exports."""
    return sorted({cls.__name__ for name, cls in vars(layers).items()
                   if inspect.isclass(cls) and issubclass(cls, Layer)})
