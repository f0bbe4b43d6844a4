"""Variance scaling: random weights whose spread is set by how many units feed in and out.

Fans of a weight shape (``compute_fans``):

    (n,)                     fan_in = fan_out = n
    (n_in, n_out)            a Dense kernel: fan_in = n_in, fan_out = n_out
    (k..., c_in, c_out)      a conv kernel: fan_in = K·c_in, fan_out = K·c_out,
                             with K = the product of the kernel sizes (the receptive field)

``VarianceScaling(scale, mode, distribution)`` draws with variance scale / n, where n is
fan_in, fan_out or (fan_in + fan_out)/2 (``mode``), and at least 1:

    "uniform"              U(−limit, limit), limit = √(3·scale/n)
    "untruncated_normal"   N(0, scale/n)
    "truncated_normal"     N(0, σ²) cut at ±2σ, with σ = √(scale/n) / 0.8796..., the standard
                           deviation of a standard normal cut at ±2, so that the values'
                           variance is still scale/n

The named schemes are fixed choices of (scale, mode, distribution):

    GlorotUniform (1, fan_avg, uniform)   GlorotNormal (1, fan_avg, truncated_normal)
    HeUniform     (2, fan_in,  uniform)   HeNormal     (2, fan_in,  truncated_normal)
    LecunUniform  (1, fan_in,  uniform)   LecunNormal  (1, fan_in,  truncated_normal)
"""

import math

from ..backend.ops import random
from .initializer import float_dtype, standardize_shape
from .random_initializers import RandomInitializer

TRUNCATED_STDDEV_RATIO = 0.87962566103423978  # std of a standard normal truncated to [−2, 2]
MODES = ("fan_in", "fan_out", "fan_avg")
DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")


def compute_fans(shape, input_axes=None, output_axes=None):
    """(fan_in, fan_out) of a weight shape, as in the table above.

    ``input_axes`` and ``output_axes`` (both given) name the axes to multiply instead.
    """
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return (math.prod(shape[a] for a in input_axes),
                math.prod(shape[a] for a in output_axes))
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class VarianceScaling(RandomInitializer):
    """Random values with variance scale / n; see the module docstring for n and the
    distributions."""

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 input_axes=None, output_axes=None):
        if not scale > 0:
            raise ValueError(
                f"VarianceScaling's `scale` must be a positive number; received scale={scale}.")
        if mode not in MODES:
            raise ValueError(
                f"VarianceScaling's `mode` must be one of {', '.join(MODES)}; received "
                f"mode={mode!r}.")
        distribution = str(distribution).lower()
        if distribution == "normal":  # Keras 2's name for the truncated normal
            distribution = "truncated_normal"
        if distribution not in DISTRIBUTIONS:
            raise ValueError(
                f"VarianceScaling's `distribution` must be one of {', '.join(DISTRIBUTIONS)}; "
                f"received distribution={distribution!r}.")
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        name = type(self).__name__
        shape = standardize_shape(shape, name)
        dtype = float_dtype(dtype, name)
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        units = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}
        variance = self.scale / max(1.0, units[self.mode])
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            return random.uniform(shape, -limit, limit, dtype, self.seed).value
        if self.distribution == "untruncated_normal":
            return random.normal(shape, 0.0, math.sqrt(variance), dtype, self.seed).value
        stddev = math.sqrt(variance) / TRUNCATED_STDDEV_RATIO
        return random.truncated_normal(shape, 0.0, stddev, dtype, self.seed).value

    def get_config(self):
        return {**super().get_config(), "scale": self.scale, "mode": self.mode,
                "distribution": self.distribution, "input_axes": self.input_axes,
                "output_axes": self.output_axes}


class _NamedVarianceScaling(VarianceScaling):
    """A VarianceScaling with a fixed (scale, mode, distribution); only the seed and axes vary."""

    scale_mode_distribution = (1.0, "fan_in", "truncated_normal")

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        scale, mode, distribution = self.scale_mode_distribution
        super().__init__(scale, mode, distribution, seed=seed, input_axes=input_axes,
                         output_axes=output_axes)

    def get_config(self):
        return {"seed": RandomInitializer.get_config(self)["seed"],
                "input_axes": self.input_axes, "output_axes": self.output_axes}


class GlorotUniform(_NamedVarianceScaling):
    """Glorot (Xavier) uniform: U(−limit, limit), limit = √(6 / (fan_in + fan_out)).
    The default kernel initializer of Dense and Conv layers."""

    scale_mode_distribution = (1.0, "fan_avg", "uniform")


class GlorotNormal(_NamedVarianceScaling):
    """Glorot (Xavier) normal: truncated normal with variance 2 / (fan_in + fan_out)."""

    scale_mode_distribution = (1.0, "fan_avg", "truncated_normal")


class HeUniform(_NamedVarianceScaling):
    """He uniform: U(−limit, limit), limit = √(6 / fan_in); suits relu layers."""

    scale_mode_distribution = (2.0, "fan_in", "uniform")


class HeNormal(_NamedVarianceScaling):
    """He normal: truncated normal with variance 2 / fan_in; suits relu layers."""

    scale_mode_distribution = (2.0, "fan_in", "truncated_normal")


class LecunUniform(_NamedVarianceScaling):
    """LeCun uniform: U(−limit, limit), limit = √(3 / fan_in)."""

    scale_mode_distribution = (1.0, "fan_in", "uniform")


class LecunNormal(_NamedVarianceScaling):
    """LeCun normal: truncated normal with variance 1 / fan_in; pairs with selu."""

    scale_mode_distribution = (1.0, "fan_in", "truncated_normal")
