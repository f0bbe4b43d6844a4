"""Every differentiable op: float64 analytic gradients against central differences."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from kerasedu import ops
from kerasedu.backend.gradcheck import assert_gradients_match

CHECK = settings(max_examples=12, deadline=None)


def values(shape, low=-2.0, high=2.0, away_from=None, seed=0):
    """Random float64 values in [low, high], kept 0.1 away from the points in ``away_from``."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(low, high, size=shape)
    for point in away_from or ():
        close = np.abs(x - point) < 0.1
        x[close] = point + np.where(x[close] >= point, 0.1, -0.1) + np.sign(x[close] - point) * 0.05
    return x


shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3)
seeds = st.integers(0, 10_000)

UNARY = {
    "exp": (ops.exp, {}), "log": (ops.log, dict(low=0.2, high=3)),
    "log1p": (ops.log1p, dict(low=-0.5, high=3)), "expm1": (ops.expm1, {}),
    "sqrt": (ops.sqrt, dict(low=0.2, high=3)), "square": (ops.square, {}),
    "abs": (ops.abs, dict(away_from=[0])), "reciprocal": (ops.reciprocal, dict(away_from=[0])),
    "negative": (ops.negative, {}), "sin": (ops.sin, {}), "cos": (ops.cos, {}),
    "tanh": (ops.tanh, {}), "erf": (ops.erf, {}),
    "relu": (ops.relu, dict(away_from=[0])), "relu6": (ops.relu6, dict(low=-2, high=8, away_from=[0, 6])),
    "sigmoid": (ops.sigmoid, {}), "hard_sigmoid": (ops.hard_sigmoid, dict(low=-5, high=5, away_from=[-3, 3])),
    "hard_silu": (ops.hard_silu, dict(low=-5, high=5, away_from=[-3, 3])),
    "silu": (ops.silu, {}), "softplus": (ops.softplus, {}), "softsign": (ops.softsign, {}),
    "elu": (ops.elu, dict(away_from=[0])), "selu": (ops.selu, dict(away_from=[0])),
    "gelu_tanh": (lambda x: ops.gelu(x, approximate=True), {}),
    "gelu_erf": (lambda x: ops.gelu(x, approximate=False), {}),
    "leaky_relu": (ops.leaky_relu, dict(away_from=[0])),
    "clip": (lambda x: ops.clip(x, -1.0, 1.0), dict(away_from=[-1, 1])),
    "flatten": (ops.flatten, {}), "flip": (ops.flip, {}),
    "cast_float64": (lambda x: ops.cast(x, "float64"), {}),
    "dropout": (lambda x: ops.dropout(x, 0.5, seed=3), {}),
    "transpose": (ops.transpose, {}),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@CHECK
@given(shape=shapes, seed=seeds)
def test_unary(name, shape, seed):
    op, domain = UNARY[name]
    assert_gradients_match(op, values(shape, seed=seed, **domain))


BINARY = {
    "add": (ops.add, {}, {}), "subtract": (ops.subtract, {}, {}),
    "multiply": (ops.multiply, {}, {}),
    "divide": (ops.divide, {}, dict(away_from=[0], low=-3, high=3)),
    "power": (ops.power, dict(low=0.3, high=2), dict(low=-2, high=2)),
    "maximum": (ops.maximum, {}, {}), "minimum": (ops.minimum, {}, {}),
    "operator_matmul_free_add": (lambda a, b: a * b + a / (b * b + 1) - b ** 2, {}, {}),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@CHECK
@given(pair=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
       seed=seeds)
def test_binary_broadcasting(name, pair, seed):
    op, domain_a, domain_b = BINARY[name]
    a = values(pair.input_shapes[0], seed=seed, **domain_a)
    b = values(pair.input_shapes[1], seed=seed + 1, **domain_b)
    if name in ("maximum", "minimum"):
        b = b + 0.37  # no exact ties between a and b
    assert_gradients_match(op, a, b)


@CHECK
@given(pair=hnp.mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=3, max_side=3),
       seed=seeds)
def test_where_broadcasting(pair, seed):
    condition = np.random.default_rng(seed).random(pair.input_shapes[0]) > 0.5
    a, b = values(pair.input_shapes[1], seed=seed), values(pair.input_shapes[2], seed=seed + 1)
    assert_gradients_match(lambda x, y: ops.where(condition, x, y), a, b)


REDUCTIONS = {
    "sum": ops.sum, "mean": ops.mean, "max": ops.max, "min": ops.min, "prod": ops.prod,
    "var": ops.var, "std": ops.std, "logsumexp": ops.logsumexp,
}


@st.composite
def shape_and_axis(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=2, max_side=3))
    axis = draw(st.one_of(st.none(), st.integers(-len(shape), len(shape) - 1),
                          st.lists(st.integers(0, len(shape) - 1), min_size=1, unique=True)
                          .map(tuple)))
    return shape, axis


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
@CHECK
@given(case=shape_and_axis(), keepdims=st.booleans(), seed=seeds)
def test_reductions(name, case, keepdims, seed):
    shape, axis = case
    x = values(shape, low=0.5, high=2.0, seed=seed) * np.where(
        np.random.default_rng(seed).random(shape) > 0.5, 1, -1)
    assert_gradients_match(lambda t: REDUCTIONS[name](t, axis=axis, keepdims=keepdims), x)


