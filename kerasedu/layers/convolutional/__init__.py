"""Convolution layers and their spatial helpers (Keras 2's ``keras.layers.convolutional``).

Conv1D/2D/3D, SeparableConv1D/2D, DepthwiseConv1D/2D, Conv1D/2D/3DTranspose, and the layers
that reshape spatial axes without weights: Cropping1D/2D/3D, UpSampling1D/2D/3D,
ZeroPadding1D/2D/3D. The Keras aliases (Convolution2D, Deconvolution2D, ...) name the same
classes.
"""

from .conv import Conv1D, Conv2D, Conv3D, Convolution1D, Convolution2D, Convolution3D
from .conv_transpose import (Conv1DTranspose, Conv2DTranspose, Conv3DTranspose,
                             Convolution1DTranspose, Convolution2DTranspose,
                             Convolution3DTranspose, Deconvolution2D, Deconvolution3D)
from .cropping import Cropping1D, Cropping2D, Cropping3D
from .depthwise import DepthwiseConv1D, DepthwiseConv2D
from .separable import (SeparableConv1D, SeparableConv2D, SeparableConvolution1D,
                        SeparableConvolution2D)
from .upsampling import UpSampling1D, UpSampling2D, UpSampling3D
from .zero_padding import ZeroPadding1D, ZeroPadding2D, ZeroPadding3D
