"""BasePooling: what the max and average pooling layers share.

A pooling layer slides a ``pool_size`` window over the spatial axes, ``strides`` apart (by
default the window size, so windows do not overlap), and summarizes each window per channel:
its maximum (MaxPooling) or its mean (AveragePooling). There are no weights.

Shapes: (batch, *spatial, C) -> (batch, *out_spatial, C) (channels_first: C after the batch
axis), with, per spatial axis (n input, k pool size, s stride):

    "valid":  out = floor((n − k) / s) + 1      (the window must fit: k ≤ n)
    "same":   out = ceil(n / s)                 (windows hanging over the edge see fewer cells)

Example: MaxPooling2D(2) on (None, 26, 26, 32) gives (None, 13, 13, 32).
"""

from ...backend import ops
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from ..convolutional import arguments as args


class BasePooling(Layer):
    """Shared constructor, shape arithmetic and config of MaxPooling and AveragePooling."""

    def __init__(self, rank, pool_mode, pool_size, strides=None, padding="valid",
                 data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.pool_mode = pool_mode           # "max" or "average"
        self.pool_size = args.int_tuple(self, pool_size, rank, "pool_size")
        self.strides = self.pool_size if strides is None else args.int_tuple(
            self, strides, rank, "strides")
        self.padding = args.padding_name(self, padding)
        self.data_format = args.data_format(self, data_format)
        self.input_spec = InputSpec(ndim=rank + 2)
        self._build_at_init()

    def call(self, inputs):
        self.compute_output_shape(inputs.shape)    # the pool must fit (padding="valid")
        pool = ops.max_pool if self.pool_mode == "max" else ops.average_pool
        return pool(inputs, self.pool_size, self.strides, self.padding, self.data_format)

    def compute_output_shape(self, input_shape):
        args.check_rank(self, input_shape, self.rank)
        spatial = args.conv_output_spatial(self, input_shape, self.pool_size, self.strides,
                                           self.padding, (1,) * self.rank, self.data_format,
                                           what="pool")
        channels = tuple(input_shape)[args.channel_axis(self.data_format)]
        return args.with_spatial(input_shape, spatial, channels, self.data_format)

    def get_config(self):
        return {**super().get_config(), "pool_size": self.pool_size, "padding": self.padding,
                "strides": self.strides, "data_format": self.data_format}

