"""Activations inside the recurrent step kernels: applied in place, and their derivatives.

The step kernels (:mod:`.simple_rnn_steps`, :mod:`.lstm_steps`, :mod:`.gru_steps`) compute one
timestep of a batch. Their shapes (N samples, u units): the input projection
``xw`` = x_t · kernel + bias and the recurrent product ``z`` = h_{t-1} · recurrent_kernel are
(N, G·u) with the G gates side by side in Keras' order; states are (N, u); ``mask`` is (N,)
bool, False where the step is padding: there the state is carried over unchanged. They take the
activations as codes (LINEAR, TANH, SIGMOID, RELU, HARD_SIGMOID) and call two small kernels on
one row (one sample) at a time:

* ``activate_in_place(values, code, precise)``: values = activation(values);
* ``scale_by_derivative(grads, outputs, code)``: grads *= activation'(x), written with the
  activation's output y, because each derivative is a function of y: tanh' = 1 − y²,
  sigmoid' = y(1 − y), relu' = [y > 0], hard_sigmoid' = [0 < y < 1] / 6. So the forward step
  saves the activations' outputs and the backward step needs nothing else.

Every kernel of the recurrent step is written with loops alone, even to copy or clear a row:
numba compiles an array expression or a slice assignment (``hb[:] = h_prev[b]``) into general
code for every shape and layout, which takes several times longer to compile than the loop.

The loops walk each row through 1-D slices from index 0, over contiguous memory, which is the
form the compiler turns into SIMD instructions (several values at once). For that, the float32
tanh is a rational function x·P(x²)/Q(x²) (degrees 13 and 6, fitted to tanh on [0, 9], within a
few float32 ulps) made of multiplies, adds and one division, and sigmoid(x) is
(1 + tanh(x/2)) / 2. ``precise=True`` (float64) calls np.tanh instead. The numpy twins use
np.tanh throughout.
"""

import numpy as np

from ..backend.kernels.registry import kernel

LINEAR, TANH, SIGMOID, RELU, HARD_SIGMOID = 0, 1, 2, 3, 4

# float32 constants keep float32 arithmetic in float32 (a float64 constant would promote it).
ZERO, HALF, ONE, SIX, CLAMP = (np.float32(v) for v in (0.0, 0.5, 1.0, 6.0, 9.0))
# tanh(x) ≈ x·P(x²)/Q(x²) on [−9, 9]; beyond that tanh(x) rounds to ±1 in float32.
_P0 = np.float32(1.0)
_P1 = np.float32(0.13086092472076416)
_P2 = np.float32(0.003106235759332776)
_P3 = np.float32(1.1176816769875586e-05)
_P4 = np.float32(-2.0308439374616682e-08)
_P5 = np.float32(5.313698786535426e-11)
_P6 = np.float32(-8.569991369116944e-14)
_Q1 = np.float32(0.4641942083835602)
_Q2 = np.float32(0.024504385888576508)
_Q3 = np.float32(0.0002549386699683964)


# ---------------------------------------------------------------------- numpy helpers (twins)

def apply_activation(a, code):
    """The activation ``code`` applied to the array ``a`` (numpy; what the kernels compute)."""
    if code == TANH:
        return np.tanh(a)
    if code == SIGMOID:
        return 0.5 * (1 + np.tanh(0.5 * a))
    if code == RELU:
        return np.maximum(a, 0)
    if code == HARD_SIGMOID:
        return np.minimum(np.maximum(a / 6 + 0.5, 0), 1)
    return a


def activation_derivative(y, code):
    """The activation's derivative, written in terms of its output ``y``."""
    if code == TANH:
        return 1 - y * y
    if code == SIGMOID:
        return y * (1 - y)
    if code == RELU:
        return (y > 0).astype(y.dtype)
    if code == HARD_SIGMOID:
        return ((y > 0) & (y < 1)).astype(y.dtype) / 6
    return np.ones_like(y)


def rows(mask):
    return mask[:, None]


def padding_rows(mask):
    """The padding rows of ``mask`` (a boolean index), or None when every row is real. The
    twins compute every row, then give the padding rows what they keep."""
    return None if mask.all() else ~mask


# ---------------------------------------------------------------------- activations

@kernel(error_model="numpy")
def activate_in_place(values, code, precise):
    """values[j] = activation(values[j]) for a 1-D array, the activation given by ``code``."""
    n = values.shape[0]
    if code == RELU:
        for j in range(n):
            values[j] = max(values[j], ZERO)
    elif code == HARD_SIGMOID:
        for j in range(n):
            values[j] = min(max(values[j] / SIX + HALF, ZERO), ONE)
    elif code == TANH or code == SIGMOID:
        scale = HALF if code == SIGMOID else ONE
        if precise:
            for j in range(n):
                values[j] = np.tanh(values[j] * scale)
        else:
            for j in range(n):
                v = min(max(values[j] * scale, -CLAMP), CLAMP)
                s = v * v
                y = v * ((((((_P6 * s + _P5) * s + _P4) * s + _P3) * s + _P2) * s + _P1)
                         * s + _P0) / (((_Q3 * s + _Q2) * s + _Q1) * s + ONE)
                values[j] = min(max(y, -ONE), ONE)
        if code == SIGMOID:
            for j in range(n):
                values[j] = HALF + HALF * values[j]


@activate_in_place.numpy_twin
def _(values, code, precise):
    values[...] = apply_activation(values, code)


@activate_in_place.examples
def _():
    grid = np.linspace(-12, 12, 97)
    return [(grid.astype(dt), code, dt == np.float64)
            for dt in (np.float32, np.float64)
            for code in (LINEAR, TANH, SIGMOID, RELU, HARD_SIGMOID)]


@kernel(error_model="numpy")
def scale_by_derivative(grads, outputs, code):
    """grads[j] *= activation'(x_j) for 1-D arrays, from the outputs y_j = activation(x_j)."""
    n = grads.shape[0]
    if code == TANH:
        for j in range(n):
            grads[j] = grads[j] * (ONE - outputs[j] * outputs[j])
    elif code == SIGMOID:
        for j in range(n):
            grads[j] = grads[j] * (outputs[j] * (ONE - outputs[j]))
    elif code == RELU:
        for j in range(n):
            grads[j] = grads[j] if outputs[j] > ZERO else ZERO
    elif code == HARD_SIGMOID:
        for j in range(n):
            grads[j] = grads[j] / SIX if ZERO < outputs[j] < ONE else ZERO


@scale_by_derivative.numpy_twin
def _(grads, outputs, code):
    grads[...] = grads * activation_derivative(outputs, code)


@scale_by_derivative.examples
def _():
    rng = np.random.default_rng(10)
    out = []
    for dt in (np.float32, np.float64):
        for code in (LINEAR, TANH, SIGMOID, RELU, HARD_SIGMOID):
            y = apply_activation(rng.normal(size=20) * 3, code).astype(dt)
            out.append((rng.normal(size=20).astype(dt), y, code))
    return out


