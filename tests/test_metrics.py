"""Metrics: values against numpy formulas, state across several update_state calls,
reset_state, sample weights, thresholds, AUC, accuracy resolution, lookup and configs."""

import numpy as np
import pytest

from kerasedu import metrics
from kerasedu.backend import Tensor

RNG = np.random.default_rng(7)


def batches(count=3, size=6, classes=4, seed=0):
    """(y_true labels, y_pred probabilities, sample weights) for several batches."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        labels = rng.integers(0, classes, size=size)
        scores = rng.uniform(0.01, 1.0, size=(size, classes))
        out.append((labels, scores / scores.sum(-1, keepdims=True),
                    rng.uniform(0.0, 2.0, size=size)))
    return out


# Mean and Sum.

def test_mean_and_sum_accumulate_across_calls_and_reset():
    mean, total = metrics.Mean(), metrics.Sum()
    for values in ([1.0, 3.0], [5.0, 7.0]):
        mean.update_state(values)
        total.update_state(values)
    assert float(mean.result()) == pytest.approx(4.0)
    assert float(total.result()) == pytest.approx(16.0)
    mean.update_state([10.0], sample_weight=[2.0])
    assert float(mean.result()) == pytest.approx((16 + 20) / 6)
    mean.reset_state()
    total.reset_state()
    assert float(mean.result()) == 0.0 and float(total.result()) == 0.0
    assert [v.name for v in mean.variables] == ["total", "count"]


def test_mean_with_weights_reduces_to_the_weights_rank():
    values = np.arange(12.0).reshape(2, 3, 2)
    weights = np.array([[1.0, 0.0, 2.0], [0.5, 0.5, 1.0]])
    mean = metrics.Mean()
    mean.update_state(values, sample_weight=weights)
    per_step = values.mean(-1)
    assert float(mean.result()) == pytest.approx((per_step * weights).sum() /
                                                 weights.mean(-1).sum() / 3)


def test_mean_metric_wrapper_of_a_custom_function():
    def absolute_error(y_true, y_pred):
        return np.abs(np.asarray(y_true) - np.asarray(y_pred)).mean(-1)

    metric = metrics.MeanMetricWrapper(absolute_error, name="abs_err")
    metric.update_state([[1.0, 2.0]], [[2.0, 4.0]])
    metric.update_state([[0.0, 0.0], [1.0, 1.0]], [[0.0, 0.0], [1.0, 2.0]])
    assert float(metric.result()) == pytest.approx((1.5 + 0 + 0.5) / 3)
    assert metric.name == "abs_err"


# Accuracy family.

def test_accuracy_functions_per_sample():
    np.testing.assert_array_equal(metrics.accuracy([1, 2, 3], [1, 0, 3]).numpy(), [1, 0, 1])
    np.testing.assert_array_equal(
        metrics.binary_accuracy([[1], [0], [1]], [[0.7], [0.6], [0.2]]).numpy(), [[1], [0], [0]])
    np.testing.assert_array_equal(
        metrics.binary_accuracy([1, 0], [0.3, 0.1], threshold=0.2).numpy(), [1, 1])
    y_true = np.array([[0, 0, 1], [0, 1, 0]])
    y_pred = np.array([[0.1, 0.2, 0.7], [0.5, 0.3, 0.2]])
    np.testing.assert_array_equal(metrics.categorical_accuracy(y_true, y_pred).numpy(), [1, 0])
    np.testing.assert_array_equal(
        metrics.sparse_categorical_accuracy([[2], [1]], y_pred).numpy(), [1, 0])
    np.testing.assert_array_equal(
        metrics.top_k_categorical_accuracy(y_true, y_pred, k=2).numpy(), [1, 1])
    np.testing.assert_array_equal(
        metrics.sparse_top_k_categorical_accuracy([2, 2], y_pred, k=1).numpy(), [1, 0])
    assert metrics.accuracy([1], [1]).dtype == np.float32


def test_top_k_counts_ties_as_inside():
    y_pred = np.array([[0.3, 0.3, 0.3, 0.1]])
    np.testing.assert_array_equal(
        metrics.sparse_top_k_categorical_accuracy([2], y_pred, k=1).numpy(), [1])
    np.testing.assert_array_equal(
        metrics.sparse_top_k_categorical_accuracy([[0]], [[3, 0, 1]], k=2,
                                                  from_sorted_ids=True).numpy(), [[1]])


@pytest.mark.parametrize("metric, function", [
    (metrics.SparseCategoricalAccuracy, lambda t, p: (p.argmax(-1) == t)),
    (metrics.CategoricalAccuracy, lambda t, p: (p.argmax(-1) == t)),
    (lambda: metrics.SparseTopKCategoricalAccuracy(k=2),
     lambda t, p: (p > p[np.arange(len(t)), t][:, None]).sum(-1) < 2),
    (lambda: metrics.TopKCategoricalAccuracy(k=3),
     lambda t, p: (p > p[np.arange(len(t)), t][:, None]).sum(-1) < 3),
])
def test_accuracy_classes_are_weighted_running_means(metric, function):
    m = metric()
    one_hot = isinstance(m, (metrics.CategoricalAccuracy, metrics.TopKCategoricalAccuracy))
    matches, weights = [], []
    for labels, probs, w in batches():
        m.update_state(np.eye(4)[labels] if one_hot else labels, probs, sample_weight=w)
        matches.append(function(labels, probs))
        weights.append(w)
    matches, weights = np.concatenate(matches), np.concatenate(weights)
    assert float(m.result()) == pytest.approx((matches * weights).sum() / weights.sum(),
                                              rel=1e-6)
    m.reset_state()
    labels, probs, _ = batches(1, seed=9)[0]
    m.update_state(np.eye(4)[labels] if one_hot else labels, probs)
    assert float(m.result()) == pytest.approx(function(labels, probs).mean(), rel=1e-6)


def test_binary_accuracy_threshold_and_units():
    m = metrics.BinaryAccuracy(threshold=0.6)
    m.update_state([[1, 0], [1, 1]], [[0.7, 0.65], [0.55, 0.9]])
    m.update_state([[0, 0]], [[0.1, 0.2]])
    assert float(m.result()) == pytest.approx((0.5 + 0.5 + 1.0) / 3)
    assert m.get_config() == {"name": "binary_accuracy", "dtype": "float32", "threshold": 0.6}


# Regression metrics.

def test_regression_metrics_over_several_batches():
    first_t, first_p = RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3))
    second_t, second_p = RNG.normal(size=(2, 3)), RNG.normal(size=(2, 3))
    weights = np.array([1.0, 2.0, 0.0, 0.5])
    t, p = np.concatenate([first_t, second_t]), np.concatenate([first_p, second_p])
    w = np.concatenate([weights, np.ones(2)])
    expected = {
        metrics.MeanSquaredError: ((t - p) ** 2).mean(-1),
        metrics.MeanAbsoluteError: np.abs(t - p).mean(-1),
        metrics.LogCoshError: np.log(np.cosh(t - p)).mean(-1),
        metrics.CosineSimilarity: np.sum(t * p, -1) / (np.linalg.norm(t, axis=-1) *
                                                       np.linalg.norm(p, axis=-1)),
    }
    for cls, per_sample in expected.items():
        m = cls()
        m.update_state(first_t, first_p, sample_weight=weights)
        m.update_state(second_t, second_p)
        assert float(m.result()) == pytest.approx((per_sample * w).sum() / w.sum(), rel=1e-5)
    rmse = metrics.RootMeanSquaredError()
    rmse.update_state(first_t, first_p, sample_weight=weights)
    rmse.update_state(second_t, second_p)
    squared = ((t - p) ** 2).mean(-1)
    assert float(rmse.result()) == pytest.approx(np.sqrt((squared * w).sum() / w.sum()), rel=1e-5)


def test_loss_metrics_report_the_loss_mean():
    labels, probs, w = batches(1, seed=3)[0]
    m = metrics.SparseCategoricalCrossentropy()
    m.update_state(labels, probs, sample_weight=w)
    per_sample = -np.log(probs[np.arange(len(labels)), labels])
    assert float(m.result()) == pytest.approx((per_sample * w).sum() / w.sum(), rel=1e-5)
    bce = metrics.BinaryCrossentropy(from_logits=True)
    z = RNG.normal(size=(5, 1))
    t = RNG.integers(0, 2, size=(5, 1))
    bce.update_state(t, z)
    expected = (t * np.log1p(np.exp(-z)) + (1 - t) * np.log1p(np.exp(z))).mean()
    assert float(bce.result()) == pytest.approx(expected, rel=1e-5)


def test_masked_predictions_are_left_out():
    prediction = Tensor(np.array([[0.9], [0.2], [0.8]], dtype=np.float32))
    prediction._keras_mask = np.array([True, True, False])
    m = metrics.BinaryAccuracy()
    m.update_state(np.array([[1], [1], [0]]), prediction)
    assert float(m.result()) == pytest.approx(0.5)


# Confusion counts, precision, recall.

def test_confusion_counts_and_precision_recall_with_thresholds():
    t = np.array([0, 1, 1, 0, 1, 0])
    p = np.array([0.1, 0.6, 0.4, 0.7, 0.9, 0.3])
    w = np.array([1.0, 2.0, 1.0, 1.0, 0.5, 3.0])
    thresholds = [0.2, 0.5, 0.8]
    for cls, cell in [(metrics.TruePositives, lambda a, l: a & l),
                      (metrics.FalsePositives, lambda a, l: a & ~l),
                      (metrics.TrueNegatives, lambda a, l: ~a & ~l),
                      (metrics.FalseNegatives, lambda a, l: ~a & l)]:
        m = cls(thresholds=thresholds)
        m.update_state(t, p, sample_weight=w)
        expected = [(cell(p > th, t == 1) * w).sum() for th in thresholds]
        np.testing.assert_allclose(m.result().numpy(), expected, rtol=1e-6)
    precision, recall = metrics.Precision(thresholds=thresholds), metrics.Recall(thresholds)
    precision.update_state(t[:3], p[:3], sample_weight=w[:3])
    precision.update_state(t[3:], p[3:], sample_weight=w[3:])
    recall.update_state(t, p, sample_weight=w)
    tp = np.array([((p > th) & (t == 1)) @ w for th in thresholds])
    fp = np.array([((p > th) & (t == 0)) @ w for th in thresholds])
    fn = np.array([((p <= th) & (t == 1)) @ w for th in thresholds])
    np.testing.assert_allclose(precision.result().numpy(), tp / (tp + fp), rtol=1e-6)
    np.testing.assert_allclose(recall.result().numpy(), tp / (tp + fn), rtol=1e-6)


def test_precision_default_threshold_is_scalar_and_zero_when_undefined():
    m = metrics.Precision()
    assert float(m.result()) == 0.0
    m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    assert m.result().shape == () and float(m.result()) == pytest.approx(2 / 3)
    m.reset_state()
    m.update_state([1], [1])
    assert float(m.result()) == 1.0


def test_precision_recall_top_k_and_class_id():
    t = np.array([[0, 0, 1, 1], [1, 0, 0, 0]])
    p = np.array([[0.1, 0.5, 0.3, 0.9], [0.8, 0.2, 0.1, 0.7]])
    top2 = metrics.Precision(top_k=2)
    top2.update_state(t, p)
    assert float(top2.result()) == pytest.approx(2 / 4)
    recall = metrics.Recall(top_k=1)
    recall.update_state(t, p)
    assert float(recall.result()) == pytest.approx(2 / 3)
    column = metrics.Recall(class_id=2)
    column.update_state(t, p)
    assert float(column.result()) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        metrics.Precision(thresholds=1.5)


# AUC.

def reference_auc(t, p, w, thresholds, curve, method):
    """Confusion counts by loops, then the Riemann sum of the curve."""
    tp = np.array([np.sum(w * ((p > th) & (t == 1))) for th in thresholds])
    fp = np.array([np.sum(w * ((p > th) & (t == 0))) for th in thresholds])
    fn = np.array([np.sum(w * ((p <= th) & (t == 1))) for th in thresholds])
    tn = np.array([np.sum(w * ((p <= th) & (t == 0))) for th in thresholds])
    recall = np.divide(tp, tp + fn, out=np.zeros_like(tp), where=(tp + fn) > 0)
    if curve == "ROC":
        x = np.divide(fp, fp + tn, out=np.zeros_like(fp), where=(fp + tn) > 0)
        y = recall
    else:
        x, y = recall, np.divide(tp, tp + fp, out=np.zeros_like(tp), where=(tp + fp) > 0)
    pair = {"interpolation": (y[:-1] + y[1:]) / 2, "minoring": np.minimum(y[:-1], y[1:]),
            "majoring": np.maximum(y[:-1], y[1:])}[method]
    return np.sum((x[:-1] - x[1:]) * pair)


@pytest.mark.parametrize("curve, method", [("ROC", "interpolation"), ("ROC", "minoring"),
                                           ("ROC", "majoring"), ("PR", "minoring"),
                                           ("PR", "majoring")])
def test_auc_matches_riemann_sum_of_the_curve(curve, method):
    t = RNG.integers(0, 2, size=40)
    p = np.clip(t * 0.3 + RNG.uniform(0, 0.7, size=40), 0, 1)
    w = RNG.uniform(0.5, 1.5, size=40)
    m = metrics.AUC(num_thresholds=50, curve=curve, summation_method=method)
    m.update_state(t[:25], p[:25], sample_weight=w[:25])
    m.update_state(t[25:], p[25:], sample_weight=w[25:])
    thresholds = np.array([-1e-7] + [(i + 1) / 49 for i in range(48)] + [1 + 1e-7])
    assert float(m.result()) == pytest.approx(reference_auc(t, p, w, thresholds, curve, method),
                                              rel=1e-5)


def test_auc_of_perfect_and_reversed_rankings():
    t = np.array([0, 0, 1, 1])
    perfect = metrics.AUC()
    perfect.update_state(t, [0.1, 0.2, 0.8, 0.9])
    assert float(perfect.result()) == pytest.approx(1.0, abs=1e-6)
    reversed_ = metrics.AUC()
    reversed_.update_state(t, [0.9, 0.8, 0.2, 0.1])
    assert float(reversed_.result()) == pytest.approx(0.0, abs=1e-6)
    logits = metrics.AUC(from_logits=True)
    logits.update_state(t, [-3.0, -1.0, 2.0, 4.0])
    assert float(logits.result()) == pytest.approx(1.0, abs=1e-6)


def test_pr_auc_interpolation_on_a_small_case():
    # Thresholds [−ε, 0.5, 1+ε]: points (TP, FP) = (2, 2), (1, 0), (0, 0).
    m = metrics.AUC(num_thresholds=3, curve="PR")
    m.update_state([0, 0, 1, 1], [0.3, 0.2, 0.4, 0.9])
    # Interval 1: dTP = 1, dP = 3, slope 1/3, intercept 1 − 1/3 = 2/3, log(P_A/P_B) = log 4.
    first = (1 / 3) * (1 + (2 / 3) * np.log(4)) / 2
    # Interval 2: dTP = 1, dP = 1, P_B = 0 so the log term drops: slope·dTP / (TP_B + FN_B).
    second = 1.0 * 1 / 2
    assert float(m.result()) == pytest.approx(first + second, rel=1e-6)


def test_auc_multi_label_averages_label_areas():
    t = RNG.integers(0, 2, size=(30, 2))
    p = RNG.uniform(size=(30, 2))
    m = metrics.AUC(num_thresholds=20, multi_label=True)
    m.update_state(t, p)
    thresholds = np.array([-1e-7] + [(i + 1) / 19 for i in range(18)] + [1 + 1e-7])
    areas = [reference_auc(t[:, k], p[:, k], np.ones(30), thresholds, "ROC", "interpolation")
             for k in range(2)]
    assert float(m.result()) == pytest.approx(np.mean(areas), rel=1e-5)
    assert m.true_positives.shape == (20, 2)


def test_auc_config_round_trip():
    m = metrics.AUC(num_thresholds=10, curve="PR", summation_method="majoring", name="pr")
    restored = metrics.deserialize(metrics.serialize(m))
    assert isinstance(restored, metrics.AUC)
    assert restored.get_config() == m.get_config()
    assert m.get_config()["curve"] == "PR" and m.num_thresholds == 10
    explicit = metrics.AUC(thresholds=[0.25, 0.5, 0.75])
    assert explicit.get_config()["thresholds"] == [0.25, 0.5, 0.75]
    np.testing.assert_allclose(explicit.thresholds, [-1e-7, 0.25, 0.5, 0.75, 1 + 1e-7])


# Accuracy resolution and lookup.

@pytest.mark.parametrize("y_true_shape, y_pred_shape, expected", [
    ((None, 1), (None, 1), metrics.BinaryAccuracy),
    ((None,), (None, 1), metrics.BinaryAccuracy),
    ((None,), (None, 10), metrics.SparseCategoricalAccuracy),
    ((None, 1), (None, 10), metrics.SparseCategoricalAccuracy),
    ((None, 10), (None, 10), metrics.CategoricalAccuracy),
    ((None, 5, 1), (None, 5, 3), metrics.SparseCategoricalAccuracy),
    ((None, 5, 3), (None, 5, 3), metrics.CategoricalAccuracy),
])
def test_resolve_accuracy(y_true_shape, y_pred_shape, expected):
    for name in ("accuracy", "acc"):
        metric = metrics.resolve_accuracy(name, y_true_shape, y_pred_shape)
        assert type(metric) is expected and metric.name == name


def test_compile_metric_names_follow_the_identifier():
    y_true, y_pred = np.zeros((4,)), np.zeros((4, 3))
    assert metrics.get_compile_metric("accuracy", y_true, y_pred).name == "accuracy"
    mae = metrics.get_compile_metric("mae", y_true, y_pred)
    assert isinstance(mae, metrics.MeanAbsoluteError) and mae.name == "mae"
    wrapped = metrics.get_compile_metric(metrics.top_k_categorical_accuracy, y_true, y_pred)
    assert isinstance(wrapped, metrics.MeanMetricWrapper)
    assert wrapped.name == "top_k_categorical_accuracy"
    auc = metrics.AUC(name="my_auc")
    assert metrics.get_compile_metric(auc, y_true, y_pred) is auc and auc.name == "my_auc"


@pytest.mark.parametrize("identifier, cls", [
    ("accuracy", metrics.Accuracy), ("binary_accuracy", metrics.BinaryAccuracy),
    ("BinaryAccuracy", metrics.BinaryAccuracy), ("mse", metrics.MeanSquaredError),
    ("mae", metrics.MeanAbsoluteError), ("auc", metrics.AUC), ("precision", metrics.Precision),
    ("sparse_top_k_categorical_accuracy", metrics.SparseTopKCategoricalAccuracy),
])
def test_get_by_string(identifier, cls):
    assert type(metrics.get(identifier)) is cls


def test_get_errors_and_passthrough():
    assert metrics.get(metrics.binary_accuracy) is metrics.binary_accuracy
    assert metrics.get(None) is None
    with pytest.raises(ValueError, match="nonsense"):
        metrics.get("nonsense")


def test_configs_round_trip():
    for metric in [metrics.TopKCategoricalAccuracy(k=3, name="top3"),
                   metrics.Precision(thresholds=[0.3, 0.6], name="p"),
                   metrics.MeanMetricWrapper(metrics.binary_accuracy, name="ba", threshold=0.2),
                   metrics.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)]:
        restored = metrics.deserialize(metrics.serialize(metric))
        assert type(restored) is type(metric) and restored.get_config() == metric.get_config()
    wrapper = metrics.deserialize(metrics.serialize(
        metrics.MeanMetricWrapper(metrics.binary_accuracy, name="ba", threshold=0.2)))
    wrapper.update_state([1, 0], [0.3, 0.1])
    assert float(wrapper.result()) == pytest.approx(1.0)


def test_default_names_and_variables():
    assert metrics.Mean().name == "mean"
    assert metrics.RootMeanSquaredError().name == "root_mean_squared_error"
    precision = metrics.Precision()
    assert precision.name.startswith("precision")
    assert [v.name for v in precision.variables] == ["true_positives", "false_positives"]
    assert all(not v.trainable for v in precision.variables)


def test_custom_metric_with_keras2_add_weight():
    class CountPositives(metrics.Metric):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.count = self.add_weight(name="count", initializer="zeros")

        def update_state(self, y_true, y_pred, sample_weight=None):
            self.count.assign_add(np.sum(np.asarray(y_pred) > 0.5))

        def result(self):
            return self.count

    m = CountPositives(name="positives")
    m.update_state(None, [0.2, 0.7, 0.9])
    assert float(m(None, [0.6])) == 3.0
    m.reset_state()
    assert float(m.result()) == 0.0


def test_mean_metric_wrapper_finds_its_function_by_name():
    restored = metrics.MeanMetricWrapper.from_config({"fn": "binary_accuracy", "name": "ba"})
    assert restored._fn is metrics.binary_accuracy
    with pytest.raises(ValueError, match="Unknown metric function: 'my_metric'"):
        metrics.MeanMetricWrapper.from_config({"fn": "my_metric", "name": "m"})
