"""From what users pass to fit/evaluate/predict to batches of (x, y, sample_weight).

Accepted data: numpy arrays (or lists of them, or dicts keyed by input/output name), a Python
generator yielding ``(x, y)`` or ``(x, y, sample_weight)`` (tuples or lists), a
``kerasedu.utils.PyDataset`` / ``Sequence``, or any other iterable of batches that can be
iterated again each epoch (a torch ``DataLoader``, a list of batches).

Each batch reaches the training step packed as Keras packs it: ``x``, ``(x, y)`` or
``(x, y, sample_weight)`` (see :mod:`kerasedu.utils.data_packing`).

Array rules follow Keras:

* ``validation_split=v`` keeps the first floor(N·(1 − v)) samples for training and the LAST
  ones for validation, taken before any shuffling (so ordered data gives a biased split);
* ``shuffle=True`` draws one new permutation per epoch; ``shuffle="batch"`` keeps the batches
  fixed and permutes the samples inside each one;
* ``class_weight={class: weight}`` becomes per-sample weights (one-hot labels via argmax, a
  class missing from the dict weighs 1.0), for training data only;
* ``steps_per_epoch=k`` makes an epoch k batches long, and the next epoch continues where the
  last one stopped (see :mod:`kerasedu.trainers.epoch_iterator`).
"""

import math

import numpy as np

from ..layer_machinery import nest
from ..utils.data_packing import pack_x_y_sample_weight, unpack_x_y_sample_weight


def as_arrays(structure):
    """Every leaf as a numpy array. A list of arrays stays a list (one array per model input or
    output); a (nested) list of numbers becomes one array."""
    if structure is None:
        return None
    if isinstance(structure, dict):
        return {k: as_arrays(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)) and structure and all(
            hasattr(item, "shape") or isinstance(item, (list, dict)) for item in structure):
        return [as_arrays(item) for item in structure]
    return np.asarray(getattr(structure, "value", structure))


def num_samples(structure):
    """The common first-axis length of every array of ``(x, y)`` or ``(x, y, sample_weight)``,
    checked: arrays of different lengths are named, each with its length."""
    counts = dict(_named_leaves(structure))
    if len(set(counts.values())) > 1:
        named = [f"{name} has {count}" for name, count in counts.items()]
        listed = ", ".join(named[:-1]) + " and " + named[-1]
        raise ValueError(
            f"Data cardinality is ambiguous: every array must hold the same number of samples "
            f"(its first axis), but {listed}. A Python list passed as x or y is read as one "
            f"array per model input or output, as in Keras: to pass rows of different lengths "
            f"as one array, pad them to one length first (kerasedu.utils.pad_sequences), or "
            f"pass a numpy array.")
    return next(iter(counts.values()), 0)


def _named_leaves(structure, name=None):
    """(name, first-axis length) of every array: "x", "y[1]", "sample_weight['out']"."""
    if isinstance(structure, tuple) and name is None:
        for part, item in zip(("x", "y", "sample_weight"), structure):
            yield from _named_leaves(item, part)
    elif isinstance(structure, dict):
        for key, item in structure.items():
            yield from _named_leaves(item, f"{name}[{key!r}]")
    elif isinstance(structure, (list, tuple)):
        for index, item in enumerate(structure):
            yield from _named_leaves(item, f"{name}[{index}]")
    elif structure is not None:
        yield name, structure.shape[0]


def take(structure, indices):
    return nest.map_structure(lambda a: None if a is None else a[indices], structure)


def split_for_validation(x, y, sample_weight, validation_split):
    """((x, y, sw) for training, (x, y, sw) for validation): the last part is validation."""
    if not 0 < validation_split < 1:
        raise ValueError(
            f"validation_split must be a float between 0 and 1 (exclusive). Received: "
            f"validation_split={validation_split}")
    n = num_samples((x, y))
    split_at = int(math.floor(n * (1.0 - validation_split)))
    if split_at == 0 or split_at == n:
        raise ValueError(
            f"Training data contains {n} samples, which is not sufficient to split it into a "
            f"validation and training set as specified by `validation_split={validation_split}`."
            f" Either provide more data, or a different value for the `validation_split` "
            f"argument.")
    head, tail = np.arange(split_at), np.arange(split_at, n)
    return ((take(x, head), take(y, head), take(sample_weight, head)),
            (take(x, tail), take(y, tail), take(sample_weight, tail)))


def class_weights_to_sample_weights(y, class_weight):
    """Per-sample weights from ``{class_index: weight}`` for labels ``y`` (ints or one-hot)."""
    if isinstance(y, (list, dict)):
        raise ValueError(
            "`class_weight` is only supported for models with a single output. Use "
            "`sample_weight` for models with several outputs.")
    labels = np.asarray(y)
    if labels.ndim > 1 and labels.shape[-1] > 1:
        labels = labels.argmax(axis=-1)
    elif labels.ndim > 1:
        labels = labels[..., 0]
    labels = np.round(labels).astype(np.int64)
    weights = np.ones(labels.shape, dtype="float32")
    for cls, weight in class_weight.items():
        weights[labels == int(cls)] = weight
    return weights


