"""Losses: values against independent numpy formulas, float64 gradients against finite
differences, reductions, sample weights, masks, label smoothing, logits, serialization."""

import numpy as np
import pytest

from kerasedu import losses
from kerasedu.backend import Tensor, Variable
from kerasedu.backend.gradcheck import assert_gradients_match

EPS = 1e-7
RNG = np.random.default_rng(1234)


def probabilities(shape, low=0.05, high=0.95, seed=0):
    return np.random.default_rng(seed).uniform(low, high, size=shape)


def distributions(shape, seed=0):
    x = np.random.default_rng(seed).uniform(0.1, 1.0, size=shape)
    return x / x.sum(-1, keepdims=True)


def one_hot(labels, classes):
    return np.eye(classes)[labels]


# Independent numpy formulas (float64), per sample: mean or sum over the last axis.

def np_log_softmax(z):
    shifted = z - z.max(-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))


REFERENCE = {
    "mean_squared_error": lambda t, p: ((t - p) ** 2).mean(-1),
    "mean_absolute_error": lambda t, p: np.abs(t - p).mean(-1),
    "mean_absolute_percentage_error":
        lambda t, p: 100 * (np.abs(t - p) / np.maximum(np.abs(t), EPS)).mean(-1),
    "mean_squared_logarithmic_error":
        lambda t, p: ((np.log1p(np.maximum(p, EPS)) - np.log1p(np.maximum(t, EPS))) ** 2).mean(-1),
    "huber": lambda t, p: np.where(np.abs(p - t) <= 1.0, 0.5 * (p - t) ** 2,
                                   np.abs(p - t) - 0.5).mean(-1),
    "log_cosh": lambda t, p: np.log(np.cosh(p - t)).mean(-1),
    "cosine_similarity": lambda t, p: -np.sum(t * p, -1) / (np.linalg.norm(t, axis=-1) *
                                                           np.linalg.norm(p, axis=-1)),
    "kl_divergence": lambda t, p: np.sum(np.clip(t, EPS, 1) *
                                         np.log(np.clip(t, EPS, 1) / np.clip(p, EPS, 1)), -1),
    "poisson": lambda t, p: (p - t * np.log(p + EPS)).mean(-1),
    "binary_crossentropy": lambda t, p: -(t * np.log(p) + (1 - t) * np.log(1 - p)).mean(-1),
    "categorical_crossentropy":
        lambda t, p: -np.sum(t * np.log(p / p.sum(-1, keepdims=True)), -1),
    "hinge": lambda t, p: np.maximum(1 - (2 * t - 1) * p, 0).mean(-1),
    "squared_hinge": lambda t, p: (np.maximum(1 - (2 * t - 1) * p, 0) ** 2).mean(-1),
    "categorical_hinge": lambda t, p: np.maximum(
        np.max((1 - t) * p, -1) - np.sum(t * p, -1) + 1, 0),
}


def targets_and_predictions(name, shape, seed=0):
    """Inputs for ``name`` kept away from clipping bounds and kinks (so gradients exist)."""
    rng = np.random.default_rng(seed)
    if name in ("binary_crossentropy", "hinge", "squared_hinge"):
        t = rng.integers(0, 2, size=shape).astype(float)
        if name == "binary_crossentropy":
            return t, probabilities(shape, seed=seed + 1)
        p = rng.uniform(-0.8, 0.8, size=shape)
        return t, p
    if name in ("categorical_crossentropy", "categorical_hinge", "kl_divergence"):
        labels = rng.integers(0, shape[-1], size=shape[:-1])
        t = one_hot(labels, shape[-1]) if name != "kl_divergence" else distributions(shape, seed)
        p = distributions(shape, seed + 1) if name != "categorical_hinge" else \
            rng.uniform(-1, 1, size=shape) * 0.3
        return t, p
    if name in ("mean_squared_logarithmic_error", "poisson", "mean_absolute_percentage_error"):
        return rng.uniform(0.5, 2.0, size=shape), rng.uniform(0.5, 2.0, size=shape) + 0.01
    t = rng.normal(size=shape)
    p = t + rng.choice([-1, 1], size=shape) * rng.uniform(0.1, 0.8, size=shape)
    if name == "huber":
        p = t + rng.choice([-1, 1], size=shape) * rng.choice([0.5, 1.6], size=shape)
    return t, p


