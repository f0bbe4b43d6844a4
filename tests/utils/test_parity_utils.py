"""Parity with real Keras 3: to_categorical, normalize, pad_sequences and Progbar's text."""

import os
import time

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from kerasedu import utils  # noqa: E402
from kerasedu.preprocessing import sequence as kerasedu_sequence  # noqa: E402

pytestmark = pytest.mark.parity


# to_categorical: same values and shapes; kerasedu returns float32 (Keras 3: float64).

@pytest.mark.parametrize("labels, num_classes", [
    ([0, 1, 2, 3], None),
    ([0, 1, 2, 3], 6),
    ([[1], [0], [2]], None),              # (N, 1) column of labels -> (N, 3)
    ([[1, 2], [0, 0]], None),             # (2, 2) -> (2, 2, 3)
    (np.zeros((2, 3, 1), int), 4),        # (2, 3, 1) -> (2, 3, 4)
    ([[1, 2]], 3),                         # (1, 2): last axis is not 1, kept
    (5, None),                             # a single label
    ([1.7, 0.2], None),                   # floats truncate to integers
    ([], 3),
])
def test_to_categorical(labels, num_classes):
    ours = utils.to_categorical(labels, num_classes)
    theirs = keras.utils.to_categorical(labels, num_classes)
    assert ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)
    assert ours.dtype == np.float32


# normalize: Keras 3's numpy path turns axis=0 into -1 (axis = axis or -1), so axis 0 is
# compared with Keras 2's definition in test_numerical_utils instead.

@pytest.mark.parametrize("shape, axis, order", [
    ((4, 5), -1, 2), ((4, 5), 1, 1), ((2, 3, 4), -1, 2), ((2, 3, 4), 1, 2),
    ((2, 3, 4), 2, np.inf), ((6,), -1, 2), ((3, 4), -1, 3),
])
def test_normalize(shape, axis, order):
    x = np.random.default_rng(0).normal(size=shape).astype("float32")
    x[0] = 0.0
    ours = utils.normalize(x, axis=axis, order=order)
    theirs = keras.utils.normalize(x, axis=axis, order=order)
    assert ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-7)


# pad_sequences.

SEQUENCES = [[1, 2, 3, 4, 5], [6, 7], [], [8], [9, 10, 11]]


@pytest.mark.parametrize("padding", ["pre", "post"])
@pytest.mark.parametrize("truncating", ["pre", "post"])
@pytest.mark.parametrize("maxlen", [None, 2, 4, 7])
def test_pad_sequences_grid(padding, truncating, maxlen):
    kwargs = dict(maxlen=maxlen, padding=padding, truncating=truncating)
    ours = utils.pad_sequences(SEQUENCES, **kwargs)
    theirs = keras.utils.pad_sequences(SEQUENCES, **kwargs)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("sequences, kwargs", [
    ([[1.5, 2.5], [3.25]], dict(dtype="float32", value=-1.0)),
    ([[1.5, 2.5], [3.25]], dict(value=0.5)),                      # int32: values truncate
    ([np.arange(3), np.arange(5)], dict(maxlen=4, padding="post")),
    ((np.ones((2, 3)), np.zeros((4, 3))), dict(dtype="float64")),  # items of shape (3,)
    ([[], []], dict(maxlen=3)),
    ([["a", "bb"], ["ccc"]], dict(dtype=object, value="<pad>")),
    ([["a", "bb"], ["ccc"]], dict(dtype="<U5", value="-")),
    ([[1, 2, 3]], dict(maxlen=1, truncating="post", dtype="int64")),
])
def test_pad_sequences_cases(sequences, kwargs):
    ours = kerasedu_sequence.pad_sequences(sequences, **kwargs)
    theirs = keras.utils.pad_sequences(sequences, **kwargs)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("sequences, kwargs", [
    (5, {}),                                                  # not iterable
    ([1, 2], {}),                                             # items not iterable
    ([[1, 2], [3]], dict(padding="middle")),
    ([[1, 2], [3]], dict(truncating="middle", maxlen=1)),
    ([[[1, 2]], [[1, 2, 3]]], {}),                            # items of different shapes
    ([[1, 2]], dict(value="x")),                              # string value, int dtype
])
def test_pad_sequences_errors(sequences, kwargs):
    with pytest.raises(ValueError) as theirs:
        keras.utils.pad_sequences(sequences, **kwargs)
    with pytest.raises(ValueError) as ours:
        utils.pad_sequences(sequences, **kwargs)
    assert str(ours.value) == str(theirs.value)


