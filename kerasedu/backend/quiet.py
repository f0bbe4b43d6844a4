"""NaN and inf are values, not warnings: kerasedu computes with numpy's floating-point warnings off.

numpy prints a RuntimeWarning on stderr when a computation overflows (``exp(1000)``), divides
by zero (``1 / 0``) or makes a NaN (``0 / 0``, ``inf - inf``). JAX, TensorFlow and PyTorch say
nothing: the result is inf or NaN, and it flows on until something looks at it
(``TerminateOnNaN``, the History, a plot). kerasedu does the same, and it must: nbgrader marks
a test cell wrong as soon as anything reaches stderr.

What kerasedu runs (every op, ``Layer.__call__``, the backward pass, the training loop, the
optimizers, losses and metrics) runs inside :func:`quietly`, which sets numpy's error state to
"ignore" on the way in and gives the caller's own back on the way out: ``np.seterr`` settings
of your own apply everywhere outside kerasedu.

    @quietly
    def log(x): ...                # ops.log(0.0) is -inf, silently

Entering numpy's ``errstate`` costs microseconds, so it happens once, in the outermost call:
calls made from inside it (an op inside a layer inside ``fit``) just run.
"""

import functools
import threading

import numpy as np


class _Depth(threading.local):
    """How many quiet calls are running in this thread (numpy's error state is per thread)."""

    value = 0


_depth = _Depth()


def quietly(function):
    """Decorator: ``function`` runs with numpy's floating-point warnings off."""

    @functools.wraps(function)
    def run_quietly(*args, **kwargs):
        if _depth.value:
            return function(*args, **kwargs)
        with np.errstate(all="ignore"):
            _depth.value = 1
            try:
                return function(*args, **kwargs)
            finally:
                _depth.value = 0
    return run_quietly