@pytest.mark.parametrize("name", sorted(REFERENCE))
@pytest.mark.parametrize("shape", [(4, 3), (2, 3, 5)])
def test_loss_function_matches_numpy_formula(name, shape):
    t, p = targets_and_predictions(name, shape)
    result = getattr(losses, name)(t, p)
    assert isinstance(result, Tensor)
    assert result.shape == shape[:-1]
    np.testing.assert_allclose(result.numpy(), REFERENCE[name](t, p), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_loss_function_gradient_matches_finite_differences(name):
    t, p = targets_and_predictions(name, (3, 4), seed=5)
    function = getattr(losses, name)
    assert_gradients_match(lambda pred: function(t, pred), p)


@pytest.mark.parametrize("name", ["mean_squared_error", "mean_absolute_error", "huber",
                                  "log_cosh", "cosine_similarity"])
def test_regression_gradient_with_respect_to_targets(name):
    t, p = targets_and_predictions(name, (3, 4), seed=7)
    assert_gradients_match(getattr(losses, name), t, p)


def test_huber_delta_and_gradient():
    t = np.array([[0.0, 0.0, 0.0]])
    p = np.array([[0.5, 2.5, -4.0]])
    expected = np.mean([0.5 * 0.25, 2.0 * 2.5 - 2.0, 2.0 * 4.0 - 2.0])
    np.testing.assert_allclose(losses.huber(t, p, delta=2.0).numpy(), [expected])
    assert_gradients_match(lambda pred: losses.huber(t, pred, delta=2.0), p)


def test_log_cosh_is_stable_for_large_errors():
    value = losses.log_cosh(np.zeros((1, 2)), np.array([[800.0, -900.0]])).numpy()
    np.testing.assert_allclose(value, [np.mean([800 - np.log(2), 900 - np.log(2)])])


def test_cosine_similarity_along_other_axis_and_zero_vector():
    t, p = RNG.normal(size=(2, 3, 4)), RNG.normal(size=(2, 3, 4))
    expected = -np.sum(t * p, 1) / (np.linalg.norm(t, axis=1) * np.linalg.norm(p, axis=1))
    np.testing.assert_allclose(losses.cosine_similarity(t, p, axis=1).numpy(), expected,
                               rtol=1e-6)
    zero = losses.cosine_similarity(np.zeros((1, 3)), np.ones((1, 3))).numpy()
    np.testing.assert_allclose(zero, [0.0])


def test_hinge_keeps_signed_labels():
    t = np.array([[-1.0, 1.0, 1.0]])
    p = np.array([[0.3, 0.4, -2.0]])
    np.testing.assert_allclose(losses.hinge(t, p).numpy(), [np.mean([1.3, 0.6, 3.0])])


# Cross-entropies: logits, label smoothing, sparse labels.

def test_binary_crossentropy_from_logits_matches_sigmoid_formula():
    t = RNG.integers(0, 2, size=(4, 3)).astype(float)
    z = RNG.normal(size=(4, 3)) * 3
    expected = (t * np.log1p(np.exp(-z)) + (1 - t) * np.log1p(np.exp(z))).mean(-1)
    np.testing.assert_allclose(losses.binary_crossentropy(t, z, from_logits=True).numpy(),
                               expected, rtol=1e-10)
    assert_gradients_match(lambda logits: losses.binary_crossentropy(t, logits,
                                                                     from_logits=True), z)


def test_binary_crossentropy_clips_probabilities():
    value = losses.binary_crossentropy(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]])).numpy()
    np.testing.assert_allclose(value, [-np.log(EPS)], rtol=1e-6)


def test_binary_crossentropy_label_smoothing_and_axis():
    t = RNG.integers(0, 2, size=(2, 3, 4)).astype(float)
    p = probabilities((2, 3, 4), seed=3)
    smoothed = t * 0.8 + 0.1
    elementwise = -(smoothed * np.log(p) + (1 - smoothed) * np.log(1 - p))
    result = losses.binary_crossentropy(t, p, label_smoothing=0.2, axis=1)
    np.testing.assert_allclose(result.numpy(), elementwise.mean(1), rtol=1e-10)


def test_categorical_crossentropy_from_logits_and_label_smoothing():
    labels = RNG.integers(0, 5, size=4)
    t, z = one_hot(labels, 5), RNG.normal(size=(4, 5))
    smoothed = t * 0.9 + 0.1 / 5
    expected = -np.sum(smoothed * np_log_softmax(z), -1)
    result = losses.categorical_crossentropy(t, z, from_logits=True, label_smoothing=0.1)
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-10)
    assert_gradients_match(
        lambda logits: losses.categorical_crossentropy(t, logits, from_logits=True,
                                                       label_smoothing=0.1), z)


