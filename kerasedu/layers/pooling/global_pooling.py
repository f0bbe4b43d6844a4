"""Global pooling: one value per channel, the max or the mean over all spatial positions.

    GlobalMaxPooling2D      (batch, rows, cols, C) -> (batch, C)
    GlobalAveragePooling1D  (batch, steps, C)      -> (batch, C)

With ``keepdims=True`` the spatial axes stay, with length 1: (batch, 1, 1, C). channels_first
inputs (batch, C, *spatial) give (batch, C) or (batch, C, 1, 1). A common end of a CNN, in
place of Flatten: the output size no longer depends on the image size.

GlobalAveragePooling1D accepts a mask (batch, steps), from Embedding(mask_zero=True) or
Masking: the mean is then taken over the unmasked steps only.
"""

from ...backend import ops
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from ..convolutional import arguments as args


class BaseGlobalPooling(Layer):
    """Shared code: reduce over the spatial axes with ``ops.max`` or ``ops.mean``."""

    def __init__(self, rank, pool_mode, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.pool_mode = pool_mode           # "max" or "average"
        self.data_format = args.data_format(self, data_format)
        self.keepdims = bool(keepdims)
        self.input_spec = InputSpec(ndim=rank + 2)
        self._build_at_init()

    def spatial_axes(self):
        """The axes reduced: 1..rank (channels_last) or 2..rank+1 (channels_first)."""
        first = 1 if self.data_format == "channels_last" else 2
        return tuple(range(first, first + self.rank))

    def call(self, inputs):
        reduce = ops.max if self.pool_mode == "max" else ops.mean
        return reduce(inputs, axis=self.spatial_axes(), keepdims=self.keepdims)

    def compute_output_shape(self, input_shape):
        args.check_rank(self, input_shape, self.rank)
        shape = tuple(input_shape)
        channels = shape[args.channel_axis(self.data_format)]
        if not self.keepdims:
            return (shape[0], channels)
        return args.with_spatial(shape, (1,) * self.rank, channels, self.data_format)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format,
                "keepdims": self.keepdims}


class GlobalMaxPooling1D(BaseGlobalPooling):
    """Largest value of each channel over time."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(1, "max", data_format, keepdims, **kwargs)


class GlobalMaxPooling2D(BaseGlobalPooling):
    """Largest value of each channel over the image."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(2, "max", data_format, keepdims, **kwargs)


class GlobalMaxPooling3D(BaseGlobalPooling):
    """Largest value of each channel over the volume."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(3, "max", data_format, keepdims, **kwargs)


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Mean of each channel over time (over the unmasked steps when a mask is given)."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(1, "average", data_format, keepdims, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        steps = self.spatial_axes()[0]
        channels = 2 if self.data_format == "channels_last" else 1
        weights = ops.expand_dims(ops.cast(mask, inputs.dtype), channels)   # (N, T, 1) or (N, 1, T)
        total = ops.sum(ops.multiply(inputs, weights), axis=steps, keepdims=self.keepdims)
        return ops.divide(total, ops.sum(weights, axis=steps, keepdims=self.keepdims))

    def compute_mask(self, inputs, mask=None):
        return None


class GlobalAveragePooling2D(BaseGlobalPooling):
    """Mean of each channel over the image."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(2, "average", data_format, keepdims, **kwargs)


class GlobalAveragePooling3D(BaseGlobalPooling):
    """Mean of each channel over the volume."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(3, "average", data_format, keepdims, **kwargs)


GlobalMaxPool1D = GlobalMaxPooling1D
GlobalMaxPool2D = GlobalMaxPooling2D
GlobalMaxPool3D = GlobalMaxPooling3D
GlobalAvgPool1D = GlobalAveragePooling1D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalAvgPool3D = GlobalAveragePooling3D
