"""Normalization: standardize features with a mean and variance learned from data.

    outputs = (inputs - mean) / max(sqrt(variance), epsilon)        (invert=True: the reverse)

``mean`` and ``variance`` are kept per position along ``axis`` (default -1: one pair per
feature) and averaged over every other axis. Either give them (``mean=``, ``variance=``), or
let ``adapt(data)`` compute them from the training data, before training:

    norm = layers.Normalization()
    norm.adapt(x_train)            # x_train: (samples, features)
    model = Sequential([Input(shape=(features,)), norm, layers.Dense(1)])

Adapted statistics are weights (``mean``, ``variance``, ``count``, not trainable), so they are
saved with the model. ``adapt`` takes an array, or an iterable of batches; batches are merged
exactly (the mean and variance of all the data, not an average of per-batch figures):

    mean = m_a + (m_b - m_a) * n_b / n,   var = (n_a var_a + n_b var_b) / n + (m_b - m_a)^2 n_a n_b / n^2

Shape unchanged.
"""

import numpy as np

from ...backend import config, ops
from ...layer_machinery.layer import Layer


class Normalization(Layer):
    """Standardize inputs with a fixed or adapted mean and variance."""

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        self.axis = () if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)
        if (mean is None) != (variance is None):
            raise ValueError(
                f"Normalization '{self.name}': give both `mean` and `variance`, or neither "
                f"(and call adapt). Received: mean={mean}, variance={variance}.")
        if mean is not None and np.shape(mean) != np.shape(variance):
            raise ValueError(
                f"Normalization '{self.name}': `mean` and `variance` must have the same shape. "
                f"Received shapes {np.shape(mean)} and {np.shape(variance)}.")
        if mean is not None and np.ndim(mean) > len(self.axis):
            raise ValueError(
                f"Normalization '{self.name}': `mean` has rank {np.ndim(mean)}, more than the "
                f"number of axes kept, axis={self.axis}.")
        self.input_mean = mean
        self.input_variance = variance
        self.invert = invert
        self.supports_masking = True

    def build(self, input_shape):
        ndim = len(input_shape)
        if any(not _is_int(a) or a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(
                f"Normalization '{self.name}': every axis must be in [-{ndim}, {ndim}) for "
                f"inputs of shape {tuple(input_shape)}. Received axis={self.axis}.")
        self._keep_axis = tuple(sorted(a % ndim for a in self.axis))
        unknown = [a for a in self._keep_axis if input_shape[a] is None]
        if unknown:
            raise ValueError(
                f"Normalization '{self.name}': the axes it keeps statistics along must have "
                f"a known size; axis {unknown[0]} of inputs of shape {tuple(input_shape)} is "
                f"None. Give Input a full shape.")
        self._reduce_axis = tuple(a for a in range(ndim) if a not in self._keep_axis)
        self._broadcast_shape = tuple(input_shape[a] if a in self._keep_axis else 1
                                      for a in range(ndim))
        self._build_input_shape = tuple(input_shape)
        if self.input_mean is None:
            shape = tuple(input_shape[a] for a in self._keep_axis)
            self.adapt_mean = self.add_weight(name="mean", shape=shape, initializer="zeros",
                                              trainable=False)
            self.adapt_variance = self.add_weight(name="variance", shape=shape,
                                                  initializer="ones", trainable=False)
            self.count = self.add_weight(name="count", shape=(), dtype="int64",
                                         initializer="zeros", trainable=False)

    @property
    def mean(self):
        """The mean, shaped to broadcast against the inputs (None before build)."""
        return self._statistics()[0] if self.built else None

    @property
    def variance(self):
        """The variance, shaped to broadcast against the inputs (None before build)."""
        return self._statistics()[1] if self.built else None

    def _statistics(self):
        if self.input_mean is None:
            return (ops.reshape(self.adapt_mean, self._broadcast_shape),
                    ops.reshape(self.adapt_variance, self._broadcast_shape))
        return tuple(self._given(value) for value in (self.input_mean, self.input_variance))

    def _given(self, value):
        """A given mean or variance, its last axes placed along the kept axes."""
        value = np.asarray(value, dtype=self.compute_dtype)
        shape = [1] * len(self._broadcast_shape)
        for i in range(1, value.ndim + 1):
            shape[self._keep_axis[-i]] = value.shape[-i]
        return np.broadcast_to(value.reshape(shape), self._broadcast_shape)

    def call(self, inputs):
        inputs = ops.cast(inputs, self.compute_dtype)
        mean, variance = self._statistics()
        spread = ops.maximum(ops.sqrt(variance), config.epsilon())
        if self.invert:
            return mean + inputs * spread
        return (inputs - mean) / spread

    def compute_output_shape(self, input_shape):
        return input_shape

    def adapt(self, data):
        """Set the mean and variance to those of ``data`` (an array, or an iterable of
        batches), along every axis but the kept ones."""
        batches = iter([data]) if hasattr(data, "shape") else iter(data)
        first = next(batches, None)
        if first is None:
            raise ValueError(f"Normalization '{self.name}'.adapt() received no data.")
        if isinstance(first, tuple):       # (x, y) batches: the statistics are x's
            first = first[0]
        if not hasattr(first, "shape"):
            raise TypeError(
                f"Normalization '{self.name}'.adapt() takes an array, or an iterable of "
                f"batches that are arrays; received a batch of type {type(first).__name__}. "
                f"Pass np.asarray(data), or a list of arrays.")
        first = _features(first)
        if not self.built:
            self._maybe_build(tuple(first.shape))
        if self.input_mean is not None:
            raise ValueError(
                f"Normalization '{self.name}' was given its mean and variance; adapt() would "
                f"replace them. Create it without mean= and variance= to adapt it.")
        count, mean, variance = 0, 0.0, 0.0
        for batch in _chain(first, batches):
            batch = self._checked(_features(batch))
            n = int(np.prod([batch.shape[a] for a in self._reduce_axis], dtype=np.int64))
            if n == 0:
                continue
            batch_mean = batch.mean(axis=self._reduce_axis)
            batch_variance = batch.var(axis=self._reduce_axis)
            total = count + n
            delta = batch_mean - mean
            variance = (count * variance + n * batch_variance) / total + \
                delta ** 2 * count * n / total ** 2
            mean = mean + delta * n / total
            count = total
        self.adapt_mean.assign(np.broadcast_to(mean, self.adapt_mean.shape))
        self.adapt_variance.assign(np.broadcast_to(variance, self.adapt_variance.shape))
        self.count.assign(np.asarray(count, dtype=np.int64))

    def _checked(self, batch):
        for a in self._keep_axis:
            if batch.ndim != len(self._build_input_shape) or \
                    batch.shape[a] != self._build_input_shape[a]:
                raise ValueError(
                    f"Normalization '{self.name}' was built for inputs of shape "
                    f"{self._build_input_shape}, but adapt() received data of shape "
                    f"{batch.shape}. The kept axes {self._keep_axis} must match.")
        return batch

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "invert": self.invert,
                "mean": np.array(self.input_mean).tolist(),
                "variance": np.array(self.input_variance).tolist()}


def _features(batch):
    """The inputs of a batch: x of an (x, y) or (x, y, sample_weight) tuple, as float64."""
    if isinstance(batch, tuple):
        batch = batch[0]
    return np.asarray(batch.numpy() if hasattr(batch, "numpy") else batch, dtype=np.float64)


def _chain(first, rest):
    yield first
    yield from rest


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)