def test_sparse_categorical_crossentropy_matches_one_hot_version():
    labels = RNG.integers(0, 4, size=(3, 2))
    p = distributions((3, 2, 4), seed=2)
    expected = -np.log(np.take_along_axis(p, labels[..., None], -1)[..., 0])
    np.testing.assert_allclose(losses.sparse_categorical_crossentropy(labels, p).numpy(),
                               expected, rtol=1e-10)
    np.testing.assert_allclose(
        losses.sparse_categorical_crossentropy(labels[..., None], p).numpy(), expected,
        rtol=1e-10)
    z = RNG.normal(size=(3, 2, 4))
    expected_logits = -np.take_along_axis(np_log_softmax(z), labels[..., None], -1)[..., 0]
    np.testing.assert_allclose(
        losses.sparse_categorical_crossentropy(labels, z, from_logits=True).numpy(),
        expected_logits, rtol=1e-10)
    assert_gradients_match(lambda pred: losses.sparse_categorical_crossentropy(labels, pred), p)


def test_sparse_categorical_crossentropy_ignore_class_averages_over_the_rest():
    labels = np.array([0, 2, -1, 1])
    z = RNG.normal(size=(4, 3))
    per_sample = -np_log_softmax(z)[np.arange(4), np.maximum(labels, 0)]
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1,
                                                dtype="float64")
    valid = labels != -1
    np.testing.assert_allclose(float(loss(labels, z)), per_sample[valid].mean(), rtol=1e-10)
    unreduced = losses.sparse_categorical_crossentropy(labels, z, from_logits=True,
                                                       ignore_class=-1).numpy()
    np.testing.assert_allclose(unreduced, np.where(valid, per_sample, 0.0), rtol=1e-10)
    assert_gradients_match(lambda logits: loss(labels, logits), z)


# Reductions and sample weights.

def per_sample_mse(t, p):
    return ((t - p) ** 2).mean(-1)


@pytest.mark.parametrize("reduction, reduce", [
    ("sum_over_batch_size", lambda wl, w: wl.sum() / wl.size),
    ("mean", lambda wl, w: wl.sum() / wl.size),
    ("sum", lambda wl, w: wl.sum()),
    ("mean_with_sample_weight", lambda wl, w: wl.sum() / w.sum()),
    ("none", lambda wl, w: wl),
    (None, lambda wl, w: wl),
])
def test_each_reduction_with_per_sample_weights(reduction, reduce):
    t, p = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 3))
    w = np.array([1.0, 0.0, 2.0, 0.5, 3.0])
    loss = losses.MeanSquaredError(reduction=reduction, dtype="float64")
    weighted = per_sample_mse(t, p) * w
    np.testing.assert_allclose(np.asarray(loss(t, p, sample_weight=w).numpy()),
                               reduce(weighted, w), rtol=1e-12)


def test_default_reduction_is_not_divided_by_the_weights():
    t, p = np.zeros((4, 1)), np.ones((4, 1))
    loss = losses.MeanSquaredError()
    assert float(loss(t, p)) == pytest.approx(1.0)
    assert float(loss(t, p, sample_weight=np.array([1.0, 1.0, 0.0, 0.0]))) == pytest.approx(0.5)


def test_temporal_sample_weights_for_sequence_outputs():
    t = RNG.integers(0, 4, size=(2, 3))
    z = RNG.normal(size=(2, 3, 4))
    w = np.array([[1.0, 1.0, 0.0], [0.5, 2.0, 1.0]])
    per_step = -np.take_along_axis(np_log_softmax(z), t[..., None], -1)[..., 0]
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
    np.testing.assert_allclose(float(loss(t, z, sample_weight=w)), (per_step * w).sum() / 6,
                               rtol=1e-12)
    assert_gradients_match(lambda logits: loss(t, logits, sample_weight=w), z)


def test_per_sample_weights_for_sequence_outputs_weigh_every_step():
    t, p = RNG.normal(size=(2, 3, 4)), RNG.normal(size=(2, 3, 4))
    w = np.array([2.0, 0.5])
    per_step = per_sample_mse(t, p)
    loss = losses.MeanSquaredError(dtype="float64")
    np.testing.assert_allclose(float(loss(t, p, sample_weight=w)),
                               (per_step * w[:, None]).sum() / 6, rtol=1e-12)


def test_weights_of_shape_n_by_1_and_scalar_weights():
    t, p = RNG.normal(size=(4, 2)), RNG.normal(size=(4, 2))
    w = np.array([1.0, 2.0, 3.0, 4.0])
    loss = losses.MeanSquaredError(dtype="float64")
    expected = (per_sample_mse(t, p) * w).sum() / 4
    assert float(loss(t, p, sample_weight=w[:, None])) == pytest.approx(expected)
    assert float(loss(t, p, sample_weight=2.0)) == pytest.approx(2 * per_sample_mse(t, p).mean())


