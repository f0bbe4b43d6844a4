"""Initializers that draw random values, and how they use their ``seed``.

    RandomUniform(minval=-0.05, maxval=0.05)   values uniform in [minval, maxval)
    RandomNormal(mean=0.0, stddev=0.05)        values from N(mean, stddev²)
    TruncatedNormal(mean=0.0, stddev=0.05)     N(mean, stddev²), redrawn beyond mean ± 2·stddev
    Orthogonal(gain=1.0)                       gain · Q, with Q from the QR decomposition of a
                                               normal matrix: QᵀQ = I (or QQᵀ = I when wide)

Seeds follow Keras 3: an initializer seeded with an int returns the same values on every call.
An unseeded one picks an int seed from the global generator when it is created (so
``kerasedu.utils.set_random_seed`` makes it reproducible) and then behaves the same way. To draw
new values on each call, pass a ``SeedGenerator``, which advances.
"""

import numbers

import numpy as np

from ..backend.ops import random
from .initializer import Initializer, float_dtype, standardize_shape


def _seed_from_config(seed):
    """A SeedGenerator from its serialized dict (as get_config writes it)."""
    inner = seed.get("config", {})
    return random.SeedGenerator(inner.get("seed"))


def _serialize_seed(seed):
    if isinstance(seed, random.SeedGenerator):
        return {"module": "kerasedu.ops.random", "class_name": "SeedGenerator",
                "config": {"seed": seed.seed}, "registered_name": None}
    return seed


class RandomInitializer(Initializer):
    """Base class holding ``seed``: None, an int, or a SeedGenerator."""

    def __init__(self, seed=None):
        if isinstance(seed, dict) and seed.get("class_name") == "SeedGenerator":
            seed = _seed_from_config(seed)
        elif isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
            seed = int(seed)
        elif seed is not None and not isinstance(seed, random.SeedGenerator):
            raise ValueError(
                f"{type(self).__name__}'s `seed` must be None, an integer or a "
                f"kerasedu.ops.random.SeedGenerator; received seed={seed!r}.")
        self._init_seed = seed
        self.seed = int(random.generator_for(None).integers(1, 10**9)) if seed is None else seed

    def get_config(self):
        return {"seed": _serialize_seed(self._init_seed)}


class RandomUniform(RandomInitializer):
    """Values drawn uniformly from [minval, maxval)."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "RandomUniform")
        dtype = float_dtype(dtype, "RandomUniform")
        return random.uniform(shape, self.minval, self.maxval, dtype, self.seed).value

    def get_config(self):
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}


class RandomNormal(RandomInitializer):
    """Values drawn from the normal distribution N(mean, stddev²)."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "RandomNormal")
        dtype = float_dtype(dtype, "RandomNormal")
        return random.normal(shape, self.mean, self.stddev, dtype, self.seed).value

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomInitializer):
    """Normal values, with any value beyond mean ± 2·stddev drawn again.

    Cutting the tails shrinks the spread: the values' standard deviation is about
    0.88·stddev.
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "TruncatedNormal")
        dtype = float_dtype(dtype, "TruncatedNormal")
        return random.truncated_normal(shape, self.mean, self.stddev, dtype, self.seed).value

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class Orthogonal(RandomInitializer):
    """gain · an orthogonal matrix, for weights of rank ≥ 2 (recurrent kernels by default).

    The weight is seen as a matrix of shape (rows, cols) = (product of all axes but the last,
    last axis). A (max, min)-shaped normal matrix A is factored A = QR; the signs of R's diagonal
    are moved into Q, so that Q is uniformly distributed; Q is transposed when rows < cols.
    Result: columns orthonormal (QᵀQ = I) when rows ≥ cols, rows orthonormal otherwise.
    """

    def __init__(self, gain=1.0, seed=None):
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "Orthogonal")
        if len(shape) < 2:
            raise ValueError(
                f"Orthogonal initializer needs a weight of rank 2 or more; received "
                f"shape={shape} of rank {len(shape)}.")
        dtype = float_dtype(dtype, "Orthogonal")
        rows, cols = int(np.prod(shape[:-1])), shape[-1]
        draws = random.normal((max(rows, cols), min(rows, cols)), dtype="float64",
                              seed=self.seed).value
        q, r = np.linalg.qr(draws)
        q = q * np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return (self.gain * q.reshape(shape)).astype(dtype)

    def get_config(self):
        return {**super().get_config(), "gain": self.gain}
