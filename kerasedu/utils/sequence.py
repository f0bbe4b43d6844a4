"""A dataset that hands out one batch at a time: ``keras.utils.Sequence`` / ``PyDataset``.

Subclass it and write two methods; ``fit`` asks for ``len(dataset)`` batches per epoch, batch
``i`` being ``dataset[i]``, and calls ``on_epoch_end()`` after each epoch (a good place to
shuffle)::

    class Batches(Sequence):
        def __init__(self, x, y, batch_size, **kwargs):
            super().__init__(**kwargs)
            self.x, self.y, self.batch_size = x, y, batch_size

        def __len__(self):                       # number of batches
            return math.ceil(len(self.x) / self.batch_size)

        def __getitem__(self, index):            # batch number `index`: (inputs, targets)
            start = index * self.batch_size
            stop = start + self.batch_size
            return self.x[start:stop], self.y[start:stop]

Keras 3 calls this class ``PyDataset`` and Keras 2 ``Sequence``; both names refer to the same
class here. ``workers``, ``use_multiprocessing`` and ``max_queue_size`` are accepted and stored
as in Keras, and kerasedu's training loop reads the batches one after another in one process.
"""


class PyDataset:
    """Base class for datasets that produce batches by index.

    Args:
        workers: number of workers Keras would use to prepare batches (stored only).
        use_multiprocessing: whether Keras would use processes rather than threads (stored).
        max_queue_size: how many batches Keras would prepare ahead (stored).
    """

    # Defaults for subclasses whose __init__ does not call super().__init__().
    _workers = 1
    _use_multiprocessing = False
    _max_queue_size = 10

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    @property
    def workers(self):
        return self._workers

    @workers.setter
    def workers(self, value):
        self._workers = value

    @property
    def use_multiprocessing(self):
        return self._use_multiprocessing

    @use_multiprocessing.setter
    def use_multiprocessing(self, value):
        self._use_multiprocessing = value

    @property
    def max_queue_size(self):
        return self._max_queue_size

    @max_queue_size.setter
    def max_queue_size(self, value):
        self._max_queue_size = value

    def __getitem__(self, index):
        """Batch number ``index`` (from 0 to ``len(self) - 1``), e.g. ``(x_batch, y_batch)``."""
        raise NotImplementedError(
            f"{type(self).__name__} must define __getitem__(self, index), returning batch "
            f"number `index` (for example a tuple (x_batch, y_batch)).")

    def __len__(self):
        """The number of batches in one epoch."""
        raise NotImplementedError(
            f"{type(self).__name__} must define __len__(self), returning the number of "
            f"batches in one epoch.")

    @property
    def num_batches(self):
        """Batches per epoch: ``len(self)``."""
        return len(self)

    def __iter__(self):
        """Every batch of one epoch, in order."""
        for index in range(len(self)):
            yield self[index]

    def on_epoch_begin(self):
        """Called at the start of every epoch; does nothing unless overridden."""

    def on_epoch_end(self):
        """Called at the end of every epoch; override it to shuffle, for example."""


Sequence = PyDataset
