"""MaxPooling1D, MaxPooling2D, MaxPooling3D: the largest value in each window, per channel.

Shapes and options as in :mod:`.base_pooling`. Only the maximum of each window passes its
gradient back (to the cell it came from); the other cells get zero. With "same" padding, cells
outside the input never win.
"""

from .base_pooling import BasePooling


class MaxPooling1D(BasePooling):
    """Max pooling over time: (batch, steps, C) -> (batch, pooled steps, C)."""

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(1, "max", pool_size, strides, padding, data_format, **kwargs)


class MaxPooling2D(BasePooling):
    """Max pooling over images: (batch, rows, cols, C) -> (batch, pooled rows, cols, C)."""

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None,
                 **kwargs):
        super().__init__(2, "max", pool_size, strides, padding, data_format, **kwargs)


class MaxPooling3D(BasePooling):
    """Max pooling over volumes."""

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding="valid", data_format=None,
                 **kwargs):
        super().__init__(3, "max", pool_size, strides, padding, data_format, **kwargs)


MaxPool1D = MaxPooling1D
MaxPool2D = MaxPooling2D
MaxPool3D = MaxPooling3D