# Progbar: both bars fed the same updates at the same (fake) times print the same text.

class Clock:
    def __init__(self):
        self.now = 5000.0

    def __call__(self):
        return self.now


SCENARIOS = {
    "training epoch": dict(
        kwargs=dict(target=5),
        steps=[(0.9, 1, [("accuracy", 0.5), ("loss", 0.9)]),
               (0.03, 2, [("accuracy", 0.75), ("loss", 0.7)]),
               (0.1, 3, [("accuracy", 0.5), ("loss", 0.61)]),
               (0.1, 5, [("accuracy", 0.9), ("loss", 0.2)])]),
    "stateful metrics": dict(
        kwargs=dict(target=4, stateful_metrics=["accuracy"], width=30),
        steps=[(0.2, 1, [("accuracy", 0.5), ("loss", 0.9)]),
               (0.2, 3, [("accuracy", 0.75), ("loss", 1e-4)]),
               (0.2, 4, [("accuracy", 0.8), ("loss", -0.5)])]),
    "stateless metrics": dict(
        kwargs=dict(target=3, stateless_metrics=["loss"]),
        steps=[(0.2, 1, [("accuracy", 0.5), ("loss", 0.9)]),
               (0.2, 2, [("accuracy", 0.75), ("loss", 0.1)]),
               (0.2, 3, [("accuracy", 0.8), ("loss", 0.2)])]),
    "unknown target": dict(
        kwargs=dict(target=None, unit_name="sample"),
        steps=[(0.0004, 1, [("loss", 3.0)]), (2.0, 64, [("loss", 2.0)]),
               (0.5, 100, [("loss", 1.0)])]),
    "slow steps": dict(
        kwargs=dict(target=2000, width=10),
        steps=[(3.0, 1, None), (7.0, 2, [("mae", 12.5)]), (4000, 3, [("mae", 0.0002)])]),
    "throttled": dict(
        kwargs=dict(target=6, interval=0.5),
        steps=[(0.1, 1, [("loss", 1.0)]), (0.1, 2, [("loss", 2.0)]),
               (0.6, 3, [("loss", 3.0)]), (0.1, 6, [("loss", 4.0)])]),
    "verbose 2": dict(
        kwargs=dict(target=3, verbose=2),
        steps=[(0.01, 1, [("loss", 0.5)]), (0.01, 2, [("loss", 0.4)]),
               (0.01, 3, [("loss", 0.3), ("small", 0.0002), ("neg", -1.5)])]),
    "explicit finalize": dict(
        kwargs=dict(target=8),
        steps=[(0.2, 3, [("loss", 2.0)]), (0.2, 3, [("loss", 1.0)], True),
               (0.2, 9, [("loss", 1.0)], False)]),
    "add": dict(
        kwargs=dict(target=10),
        steps=[(0.3, "add", 4, [("loss", 1.0)]), (0.3, "add", 6, [("loss", 0.5)])]),
}


def _run(factory, scenario, dynamic, monkeypatch, capsys):
    clock = Clock()
    monkeypatch.setattr(time, "time", clock)
    bar = factory(**scenario["kwargs"])
    bar._dynamic_display = dynamic
    for step in scenario["steps"]:
        if step[1] == "add":
            delay, _, n, values = step
            clock.now += delay
            bar.add(n, values)
        else:
            delay, current, values, *finalize = step
            clock.now += delay
            bar.update(current, values, *finalize)
    return capsys.readouterr()


@pytest.mark.parametrize("dynamic", [True, False])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_progbar_text_matches_keras(name, dynamic, monkeypatch, capsys):
    scenario = SCENARIOS[name]
    ours = _run(utils.Progbar, scenario, dynamic, monkeypatch, capsys)
    theirs = _run(keras.utils.Progbar, scenario, dynamic, monkeypatch, capsys)
    assert theirs.out, "the scenario should print something"
    assert ours.out == theirs.out
    assert ours.err == ""
