"""One SimpleRNN timestep, forward and backward: h_t = activation(xw_t + h_{t-1} · U).

Shapes and activation codes as in :mod:`.step_activations`.
"""

import numpy as np

from ..backend.kernels.registry import kernel
from .step_activations import (HARD_SIGMOID, LINEAR, RELU, SIGMOID, TANH, activate_in_place,
                              activation_derivative, apply_activation, padding_rows,
                              scale_by_derivative)

@kernel(error_model="numpy")
def simple_rnn_forward_step(h, z, xw, h_prev, mask, activation, precise):
    """h = activation(xw + z) where mask holds, else h_prev.   z = h_prev · U."""
    n, units = h.shape
    for b in range(n):
        out = h[b]
        if not mask[b]:
            for j in range(out.shape[0]):
                out[j] = h_prev[b][j]
            continue
        zb, xb = z[b], xw[b]
        for j in range(units):
            out[j] = xb[j] + zb[j]
        activate_in_place(out, activation, precise)


@simple_rnn_forward_step.numpy_twin
def _(h, z, xw, h_prev, mask, activation, precise):
    h[...] = apply_activation(xw + z, activation)
    padding = padding_rows(mask)
    if padding is not None:
        h[padding] = h_prev[padding]


@simple_rnn_forward_step.examples
def _():
    rng = np.random.default_rng(0)
    out = []
    for dt, precise in ((np.float32, False), (np.float64, True)):
        for code in (LINEAR, TANH, SIGMOID, RELU, HARD_SIGMOID):
            n, u = 3, 5
            out.append((np.zeros((n, u), dt), rng.normal(size=(n, u)).astype(dt),
                        rng.normal(size=(n, u)).astype(dt) * 3, rng.normal(size=(n, u)).astype(dt),
                        np.array([True, False, True]), code, precise))
    return out


@kernel(error_model="numpy")
def simple_rnn_backward_step(da, dh, dout, rec, h, mask, activation):
    """Step t backward. In: dh (carried gradient of h_t), dout (gradient of the output at t),
    rec = da_{t+1} · Uᵀ. Out: da = dL/d(pre-activation); dh becomes the carried gradient of
    h_{t-1} (all of it on masked rows, else 0: the rest reaches h_{t-1} through da · Uᵀ)."""
    n, units = h.shape
    for b in range(n):
        dhb, recb, doutb, dab = dh[b], rec[b], dout[b], da[b]
        if not mask[b]:
            for j in range(units):
                dhb[j] = dhb[j] + recb[j] + doutb[j]
            for j in range(dab.shape[0]):
                dab[j] = 0
            continue
        for j in range(units):
            dab[j] = dhb[j] + recb[j] + doutb[j]
            dhb[j] = 0
        scale_by_derivative(dab, h[b], activation)


@simple_rnn_backward_step.numpy_twin
def _(da, dh, dout, rec, h, mask, activation):
    total = dh + rec + dout
    da[...] = total * activation_derivative(h, activation)
    dh[...] = 0
    padding = padding_rows(mask)
    if padding is not None:
        da[padding] = 0
        dh[padding] = total[padding]


@simple_rnn_backward_step.examples
def _():
    rng = np.random.default_rng(1)
    out = []
    for dt in (np.float32, np.float64):
        for code in (LINEAR, TANH, SIGMOID, RELU, HARD_SIGMOID):
            n, u = 3, 4
            y = apply_activation(rng.normal(size=(n, u)), code).astype(dt)
            out.append((np.zeros((n, u), dt), rng.normal(size=(n, u)).astype(dt),
                        rng.normal(size=(n, u)).astype(dt), rng.normal(size=(n, u)).astype(dt),
                        y, np.array([True, True, False]), code))
    return out


