"""relu and its gradient in one pass each: the activation of most hidden layers.

    forward    y = max(x, 0)           (NaN stays NaN, as in numpy)
    backward   dx = g · [y > 0]

numpy needs a zero array for the fast maximum (a scalar 0 takes its slow path) and two passes
with a boolean temporary for the gradient; one loop does each in a single pass: on a
32×28×28×32 activation 148 → 61 µs forward and 199 → 88 µs backward.

``relu_values`` / ``relu_gradient`` take arrays of any shape and use the kernels for large,
contiguous float arrays (numpy otherwise); the kernels see flat arrays of one dtype.
"""

import numpy as np

from .registry import kernel, suits_flat_kernel

# Below this many elements the numpy expressions are as fast (a kernel call costs ~1 µs).
SMALLEST = 2048


@kernel
def relu_forward(y, x):
    """y[i] = max(x[i], 0), NaN kept and −0 made 0 (as numpy does); ``y`` is written in place."""
    for i in range(x.shape[0]):
        v = x[i]
        y[i] = v if v > 0 or v != v else 0


@relu_forward.numpy_twin
def _(y, x):
    np.maximum(x, np.zeros_like(x), out=y)


@relu_forward.examples
def _():
    return [(np.zeros(4, dt), np.array([-1.0, 0.0, 2.0, np.nan], dt))
            for dt in (np.float32, np.float64)]


@kernel
def relu_backward(dx, g, y):
    """dx[i] = g[i] · [y[i] > 0]; ``dx`` is written in place."""
    for i in range(g.shape[0]):
        dx[i] = g[i] * (y[i] > 0)


@relu_backward.numpy_twin
def _(dx, g, y):
    np.multiply(g, y > 0, out=dx)


@relu_backward.examples
def _():
    return [(np.zeros(4, dt), np.array([1.0, 2.0, 3.0, 4.0], dt),
             np.array([0.0, 0.5, 2.0, np.nan], dt))
            for dt in (np.float32, np.float64)]


def relu_values(x):
    """max(x, 0) for an array ``x``."""
    if not suits_flat_kernel(x, smallest=SMALLEST):
        return np.maximum(x, np.zeros_like(x))
    y = np.empty_like(x)
    relu_forward(y.reshape(-1), x.reshape(-1))
    return y


def relu_gradient(g, y):
    """g · [y > 0]: the gradient of relu's input from ``g``, the gradient of its output y."""
    if not (suits_flat_kernel(g, y, smallest=SMALLEST) and g.shape == y.shape):
        return g * (y > 0)
    dx = np.empty_like(g)
    relu_backward(dx.reshape(-1), g.reshape(-1), y.reshape(-1))
    return dx
