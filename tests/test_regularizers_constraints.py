"""kerasedu.regularizers and kerasedu.constraints: values, gradients, configs and get()."""

import numpy as np
import pytest

from kerasedu import constraints, regularizers
from kerasedu.backend import Tensor, Variable, epsilon, gradients
from kerasedu.backend.gradcheck import assert_gradients_match

W = np.array([[0.5, -1.5, 2.0], [-0.3, 0.8, 1.1], [1.7, -0.2, -0.9], [0.4, 0.6, -2.4]])
EPS = 1e-7


def orthogonality_penalty(vectors, factor):
    """Mean |cosine| over the n(n−1)/2 pairs of distinct rows, times factor."""
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    cosines = unit @ unit.T
    n = len(vectors)
    upper = np.triu_indices(n, k=1)
    return factor * np.abs(cosines[upper]).mean()


# Regularizers.

@pytest.mark.parametrize("regularizer, expected", [
    (regularizers.L1(), 0.01 * np.abs(W).sum()),
    (regularizers.L1(0.3), 0.3 * np.abs(W).sum()),
    (regularizers.L2(), 0.01 * np.square(W).sum()),
    (regularizers.L2(0.5), 0.5 * np.square(W).sum()),
    (regularizers.L1L2(), 0.0),
    (regularizers.L1L2(l1=0.2, l2=0.1), 0.2 * np.abs(W).sum() + 0.1 * np.square(W).sum()),
    (regularizers.L1L2(l2=0.1), 0.1 * np.square(W).sum()),
    (regularizers.OrthogonalRegularizer(), orthogonality_penalty(W, 0.01)),
    (regularizers.OrthogonalRegularizer(2.0, mode="columns"), orthogonality_penalty(W.T, 2.0)),
])
def test_regularizer_values(regularizer, expected):
    penalty = regularizer(W)
    assert isinstance(penalty, Tensor) and penalty.shape == ()
    np.testing.assert_allclose(float(penalty), expected, rtol=1e-12, atol=1e-15)


def test_regularizers_keep_float32():
    w = W.astype("float32")
    for regularizer in [regularizers.L1(), regularizers.L2(), regularizers.L1L2(0.1, 0.1),
                        regularizers.OrthogonalRegularizer()]:
        assert regularizer(w).dtype == np.float32


def test_orthogonal_regularizer_is_zero_for_orthogonal_rows():
    q, _ = np.linalg.qr(np.random.default_rng(0).normal(size=(5, 5)))
    assert abs(float(regularizers.OrthogonalRegularizer(1.0)(q))) < 1e-12
    assert abs(float(regularizers.OrthogonalRegularizer(1.0, "columns")(q[:, :3]))) < 1e-12


@pytest.mark.parametrize("regularizer", [
    regularizers.L1(0.3), regularizers.L2(0.5), regularizers.L1L2(0.2, 0.1),
    regularizers.OrthogonalRegularizer(1.5), regularizers.OrthogonalRegularizer(1.5, "columns"),
], ids=repr)
def test_regularizer_gradients(regularizer):
    assert_gradients_match(regularizer, W)


def test_regularizer_gradient_reaches_a_variable():
    v = Variable(W, dtype="float64")
    np.testing.assert_allclose(gradients(regularizers.L2(0.5)(v), v), W)
    np.testing.assert_allclose(gradients(regularizers.L1(0.3)(v), v), 0.3 * np.sign(W))


def test_regularizer_argument_errors():
    with pytest.raises(ValueError, match="l1: expected a non-negative float. Received: l1=-0.1"):
        regularizers.L1(-0.1)
    with pytest.raises(ValueError, match="l2=nan"):
        regularizers.L2(float("nan"))
    with pytest.raises(ValueError, match="l2='big'"):
        regularizers.L1L2(l2="big")
    with pytest.raises(ValueError, match="mode.*'rows' or 'columns'.*'diagonal'"):
        regularizers.OrthogonalRegularizer(mode="diagonal")
    with pytest.raises(ValueError, match=r"2-D.*shape \(2, 3, 4\)"):
        regularizers.OrthogonalRegularizer()(np.ones((2, 3, 4)))


