"""Rescaling: ``outputs = inputs * scale + offset``, elementwise, in the layer's float dtype.

``Rescaling(1 / 255)`` takes pixel values 0..255 to 0..1; ``Rescaling(1 / 127.5, offset=-1)``
to -1..1. ``scale`` and ``offset`` may be one number, or one per channel (a list, broadcast
along the channels axis). Integer inputs are cast to the layer's dtype (float32). Shape
unchanged.
"""

import numpy as np

from ...backend import config, ops
from ...backend.tensor import numeric_array
from ...layer_machinery.layer import Layer


class Rescaling(Layer):
    """Multiply by ``scale``, then add ``offset``."""

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        for name, value in (("scale", scale), ("offset", offset)):
            numeric_array(value, f"layer '{self.name}' (Rescaling): `{name}`")
        self.scale = scale
        self.offset = offset
        self.supports_masking = True
        self._build_at_init()

    def _per_channel(self, value):
        value = np.asarray(value, dtype=self.compute_dtype)
        if value.ndim and config.image_data_format() == "channels_first":
            value = value.reshape(value.shape + (1,) * (3 - value.ndim))
        return value

    def call(self, inputs):
        inputs = ops.cast(inputs, self.compute_dtype)
        return inputs * self._per_channel(self.scale) + self._per_channel(self.offset)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "scale": _plain(self.scale),
                "offset": _plain(self.offset)}


def _plain(value):
    """A number or a list (JSON-ready)."""
    return np.asarray(value).tolist()
