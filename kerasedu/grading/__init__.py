"""Checks that the problem sets' test cells call.

* :mod:`.layer_checks`: a layer's build, call, compute_output_shape, config and gradients
  against a kerasedu reference layer (problem sets 1 and 3);
* :mod:`.shape_checks`: shape arithmetic and parameter counts (problem set 2);
* :mod:`.custom_layer_checks` and :mod:`.frozen_bn_checks`: non-trainable state, added losses,
  configs inside models and a frozen BatchNormalization (problem set 3);
* :mod:`.merge_checks`: merge layers' values, output shapes and shape errors (problem set 4);
* :mod:`.training_checks`: losses, optimizer steps, an early-stopping callback and a trained
  model's accuracy (problem set 5);
* :mod:`.recurrent_checks` and :mod:`.cell_checks`: recurrent layers' output shapes and
  parameter counts, a recurrent cell of one's own inside RNN, and a loop over time that honours
  masks (problem set 6);
* :mod:`.conv_checks` and :mod:`.conv_pooling_checks`: a Conv2D of one's own (weights, values
  with strides, padding and dilation, output shapes, gradients), pooling layers' calls, and a
  CNN of those layers trained on the digits (problem set 7);
* :mod:`.normalization_checks`, :mod:`.normalization_consistency_checks` and
  :mod:`.regularization_checks`: a BatchNormalization in every training mode (frozen
  included), Dropout, a regularizer and a constraint with their configs (problem set 8);
* :mod:`.autodiff_checks`, :mod:`.gradient_checker_checks` and :mod:`.im2col_checks`: an op of
  one's own on the tape, a numerical gradient checker, a backward pass traced by hand, im2col
  and a convolution written with it (problem set 9).

The checks write their messages in English, or in Simplified Chinese after
``grading.use_language("zh_CN")`` (the imports cell of the Chinese edition's problem sets calls
it): :mod:`.language` looks each English template up in the catalog of :mod:`.zh_CN` when the
message is made.

A test cell starts with ``from kerasedu import grading`` and calls the checks of this package.
Every check raises an AssertionError with a message for the student when it fails
(:class:`GradingError`, or :class:`TamperingError`), and returns None when it passes: nbgrader
would read a number displayed as a test cell's value as partial credit. What the student's code
prints to stderr during a check is shown by the check rather than zeroing the test cell
(:mod:`.student`).

Checks a student cannot switch off (:mod:`.integrity`): the first import of this package records
everything the checks rely on. The grading kernel imports it before any student cell runs; a
student's own kernel imports it at the first test cell. When code run in the notebook has
replaced any of it, the check fails with a TamperingError, and one line that starts with
:data:`TAMPERING_MARKER` ("kerasedu.grading: tampering detected") is printed on stdout, which
``make grade`` looks for to list the student.
"""

from . import autodiff_checks, gradient_checker_checks, im2col_checks
from . import (cell_checks, conv_checks, conv_pooling_checks, custom_layer_checks,
               frozen_bn_checks, integrity, layer_checks, merge_checks,
               normalization_checks, normalization_consistency_checks, recurrent_checks,
               regularization_checks, shape_checks, training_checks)
from .conv_checks import random_conv_cases
from .common import GradingError
from .integrity import TAMPERING_MARKER, TamperingError
from .language import current_language, use_language
from .recurrent_checks import random_param_cases, random_recurrent_cases
from .shape_checks import random_cases, summary_model
from .student import check
from .training_checks import digits_test_data

check_build = check(layer_checks.check_build)
check_call = check(layer_checks.check_call)
check_compute_output_shape = check(layer_checks.check_compute_output_shape)
check_config = check(layer_checks.check_config)
check_gradients = check(layer_checks.check_gradients)
check_output_shapes = check(shape_checks.check_output_shapes)
check_param_counts = check(shape_checks.check_param_counts)
check_param_dict = check(shape_checks.check_param_dict)
check_running_statistics = check(custom_layer_checks.check_running_statistics)
check_running_statistics_in_fit = check(custom_layer_checks.check_running_statistics_in_fit)
check_added_losses = check(custom_layer_checks.check_added_losses)
check_config_in_model = check(custom_layer_checks.check_config_in_model)
check_frozen_batch_norm = check(frozen_bn_checks.check_frozen_batch_norm)
check_merge_values = check(merge_checks.check_merge_values)
check_merge_output_shape = check(merge_checks.check_merge_output_shape)
check_merge_error = check(merge_checks.check_merge_error)
check_single_input_error = check(merge_checks.check_single_input_error)
check_loss_function = check(training_checks.check_loss_function)
check_optimizer = check(training_checks.check_optimizer)
check_early_stopping = check(training_checks.check_early_stopping)
check_early_stopping_in_fit = check(training_checks.check_early_stopping_in_fit)
check_accuracy = check(training_checks.check_accuracy)
check_recurrent_shapes = check(recurrent_checks.check_recurrent_shapes)
check_recurrent_param_counts = check(recurrent_checks.check_recurrent_param_counts)
check_cell_weights = check(cell_checks.check_cell_weights)
check_cell_outputs = check(cell_checks.check_cell_outputs)
check_cell_training = check(cell_checks.check_cell_training)
check_rnn_loop = check(cell_checks.check_rnn_loop)
check_conv_build = check(conv_checks.check_conv_build)
check_conv_call = check(conv_checks.check_conv_call)
check_conv_output_shape = check(conv_checks.check_conv_output_shape)
check_conv_gradients = check(conv_checks.check_conv_gradients)
check_pooling = check(conv_pooling_checks.check_pooling)
check_cnn = check(conv_pooling_checks.check_cnn)
check_batch_norm_training = check(normalization_checks.check_batch_norm_training)
check_batch_norm_inference = check(normalization_checks.check_batch_norm_inference)
check_batch_norm_moving_statistics = check(normalization_checks.check_batch_norm_moving_statistics)
check_batch_norm_epsilon = check(normalization_checks.check_batch_norm_epsilon)
check_batch_norm_axis = check(normalization_checks.check_batch_norm_axis)
check_batch_norm_frozen = check(normalization_consistency_checks.check_batch_norm_frozen)
check_batch_norm_gradients = check(normalization_consistency_checks.check_batch_norm_gradients)
check_dropout_inference = check(regularization_checks.check_dropout_inference)
check_dropout_training = check(regularization_checks.check_dropout_training)
check_regularizer = check(regularization_checks.check_regularizer)
check_constraint = check(regularization_checks.check_constraint)
check_serializable = check(regularization_checks.check_serializable)
check_unbroadcast = check(autodiff_checks.check_unbroadcast)
check_op_values = check(autodiff_checks.check_op_values)
check_op_vjp = check(autodiff_checks.check_op_vjp)
check_op_broadcasting = check(autodiff_checks.check_op_broadcasting)
check_trace = check(autodiff_checks.check_trace)
check_numerical_gradient = check(gradient_checker_checks.check_numerical_gradient)
check_gradient_check = check(gradient_checker_checks.check_gradient_check)
check_im2col = check(im2col_checks.check_im2col)
check_conv2d = check(im2col_checks.check_conv2d)
check_conv2d_gradients = check(im2col_checks.check_conv2d_gradients)

# Last: everything above, and the package itself, belong to the record.
integrity.capture()
