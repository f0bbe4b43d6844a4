"""Checks that the problem sets' test cells call (see :mod:`.layer_checks`).

Test cells start with ``grading = kerasedu.grading.fresh()``, which re-executes these modules
from disk, so that nothing an answer cell did to them can change a grade.
"""

import importlib

from .layer_checks import (GradingError, check_build, check_call, check_compute_output_shape,
                           check_config, check_gradients)


def fresh():
    """This package re-executed from disk (undoing any monkeypatching), for test cells."""
    from . import layer_checks, reference
    importlib.reload(reference)
    importlib.reload(layer_checks)
    import kerasedu.grading as package
    return importlib.reload(package)
