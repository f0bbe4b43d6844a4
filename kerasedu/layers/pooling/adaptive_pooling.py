"""Adaptive pooling: pool to a chosen output size, whatever the input size.

    AdaptiveAveragePooling2D(output_size=(2, 3))   (batch, H, W, C) -> (batch, 2, 3, C)

The window size and stride are not chosen by the user but derived from the input: along an
axis of length n pooled to m cells, cell i summarizes the input positions

    ⌊i·n/m⌋ ≤ p < ⌈(i + 1)·n/m⌉

so the windows cover the axis, each ⌈n/m⌉ or ⌈n/m⌉ + 1 long, and neighbours overlap by at most
one position. With m > n some positions are repeated. The mean (AdaptiveAveragePooling) or the
maximum (AdaptiveMaxPooling) is taken per channel over the box that is the product of each
axis's window. There are no weights.

Shapes: (batch, *spatial, C) -> (batch, *output_size, C); channels_first inputs
(batch, C, *spatial) give (batch, C, *output_size). A common bridge between a convolutional
body and a Dense head that must accept images of any size.
"""

from ...backend import ops
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from ..convolutional import arguments as args
from ..validation import ArgumentTypeError


def _output_size(layer, value, rank):
    """``value`` (an int, or ``rank`` ints) as a tuple of ``rank`` positive ints."""
    try:
        return args.int_tuple(layer, value, rank, "output_size")
    except ValueError as error:        # Keras raises a TypeError for a tuple of the wrong length
        raise ArgumentTypeError(str(error)) from None


class BaseAdaptivePooling(Layer):
    """Shared constructor, shape arithmetic and config of the adaptive pooling layers."""

    def __init__(self, rank, pool_mode, output_size, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.pool_mode = pool_mode           # "max" or "average"
        self.output_size = _output_size(self, output_size, rank)
        self.data_format = args.data_format(self, data_format)
        self.input_spec = InputSpec(ndim=rank + 2)
        self._build_at_init()

    def call(self, inputs):
        pool = ops.adaptive_max_pool if self.pool_mode == "max" else ops.adaptive_average_pool
        return pool(inputs, output_size=self.output_size, data_format=self.data_format)

    def compute_output_shape(self, input_shape):
        args.check_rank(self, input_shape, self.rank)
        channels = tuple(input_shape)[args.channel_axis(self.data_format)]
        return args.with_spatial(input_shape, self.output_size, channels, self.data_format)

    def get_config(self):
        return {**super().get_config(), "output_size": self.output_size,
                "data_format": self.data_format}


class AdaptiveAveragePooling1D(BaseAdaptivePooling):
    """Mean over adaptive windows of time: (batch, steps, C) -> (batch, output_size, C)."""

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(1, "average", output_size, data_format, **kwargs)


class AdaptiveAveragePooling2D(BaseAdaptivePooling):
    """Mean over adaptive windows of an image: (batch, H, W, C) -> (batch, h, w, C)."""

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(2, "average", output_size, data_format, **kwargs)


class AdaptiveAveragePooling3D(BaseAdaptivePooling):
    """Mean over adaptive windows of a volume: (batch, D, H, W, C) -> (batch, d, h, w, C)."""

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(3, "average", output_size, data_format, **kwargs)


class AdaptiveMaxPooling1D(BaseAdaptivePooling):
    """Maximum over adaptive windows of time: (batch, steps, C) -> (batch, output_size, C)."""

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(1, "max", output_size, data_format, **kwargs)


class AdaptiveMaxPooling2D(BaseAdaptivePooling):
    """Maximum over adaptive windows of an image: (batch, H, W, C) -> (batch, h, w, C)."""

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(2, "max", output_size, data_format, **kwargs)


class AdaptiveMaxPooling3D(BaseAdaptivePooling):
    """Maximum over adaptive windows of a volume: (batch, D, H, W, C) -> (batch, d, h, w, C)."""

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(3, "max", output_size, data_format, **kwargs)
