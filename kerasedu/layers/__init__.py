"""Every layer, under ``kerasedu.layers``; the Keras 2 family modules (``kerasedu.layers.core``,
``kerasedu.layers.convolutional``, ...) hold the same classes."""

from ..layer_machinery.input_layer import Input, InputLayer
from ..layer_machinery.input_spec import InputSpec
from ..layer_machinery.layer import Layer
from .core import (Activation, ActivityRegularization, Dense, Dropout, EinsumDense, Flatten,
                   Identity, Lambda, Masking, Permute, RepeatVector, Reshape, SpatialDropout1D,
                   SpatialDropout2D, SpatialDropout3D)
from .core import ReversibleEmbedding
from .convolutional import (Conv1D, Conv1DTranspose, Conv2D, Conv2DTranspose, Conv3D,
                            Conv3DTranspose, Convolution1D, Convolution1DTranspose,
                            Convolution2D, Convolution2DTranspose, Convolution3D,
                            Convolution3DTranspose, Cropping1D, Cropping2D, Cropping3D,
                            Deconvolution2D, Deconvolution3D, DepthwiseConv1D, DepthwiseConv2D,
                            SeparableConv1D, SeparableConv2D, SeparableConvolution1D,
                            SeparableConvolution2D, UpSampling1D, UpSampling2D, UpSampling3D,
                            ZeroPadding1D, ZeroPadding2D, ZeroPadding3D)
from .local import LocallyConnected1D, LocallyConnected2D
from .pooling import (AveragePooling1D, AveragePooling2D, AveragePooling3D, AvgPool1D, AvgPool2D,
                      AvgPool3D, GlobalAveragePooling1D, GlobalAveragePooling2D,
                      GlobalAveragePooling3D, GlobalAvgPool1D, GlobalAvgPool2D, GlobalAvgPool3D,
                      GlobalMaxPool1D, GlobalMaxPool2D, GlobalMaxPool3D, GlobalMaxPooling1D,
                      GlobalMaxPooling2D, GlobalMaxPooling3D, MaxPool1D, MaxPool2D, MaxPool3D,
                      MaxPooling1D, MaxPooling2D, MaxPooling3D)
from .pooling import (AdaptiveAveragePooling1D, AdaptiveAveragePooling2D, AdaptiveAveragePooling3D,
                      AdaptiveMaxPooling1D, AdaptiveMaxPooling2D, AdaptiveMaxPooling3D)
from .merge import (Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract, add,
                    average, concatenate, dot, maximum, minimum, multiply, subtract)
from .normalization import (BatchNormalization, GroupNormalization, LayerNormalization,
                            RMSNormalization, UnitNormalization)
from .normalization import SpectralNormalization
from .noise import AlphaDropout, GaussianDropout, GaussianNoise
from .advanced_activations import ELU, LeakyReLU, PReLU, ReLU, Softmax, ThresholdedReLU
from .convolutional_recurrent import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D, ConvLSTMCell
from .embeddings import Embedding
from .recurrent import (GRU, LSTM, RNN, GRUCell, LSTMCell, SimpleRNN, SimpleRNNCell,
                        StackedRNNCells)
from .wrappers import Bidirectional, TimeDistributed, Wrapper
from .attention import (AdditiveAttention, Attention, GroupedQueryAttention, GroupQueryAttention,
                        MultiHeadAttention)
from .preprocessing import (CenterCrop, Normalization, RandomBrightness, RandomContrast,
                            RandomCrop, RandomFlip, RandomRotation, RandomTranslation,
                            RandomZoom, Rescaling, Resizing)
from .preprocessing import MelSpectrogram, STFTSpectrogram
from .preprocessing import (AugMix, ContrastLimitedAdaptiveHistogramEqualization, CutMix,
                            MaxNumBoundingBoxes, MixUp, Pipeline, RandAugment,
                            RandomElasticTransform, RandomErasing, RandomPerspective,
                            RandomShear)
from .preprocessing import (AutoContrast, Equalization, RandomColorDegeneration,
                            RandomColorJitter, RandomGaussianBlur, RandomGrayscale, RandomHue,
                            RandomInvert, RandomPosterization, RandomSaturation, RandomSharpness,
                            Solarization)
from .preprocessing import CategoryEncoding, Discretization, HashedCrossing, Hashing
from .preprocessing import IntegerLookup, StringLookup, TextVectorization
from .preprocessing.text.index_lookup import IndexLookup  # Keras's base class
from .serialization import deserialize, get, serialize
from . import experimental, serialization  # noqa: F401 (layers.experimental: Keras 2's path)

serialization.register_layer_classes(globals())   # each layer above loads by its name
