"""UpSampling1D, UpSampling2D, UpSampling3D: enlarge the spatial axes by whole factors.

"nearest" repeats every value ``size`` times along each axis:

    UpSampling1D(2)       (batch, n, C)       -> (batch, 2n, C)         y[:, i] = x[:, i // 2]
    UpSampling2D((2, 3))  (batch, H, W, C)    -> (batch, 2H, 3W, C)
    UpSampling3D(2)       (batch, D, H, W, C) -> (batch, 2D, 2H, 2W, C)

UpSampling2D(interpolation="bilinear") blends the two nearest input cells along each axis
instead, with half-pixel centres (output cell o reads input position (o + ½)/size − ½, clamped
to the image), as TensorFlow and JAX resize images. "bicubic", "lanczos3" and "lanczos5" read
more cells with wider kernels: they are ``ops.image.resize`` to the enlarged size, as in Keras.
There are no weights; the gradient of "nearest" sums the copies of each value.
"""

from ...backend.ops.image.resizing import resize
from ...backend.ops.upsampling import upsample_bilinear, upsample_nearest
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from . import arguments as args

INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5")


class BaseUpSampling(Layer):
    """Shared code of the upsampling layers (``rank`` spatial axes)."""

    def __init__(self, rank, size, data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.factors = args.int_tuple(self, size, rank, "size")
        self.size = self.factors[0] if rank == 1 else self.factors
        self.data_format = args.data_format(self, data_format)
        if not isinstance(interpolation, str) or interpolation.lower() not in INTERPOLATIONS:
            raise args.layer_error(
                self, f"`interpolation` must be one of {INTERPOLATIONS}. Received: "
                      f"interpolation={interpolation!r}.")
        self.interpolation = interpolation.lower()
        self.input_spec = InputSpec(ndim=rank + 2)

    def compute_output_shape(self, input_shape):
        args.check_rank(self, input_shape, self.rank)
        spatial = args.spatial_dims(input_shape, self.data_format)
        out = tuple(None if n is None else n * f for n, f in zip(spatial, self.factors))
        channels = tuple(input_shape)[args.channel_axis(self.data_format)]
        return args.with_spatial(input_shape, out, channels, self.data_format)

    def call(self, inputs):
        if self.interpolation == "bilinear":
            return upsample_bilinear(inputs, self.factors, self.data_format)
        if self.interpolation != "nearest":
            spatial = args.spatial_dims(inputs.shape, self.data_format)
            return resize(inputs, tuple(n * f for n, f in zip(spatial, self.factors)),
                          interpolation=self.interpolation, data_format=self.data_format)
        return upsample_nearest(inputs, self.factors, self.data_format)


class UpSampling1D(BaseUpSampling):
    """Repeat every time step ``size`` times: (batch, steps, C) -> (batch, size·steps, C)."""

    def __init__(self, size=2, **kwargs):
        super().__init__(1, size, "channels_last", **kwargs)

    def get_config(self):
        return {**super().get_config(), "size": self.size}


class UpSampling2D(BaseUpSampling):
    """Enlarge images by ``size = (rows, cols)``, with the interpolation "nearest",
    "bilinear", "bicubic", "lanczos3" or "lanczos5"."""

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(2, size, data_format, interpolation, **kwargs)

    def get_config(self):
        return {**super().get_config(), "size": self.size, "data_format": self.data_format,
                "interpolation": self.interpolation}


class UpSampling3D(BaseUpSampling):
    """Enlarge volumes by ``size = (d1, d2, d3)`` (nearest neighbour)."""

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(3, size, data_format, **kwargs)

    def get_config(self):
        return {**super().get_config(), "size": self.size, "data_format": self.data_format}
