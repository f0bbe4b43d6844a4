"""AveragePooling1D, AveragePooling2D, AveragePooling3D: the mean of each window, per channel.

Shapes and options as in :mod:`.base_pooling`. With "same" padding a window hanging over the
edge averages only the input cells it covers (padding is excluded, not counted as zeros): a
3 × 3 input holding 1..9, pool 2, "same", gives [[3, 4.5], [7.5, 9]]. Every cell of a window
receives the window's gradient divided by the number of cells averaged.

Keras 3 makes ``pool_size`` a required argument; the Keras 2 default (2 per axis) is kept
here so that older code runs.
"""

from .base_pooling import BasePooling


class AveragePooling1D(BasePooling):
    """Average pooling over time: (batch, steps, C) -> (batch, pooled steps, C)."""

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(1, "average", pool_size, strides, padding, data_format, **kwargs)


class AveragePooling2D(BasePooling):
    """Average pooling over images: (batch, rows, cols, C) -> (batch, pooled rows, cols, C)."""

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None,
                 **kwargs):
        super().__init__(2, "average", pool_size, strides, padding, data_format, **kwargs)


class AveragePooling3D(BasePooling):
    """Average pooling over volumes."""

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding="valid", data_format=None,
                 **kwargs):
        super().__init__(3, "average", pool_size, strides, padding, data_format, **kwargs)


AvgPool1D = AveragePooling1D
AvgPool2D = AveragePooling2D
AvgPool3D = AveragePooling3D
