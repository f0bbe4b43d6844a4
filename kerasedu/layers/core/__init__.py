"""Core layers (Keras 2's ``keras.layers.core``): Dense, Activation, Dropout, Flatten, Reshape,
Permute, RepeatVector, Lambda, ActivityRegularization, Masking, SpatialDropout1D/2D/3D;
and Identity, EinsumDense, ReversibleEmbedding."""

from ...layer_machinery.input_layer import Input, InputLayer
from .activation import Activation
from .activity_regularization import ActivityRegularization
from .dense import Dense
from .einsum_dense import EinsumDense
from .identity import Identity
from .dropout import Dropout, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D
from .lambda_layer import Lambda
from .masking import Masking
from .reversible_embedding import ReversibleEmbedding
from .reshaping import Flatten, Permute, RepeatVector, Reshape
