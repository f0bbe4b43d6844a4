"""Every metric's result after the same update_state calls equals Keras 3's, and 'accuracy'
resolves to the same class as in Keras's compile."""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

keras = pytest.importorskip("keras")

from kerasedu import metrics  # noqa: E402

pytestmark = pytest.mark.parity

N, K = 12, 4


def data(kind, seed):
    """float32 (y_true, y_pred, sample_weight) of one batch, suited to a family of metrics."""
    rng = np.random.default_rng(seed)
    weights = rng.uniform(0, 2, size=N).astype("float32")
    if kind == "binary":
        t, p = rng.integers(0, 2, size=(N, 1)), rng.uniform(size=(N, 1))
    elif kind == "multilabel":
        t, p = rng.integers(0, 2, size=(N, K)), rng.uniform(size=(N, K))
    elif kind == "logits":
        t, p = rng.integers(0, 2, size=(N, 1)), rng.normal(size=(N, 1)) * 3
    elif kind == "onehot":
        t = np.eye(K)[rng.integers(0, K, size=N)]
        p = rng.uniform(0.05, 1, size=(N, K))
        p = p / p.sum(-1, keepdims=True)
    elif kind == "sparse":
        t = rng.integers(0, K, size=N)
        p = rng.uniform(0.05, 1, size=(N, K))
        p = p / p.sum(-1, keepdims=True)
    elif kind == "regression":
        t, p = rng.normal(size=(N, K)), rng.normal(size=(N, K))
    elif kind == "positive":
        t, p = rng.uniform(0.1, 3, size=(N, K)), rng.uniform(0.1, 3, size=(N, K))
    elif kind == "exact":
        t = rng.integers(0, 3, size=(N, 1))
        p = np.where(rng.uniform(size=(N, 1)) < 0.5, t, rng.integers(0, 3, size=(N, 1)))
    return t.astype("float32"), p.astype("float32"), weights


METRICS = [
    ("Accuracy", {}, "exact"),
    ("BinaryAccuracy", {}, "binary"),
    ("BinaryAccuracy", {"threshold": 0.3}, "binary"),
    ("CategoricalAccuracy", {}, "onehot"),
    ("SparseCategoricalAccuracy", {}, "sparse"),
    ("TopKCategoricalAccuracy", {"k": 2}, "onehot"),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, "sparse"),
    ("MeanSquaredError", {}, "regression"),
    ("MeanAbsoluteError", {}, "regression"),
    ("MeanAbsolutePercentageError", {}, "positive"),
    ("MeanSquaredLogarithmicError", {}, "positive"),
    ("RootMeanSquaredError", {}, "regression"),
    ("CosineSimilarity", {}, "regression"),
    ("LogCoshError", {}, "regression"),
    ("Hinge", {}, "binary"),
    ("SquaredHinge", {}, "binary"),
    ("CategoricalHinge", {}, "onehot"),
    ("KLDivergence", {}, "onehot"),
    ("Poisson", {}, "positive"),
    ("BinaryCrossentropy", {}, "binary"),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, "logits"),
    ("CategoricalCrossentropy", {}, "onehot"),
    ("SparseCategoricalCrossentropy", {}, "sparse"),
    ("Precision", {}, "binary"),
    ("Precision", {"thresholds": [0.2, 0.5, 0.7]}, "multilabel"),
    ("Precision", {"thresholds": [0.0, 0.5, 1.0]}, "multilabel"),
    ("Precision", {"top_k": 2}, "multilabel"),
    ("Recall", {}, "binary"),
    ("Recall", {"thresholds": [0.3, 0.6]}, "multilabel"),
    ("Recall", {"class_id": 1}, "multilabel"),
    ("Recall", {"top_k": 1, "class_id": 2}, "multilabel"),
    ("TruePositives", {"thresholds": [0.3, 0.6]}, "binary"),
    ("FalsePositives", {}, "binary"),
    ("TrueNegatives", {}, "multilabel"),
    ("FalseNegatives", {"thresholds": [0.1, 0.9]}, "multilabel"),
    ("AUC", {}, "binary"),
    ("AUC", {"num_thresholds": 37}, "multilabel"),
    ("AUC", {"summation_method": "minoring"}, "binary"),
    ("AUC", {"summation_method": "majoring"}, "binary"),
    ("AUC", {"curve": "PR"}, "binary"),
    ("AUC", {"curve": "PR", "summation_method": "majoring"}, "multilabel"),
    ("AUC", {"from_logits": True}, "logits"),
    ("AUC", {"thresholds": [0.1, 0.4, 0.45, 0.8]}, "binary"),
    ("AUC", {"multi_label": True}, "multilabel"),
    ("AUC", {"multi_label": True, "curve": "PR", "label_weights": [1, 2, 0, 1]}, "multilabel"),
]
IDS = [f"{name}{'-' + '-'.join(kwargs) if kwargs else ''}" for name, kwargs, _ in METRICS]


