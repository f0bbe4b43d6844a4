"""Random tensors, as Keras 3's ``keras.random`` names them.

    from kerasedu import random
    random.normal((2, 3), seed=1)                       # the same values at every call
    seed = random.SeedGenerator(1337)
    random.uniform((2, 3), seed=seed)                   # new values at every call, reproducibly
    random.dropout(x, rate=0.5, seed=seed)              # differentiable in x

``seed`` is, in every function: ``None`` (the global generator, which
``kerasedu.utils.set_random_seed`` re-seeds), an int (a generator started afresh from it, so
the same call gives the same values), or a :class:`SeedGenerator` (its own generator, which
moves on at every call: what a layer or a custom training step holds).

Only ``dropout`` is differentiable (in its input); the others make new values, with no
gradient to anything.
"""

import numpy as np

from ..backend import config
from ..backend.ops import random as _ops_random
from ..backend.ops.random import dropout, generator_for
from ..naming import default_name
from ..backend.tensor import Tensor

__all__ = ["SeedGenerator", "beta", "binomial", "categorical", "dropout", "gamma", "normal",
           "randint", "shuffle", "truncated_normal", "uniform"]


class SeedGenerator(_ops_random.SeedGenerator):
    """A random generator started from ``seed`` that moves on at every draw.

    Hold one in a layer or a model (``self.seed_generator = SeedGenerator(1337)``) and pass it
    as ``seed=``: each call then draws new values, and the sequence repeats from the same seed.
    """

    def __init__(self, seed=None, name=None, **kwargs):
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments passed to SeedGenerator: {kwargs}.")
        super().__init__(seed)
        self.name = name or default_name(self)

    def get_config(self):
        return {"seed": self.seed}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _shape(shape):
    """A shape of ints, from ints, Tensors or numpy scalars (``ops.shape(x)[0]``)."""
    return tuple(int(np.asarray(getattr(d, "value", d))) for d in shape)


def _float(dtype):
    dtype = np.dtype(dtype or config.floatx())
    if dtype.kind != "f":
        raise ValueError(f"This random function makes floats; received dtype={dtype.name}.")
    return dtype


def _values(x):
    return np.asarray(getattr(x, "value", x))


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Values from the normal distribution N(mean, stddev²), of shape ``shape``."""
    return _ops_random.normal(_shape(shape), mean, stddev, _float(dtype), seed)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Values drawn uniformly from [minval, maxval)."""
    return _ops_random.uniform(_shape(shape), minval, maxval, _float(dtype), seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal values, each value more than two stddev from the mean drawn again."""
    return _ops_random.truncated_normal(_shape(shape), mean, stddev, _float(dtype), seed)


def randint(shape, minval, maxval, dtype="int32", seed=None):
    """Integers drawn uniformly from [minval, maxval)."""
    if np.dtype(dtype).kind not in "iu":
        raise ValueError(f"randint makes integers; received dtype={dtype!r}.")
    return _ops_random.randint(_shape(shape), minval, maxval, dtype, seed)


def categorical(logits, num_samples, dtype="int32", seed=None):
    """Class indices drawn from the softmax of each row of ``logits``.

    ``logits`` is (batch, classes); the result is (batch, num_samples), each entry drawn
    with probability softmax(logits[i])[k] for class k.
    """
    logits = _values(logits).astype("float64")
    if logits.ndim != 2:
        raise ValueError(
            f"categorical() expects logits of shape (batch_size, num_classes); received shape "
            f"{logits.shape}.")
    probabilities = np.exp(logits - logits.max(axis=-1, keepdims=True))
    probabilities /= probabilities.sum(axis=-1, keepdims=True)
    cumulative = np.cumsum(probabilities, axis=-1)
    draws = generator_for(seed).random((logits.shape[0], int(num_samples), 1))
    indices = (draws > cumulative[:, None, :]).sum(axis=-1)
    return Tensor(np.minimum(indices, logits.shape[1] - 1).astype(dtype))


def shuffle(x, axis=0, seed=None):
    """``x`` with its entries along ``axis`` in a random order."""
    return _ops_random.shuffle(x, axis=axis, seed=seed)


def gamma(shape, alpha, dtype=None, seed=None):
    """Values from the gamma distribution with shape parameter ``alpha`` (scale 1)."""
    values = generator_for(seed).gamma(alpha, size=_shape(shape))
    return Tensor(values.astype(_float(dtype)))


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    """The number of successes in ``counts`` trials, each succeeding with ``probabilities``."""
    values = generator_for(seed).binomial(_values(counts), _values(probabilities),
                                          size=_shape(shape))
    return Tensor(values.astype(_float(dtype)))


def beta(shape, alpha, beta, dtype=None, seed=None):
    """Values from the beta distribution Beta(alpha, beta), in [0, 1]."""
    values = generator_for(seed).beta(_values(alpha), _values(beta), size=_shape(shape))
    return Tensor(values.astype(_float(dtype)))
