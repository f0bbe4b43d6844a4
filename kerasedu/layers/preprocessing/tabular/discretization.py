"""Discretization: numbers to the index of the bin they fall in.

    index(x) = #{ b in bin_boundaries : b <= x }        (numpy.digitize)

so ``bin_boundaries=[0., 1., 2.]`` gives bins (-inf, 0), [0, 1), [1, 2), [2, inf) with indices
0..3. Either give ``bin_boundaries``, or give ``num_bins`` and call ``adapt(data)``, which
places the boundaries at approximate quantiles of the data (so that each bin holds about as
many values; ``epsilon`` is the approximation's tolerance, see :mod:`.quantile_sketch`). The
adapted boundaries are part of ``get_config``, so a saved model keeps them.

``output_mode``: "int" (int32 indices, shape unchanged), or "one_hot", "multi_hot", "count"
over ``len(bin_boundaries) + 1`` bins (see :mod:`.categorical_outputs`).
"""

import numbers

import numpy as np

from . import quantile_sketch
from .adapt_data import adapt_batches
from .categorical_outputs import (as_array, checked_output_mode, encode_categorical,
                                  encoded_shape, refuse_sparse)
from .raw_data_layer import RawDataLayer


class Discretization(RawDataLayer):
    """Bucket numbers by fixed or adapted bin boundaries."""

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int",
                 sparse=False, dtype=None, name=None, **kwargs):
        super().__init__(name=name, dtype=dtype, **kwargs)
        refuse_sparse(self, sparse, output_mode)
        self.output_mode = checked_output_mode(self, output_mode,
                                               ("int", "one_hot", "multi_hot", "count"))
        who = f"Layer '{self.name}' (Discretization)"
        if num_bins is not None and (isinstance(num_bins, bool) or
                                     not isinstance(num_bins, numbers.Integral) or num_bins < 0):
            raise ValueError(f"{who}: `num_bins` must be an integer, 0 or more. "
                             f"Received: num_bins={num_bins!r}. For example num_bins=4.")
        if isinstance(epsilon, bool) or not isinstance(epsilon, numbers.Real) or \
                not 0 < epsilon <= 1:
            raise ValueError(f"{who}: `epsilon` (the tolerance of the approximate quantiles) "
                             f"must be a number in (0, 1]. Received: epsilon={epsilon!r}. "
                             f"For example epsilon=0.01.")
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(
                f"{who}: give either `num_bins` (and call adapt) or `bin_boundaries`, not "
                f"both. Received: num_bins={num_bins} and bin_boundaries={bin_boundaries}.")
        if num_bins is None and bin_boundaries is None:
            raise ValueError(
                f"{who}: set either `num_bins` (then call adapt(data) to learn the "
                f"boundaries) or `bin_boundaries` (a sorted list of numbers).")
        if bin_boundaries is not None and np.any(np.diff(bin_boundaries) < 0):
            raise ValueError(f"{who}: `bin_boundaries` must be sorted in increasing order. "
                             f"Received: bin_boundaries={bin_boundaries}.")
        self.bin_boundaries = None if bin_boundaries is None else list(bin_boundaries)
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.sparse = False
        self.summary = None if self.bin_boundaries else quantile_sketch.empty_summary()

    @property
    def input_dtype(self):
        return "float32"

    @property
    def output_dtype(self):
        return self.compute_dtype if self.output_mode != "int" else "int32"

    def adapt(self, data, steps=None):
        """Learn ``num_bins`` equal-weight bins from ``data`` (an array, a list, or an
        iterable of batches; ``steps`` batches at most)."""
        if self.num_bins is None:
            raise ValueError(
                f"Layer '{self.name}' (Discretization) was created with `bin_boundaries`, so "
                f"there is nothing to adapt. Create it with num_bins=... to learn the "
                f"boundaries from data.")
        self.reset_state()
        for batch in adapt_batches(self, data, steps):
            self.update_state(batch)
        self.finalize_state()

    def update_state(self, data):
        summary = quantile_sketch.summarize(np.asarray(data, dtype="float32"), self.epsilon)
        self.summary = quantile_sketch.merge(summary, self.summary, self.epsilon)

    def finalize_state(self):
        if self.num_bins is not None:
            self.bin_boundaries = quantile_sketch.bin_boundaries(
                self.summary, self.num_bins).tolist()

    def reset_state(self):
        if self.num_bins is not None:
            self.summary = quantile_sketch.empty_summary()

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError(
                f"Layer '{self.name}' (Discretization) has no bin boundaries yet: pass "
                f"`bin_boundaries` when creating it, or call adapt(data) before using it.")
        indices = np.digitize(as_array(inputs), self.bin_boundaries)
        return encode_categorical(indices, self.output_mode, len(self.bin_boundaries) + 1,
                                  self.output_dtype)

    def compute_output_shape(self, input_shape):
        depth = self.num_bins if self.bin_boundaries is None else len(self.bin_boundaries) + 1
        return encoded_shape(input_shape, self.output_mode, depth)

    def load_own_variables(self, store):
        if len(store) == 1:        # files from Keras versions that saved the summary
            self.summary = np.asarray(store["0"])

    def get_config(self):
        base = super().get_config()        # Keras's keys: no "trainable"
        return {"bin_boundaries": self.bin_boundaries, "num_bins": self.num_bins,
                "epsilon": self.epsilon, "output_mode": self.output_mode,
                "sparse": self.sparse, "name": base["name"], "dtype": base["dtype"]}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config.pop("trainable", None)
        if config.get("bin_boundaries") is not None and config.get("num_bins") is not None:
            boundaries = config.pop("bin_boundaries")      # learned by adapt
            layer = super().from_config(config)
            layer.bin_boundaries = boundaries
            return layer
        return super().from_config(config)