def test_max_ties_share_the_gradient_equally():
    from kerasedu.backend import Variable, gradients
    x = Variable(np.array([1.0, 3.0, 3.0]), dtype="float64")
    assert np.allclose(gradients(ops.max(x), x), [0, 0.5, 0.5])


def test_prod_gradient_with_a_zero():
    from kerasedu.backend import Variable, gradients
    x = Variable(np.array([2.0, 0.0, 5.0]), dtype="float64")
    assert np.allclose(gradients(ops.prod(x), x), [0, 10, 0])


@pytest.mark.parametrize("op", [ops.softmax, ops.log_softmax, ops.cumsum])
@CHECK
@given(case=shape_and_axis(), seed=seeds)
def test_axis_ops(op, case, seed):
    shape, axis = case
    axis = axis if isinstance(axis, int) else -1
    assert_gradients_match(lambda t: op(t, axis=axis), values(shape, seed=seed))


@st.composite
def matmul_shapes(draw):
    m, k, n = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    batch = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=2, max_side=3))
    a_shape = batch.input_shapes[0] + (m, k)
    b_shape = batch.input_shapes[1] + (k, n)
    if draw(st.booleans()):
        a_shape = (k,)
    if draw(st.booleans()):
        b_shape = (k,)
    return a_shape, b_shape


@CHECK
@given(shapes_=matmul_shapes(), seed=seeds)
def test_matmul(shapes_, seed):
    a_shape, b_shape = shapes_
    expected = np.matmul(np.ones(a_shape), np.ones(b_shape)).shape
    assert ops.matmul(np.ones(a_shape), np.ones(b_shape)).shape == expected
    assert_gradients_match(ops.matmul, values(a_shape, seed=seed), values(b_shape, seed=seed + 1))


@pytest.mark.parametrize("a_shape,b_shape", [
    ((3,), (3,)), ((2, 3), (3, 4)), ((2, 3, 4), (4, 5)), ((2, 3), (4, 3, 5)),
    ((2, 2, 3), (2, 3, 2)), ((3,), (2, 3, 4)),
])
def test_dot_matches_numpy_and_differentiates(a_shape, b_shape):
    a, b = values(a_shape, seed=1), values(b_shape, seed=2)
    assert np.allclose(ops.dot(a, b).numpy(), np.dot(a, b))
    assert_gradients_match(ops.dot, a, b)


@pytest.mark.parametrize("a_shape,b_shape,axes", [
    ((2, 3, 4), (4, 3, 5), ([1, 2], [1, 0])), ((3, 4), (4, 3), 1), ((2, 3), (2, 3), 2),
])
def test_tensordot(a_shape, b_shape, axes):
    a, b = values(a_shape, seed=1), values(b_shape, seed=2)
    assert np.allclose(ops.tensordot(a, b, axes).numpy(), np.tensordot(a, b, axes))
    assert_gradients_match(lambda x, y: ops.tensordot(x, y, axes), a, b)


