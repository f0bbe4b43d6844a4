"""Every loss, every reduction, with and without sample weights: kerasedu equals Keras 3."""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

keras = pytest.importorskip("keras")

from kerasedu import losses  # noqa: E402

pytestmark = pytest.mark.parity

REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None]


def inputs(kind, shape, seed=0):
    """float32 (y_true, y_pred) suited to a family of losses."""
    rng = np.random.default_rng(seed)
    classes = shape[-1]
    if kind == "regression":
        t, p = rng.normal(size=shape), rng.normal(size=shape)
    elif kind == "positive":
        t, p = rng.uniform(0.1, 3, size=shape), rng.uniform(0.1, 3, size=shape)
    elif kind == "binary":
        t, p = rng.integers(0, 2, size=shape), rng.uniform(0.02, 0.98, size=shape)
    elif kind == "signed":
        t, p = rng.integers(0, 2, size=shape), rng.normal(size=shape)
    elif kind == "logits":
        t, p = rng.integers(0, 2, size=shape), rng.normal(size=shape) * 3
    elif kind in ("onehot", "onehot_logits"):
        t = np.eye(classes)[rng.integers(0, classes, size=shape[:-1])]
        p = rng.uniform(0.05, 1, size=shape)
        p = p / p.sum(-1, keepdims=True) if kind == "onehot" else rng.normal(size=shape) * 2
    elif kind in ("sparse", "sparse_logits"):
        t = rng.integers(0, classes, size=shape[:-1])
        p = rng.uniform(0.05, 1, size=shape)
        p = p / p.sum(-1, keepdims=True) if kind == "sparse" else rng.normal(size=shape) * 2
    elif kind == "distribution":
        t, p = rng.uniform(0.01, 1, size=shape), rng.uniform(0.01, 1, size=shape)
        t, p = t / t.sum(-1, keepdims=True), p / p.sum(-1, keepdims=True)
    return t.astype("float32"), p.astype("float32")


LOSSES = [
    ("MeanSquaredError", {}, "regression"),
    ("MeanAbsoluteError", {}, "regression"),
    ("MeanAbsolutePercentageError", {}, "positive"),
    ("MeanSquaredLogarithmicError", {}, "positive"),
    ("CosineSimilarity", {}, "regression"),
    ("Huber", {"delta": 0.7}, "regression"),
    ("LogCosh", {}, "regression"),
    ("Hinge", {}, "signed"),
    ("SquaredHinge", {}, "signed"),
    ("CategoricalHinge", {}, "onehot"),
    ("KLDivergence", {}, "distribution"),
    ("Poisson", {}, "positive"),
    ("BinaryCrossentropy", {}, "binary"),
    ("BinaryCrossentropy", {"from_logits": True}, "logits"),
    ("BinaryCrossentropy", {"label_smoothing": 0.2}, "binary"),
    ("CategoricalCrossentropy", {}, "onehot"),
    ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, "onehot_logits"),
    ("SparseCategoricalCrossentropy", {}, "sparse"),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, "sparse_logits"),
]
IDS = [f"{name}{'-' + '-'.join(kwargs) if kwargs else ''}" for name, kwargs, _ in LOSSES]


def assert_same(ours, theirs):
    np.testing.assert_allclose(np.asarray(ours.numpy()), np.asarray(theirs), rtol=2e-5,
                               atol=1e-6)


@pytest.mark.parametrize("name, kwargs, kind", LOSSES, ids=IDS)
def test_every_reduction_with_and_without_weights(name, kwargs, kind):
    t, p = inputs(kind, (6, 4))
    weights = np.random.default_rng(1).uniform(0, 2, size=6).astype("float32")
    for reduction in REDUCTIONS:
        ours = getattr(losses, name)(reduction=reduction, **kwargs)
        theirs = getattr(keras.losses, name)(reduction=reduction, **kwargs)
        assert_same(ours(t, p), theirs(t, p))
        assert_same(ours(t, p, sample_weight=weights), theirs(t, p, sample_weight=weights))


@pytest.mark.parametrize("name, kwargs, kind", LOSSES, ids=IDS)
def test_temporal_outputs_with_temporal_weights(name, kwargs, kind):
    t, p = inputs(kind, (3, 5, 4), seed=2)
    weights = np.random.default_rng(3).uniform(0, 2, size=(3, 5)).astype("float32")
    for reduction in ("sum_over_batch_size", "mean_with_sample_weight", "none"):
        ours = getattr(losses, name)(reduction=reduction, **kwargs)
        theirs = getattr(keras.losses, name)(reduction=reduction, **kwargs)
        assert_same(ours(t, p, sample_weight=weights), theirs(t, p, sample_weight=weights))


FUNCTIONS = [
    ("mean_squared_error", "regression"), ("mean_absolute_error", "regression"),
    ("mean_absolute_percentage_error", "positive"),
    ("mean_squared_logarithmic_error", "positive"), ("cosine_similarity", "regression"),
    ("huber", "regression"), ("log_cosh", "regression"), ("hinge", "signed"),
    ("squared_hinge", "signed"), ("categorical_hinge", "onehot"),
    ("kl_divergence", "distribution"), ("poisson", "positive"),
    ("binary_crossentropy", "binary"), ("categorical_crossentropy", "onehot"),
    ("sparse_categorical_crossentropy", "sparse"),
]


@pytest.mark.parametrize("name, kind", FUNCTIONS, ids=[n for n, _ in FUNCTIONS])
def test_function_forms(name, kind):
    t, p = inputs(kind, (2, 3, 4), seed=4)
    assert_same(getattr(losses, name)(t, p), getattr(keras.losses, name)(t, p))


def test_binary_crossentropy_on_labels_with_one_axis_fewer():
    t, p = inputs("binary", (6, 1), seed=5)
    for reduction in REDUCTIONS:
        assert_same(losses.BinaryCrossentropy(reduction=reduction)(t[:, 0], p),
                    keras.losses.BinaryCrossentropy(reduction=reduction)(t[:, 0], p))


def test_sparse_labels_with_trailing_axis_and_ignore_class():
    t, p = inputs("sparse_logits", (8, 5), seed=6)
    t[[1, 4]] = 3
    for reduction in ("sum_over_batch_size", "sum", "none"):
        ours = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=3,
                                                    reduction=reduction)
        theirs = keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=3,
                                                            reduction=reduction)
        assert_same(ours(t[:, None], p), theirs(t[:, None], p))


def test_huber_and_cosine_arguments_and_axis():
    t, p = inputs("regression", (3, 4, 5), seed=7)
    assert_same(losses.CosineSimilarity(axis=1)(t, p), keras.losses.CosineSimilarity(axis=1)(t, p))
    assert_same(losses.binary_crossentropy((t > 0).astype("float32"), p, from_logits=True,
                                           axis=1),
                keras.losses.binary_crossentropy((t > 0).astype("float32"), p,
                                                 from_logits=True, axis=1))
    assert_same(losses.huber(t, p, delta=2.5), keras.losses.huber(t, p, delta=2.5))


@pytest.mark.parametrize("name, kwargs, kind", LOSSES, ids=IDS)
def test_config_keys_cover_keras(name, kwargs, kind):
    ours = getattr(losses, name)(**kwargs).get_config()
    theirs = getattr(keras.losses, name)(**kwargs).get_config()
    for key, value in theirs.items():
        assert ours[key] == value, key
