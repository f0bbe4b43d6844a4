"""The Simplified Chinese (zh_CN) catalog of kerasedu.grading's messages.

Each module here translates the messages of the module of kerasedu.grading with the same name
(``common`` also covers ``student`` and ``weights``, and ``integrity`` covers
``kernel_watch``): its ``MESSAGES`` maps an English template, exactly as the code writes it, to
its Chinese template, with the same named placeholders. A template used by several modules is
translated once, in the first module that uses it (in the order below). Code names, shapes and
numbers stay as they are; Chinese sentences take full-width punctuation.
"""

from . import (autodiff_checks, cell_checks, common, conv_checks, conv_pooling_checks,
               custom_layer_checks, frozen_bn_checks, gradient_checker_checks, im2col_checks,
               integrity, layer_checks, merge_checks, normalization_checks,
               normalization_consistency_checks, recurrent_checks, regularization_checks,
               shape_checks, training_checks)

MODULES = (common, integrity, layer_checks, shape_checks, custom_layer_checks, frozen_bn_checks,
           merge_checks, training_checks, recurrent_checks, cell_checks, conv_checks,
           conv_pooling_checks, normalization_checks, normalization_consistency_checks,
           regularization_checks, autodiff_checks, gradient_checker_checks, im2col_checks)

CATALOG = {template: text for module in MODULES for template, text in module.MESSAGES.items()}
