"""The batches a preprocessing layer's ``adapt(data)`` reads, in one place.

``data`` may be a numpy array or Tensor (one batch), a Python list of values (one batch: a
vocabulary's words, a column of numbers), or an iterable of batches (a list of arrays, a
generator, a kerasedu dataset or PyDataset); a batch that is an ``(x, y)`` or ``(x, y,
sample_weight)`` tuple gives its ``x``. ``steps`` stops after that many batches.
"""

import itertools
import numbers

import numpy as np


def adapt_batches(layer, data, steps=None):
    """The batches of ``data`` as numpy arrays (see the module docstring)."""
    if data is None:
        raise ValueError(f"Layer '{layer.name}' ({type(layer).__name__}).adapt() received "
                         f"no data (None). Pass an array, a list, or an iterable of batches.")
    if _is_one_batch(data):
        batches = iter([data])
    else:
        try:
            batches = iter(data)
        except TypeError:
            raise TypeError(
                f"Layer '{layer.name}' ({type(layer).__name__}).adapt() takes an array, a "
                f"list, or an iterable of batches; received {type(data).__name__}.") from None
    if steps is not None:
        batches = itertools.islice(batches, steps)
    for batch in batches:
        if isinstance(batch, tuple):
            batch = batch[0]
        yield np.asarray(getattr(batch, "value", batch))


def _is_one_batch(data):
    if hasattr(data, "shape") and hasattr(data, "dtype"):
        return True
    if isinstance(data, (str, bytes, numbers.Number)):
        return True
    return isinstance(data, list) and not any(
        hasattr(item, "shape") or isinstance(item, tuple) for item in data)