def test_loss_class_gradient_with_weights():
    t, p = targets_and_predictions("binary_crossentropy", (4, 2), seed=11)
    loss = losses.BinaryCrossentropy(label_smoothing=0.1, dtype="float64")
    w = np.array([1.0, 0.0, 2.0, 0.5])
    assert_gradients_match(lambda pred: loss(t, pred, sample_weight=w), p)


def test_mask_on_predictions_averages_over_unmasked_steps():
    t, p = RNG.normal(size=(2, 3, 1)), RNG.normal(size=(2, 3, 1))
    mask = np.array([[True, True, False], [True, False, False]])
    prediction = Tensor(p)
    prediction._keras_mask = mask
    per_step = ((t - p) ** 2)[..., 0]
    loss = losses.MeanSquaredError(dtype="float64")
    np.testing.assert_allclose(float(loss(t, prediction)), per_step[mask].mean(), rtol=1e-12)
    summed = losses.MeanSquaredError(reduction="sum", dtype="float64")(t, prediction)
    np.testing.assert_allclose(float(summed), per_step[mask].sum(), rtol=1e-12)


def test_rank_difference_of_a_trailing_axis_is_reconciled():
    t, p = RNG.normal(size=4), RNG.normal(size=(4, 1))
    np.testing.assert_allclose(float(losses.MeanSquaredError(dtype="float64")(t, p)),
                               ((t - p[:, 0]) ** 2).mean(), rtol=1e-12)
    np.testing.assert_allclose(float(losses.MeanSquaredError(dtype="float64")(p, t)),
                               ((t - p[:, 0]) ** 2).mean(), rtol=1e-12)


def test_loss_casts_to_its_dtype():
    result = losses.MeanSquaredError()(np.zeros((2, 2)), np.ones((2, 2)))
    assert result.dtype == np.float32
    assert losses.mean_squared_error([[0, 1]], [[1, 1]]).dtype == np.float32


def test_loss_result_trains_a_variable():
    w = Variable(np.array([[0.5], [-0.5]]), dtype="float64")
    from kerasedu.backend import GradientTape, ops
    x, y = np.array([[1.0, 2.0]]), np.array([[1.0]])
    with GradientTape() as tape:
        value = losses.MeanSquaredError(dtype="float64")(y, ops.matmul(x, w))
    grad = tape.gradient(value, w)
    residual = (x @ w.numpy() - y)[0, 0]
    np.testing.assert_allclose(grad, 2 * residual * x.T, rtol=1e-12)


# Errors.

def test_mismatched_shapes_name_both_shapes():
    with pytest.raises(ValueError, match=r"\(4, 3\).*\(4, 2\)"):
        losses.MeanSquaredError()(np.zeros((4, 3)), np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"\(4, 3\).*\(4, 2\)"):
        losses.binary_crossentropy(np.zeros((4, 3)), np.full((4, 2), 0.5))
    with pytest.raises(ValueError, match=r"\(4,\).*\(4, 3\)"):
        losses.categorical_crossentropy(np.zeros(4), np.full((4, 3), 0.3))
    with pytest.raises(ValueError, match="one-hot"):
        losses.sparse_categorical_crossentropy(np.eye(3), np.full((3, 3), 0.3))


def test_bad_sample_weight_shape_and_reduction_are_reported():
    with pytest.raises(ValueError, match=r"sample_weight of shape \(3,\)"):
        losses.MeanSquaredError()(np.zeros((4, 2)), np.zeros((4, 2)), sample_weight=np.ones(3))
    with pytest.raises(ValueError, match="reduction"):
        losses.MeanSquaredError(reduction="average")


# Lookup and serialization.

@pytest.mark.parametrize("identifier, expected", [
    ("mse", losses.mean_squared_error), ("MSE", losses.mean_squared_error),
    ("mae", losses.mean_absolute_error), ("mape", losses.mean_absolute_percentage_error),
    ("msle", losses.mean_squared_logarithmic_error), ("kld", losses.kl_divergence),
    ("logcosh", losses.log_cosh), ("binary_crossentropy", losses.binary_crossentropy),
    ("hinge", losses.hinge),
])
def test_get_function_names(identifier, expected):
    assert losses.get(identifier) is expected


