"""Epochs of batches: what fit, evaluate and predict loop over.

``make_batches`` turns what was passed (arrays, a generator or a Sequence; see
:mod:`kerasedu.trainers.data_adapter`) into an :class:`EpochIterator`, whose ``epoch()`` yields
the ``(step, (x, y, sample_weight))`` of one epoch.
"""

import math

import numpy as np

from .data_adapter import (ArrayBatches, IteratorBatches, as_arrays,
                           class_weights_to_sample_weights, is_iterator_data, num_samples)


class EpochIterator:
    """Splits the batches into epochs, as Keras does.

    Without ``steps``, an epoch is one full pass over the data (for a generator: until it
    stops). With ``steps`` (``steps_per_epoch``), an epoch is that many batches, and the next
    epoch CONTINUES where the last one stopped; a new pass (reshuffled) starts only when the
    data is used up. An epoch that would need more batches than are left ends early.
    """

    def __init__(self, batches, steps=None):
        self.batches = batches
        self.steps = int(steps) if steps else None
        self._current = None
        self._steps_seen = 0
        self.ran_out = False

    def __len__(self):
        count = self.num_batches
        return 0 if count is None else count

    @property
    def num_batches(self):
        """Batches per epoch (None when unknown: a generator without steps)."""
        return self.steps or self.batches.num_batches

    def epoch(self):
        """Yield ``(step, (x, y, sample_weight))`` for the batches of one epoch."""
        if hasattr(self.batches, "on_epoch_begin"):
            self.batches.on_epoch_begin()
        total = self.batches.num_batches
        if self.steps:
            if self._current is None:
                self._current = self.batches.iterator()
                self._steps_seen = 0
            for step in range(self.steps):
                if total is not None and self._steps_seen >= total:
                    self.ran_out = True
                    break
                try:
                    item = next(self._current)
                except StopIteration:
                    self._current = None
                    self.ran_out = True
                    break
                self._steps_seen += 1
                yield step, item
            if total is not None and self._steps_seen >= total:
                self._current = None
        else:
            for step, item in enumerate(self.batches.iterator()):
                yield step, item
        self.batches.on_epoch_end()


def make_batches(x, y=None, sample_weight=None, batch_size=None, shuffle=False, steps=None,
                 seed_generator=None, class_weight=None):
    """An EpochIterator over what was passed: arrays, a generator or a Sequence."""
    rng = seed_generator or np.random.default_rng()
    if is_iterator_data(x):
        if y is not None:
            raise ValueError(
                "When x is a generator or a Sequence, it must yield the targets too; do not "
                "pass y separately.")
        if sample_weight is not None:
            raise ValueError(
                "When x is a generator or a Sequence, it must yield the sample weights too, as "
                "(x, y, sample_weight) batches; do not pass sample_weight separately.")
        return EpochIterator(IteratorBatches(x, shuffle=shuffle, class_weight=class_weight,
                                             seed_generator=rng), steps)
    x, y, sample_weight = as_arrays(x), as_arrays(y), as_arrays(sample_weight)
    if class_weight is not None:
        if sample_weight is not None:
            raise ValueError(
                "You cannot pass both `class_weight` and `sample_weight`: Keras 3 refuses the "
                "combination. Multiply the class weights into sample_weight yourself.")
        sample_weight = class_weights_to_sample_weights(y, class_weight)
    if x is None:
        raise ValueError("No data: pass x (and y) to fit, evaluate or predict.")
    if not batch_size:
        size = num_samples((x, y, sample_weight))
        batch_size = int(math.ceil(size / steps)) if steps and size else 32
    batches = ArrayBatches(x, y, sample_weight, batch_size=int(batch_size), shuffle=shuffle,
                           seed_generator=rng)
    return EpochIterator(batches, steps)
