"""Cropping1D, Cropping2D, Cropping3D: cut rows (and columns, and planes) off the borders.

Along each spatial axis, ``(before, after)`` cells are removed:

    Cropping1D((b, a))                  (batch, n, C)        -> (batch, n − b − a, C)
    Cropping2D(((t, b), (l, r)))        (batch, H, W, C)     -> (batch, H − t − b, W − l − r, C)
    Cropping3D(((b1, a1), (b2, a2), (b3, a3)))  likewise on three axes

An int crops that much everywhere; for 2-D and 3-D, one int per axis crops symmetrically.
Example: ``Cropping2D(((1, 2), (0, 1)))`` takes 10 × 10 to 7 × 9. At least one cell must remain.
The gradient is the output gradient put back in place, zeros on the cropped borders.
"""

from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from . import arguments as args


class BaseCropping(Layer):
    """Shared code of the cropping layers (``rank`` spatial axes)."""

    def __init__(self, rank, cropping, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.crop_pairs = args.padding_pairs(self, cropping, rank, "cropping")  # ((b, a), ...)
        self.cropping = self.crop_pairs[0] if rank == 1 else self.crop_pairs
        self.data_format = args.data_format(self, data_format)
        self.input_spec = InputSpec(ndim=rank + 2)

    def compute_output_shape(self, input_shape):
        args.check_rank(self, input_shape, self.rank)
        spatial = args.spatial_dims(input_shape, self.data_format)
        for n, (b, a) in zip(spatial, self.crop_pairs):
            if n is not None and b + a >= n:
                raise args.layer_error(
                    self, f"values in `cropping` should be smaller than the corresponding "
                          f"spatial dimension of the input. Received: input_shape="
                          f"{tuple(input_shape)}, cropping={self.cropping}. Crop less, or "
                          f"crop a larger input.")
        out = tuple(None if n is None else n - b - a
                    for n, (b, a) in zip(spatial, self.crop_pairs))
        channels = tuple(input_shape)[args.channel_axis(self.data_format)]
        return args.with_spatial(input_shape, out, channels, self.data_format)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)     # something must be left after cropping

    def call(self, inputs):
        spatial = args.spatial_dims(inputs.shape, self.data_format)
        window = tuple(slice(b, n - a) for n, (b, a) in zip(spatial, self.crop_pairs))
        if self.data_format == "channels_last":
            return inputs[(slice(None),) + window + (slice(None),)]
        return inputs[(slice(None), slice(None)) + window]

    def get_config(self):
        return {**super().get_config(), "cropping": self.cropping,
                "data_format": self.data_format}


class Cropping1D(BaseCropping):
    """Crop the time axis of (batch, steps, features): ``cropping=(before, after)``."""

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(1, cropping, "channels_last", **kwargs)

    def get_config(self):
        config = super().get_config()
        del config["data_format"]
        return config


class Cropping2D(BaseCropping):
    """Crop images: ``cropping=((top, bottom), (left, right))``."""

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(2, cropping, data_format, **kwargs)


class Cropping3D(BaseCropping):
    """Crop volumes: ``cropping=((b1, a1), (b2, a2), (b3, a3))``."""

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(3, cropping, data_format, **kwargs)
