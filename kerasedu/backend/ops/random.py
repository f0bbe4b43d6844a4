"""Seeded random tensors and dropout.

Every function takes ``seed``:

* ``None``: the global generator, which ``kerasedu.utils.set_random_seed`` re-seeds;
* an int: a fresh generator from that seed, so the same call gives the same values every time;
* a :class:`SeedGenerator`: its own generator, which advances with each call (what a layer such
  as Dropout holds, so that each training step draws a new mask, reproducibly).
"""

import numpy as np

from .. import config
from ..autodiff import record
from ..tensor import Tensor, Variable
from ._inputs import unpack

_global_generator = [np.random.default_rng()]


def set_seed(seed):
    """Re-seed the global generator."""
    _global_generator[0] = np.random.default_rng(seed)


class SeedGenerator:
    """A random generator owned by a layer or an initializer, started from ``seed``.

    Its ``state`` Variable holds ``[seed, draws so far]`` (as Keras 3's does): each draw takes a
    numpy generator started from that pair, then counts itself. So the same seed gives the same
    sequence, and a state put back replays the draws that followed it.
    """

    def __init__(self, seed=None):
        self.seed = seed
        start = int(seed) if seed is not None else int(_global_generator[0].integers(1, 10**9))
        self.state = Variable(np.array([start, 0]), shape=(2,), dtype="uint32",
                              trainable=False, name="seed_generator_state")

    @property
    def generator(self):
        """A numpy Generator for the next draw (the draw counter moves on)."""
        start, count = (int(v) for v in self.state.value)
        self.state.assign(np.array([start, count + 1]))
        return np.random.default_rng([start, count])

    def __repr__(self):
        return f"<SeedGenerator seed={self.seed}>"


def generator_for(seed):
    """The numpy Generator that a call with ``seed`` draws from."""
    if seed is None:
        return _global_generator[0]
    if isinstance(seed, SeedGenerator):
        return seed.generator
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(int(seed))


def _float_dtype(dtype):
    return np.dtype(dtype or config.floatx())


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Values drawn uniformly from [minval, maxval)."""
    values = generator_for(seed).uniform(minval, maxval, size=shape)
    return Tensor(values.astype(_float_dtype(dtype)))


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Values drawn from a normal distribution N(mean, stddev²)."""
    values = generator_for(seed).normal(mean, stddev, size=shape)
    return Tensor(values.astype(_float_dtype(dtype)))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal values, with any value more than 2 stddev from the mean drawn again."""
    generator = generator_for(seed)
    values = generator.normal(size=shape)
    outside = np.abs(values) > 2
    while outside.any():
        values[outside] = generator.normal(size=int(outside.sum()))
        outside = np.abs(values) > 2
    return Tensor((values * stddev + mean).astype(_float_dtype(dtype)))


def randint(shape, minval, maxval, dtype="int64", seed=None):
    """Integers drawn uniformly from [minval, maxval)."""
    return Tensor(generator_for(seed).integers(minval, maxval, size=shape).astype(dtype))


def binomial(shape, p, dtype=None, seed=None):
    """1 with probability p, else 0 (a Bernoulli mask)."""
    return Tensor((generator_for(seed).random(size=shape) < p).astype(_float_dtype(dtype)))


def shuffle(x, axis=0, seed=None):
    """x with its entries along ``axis`` in a random order (not differentiable)."""
    value = np.asarray(unpack(x)[1])
    return Tensor(generator_for(seed).permutation(value, axis=axis))


def dropout_mask(shape, rate, noise_shape=None, seed=None):
    """A keep-mask of 0s and 1s (each 0 with probability ``rate``) for an input of ``shape``.

    ``noise_shape`` (same rank, with 1 or None on axes that share a value) broadcasts one draw
    over those axes: (N, 1, C) drops whole channels of an (N, T, C) sequence.
    """
    if noise_shape is None:
        draw_shape = tuple(shape)
    else:
        draw_shape = tuple(n if n is not None else s for n, s in zip(noise_shape, shape))
    keep = generator_for(seed).random(size=draw_shape) >= rate
    return np.broadcast_to(keep, tuple(shape))


def dropout(x, rate, noise_shape=None, seed=None):
    """x · mask / (1 − rate): zero each value with probability ``rate`` and scale the rest up, so
    the expected value is unchanged. The gradient is masked and scaled the same way. With
    ``rate=1`` every value is dropped: the result is zeros, and so is the gradient.
    """
    if not 0 <= rate <= 1:
        raise ValueError(
            f"dropout: `rate` is the fraction of values to drop, a number between 0 and 1. "
            f"Received: rate={rate!r}.")
    a, av = unpack(x)
    av = np.asarray(av)
    if rate == 1:
        mask = np.zeros(av.shape, av.dtype)
    else:
        scale = (np.asarray(1.0, av.dtype) / (1 - rate)).astype(av.dtype)
        mask = dropout_mask(av.shape, rate, noise_shape, seed) * scale
    return record(av * mask, (a,), lambda g: (g * mask,), "dropout")
