"""Checks that the problem sets' test cells call.

* :mod:`.layer_checks`: a layer's build, call, compute_output_shape, config and gradients
  against a kerasedu reference layer (problem sets 1 and 3);
* :mod:`.shape_checks`: shape arithmetic and parameter counts (problem set 2);
* :mod:`.custom_layer_checks`: non-trainable state, added losses, configs inside models and a
  frozen BatchNormalization (problem set 3);
* :mod:`.merge_checks`: merge layers' values, output shapes and shape errors (problem set 4);
* :mod:`.training_checks`: losses, optimizer steps, an early-stopping callback and a trained
  model's accuracy (problem set 5);
* :mod:`.sequence_checks`: recurrent layers' output shapes and parameter counts, a recurrent
  cell of one's own inside RNN, and a loop over time that honours masks (problem set 6).

Every check raises :class:`GradingError` (an AssertionError) with a message for the student,
and returns None on success: nbgrader reads a number displayed as a test cell's value as partial
credit, so a check must never return one.
Test cells start with ``grading = importlib.reload(kerasedu.grading).fresh()``, which
re-executes these modules from disk, so that nothing an answer cell did to them can change a
grade.
"""

import importlib

from .custom_layer_checks import (check_added_losses, check_config_in_model,
                                  check_frozen_batch_norm, check_running_statistics,
                                  check_running_statistics_in_fit)
from .layer_checks import (GradingError, check_build, check_call, check_compute_output_shape,
                           check_config, check_gradients)
from .merge_checks import (check_merge_error, check_merge_output_shape, check_merge_values,
                           check_single_input_error)
from .sequence_checks import (check_cell_outputs, check_cell_training, check_cell_weights,
                              check_recurrent_param_counts, check_recurrent_shapes,
                              check_rnn_loop)
from .shape_checks import (check_output_shapes, check_param_counts, check_param_dict,
                           random_cases, summary_model)
from .training_checks import (check_accuracy, check_early_stopping,
                              check_early_stopping_in_fit, check_loss_function,
                              check_optimizer, digits_test_data)

# Dependencies first: each module is re-executed after the ones it imports from.
_MODULES = ("reference", "layer_checks", "shape_checks", "custom_layer_checks", "merge_checks",
            "training_checks", "sequence_checks")


def fresh():
    """This package re-executed from disk (undoing any monkeypatching), for test cells."""
    for name in _MODULES:
        importlib.reload(importlib.import_module(f"{__name__}.{name}"))
    import kerasedu.grading as package
    return importlib.reload(package)
