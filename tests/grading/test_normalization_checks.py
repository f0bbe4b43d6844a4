"""kerasedu.grading checks of problem set 8 (BatchNormalization, Dropout, a regularizer, a
constraint, LayerNormalization): right answers pass every check, and each simulated student's
mistake fails the check of its part, and no other, with a message that says what to fix.

The answers are the simulated students' of classroom/students/ps08_normalization.py, run here
in-process (tests/nbgrader grades the same students through nbgrader).
"""

import numpy as np
import pytest
from grading_helpers import assert_fails_teaching

from classroom import students
from classroom.students import ps08_normalization
from kerasedu import layers, ops

PS = "ps08_normalization"
IMPORTS = next(c.source for c in students.read("solutions", PS).cells
               if students.grade_id(c) == "imports")


def _answers(kind):
    """The classes a simulated student of ``kind`` wrote, by name."""
    edit = ps08_normalization.KINDS[kind][0]
    namespace = {}
    exec(IMPORTS, namespace)
    for source in edit(students.solution_code(PS)).values():
        if source.lstrip().startswith("class "):
            exec(source, namespace)
    return namespace


def _run(grading, kind, check, *args, **kwargs):
    answers = _answers(kind)
    return getattr(grading, check)(answers[args[0]], *args[1:], **kwargs)


# (check, arguments, keyword arguments) of each test cell's part: the right answers pass all.
PARTS = {
    "test_bn_training": ("check_batch_norm_training", ("BatchNormalization",),
                         {"input_shape": (None, 5, 5, 3)}),
    "test_bn_inference": ("check_batch_norm_inference", ("BatchNormalization",),
                          {"input_shape": (None, 4)}),
    "test_bn_moving_statistics": ("check_batch_norm_moving_statistics",
                                  ("BatchNormalization",),
                                  {"input_shape": (None, 3), "kwargs": {"momentum": 0.9}}),
    "test_bn_epsilon": ("check_batch_norm_epsilon", ("BatchNormalization",),
                        {"input_shape": (None, 4), "epsilon": 0.5}),
    "test_bn_axis": ("check_batch_norm_axis", ("BatchNormalization",),
                     {"input_shape": (None, 3, 4, 4), "axis": 1}),
    "test_bn_frozen": ("check_batch_norm_frozen", ("BatchNormalization",),
                       {"input_shape": (None, 4)}),
    "test_bn_gradients": ("check_batch_norm_gradients", ("BatchNormalization",),
                          {"input_shape": (None, 3)}),
    "test_dropout_inference": ("check_dropout_inference", ("Dropout",), {"rate": 0.5}),
    "test_dropout_training": ("check_dropout_training", ("Dropout",), {"rate": 0.5}),
    "test_regularizer": ("check_regularizer", ("L1L2", "L1L2"),
                         {"kwargs": {"l1": 0.01, "l2": 0.02}}),
    "test_regularizer_config": ("check_serializable", ("L1L2", "L1L2", "regularizers"),
                                {"kwargs": {"l1": 0.01, "l2": 0.02}}),
    "test_constraint": ("check_constraint", ("MaxNorm", "MaxNorm"),
                        {"kwargs": {"max_value": 1.0}}),
    "test_constraint_config": ("check_serializable", ("MaxNorm", "MaxNorm", "constraints"),
                               {"kwargs": {"max_value": 1.0, "axis": 0}}),
    "test_ln_values": ("check_call", ("LayerNormalization", "LayerNormalization"),
                       {"input_shape": (None, 6), "rtol": 1e-4, "atol": 1e-4}),
}

RIGHT = ("full", "full_backend", "full_moved_axis")


@pytest.mark.parametrize("kind", RIGHT)
@pytest.mark.parametrize("part", sorted(PARTS))
def test_right_answers_pass(grading, kind, part):
    check, args, kwargs = PARTS[part]
    assert _run(grading, kind, check, *args, **kwargs) is None


# What each mistake's message must say.
TEACHING = {
    "bn_batch_statistics_at_inference": ["with training=False", "batch's own statistics",
                                         "only when training is true"],
    "bn_updates_at_inference": ["with training=False", "returned the wrong values",
                                "Normalize with moving_mean and moving_variance"],
    "bn_momentum_swapped": ["moving_mean is wrong after 1 call with training=True",
                            "momentum=0.9", "keeps a fraction 1 − momentum = 0.1",
                            "moving · momentum + batch · (1 − momentum)"],
    "bn_unbiased_variance": ["called with training=True", "unbiased variance",
                             "divides by n"],
    "bn_epsilon_outside_sqrt": ["BatchNormalization(epsilon=0.5)",
                                "(x − mean) / (sqrt(var) + epsilon)",
                                "inside the square root"],
    "bn_numpy_statistics": ["With training=True, the gradient with respect to the input",
                            "finite differences", "statistics computed with numpy"],
    "bn_frozen_still_trains": ["with trainable=False, called with training=True",
                               "inference mode (Keras 3)", "`training and self.trainable`"],
    "bn_axis_always_last": ["BatchNormalization(axis=1)", "Normalize each channel along axis 1"],
    "dropout_unscaled": ["x / (1 − rate) = x · 2", "not scaled", "inverted dropout"],
    "dropout_at_inference": ["with training=False changed its input",
                             "only acts when training is true"],
    "dropout_same_mask": ["dropped the same values in two calls", "SeedGenerator"],
    "ln_over_the_batch": ["LayerNormalization.call computes the wrong values", "expected"],
    "regularizer_without_factor": ["returned 6.02404, expected 0.186976",
                                   "multiply each term by its factor"],
    "regularizer_without_config": ["get_config() raised NotImplementedError",
                                   "{'l1': 0.01, 'l2': 0.02}"],
    "constraint_one_norm": ["MaxNorm(max_value=1.0) applied to a weight of shape (4, 6)",
                            "norm of each slice along `axis`"],
}


