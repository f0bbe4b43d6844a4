"""ZeroPadding1D, ZeroPadding2D, ZeroPadding3D: a border of zeros around the spatial axes.

Along each spatial axis, ``(before, after)`` zeros are added:

    ZeroPadding1D((b, a))              (batch, n, C)      -> (batch, b + n + a, C)
    ZeroPadding2D(((t, b), (l, r)))    (batch, H, W, C)   -> (batch, t + H + b, l + W + r, C)
    ZeroPadding3D                      likewise on three axes

An int pads that much everywhere; for 2-D and 3-D, one int per axis pads symmetrically.
Example: ``ZeroPadding2D(((1, 2), (3, 4)))`` takes 5 × 5 to 8 × 12. The gradient is the output
gradient with the border cut off.
"""

from ...backend import ops
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from . import arguments as args


class BaseZeroPadding(Layer):
    """Shared code of the zero-padding layers (``rank`` spatial axes)."""

    def __init__(self, rank, padding, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.pad_pairs = args.padding_pairs(self, padding, rank, "padding")  # ((b, a), ...)
        self.padding = self.pad_pairs[0] if rank == 1 else self.pad_pairs
        self.data_format = args.data_format(self, data_format)
        self.input_spec = InputSpec(ndim=rank + 2)

    def compute_output_shape(self, input_shape):
        args.check_rank(self, input_shape, self.rank)
        spatial = args.spatial_dims(input_shape, self.data_format)
        out = tuple(None if n is None else b + n + a for n, (b, a) in zip(spatial, self.pad_pairs))
        channels = tuple(input_shape)[args.channel_axis(self.data_format)]
        return args.with_spatial(input_shape, out, channels, self.data_format)

    def call(self, inputs):
        pads = list(self.pad_pairs)
        if self.data_format == "channels_last":
            return ops.pad(inputs, [(0, 0)] + pads + [(0, 0)])
        return ops.pad(inputs, [(0, 0), (0, 0)] + pads)

    def get_config(self):
        return {**super().get_config(), "padding": self.padding,
                "data_format": self.data_format}


class ZeroPadding1D(BaseZeroPadding):
    """Zeros before and after the steps of (batch, steps, features): ``padding=(before, after)``."""

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(1, padding, data_format, **kwargs)


class ZeroPadding2D(BaseZeroPadding):
    """Zeros around images: ``padding=((top, bottom), (left, right))``."""

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(2, padding, data_format, **kwargs)


class ZeroPadding3D(BaseZeroPadding):
    """Zeros around volumes: ``padding=((b1, a1), (b2, a2), (b3, a3))``."""

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(3, padding, data_format, **kwargs)
