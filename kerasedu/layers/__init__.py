"""Every layer, under ``kerasedu.layers``; the Keras 2 family modules (``kerasedu.layers.core``,
``kerasedu.layers.convolutional``, ...) hold the same classes."""

from ..engine.input_layer import Input, InputLayer
from ..engine.input_spec import InputSpec
from ..engine.layer import Layer
from .core import (Activation, ActivityRegularization, Dense, Dropout, Flatten, Lambda, Masking,
                   Permute, RepeatVector, Reshape, SpatialDropout1D, SpatialDropout2D,
                   SpatialDropout3D)
from .merge import (Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract, add,
                    average, concatenate, dot, maximum, minimum, multiply, subtract)
from .normalization import (BatchNormalization, GroupNormalization, LayerNormalization,
                            UnitNormalization)
from .noise import AlphaDropout, GaussianDropout, GaussianNoise
from .advanced_activations import ELU, LeakyReLU, PReLU, ReLU, Softmax, ThresholdedReLU
from .serialization import deserialize, get, serialize
