"""Window functions (numpy's symmetric windows) of length M, for tapering a signal.

    bartlett  1 − |2n/(M − 1) − 1|                  (a triangle)
    hanning   0.5 − 0.5 cos(2πn/(M − 1))
    hamming   0.54 − 0.46 cos(2πn/(M − 1))
    blackman  0.42 − 0.5 cos(2πn/(M − 1)) + 0.08 cos(4πn/(M − 1))
    kaiser    I₀(β √(1 − (2n/(M − 1) − 1)²)) / I₀(β)

for n = 0 .. M − 1. Constants of ``floatx()``: no gradient.
"""

import numpy as np

from .. import config
from ..tensor import Tensor
from ._inputs import no_gradient, unpack


def _length(x, name):
    value = np.asarray(unpack(x)[1])
    if value.ndim != 0 or value.dtype.kind not in "iu" and not float(value).is_integer():
        raise ValueError(f"{name} expects the window length M as an integer, received {x!r}.")
    return int(value)


def _window(function, name):
    def op(x):
        return Tensor(function(_length(x, name)).astype(config.floatx()))
    op.__name__ = name
    op.__doc__ = f"The {name} window of length x (see the module docstring)."
    return no_gradient(op)


bartlett = _window(np.bartlett, "bartlett")
blackman = _window(np.blackman, "blackman")
hamming = _window(np.hamming, "hamming")
hanning = _window(np.hanning, "hanning")


@no_gradient
def kaiser(x, beta):
    """The Kaiser window of length x with shape parameter ``beta`` (0: a rectangle)."""
    return Tensor(np.kaiser(_length(x, "kaiser"), float(beta)).astype(config.floatx()))