@pytest.mark.parametrize("x_shape,y_shape,axes,expected", [
    ((4, 3), (4, 3), None, (4, 1)),
    ((4, 3, 2), (4, 2, 5), None, (4, 3, 5)),
    ((4, 3, 2), (4, 3, 5), (1, 1), (4, 2, 5)),
    ((2, 3), (2, 3, 4), (1, 1), (2, 4)),
])
def test_batch_dot(x_shape, y_shape, axes, expected):
    x, y = values(x_shape, seed=1), values(y_shape, seed=2)
    out = ops.batch_dot(x, y, axes)
    assert out.shape == expected
    ax = axes or (len(x_shape) - 1, len(y_shape) - 1 if len(y_shape) == 2 else len(y_shape) - 2)
    reference = np.stack([np.tensordot(x[i], y[i], (ax[0] - 1, ax[1] - 1)) for i in range(len(x))])
    assert np.allclose(out.numpy().reshape(reference.shape), reference)
    assert_gradients_match(lambda a, b: ops.batch_dot(a, b, axes), x, y)


SHAPE_OPS = {
    "reshape": ((2, 3, 2), lambda t: ops.reshape(t, (3, -1))),
    "transpose_axes": ((2, 3, 4), lambda t: ops.transpose(t, (2, 0, 1))),
    "moveaxis": ((2, 3, 4), lambda t: ops.moveaxis(t, 0, -1)),
    "swapaxes": ((2, 3, 4), lambda t: ops.swapaxes(t, 0, 2)),
    "expand_dims": ((2, 3), lambda t: ops.expand_dims(t, 1)),
    "squeeze": ((2, 1, 3), lambda t: ops.squeeze(t, 1)),
    "split": ((4, 3), lambda t: ops.split(t, 2, axis=0)[1] * 3 + ops.split(t, 2, axis=0)[0]),
    "split_indices": ((5, 2), lambda t: ops.split(t, [1, 3], axis=0)[2]),
    "slice": ((4, 5), lambda t: t[1:3, ::2]),
    "index_negative": ((4, 5), lambda t: t[-1]),
    "fancy_index_repeats": ((4, 3), lambda t: t[np.array([0, 2, 2, 3])]),
    "bool_mask": ((3, 3), lambda t: t[np.eye(3, dtype=bool)]),
    "newaxis_ellipsis": ((2, 3), lambda t: t[None, ..., 1]),
    "take": ((4, 3), lambda t: ops.take(t, np.array([[3, 0], [0, 0]]), axis=0)),
    "take_flat": ((4, 3), lambda t: ops.take(t, np.array([11, 0, 0]))),
    "gather": ((5, 2), lambda t: ops.gather(t, np.array([4, 4, 1]))),
    "tile": ((2, 3), lambda t: ops.tile(t, (2, 1, 3))),
    "repeat": ((2, 3), lambda t: ops.repeat(t, 2, axis=1)),
    "repeat_counts": ((3, 2), lambda t: ops.repeat(t, [1, 0, 3], axis=0)),
    "repeat_flat": ((2, 2), lambda t: ops.repeat(t, 3)),
    "pad": ((2, 3), lambda t: ops.pad(t, ((1, 0), (2, 1)))),
    "broadcast_to": ((3, 1), lambda t: ops.broadcast_to(t, (2, 3, 4))),
}


@pytest.mark.parametrize("name", sorted(SHAPE_OPS))
def test_shape_ops(name):
    shape, op = SHAPE_OPS[name]
    assert_gradients_match(op, values(shape))


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_concatenate_and_stack(axis):
    a, b = values((2, 3), seed=1), values((2, 3), seed=2)
    assert np.allclose(ops.concatenate([a, b], axis=axis).numpy(), np.concatenate([a, b], axis))
    assert np.allclose(ops.stack([a, b], axis=axis).numpy(), np.stack([a, b], axis))
    assert_gradients_match(lambda x, y: ops.concatenate([x, y * 2], axis=axis), a, b)
    assert_gradients_match(lambda x, y: ops.stack([x, y * 2], axis=axis), a, b)


@pytest.mark.parametrize("from_logits", [False, True])
def test_crossentropies(from_logits):
    rng = np.random.default_rng(0)
    target = np.eye(4)[rng.integers(0, 4, size=5)]
    if from_logits:
        output = values((5, 4), seed=3)
    else:
        output = rng.uniform(0.1, 0.9, size=(5, 4))
    assert_gradients_match(
        lambda o: ops.categorical_crossentropy(target, o, from_logits=from_logits), output)
    assert_gradients_match(
        lambda o: ops.sparse_categorical_crossentropy(target.argmax(1), o,
                                                      from_logits=from_logits), output)
    assert_gradients_match(
        lambda o: ops.binary_crossentropy(target, o, from_logits=from_logits), output)