def test_none_factors_mean_defaults():
    assert regularizers.L1(None).l1 == 0.01
    assert regularizers.L1L2(None, None).get_config() == {"l1": 0.0, "l2": 0.0}


def test_regularizer_base_class():
    assert float(regularizers.Regularizer()(W)) == 0.0
    with pytest.raises(NotImplementedError, match="get_config"):
        regularizers.Regularizer().get_config()
    assert "Regularizer object" in repr(regularizers.Regularizer())
    assert repr(regularizers.L1L2(0.5, 0.25)) == "L1L2(l1=0.5, l2=0.25)"


@pytest.mark.parametrize("cls, config", [
    (regularizers.L1, {"l1": 0.01}),
    (regularizers.L2, {"l2": 0.01}),
    (regularizers.L1L2, {"l1": 0.0, "l2": 0.0}),
    (regularizers.OrthogonalRegularizer, {"factor": 0.01, "mode": "rows"}),
])
def test_regularizer_default_configs(cls, config):
    assert cls().get_config() == config


def test_regularizer_serialize_round_trip():
    for regularizer in [regularizers.L1(0.3), regularizers.L2(0.2), regularizers.L1L2(0.1, 0.4),
                        regularizers.OrthogonalRegularizer(0.5, "columns")]:
        data = regularizers.serialize(regularizer)
        assert data == {"module": "keras.regularizers",
                        "class_name": type(regularizer).__name__,
                        "config": regularizer.get_config(), "registered_name": None}
        restored = regularizers.deserialize(data)
        assert type(restored) is type(regularizer)
        assert float(restored(W)) == float(regularizer(W))


def test_regularizer_get():
    assert regularizers.get(None) is None
    for name, cls in regularizers.ALL_OBJECTS_DICT.items():
        assert type(regularizers.get(name)) is cls
    assert regularizers.l1 is regularizers.L1 and regularizers.l1_l2 is regularizers.L1L2
    keras2 = regularizers.get("l1_l2")
    assert (keras2.l1, keras2.l2) == (0.01, 0.01)
    assert regularizers.get({"class_name": "L2", "config": {"l2": 0.3}}).l2 == 0.3
    assert type(regularizers.get(regularizers.L2)) is regularizers.L2
    l2 = regularizers.L2()
    assert regularizers.get(l2) is l2

    def weight_sum(w):
        return w.sum()

    assert regularizers.get(weight_sum) is weight_sum
    with pytest.raises(ValueError, match="Unknown regularizer: 'l3'.*L1L2.*l2"):
        regularizers.get("l3")
    with pytest.raises(ValueError, match="Could not interpret regularizer"):
        regularizers.get(0.01)


# Constraints.

def column_norms(w, axis=0):
    return np.sqrt(np.sum(w * w, axis=axis, keepdims=True))


@pytest.mark.parametrize("constraint, expected", [
    (constraints.NonNeg(), np.maximum(W, 0)),
    (constraints.MaxNorm(), W * np.clip(column_norms(W), 0, 2) / (EPS + column_norms(W))),
    (constraints.MaxNorm(1.0, axis=1),
     W * np.clip(column_norms(W, 1), 0, 1) / (EPS + column_norms(W, 1))),
    (constraints.UnitNorm(), W / (EPS + column_norms(W))),
    (constraints.UnitNorm(axis=1), W / (EPS + column_norms(W, 1))),
    (constraints.MinMaxNorm(), W * np.clip(column_norms(W), 0, 1) / (EPS + column_norms(W))),
    (constraints.MinMaxNorm(2.5, 3.0, rate=0.25),
     W * (0.25 * np.clip(column_norms(W), 2.5, 3.0) + 0.75 * column_norms(W))
     / (EPS + column_norms(W))),
])
def test_constraint_values(constraint, expected):
    result = constraint(W)
    assert isinstance(result, Tensor) and result.shape == W.shape
    np.testing.assert_allclose(np.asarray(result), expected, rtol=1e-12)