def test_every_mistake_of_the_class_is_taught():
    mistakes = {kind for kind, (_, failing, _) in ps08_normalization.KINDS.items()
                if failing and kind != "blank"}
    assert mistakes == set(TEACHING)


@pytest.mark.parametrize("kind", sorted(TEACHING))
def test_each_mistake_fails_its_part_only_with_a_teaching_message(grading, kind):
    failing = ps08_normalization.KINDS[kind][1]
    assert len(failing) == 1
    for part, (check, args, kwargs) in sorted(PARTS.items()):
        if part == failing[0]:
            assert_fails_teaching(lambda: _run(grading, kind, check, *args, **kwargs),
                                  TEACHING[kind])
        elif part != "test_bn_axis" or kind != "bn_axis_always_last":
            assert _run(grading, kind, check, *args, **kwargs) is None, part


# ---------------------------------------------------------------------- beyond the class

def test_a_frozen_model_runs_its_layer_in_inference_mode(grading):
    answers = _answers("full")
    assert grading.check_batch_norm_frozen(answers["BatchNormalization"], input_shape=(None, 6),
                                           freeze="model", epochs=3, seed=4) is None
    assert_fails_teaching(
        lambda: grading.check_batch_norm_frozen(_answers("bn_frozen_still_trains")[
            "BatchNormalization"], input_shape=(None, 3, 3, 2), freeze="model", seed=3),
        ["inference mode (Keras 3)"])


def test_the_frozen_fit_is_compared_with_the_layer_in_inference_mode(grading):
    """A frozen layer right at its first call, which ignores trainable from then on (inside
    fit), fails the fit part of the frozen check."""
    answers = _answers("full")

    class FrozenOnlyOnce(answers["BatchNormalization"]):
        calls = 0

        def call(self, inputs, training=None):
            self.calls += 1
            if self.calls == 1 or not training:
                return super().call(inputs, training=training)
            self.trainable = True
            try:
                return super().call(inputs, training=training)
            finally:
                self.trainable = False

    FrozenOnlyOnce.__name__ = "BatchNormalization"
    assert_fails_teaching(
        lambda: grading.check_batch_norm_frozen(FrozenOnlyOnce, input_shape=(None, 4)),
        ["After fit (2 epochs, batches of 4)", "check `self.trainable` in call"])


def test_batch_norm_checks_refuse_kerasedu_own_layers(grading):
    class Borrowed(layers.BatchNormalization):
        pass

    for check in ("check_batch_norm_training", "check_batch_norm_inference",
                  "check_batch_norm_gradients"):
        assert_fails_teaching(lambda: getattr(grading, check)(Borrowed, input_shape=(None, 3)),
                              ["subclasses kerasedu's own BatchNormalization"])


def test_a_moving_statistic_never_updated_is_named(grading):
    bn = _answers("full")["BatchNormalization"]

    class NeverUpdates(bn):
        def call(self, inputs, training=None):
            return super().call(inputs, training=False) if training else super().call(inputs)

    NeverUpdates.__name__ = "BatchNormalization"
    assert_fails_teaching(
        lambda: grading.check_batch_norm_moving_statistics(NeverUpdates, input_shape=(None, 3)),
        ["moving_mean is wrong after 1 call", "It was not updated"])


def test_dropout_with_rate_zero_and_a_dropout_that_drops_too_much(grading):
    dropout = _answers("full")["Dropout"]
    assert grading.check_dropout_training(dropout, rate=0.0) is None

    class DropsTwice(dropout):
        def call(self, inputs, training=None):
            once = super().call(inputs, training=training)
            return super().call(once, training=training) * (1 - self.rate) if training else once

    DropsTwice.__name__ = "Dropout"
    assert_fails_teaching(lambda: grading.check_dropout_training(DropsTwice, rate=0.5),
                          ["dropped a fraction 0.7", "it should be 0.5"])


def test_dropout_without_a_gradient(grading):
    dropout = _answers("full")["Dropout"]

    class Detached(dropout):
        def call(self, inputs, training=None):
            return ops.stop_gradient(super().call(inputs, training=training))

    Detached.__name__ = "Dropout"
    assert_fails_teaching(lambda: grading.check_dropout_training(Detached, rate=0.3),
                          ["with respect to its input is wrong (no gradient)"])


def test_a_regularizer_computed_in_numpy_has_no_gradient(grading):
    regularizer = _answers("full")["L1L2"]

    class Numpy(regularizer):
        def __call__(self, x):
            value = np.asarray(x.numpy())
            return self.l1 * np.abs(value).sum() + self.l2 * np.square(value).sum()

    Numpy.__name__ = "L1L2"
    assert_fails_teaching(lambda: grading.check_regularizer(Numpy, "L1L2", {"l2": 0.1}),
                          ["No gradient reaches the weight", "with ops"])


def test_a_config_with_other_keys_is_refused(grading):
    constraint = _answers("full")["MaxNorm"]

    class Renamed(constraint):
        def get_config(self):
            return {"limit": self.max_value, "axis": self.axis}

    Renamed.__name__ = "MaxNorm"
    assert_fails_teaching(
        lambda: grading.check_serializable(Renamed, "MaxNorm", "constraints",
                                           {"max_value": 1.0, "axis": 0}),
        ["returned {'limit': 1.0, 'axis': 0}, expected {'max_value': 1.0, 'axis': 0}"])
