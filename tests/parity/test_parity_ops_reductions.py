"""Reductions, statistics, sorting and counting keras.ops against Keras 3 (JAX), on drawn
shapes, axes and dtypes."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import kerasedu
from ops_parity import (EXAMPLES, NUMBERS, Arr, Case, assert_like_keras, check_case, seeds,
                        shapes)

pytestmark = pytest.mark.parity

ranked = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5)


def with_nans(low=-3.0, high=3.0):
    return Arr(low, high)


AXIS_REDUCTIONS = {
    name: NUMBERS for name in ("nansum", "nanmean", "nanmax", "nanmin", "nanprod", "nanstd",
                               "nanvar", "median", "nanmedian", "ptp", "amax", "amin")}
AXIS_REDUCTIONS.update({"nanargmax": NUMBERS, "nanargmin": NUMBERS})


@st.composite
def axis_for(draw, shape, tuples=True):
    choices = [st.none(), st.integers(-len(shape), len(shape) - 1)]
    if tuples and len(shape) > 1:
        choices.append(st.lists(st.integers(0, len(shape) - 1), min_size=1, max_size=2,
                                unique=True).map(tuple))
    return draw(st.one_of(*choices))


def _values(rng, shape, dtype, nan_fraction=0.2, spread=3.0):
    values = rng.uniform(-spread, spread, size=shape)
    if dtype == "float32":
        values[rng.random(shape) < nan_fraction] = np.nan
        return values.astype(dtype)
    return np.round(values * 3).astype(dtype)


@pytest.mark.parametrize("name", sorted(AXIS_REDUCTIONS))
@EXAMPLES
@given(data=st.data(), shape=ranked, seed=seeds)
def test_axis_reduction_matches_keras(keras, name, data, shape, seed):
    dtype = data.draw(st.sampled_from(AXIS_REDUCTIONS[name]))
    tuples = name not in ("nanargmax", "nanargmin")
    axis = data.draw(axis_for(shape, tuples))
    keepdims = data.draw(st.booleans())
    x = _values(np.random.default_rng(seed), shape, dtype,
                0.0 if name in ("median", "ptp", "amax", "amin") else 0.2,
                0.5 if name == "nanprod" else 3.0)   # integer products stay in int32
    if name.startswith("nanarg") and dtype == "float32":   # no all-NaN slice (Keras: −1)
        x[np.isnan(x)] = 0.5
    theirs = getattr(keras.ops, name)(x, axis=axis, keepdims=keepdims)
    ours = getattr(kerasedu.ops, name)(x, axis=axis, keepdims=keepdims)
    assert_like_keras(ours, theirs, 1e-5, 1e-5, f"{name} {shape} axis={axis}")


@pytest.mark.parametrize("name", ["quantile", "percentile", "nanquantile", "nanpercentile"])
@pytest.mark.parametrize("method", ["linear", "lower", "higher", "midpoint", "nearest"])
@settings(max_examples=4, deadline=None)     # 20 pairs of name and method, each compiled anew
@given(data=st.data(), shape=ranked, seed=seeds)
def test_quantiles_match_keras(keras, name, method, data, shape, seed):
    rng = np.random.default_rng(seed)
    x = _values(rng, shape, "float32", 0.2 if name.startswith("nan") else 0.0)
    q = rng.uniform(0, 1, size=data.draw(st.sampled_from([(), (3,)]))).astype("float32")
    if "percentile" in name:
        q = q * 100
    axis = data.draw(axis_for(shape))
    keepdims = data.draw(st.booleans())
    theirs = getattr(keras.ops, name)(x, q, axis=axis, method=method, keepdims=keepdims)
    ours = getattr(kerasedu.ops, name)(x, q, axis=axis, method=method, keepdims=keepdims)
    assert_like_keras(ours, theirs, 1e-5, 1e-5, f"{name} {shape} axis={axis} q={q}")


OTHERS = {
    "cumprod": Case(Arr(-2, 2), axis=0, dtypes=NUMBERS, shapes=ranked),
    "nancumsum": Case(Arr(-2, 2), axis=-1, shapes=ranked),
    "nancumprod": Case(Arr(-2, 2), axis=-1, shapes=ranked),
    "count_nonzero": Case(Arr(-1, 2), dtypes=("int32",)),
    "average": Case(Arr(), axis=-1, weights=Arr(0.1, 1), shapes=ranked),
    "sort": Case(Arr(), dtypes=NUMBERS, shapes=ranked),
    "argsort": Case(Arr(-2, 2), dtypes=NUMBERS, shapes=ranked),
    "corrcoef": Case(Arr(), shapes=hnp.array_shapes(min_dims=2, max_dims=2, min_side=2,
                                                      max_side=5), rtol=1e-4, atol=1e-5),
    "digitize": Case(Arr(-3, 3), np.array([-1.0, 0.0, 0.5, 2.0], "float32")),
    "searchsorted": Case(np.array([-1.0, 0.0, 0.5, 2.0], "float32"), Arr(-3, 3)),
    "searchsorted_right": Case(np.array([-1, 0, 0, 2], "int32"), Arr(-3, 3),
                               side="right", dtypes=("int32",)),
    "in_top_k": Case(Arr(0, 5, shape=(6,), dtype="int32"), Arr(shape=(6, 5)), 2),
    "histogram": Case(Arr(shape=(20,)), bins=5),
    "bincount": Case(Arr(0, 7, shape=(12,), dtype="int32"), minlength=3),
    "bincount_weights": Case(Arr(0, 7, shape=(12,), dtype="int32"),
                             weights=Arr(shape=(12,)), minlength=9),
    "top_k": Case(Arr(shape=(3, 7)), 3),
    "unique": Case(Arr(0, 5, shape=(11,), dtype="int32"), return_index=True,
                   return_inverse=True, return_counts=True),
}


@pytest.mark.parametrize("name", sorted(OTHERS))
@EXAMPLES
@given(data=st.data(), seed=seeds)
def test_other_op_matches_keras(keras, name, data, seed):
    case = OTHERS[name]
    shape = data.draw(shapes if case.shapes is None else case.shapes)
    op = name if hasattr(kerasedu.ops, name) else name.rsplit("_", 1)[0]
    check_case(keras, op, case, shape, data.draw(st.sampled_from(case.dtypes)), seed)


@EXAMPLES
@given(shape=ranked, seed=seeds, data=st.data())
def test_argpartition_partitions_as_keras_does(keras, shape, seed, data):
    """Keras promises only the partition property: the kth value in place, smaller before,
    larger after."""
    x = np.random.default_rng(seed).permutation(np.prod(shape)).reshape(shape).astype("float32")
    kth = data.draw(st.integers(0, shape[-1] - 1))
    order = kerasedu.ops.argpartition(x, kth).numpy()
    theirs = np.asarray(keras.ops.argpartition(x, kth))
    ours = np.take_along_axis(x, order, -1)
    expected = np.take_along_axis(x, theirs, -1)
    np.testing.assert_array_equal(ours[..., kth], expected[..., kth])
    assert np.all(ours[..., :kth] <= ours[..., kth:kth + 1])
    assert np.all(ours[..., kth + 1:] >= ours[..., kth:kth + 1])
    np.testing.assert_array_equal(np.sort(order, -1), np.sort(theirs, -1))
