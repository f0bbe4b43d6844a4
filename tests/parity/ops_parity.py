"""Shared machinery of the keras.ops parity tests: drawing inputs, calling an op on both
sides, and comparing values, shapes and dtypes.

A case lists an op's arguments; ``Arr(...)`` stands for an array drawn for each example (of the
example's shape and dtype unless it fixes its own), anything else is passed as it is. JAX runs
without 64-bit types, so Keras's results are 32-bit where kerasedu's may be 64-bit: dtypes are
compared after that narrowing.
"""

import numpy as np
from hypothesis import settings, strategies as st
from hypothesis.extra import numpy as hnp

import kerasedu

FLOATS = ("float32",)
NUMBERS = ("float32", "int32")
INTEGERS = ("int32", "int8", "uint8")
ALL = ("float32", "int32", "int8", "uint8", "bool", "float16")

EXAMPLES = settings(max_examples=8, deadline=None)
shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)
seeds = st.integers(0, 2**16)

NARROW = {"float64": "float32", "int64": "int32", "uint64": "uint32", "complex128": "complex64"}


class Arr:
    """An argument drawn per example: values uniform in [low, high) (integers: whole numbers in
    that range), of the example's shape unless ``shape`` is given, of the example's dtype
    unless ``dtype`` is given."""

    def __init__(self, low=-2.0, high=2.0, shape=None, dtype=None, away_from=()):
        self.low, self.high, self.shape, self.dtype = low, high, shape, dtype
        self.away_from = away_from

    def make(self, rng, shape, dtype):
        shape = self.shape if self.shape is not None else shape
        dtype = np.dtype(self.dtype or dtype)
        if dtype.kind == "b":
            return np.asarray(rng.random(shape) > 0.5)
        if dtype.kind in "iu":
            low = max(int(np.ceil(self.low)), np.iinfo(dtype).min)
            high = min(int(np.floor(self.high)), np.iinfo(dtype).max)
            return np.asarray(rng.integers(low, max(high, low + 1), size=shape)).astype(dtype)
        values = np.asarray(rng.uniform(self.low, self.high, size=shape))
        for point in self.away_from:
            close = np.abs(values - point) < 0.1
            values[close] = point + np.where(values[close] >= point, 0.15, -0.15)
        return values.astype(dtype)


class Case:
    """How to call one op: positional ``args`` (Arr or plain values), keyword ``kwargs``, the
    dtypes to draw, tolerances, and optionally its own ``shapes`` strategy."""

    def __init__(self, *args, dtypes=FLOATS, rtol=1e-5, atol=1e-6, shapes=None, **kwargs):
        self.args, self.kwargs, self.dtypes = args, kwargs, dtypes
        self.rtol, self.atol, self.shapes = rtol, atol, shapes

    def arguments(self, rng, shape, dtype):
        def build(value):
            if isinstance(value, Arr):
                return value.make(rng, shape, dtype)
            if isinstance(value, (list, tuple)) and any(isinstance(v, Arr) for v in value):
                return type(value)(build(v) for v in value)
            return value
        return ([build(a) for a in self.args], {k: build(v) for k, v in self.kwargs.items()})


def lookup(root, dotted):
    for part in dotted.split("."):
        root = getattr(root, part)
    return root


def assert_like_keras(ours, theirs, rtol=1e-5, atol=1e-6, what=""):
    """``ours`` (kerasedu result) equals ``theirs`` (Keras result): the same nesting, and for
    each tensor the same shape, the same dtype (after narrowing 64-bit types) and close values."""
    if isinstance(theirs, (tuple, list)):
        assert isinstance(ours, (tuple, list)), f"{what}: Keras returns a sequence"
        assert len(ours) == len(theirs), f"{what}: {len(ours)} results, Keras {len(theirs)}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_like_keras(a, b, rtol, atol, f"{what}[{i}]")
        return
    mine = np.asarray(kerasedu.ops.convert_to_numpy(ours))
    expected = np.asarray(theirs)
    assert mine.shape == expected.shape, f"{what}: shape {mine.shape}, Keras {expected.shape}"
    assert NARROW.get(mine.dtype.name, mine.dtype.name) == expected.dtype.name, (
        f"{what}: dtype {mine.dtype}, Keras {expected.dtype}")
    if expected.dtype.kind in "fc":
        np.testing.assert_allclose(mine.astype(expected.dtype), expected, rtol=rtol, atol=atol,
                                   equal_nan=True, err_msg=what)
    else:
        np.testing.assert_array_equal(mine, expected, err_msg=what)


def check_case(keras, name, case, shape, dtype, seed):
    """Call the op ``name`` (dotted, under ops) of both libraries on the case's arguments."""
    args, kwargs = case.arguments(np.random.default_rng(seed), shape, dtype)
    theirs = lookup(keras.ops, name)(*args, **kwargs)
    ours = lookup(kerasedu.ops, name)(*args, **kwargs)
    rtol, atol = case.rtol, case.atol
    if dtype == "float16":     # half precision: about three significant digits
        rtol, atol = max(rtol, 1e-2), max(atol, 1e-2)
    assert_like_keras(ours, theirs, rtol, atol,
                      f"{name} shape={shape} dtype={dtype} seed={seed}")
