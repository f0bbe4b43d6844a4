"""fresh() undoes what an answer cell may have done to kerasedu.grading or to the references it
compares with, for every grading module (the test cells of all problem sets rely on it)."""

import importlib
import sys

import pytest

import kerasedu.grading
from kerasedu import layers, losses

MODULES = ["reference", "layer_checks", "shape_checks", "custom_layer_checks", "merge_checks",
           "training_checks", "sequence_checks"]
CHECKS = ["check_build", "check_call", "check_compute_output_shape", "check_config",
          "check_gradients", "check_output_shapes", "check_param_counts", "check_param_dict",
          "check_running_statistics", "check_running_statistics_in_fit", "check_added_losses",
          "check_config_in_model", "check_frozen_batch_norm", "check_merge_values",
          "check_merge_output_shape", "check_merge_error", "check_single_input_error",
          "check_loss_function", "check_optimizer", "check_early_stopping",
          "check_early_stopping_in_fit", "check_accuracy", "check_recurrent_shapes",
          "check_recurrent_param_counts", "check_cell_weights", "check_cell_outputs",
          "check_cell_training", "check_rnn_loop"]


@pytest.fixture
def restore_library():
    """Put back exactly the objects the tests replace (reloading modules instead would leave
    other tests holding classes and functions that the library no longer uses)."""
    targets = [(layers, "Conv2D"), (layers, "Dense"), (losses, "mean_squared_error"),
               (kerasedu.losses.regression, "mean_squared_error")]
    saved = [(owner, name, getattr(owner, name)) for owner, name in targets]
    conv2d = layers.Conv2D
    own_shape_method = conv2d.__dict__.get("compute_output_shape")
    yield
    for owner, name, value in saved:
        setattr(owner, name, value)
    if own_shape_method is None:
        if "compute_output_shape" in conv2d.__dict__:
            delattr(conv2d, "compute_output_shape")
    else:
        conv2d.compute_output_shape = own_shape_method
    importlib.reload(kerasedu.grading).fresh()


def test_every_check_is_exported_and_every_module_is_reloaded():
    grading = importlib.reload(kerasedu.grading).fresh()
    for name in CHECKS:
        assert callable(getattr(grading, name)), name
    assert list(grading._MODULES) == MODULES


@pytest.mark.parametrize("module", MODULES)
def test_replacing_checks_in_any_module_is_undone(module, restore_library):
    target = sys.modules[f"kerasedu.grading.{module}"]
    for name in CHECKS:
        if hasattr(target, name):
            setattr(target, name, lambda *args, **kwargs: None)
        setattr(kerasedu.grading, name, lambda *args, **kwargs: None)
    target.GradingError = type("Harmless", (Exception,), {})
    grading = importlib.reload(kerasedu.grading).fresh()

    def wrong(input_shape, **arguments):
        return input_shape

    with pytest.raises(AssertionError, match="returned"):
        grading.check_output_shapes(wrong, "Flatten", cases=[((None, 2, 3), {})])
    with pytest.raises(AssertionError, match="wrong values"):
        grading.check_loss_function(lambda t, p: t[..., 0] * 0, "mean_squared_error", (3, 2))


def test_patching_the_reference_layer_or_loss_does_not_help(restore_library):
    def wrong_shape(input_shape, filters, kernel_size, **_):
        return input_shape[:3] + (filters,)

    layers.Conv2D.compute_output_shape = lambda self, input_shape: input_shape[:3] + (
        self.filters,)
    layers.Dense = layers.Activation
    losses.mean_squared_error = lambda y_true, y_pred: y_true[..., 0] * 0
    kerasedu.losses.regression.mean_squared_error = losses.mean_squared_error
    grading = importlib.reload(kerasedu.grading).fresh()
    with pytest.raises(AssertionError, match=r"expected \(None, 6, 6, 4\)"):
        grading.check_output_shapes(
            wrong_shape, "Conv2D", cases=[((None, 8, 8, 1), {"filters": 4, "kernel_size": (3, 3)})])
    with pytest.raises(AssertionError, match="has been replaced by code run in this notebook"):
        grading.check_loss_function(lambda t, p: t[..., 0] * 0, "mean_squared_error", (3, 2))