def test_max_norm_scales_only_long_columns():
    w = np.array([[3.0, 0.3], [4.0, 0.4]])  # column norms 5 and 0.5
    out = np.asarray(constraints.MaxNorm(2.0)(w))
    np.testing.assert_allclose(out[:, 0], [1.2, 1.6], rtol=1e-6)
    np.testing.assert_allclose(out[:, 1], w[:, 1], rtol=1e-6)


def test_conv_kernel_norms_per_filter():
    kernel = np.random.default_rng(1).normal(size=(3, 3, 4, 5))
    out = np.asarray(constraints.UnitNorm(axis=[0, 1, 2])(kernel))
    np.testing.assert_allclose(np.sqrt((out ** 2).sum(axis=(0, 1, 2))), np.ones(5), rtol=1e-6)
    out = np.asarray(constraints.MaxNorm(1.5, axis=(0, 1, 2))(kernel))
    np.testing.assert_allclose(np.sqrt((out ** 2).sum(axis=(0, 1, 2))), np.full(5, 1.5),
                               rtol=1e-6)


def test_constraints_accept_tensors_and_variables_and_keep_dtype():
    w32 = W.astype("float32")
    for constraint in [constraints.NonNeg(), constraints.MaxNorm(), constraints.UnitNorm(),
                       constraints.MinMaxNorm()]:
        from_array = np.asarray(constraint(w32))
        assert from_array.dtype == np.float32
        np.testing.assert_array_equal(np.asarray(constraint(Tensor(w32))), from_array)
        np.testing.assert_array_equal(np.asarray(constraint(Variable(w32))), from_array)
    variable = Variable(W, dtype="float64")
    variable.assign(constraints.NonNeg()(variable))
    np.testing.assert_array_equal(variable.numpy(), np.maximum(W, 0))


def test_constraint_base_class_and_epsilon():
    assert constraints.Constraint()(W) is W
    assert epsilon() == EPS


@pytest.mark.parametrize("cls, config", [
    (constraints.MaxNorm, {"max_value": 2, "axis": 0}),
    (constraints.NonNeg, {}),
    (constraints.UnitNorm, {"axis": 0}),
    (constraints.MinMaxNorm, {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}),
])
def test_constraint_default_configs(cls, config):
    assert cls().get_config() == config


def test_constraint_serialize_round_trip():
    for constraint in [constraints.MaxNorm(3.0, axis=1), constraints.NonNeg(),
                       constraints.UnitNorm(axis=[0, 1]), constraints.MinMaxNorm(0.5, 2.0, 0.5)]:
        data = constraints.serialize(constraint)
        assert data["module"] == "keras.constraints"
        assert data["class_name"] == type(constraint).__name__
        restored = constraints.deserialize(data)
        assert type(restored) is type(constraint)
        assert restored.get_config() == constraint.get_config()


def test_constraint_get():
    assert constraints.get(None) is None
    for name, cls in constraints.ALL_OBJECTS_DICT.items():
        assert type(constraints.get(name)) is cls
    assert constraints.max_norm is constraints.MaxNorm
    assert constraints.non_neg is constraints.NonNeg
    assert constraints.get({"class_name": "MaxNorm", "config": {"max_value": 4}}).max_value == 4
    unit = constraints.UnitNorm()
    assert constraints.get(unit) is unit

    def clip_to_one(w):
        return np.clip(w, -1, 1)

    assert constraints.get(clip_to_one) is clip_to_one
    with pytest.raises(ValueError, match="Unknown constraint: 'positive'.*max_norm.*non_neg"):
        constraints.get("positive")
    with pytest.raises(ValueError, match="Could not interpret constraint"):
        constraints.get(2)