def test_get_class_names_configs_and_objects():
    loss = losses.get("CategoricalCrossentropy")
    assert isinstance(loss, losses.CategoricalCrossentropy)
    configured = losses.get({"class_name": "CategoricalCrossentropy",
                             "config": {"from_logits": True}})
    assert configured.from_logits is True
    assert losses.get(loss) is loss
    assert losses.get(None) is None
    with pytest.raises(ValueError, match="nonsense"):
        losses.get("nonsense")


@pytest.mark.parametrize("loss, expected", [
    (losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1),
     {"name": "binary_crossentropy", "reduction": "sum_over_batch_size", "from_logits": True,
      "label_smoothing": 0.1, "axis": -1}),
    (losses.SparseCategoricalCrossentropy(ignore_class=0, reduction="sum"),
     {"name": "sparse_categorical_crossentropy", "reduction": "sum", "from_logits": False,
      "ignore_class": 0, "axis": -1}),
    (losses.Huber(delta=2.0), {"name": "huber_loss", "reduction": "sum_over_batch_size",
                               "delta": 2.0}),
    (losses.CosineSimilarity(axis=1, name="cos"), {"name": "cos", "axis": 1,
                                                   "reduction": "sum_over_batch_size"}),
    (losses.MeanSquaredError(reduction=None), {"name": "mean_squared_error",
                                               "reduction": None}),
])
def test_get_config_and_round_trip(loss, expected):
    assert loss.get_config() == expected
    data = losses.serialize(loss)
    assert data["class_name"] == type(loss).__name__
    restored = losses.deserialize(data)
    assert type(restored) is type(loss) and restored.get_config() == expected


def test_function_wrapper_round_trip_and_keras2_dict():
    wrapper = losses.LossFunctionWrapper(losses.huber, name="h", delta=0.5)
    config = wrapper.get_config()
    assert config["fn"] == {"module": "builtins", "class_name": "function", "config": "huber",
                            "registered_name": "function"}
    assert config["delta"] == 0.5
    restored = losses.deserialize(losses.serialize(wrapper))
    t, p = RNG.normal(size=(3, 2)), RNG.normal(size=(3, 2))
    np.testing.assert_allclose(float(restored(t, p)), float(wrapper(t, p)))
    keras2 = losses.deserialize({"class_name": "MeanAbsoluteError", "config": {}})
    assert isinstance(keras2, losses.MeanAbsoluteError)
    assert losses.serialize(losses.mse)["config"] == "mean_squared_error"
    assert losses.deserialize(losses.serialize(losses.mse)) is losses.mean_squared_error


def test_custom_loss_subclass():
    class Scaled(losses.Loss):
        def call(self, y_true, y_pred):
            return losses.mean_squared_error(y_true, y_pred) * 3.0

    loss = Scaled(name="scaled")
    assert float(loss(np.zeros((2, 1)), np.ones((2, 1)))) == pytest.approx(3.0)
    assert loss.get_config() == {"name": "scaled", "reduction": "sum_over_batch_size"}
    with pytest.raises(NotImplementedError, match="call"):
        losses.Loss()(np.zeros(2), np.zeros(2))


def test_compile_loss_resolution():
    ce = losses.get_compile_loss("crossentropy", (8, 1), (8, 1))
    assert ce.fn is losses.binary_crossentropy and ce.name == "crossentropy"
    assert losses.get_compile_loss("ce", (8,), (8, 10)).fn is \
        losses.sparse_categorical_crossentropy
    assert losses.get_compile_loss("ce", (8, 10), (8, 10)).fn is losses.categorical_crossentropy
    wrapped = losses.get_compile_loss("mse", (8, 1), (8, 1))
    assert isinstance(wrapped, losses.LossFunctionWrapper) and wrapped.name == "mse"
    instance = losses.Huber()
    assert losses.get_compile_loss(instance, None, None) is instance


def test_function_wrapper_finds_its_function_by_name():
    restored = losses.LossFunctionWrapper.from_config({"fn": "mean_absolute_error",
                                                       "name": "m"})
    assert restored.fn is losses.mean_absolute_error
    assert losses.LossFunctionWrapper.from_config({"fn": "mae", "name": "m"}).fn \
        is losses.mean_absolute_error
    with pytest.raises(ValueError, match="Unknown loss function: 'my_loss'"):
        losses.LossFunctionWrapper.from_config({"fn": "my_loss", "name": "m"})

    def my_loss(y_true, y_pred):
        return y_pred

    from kerasedu.saving import custom_object_scope
    with custom_object_scope({"my_loss": my_loss}):
        assert losses.LossFunctionWrapper.from_config({"fn": "my_loss"}).fn is my_loss
