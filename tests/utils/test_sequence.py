"""Sequence / PyDataset: the base class for datasets served batch by batch."""

import math
import warnings

import numpy as np
import pytest

from kerasedu.utils import PyDataset, Sequence


class Batches(Sequence):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size
        self.epochs_ended = 0

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, index):
        start = index * self.batch_size
        return self.x[start:start + self.batch_size], self.y[start:start + self.batch_size]

    def on_epoch_end(self):
        self.epochs_ended += 1


def test_keras_2_and_keras_3_names_are_one_class():
    assert Sequence is PyDataset


def test_subclass_serves_batches():
    data = Batches(np.arange(10), np.arange(10) * 2, batch_size=4)
    assert len(data) == 3 and data.num_batches == 3
    x, y = data[2]
    np.testing.assert_array_equal(x, [8, 9])
    np.testing.assert_array_equal(y, [16, 18])
    batches = list(data)
    assert [len(b[0]) for b in batches] == [4, 4, 2]
    data.on_epoch_end()
    assert data.epochs_ended == 1


def test_keras_arguments_are_stored():
    data = Batches(np.arange(4), np.arange(4), 2, workers=3, use_multiprocessing=True,
                   max_queue_size=5)
    assert (data.workers, data.use_multiprocessing, data.max_queue_size) == (3, True, 5)


def test_subclass_without_super_init_works_silently():
    class Old(Sequence):
        def __init__(self):
            self.n = 2

        def __len__(self):
            return self.n

        def __getitem__(self, index):
            return index

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = Old()
        assert (data.workers, data.use_multiprocessing, data.max_queue_size) == (1, False, 10)
        assert list(data) == [0, 1]


def test_base_methods_say_what_to_write():
    class Empty(PyDataset):
        pass

    data = Empty()
    with pytest.raises(NotImplementedError, match=r"Empty must define __getitem__"):
        data[0]
    with pytest.raises(NotImplementedError, match=r"Empty must define __len__"):
        len(data)
    assert data.on_epoch_end() is None and data.on_epoch_begin() is None