def assert_same(ours, theirs):
    np.testing.assert_allclose(np.asarray(ours.numpy()), np.asarray(theirs), rtol=2e-5,
                               atol=2e-6)


@pytest.mark.parametrize("name, kwargs, kind", METRICS, ids=IDS)
def test_results_after_several_weighted_updates_and_reset(name, kwargs, kind):
    ours = getattr(metrics, name)(**kwargs)
    theirs = getattr(keras.metrics, name)(**kwargs)
    for seed in range(3):
        t, p, w = data(kind, seed)
        weights = None if seed == 1 else w
        ours.update_state(t, p, sample_weight=weights)
        theirs.update_state(t, p, sample_weight=weights)
        assert_same(ours.result(), theirs.result())
    ours.reset_state()
    theirs.reset_state()
    t, p, _ = data(kind, 7)
    ours.update_state(t, p)
    theirs.update_state(t, p)
    assert_same(ours.result(), theirs.result())
    assert ours.name == theirs.name or name in ("Precision", "Recall", "AUC") or \
        name.endswith("Positives") or name.endswith("Negatives")


def test_mean_and_sum_with_temporal_and_scalar_weights():
    rng = np.random.default_rng(3)
    values = rng.normal(size=(4, 3, 2)).astype("float32")
    for weights in (rng.uniform(size=(4, 3)), rng.uniform(size=4), np.float32(2.0), None):
        for name in ("Mean", "Sum"):
            ours, theirs = getattr(metrics, name)(), getattr(keras.metrics, name)()
            ours.update_state(values, sample_weight=weights)
            theirs.update_state(values, sample_weight=weights)
            ours.update_state(values[:2, 0, 0])
            theirs.update_state(values[:2, 0, 0])
            assert_same(ours.result(), theirs.result())


def test_sequence_accuracy_with_temporal_weights():
    rng = np.random.default_rng(4)
    labels = rng.integers(0, K, size=(3, 5)).astype("float32")
    scores = rng.uniform(size=(3, 5, K)).astype("float32")
    weights = rng.uniform(size=(3, 5)).astype("float32")
    ours, theirs = metrics.SparseCategoricalAccuracy(), keras.metrics.SparseCategoricalAccuracy()
    ours.update_state(labels, scores, sample_weight=weights)
    theirs.update_state(labels, scores, sample_weight=weights)
    assert_same(ours.result(), theirs.result())


@pytest.mark.parametrize("y_true_shape, y_pred_shape", [
    ((8, 1), (8, 1)), ((8,), (8, 1)), ((8,), (8, 10)), ((8, 1), (8, 10)), ((8, 10), (8, 10)),
    ((8, 5, 1), (8, 5, 3)), ((8, 5), (8, 5, 3)), ((8, 5, 3), (8, 5, 3)), ((8, 2), (8, 2)),
])
def test_accuracy_resolution_matches_compile(y_true_shape, y_pred_shape):
    from keras.src.trainers.compile_utils import get_metric

    y_true, y_pred = np.zeros(y_true_shape), np.zeros(y_pred_shape)
    for identifier in ("accuracy", "acc"):
        theirs = get_metric(identifier, y_true, y_pred)
        ours = metrics.get_compile_metric(identifier, y_true, y_pred)
        assert type(ours).__name__ == type(theirs).__name__
        assert ours.name == theirs.name == identifier


@pytest.mark.parametrize("identifier", ["mae", "mse", "binary_accuracy", "auc",
                                        "categorical_crossentropy", "Precision"])
def test_compile_metric_names_match(identifier):
    from keras.src.trainers.compile_utils import get_metric

    y = np.zeros((8, 1))
    theirs = get_metric(identifier, y, y)
    ours = metrics.get_compile_metric(identifier, y, y)
    assert type(ours).__name__ == type(theirs).__name__ and ours.name == theirs.name