class ArrayBatches:
    """Batches of in-memory arrays: one pass over the data, reshuffled each pass as asked."""

    def __init__(self, x, y=None, sample_weight=None, batch_size=32, shuffle=False,
                 seed_generator=None):
        self.x, self.y, self.sample_weight = x, y, sample_weight
        self.size = num_samples((x, y, sample_weight))
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.rng = seed_generator

    @property
    def num_batches(self):
        return math.ceil(self.size / self.batch_size) if self.size else 0

    def iterator(self):
        """Every batch of one pass over the data, packed: x, (x, y) or (x, y, sample_weight)."""
        permutation = None
        if self.shuffle and self.shuffle != "batch":
            permutation = self.rng.permutation(self.size)
        for start in range(0, self.size, self.batch_size):
            stop = min(start + self.batch_size, self.size)
            if self.shuffle == "batch":
                index = self.rng.permutation(stop - start) + start
            elif permutation is not None:
                index = permutation[start:stop]
            else:
                index = slice(start, stop)
            yield pack_x_y_sample_weight(take(self.x, index), take(self.y, index),
                                         take(self.sample_weight, index))

    def on_epoch_end(self):
        pass


class IteratorBatches:
    """Batches from a generator, a Sequence or an iterable: each item is x, (x, y) or
    (x, y, sample_weight), as a tuple or a list.

    A Sequence gives ``len(sequence)`` batches per pass (in a random order when shuffling), and
    its ``on_epoch_end()`` is called after every epoch. A generator (or any iterator) is read
    as it goes: its length is unknown, and it is not restarted between epochs. Another iterable
    (a torch DataLoader) is iterated afresh each epoch, ``len(iterable)`` batches long when it
    has a length.
    """

    def __init__(self, source, shuffle=False, class_weight=None, seed_generator=None):
        self.source = source
        self.is_sequence = hasattr(source, "__getitem__") and hasattr(source, "__len__")
        self.restarts = not self.is_sequence and not hasattr(source, "__next__")
        self.shuffle = shuffle
        self.class_weight = class_weight
        self.rng = seed_generator
        self._generator = None

    @property
    def num_batches(self):
        if self.is_sequence or (self.restarts and hasattr(self.source, "__len__")):
            return len(self.source)
        return None

    def _unpack(self, item):
        x, y, w = unpack_batch(item)
        if self.class_weight is not None and y is not None and w is None:
            w = class_weights_to_sample_weights(y, self.class_weight)
        return pack_x_y_sample_weight(x, y, w)

    def iterator(self):
        if self.is_sequence:
            order = np.arange(len(self.source))
            if self.shuffle and self.rng is not None:
                order = self.rng.permutation(order)
            return (self._unpack(self.source[int(i)]) for i in order)
        if self._generator is None or self.restarts:
            self._generator = iter(self.source)
        return (self._unpack(item) for item in self._generator)

    def on_epoch_begin(self):
        if self.is_sequence and hasattr(self.source, "on_epoch_begin"):
            self.source.on_epoch_begin()

    def on_epoch_end(self):
        if self.is_sequence and hasattr(self.source, "on_epoch_end"):
            self.source.on_epoch_end()


def unpack_batch(item):
    """(x, y, sample_weight) as arrays, from a batch given as x, (x,), (x, y) or
    (x, y, sample_weight) (a list is read as a tuple, as Keras reads it)."""
    if isinstance(item, (tuple, list)) and len(item) > 3:
        raise ValueError(
            f"Data batches must be x, (x,), (x, y) or (x, y, sample_weight); received a "
            f"{type(item).__name__} of {len(item)} elements.")
    return tuple(as_arrays(part) for part in unpack_x_y_sample_weight(item))


def is_iterator_data(x):
    """True for generators, iterators and Sequence objects (data that makes its own batches)."""
    if isinstance(x, (np.ndarray, list, tuple, dict)) or x is None:
        return False
    return hasattr(x, "__next__") or hasattr(x, "__iter__") or (
        hasattr(x, "__getitem__") and hasattr(x, "__len__"))


def unpack_validation_data(validation_data):
    """(x, y, sample_weight) from fit's ``validation_data``: a tuple of two or three, or a
    generator or Sequence (which yields its own batches)."""
    if is_iterator_data(validation_data):
        return validation_data, None, None
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
        raise ValueError(
            "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, val_sample_weight),"
            f" or a generator; received {type(validation_data).__name__}.")
    x, y = validation_data[0], validation_data[1]
    w = validation_data[2] if len(validation_data) == 3 else None
    return x, y, w
