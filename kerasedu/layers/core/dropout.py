"""Dropout and SpatialDropout: randomly zero inputs during training only.

    training:  output = inputs · mask / (1 − rate),  mask ~ Bernoulli(1 − rate)
    inference: output = inputs

Scaling by 1/(1 − rate) keeps the expected value of each output equal to its input. The spatial
versions draw one value per channel (noise_shape with 1 on the spatial axes), so they drop
whole feature maps, which helps when neighbouring pixels are strongly correlated.
"""

import numbers

from ...backend import config, ops
from ...backend.ops.random import SeedGenerator
from ...layer_machinery.input_spec import InputSpec
from ...layer_machinery.layer import Layer
from ..validation import rate as check_rate


class Dropout(Layer):
    """Zero a fraction ``rate`` of the inputs in training; ``noise_shape`` shares draws."""

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = check_rate(rate)
        self.noise_shape = _checked_noise_shape(noise_shape)
        self.seed = seed
        self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self._build_at_init()

    def _noise_shape(self, inputs):
        """noise_shape with its None entries taken from the inputs' shape."""
        if self.noise_shape is None:
            return None
        return tuple(n if d is None else d for d, n in zip(self.noise_shape, inputs.shape))

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        return ops.dropout(inputs, self.rate, noise_shape=self._noise_shape(inputs),
                           seed=self.seed_generator)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed,
                "noise_shape": None if self.noise_shape is None else list(self.noise_shape)}


def _checked_noise_shape(noise_shape):
    """noise_shape as a tuple of positive ints and None (None: the input's size)."""
    if noise_shape is None:
        return None
    if isinstance(noise_shape, str) or not isinstance(noise_shape, (list, tuple)):
        raise ValueError(
            f"Invalid value received for argument `noise_shape`. Expected a tuple or list of "
            f"integers, one per input axis (None for 'the input's size'). Received: "
            f"noise_shape={noise_shape!r}")
    if any(d is not None and (isinstance(d, bool) or not isinstance(d, numbers.Integral))
           for d in noise_shape):
        raise ValueError(
            f"Invalid value received for argument `noise_shape`. Expected all elements to be "
            f"integers or None. Received: noise_shape={noise_shape!r}")
    if any(d is not None and d <= 0 for d in noise_shape):
        raise ValueError(
            f"Invalid value received for argument `noise_shape`. Expected all dimensions to be "
            f"positive integers or None. Received: noise_shape={noise_shape!r}")
    return tuple(None if d is None else int(d) for d in noise_shape)


class _SpatialDropout(Dropout):
    rank = None

    def __init__(self, rate, data_format=None, seed=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _noise_shape(self, inputs):
        batch, channels_axis = inputs.shape[0], (1 if self.data_format == "channels_first"
                                                  else inputs.ndim - 1)
        shape = [1] * inputs.ndim
        shape[0], shape[channels_axis] = batch, inputs.shape[channels_axis]
        return tuple(shape)

    def get_config(self):
        config_ = {**super().get_config(), "data_format": self.data_format}
        for key in ("noise_shape", "trainable"):
            config_.pop(key)
        return config_


class SpatialDropout1D(_SpatialDropout):
    """Dropout of whole channels of (batch, steps, channels) inputs."""
    rank = 1

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(rate, data_format="channels_last", seed=seed, **kwargs)

    def get_config(self):
        config_ = super().get_config()
        config_.pop("data_format")
        return config_


class SpatialDropout2D(_SpatialDropout):
    """Dropout of whole feature maps of (batch, rows, cols, channels) inputs."""
    rank = 2


class SpatialDropout3D(_SpatialDropout):
    """Dropout of whole feature volumes of 5-D inputs."""
    rank = 3
