"""Pooling layers (Keras 2's ``keras.layers.pooling``): MaxPooling1D/2D/3D,
AveragePooling1D/2D/3D, GlobalMaxPooling1D/2D/3D, GlobalAveragePooling1D/2D/3D, and the Keras
aliases MaxPool2D, AvgPool2D, GlobalMaxPool2D, GlobalAvgPool2D, ...;
and AdaptiveAveragePooling1D/2D/3D, AdaptiveMaxPooling1D/2D/3D."""

from .adaptive_pooling import (AdaptiveAveragePooling1D, AdaptiveAveragePooling2D,
                               AdaptiveAveragePooling3D, AdaptiveMaxPooling1D,
                               AdaptiveMaxPooling2D, AdaptiveMaxPooling3D)
from .average_pooling import (AveragePooling1D, AveragePooling2D, AveragePooling3D, AvgPool1D,
                              AvgPool2D, AvgPool3D)
from .global_pooling import (GlobalAveragePooling1D, GlobalAveragePooling2D,
                             GlobalAveragePooling3D, GlobalAvgPool1D, GlobalAvgPool2D,
                             GlobalAvgPool3D, GlobalMaxPool1D, GlobalMaxPool2D, GlobalMaxPool3D,
                             GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D)
from .max_pooling import MaxPool1D, MaxPool2D, MaxPool3D, MaxPooling1D, MaxPooling2D, MaxPooling3D
