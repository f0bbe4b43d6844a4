"""One LSTM timestep, forward and backward: the gate arithmetic after the recurrent product.

    i, f, g, o = ract(a_i), ract(a_f), act(a_g), ract(a_o)      a = xw_t + h_{t-1} · U
    c_t = f·c_{t-1} + i·g;   h_t = o·act(c_t)

This is the LSTM cell's arithmetic written as loops for the fused op (its twin writes it with
numpy); the cell itself, :class:`kerasedu.layers.LSTMCell`, states the same equations in ops.

Shapes and activation codes as in :mod:`.step_activations`.
"""

import numpy as np

from ..backend.kernels.registry import kernel
from .step_activations import (HARD_SIGMOID, LINEAR, RELU, SIGMOID, TANH, activate_in_place,
                              activation_derivative, apply_activation, padding_rows,
                              scale_by_derivative)

@kernel(error_model="numpy")
def lstm_forward_step(h, c, gates, tc, z, xw, h_prev, c_prev, mask, activation,
                      recurrent_activation, precise):
    """i, f, g, o = ract(a_i), ract(a_f), act(a_g), ract(a_o) with a = xw + z (z = h_prev · U);
    c = f·c_prev + i·g;  h = o·act(c). Saves gates = [i, f, g, o] and tc = act(c) for the
    backward step. Masked rows carry h_prev and c_prev over."""
    n, units = h.shape
    for b in range(n):
        hb, cb, gb, tcb = h[b], c[b], gates[b], tc[b]
        if not mask[b]:
            for j in range(units):
                hb[j] = h_prev[b][j]
                cb[j] = c_prev[b][j]
                tcb[j] = 0
            for j in range(4 * units):
                gb[j] = 0
            continue
        zb, xb, cp = z[b], xw[b], c_prev[b]
        for j in range(4 * units):
            gb[j] = xb[j] + zb[j]
        activate_in_place(gb[:2 * units], recurrent_activation, precise)
        activate_in_place(gb[2 * units:3 * units], activation, precise)
        activate_in_place(gb[3 * units:], recurrent_activation, precise)
        i, f, g, o = gb[:units], gb[units:2 * units], gb[2 * units:3 * units], gb[3 * units:]
        for j in range(units):
            cb[j] = f[j] * cp[j] + i[j] * g[j]
            tcb[j] = cb[j]
        activate_in_place(tcb, activation, precise)
        for j in range(units):
            hb[j] = o[j] * tcb[j]


@lstm_forward_step.numpy_twin
def _(h, c, gates, tc, z, xw, h_prev, c_prev, mask, activation, recurrent_activation,
      precise):
    u = h.shape[1]
    a = xw + z
    gates[...] = apply_activation(a, recurrent_activation)           # i, f and o
    gates[:, 2 * u:3 * u] = apply_activation(a[:, 2 * u:3 * u], activation)
    i, f, g, o = (gates[:, k * u:(k + 1) * u] for k in range(4))
    c[...] = f * c_prev + i * g
    tc[...] = apply_activation(c, activation)
    h[...] = o * tc
    padding = padding_rows(mask)
    if padding is not None:
        gates[padding] = 0
        tc[padding] = 0
        c[padding] = c_prev[padding]
        h[padding] = h_prev[padding]


@lstm_forward_step.examples
def _():
    rng = np.random.default_rng(2)
    out = []
    for dt, precise in ((np.float32, False), (np.float64, True)):
        for act, ract in ((TANH, SIGMOID), (RELU, HARD_SIGMOID), (LINEAR, TANH)):
            n, u = 3, 4
            out.append((np.zeros((n, u), dt), np.zeros((n, u), dt), np.zeros((n, 4 * u), dt),
                        np.zeros((n, u), dt), rng.normal(size=(n, 4 * u)).astype(dt),
                        rng.normal(size=(n, 4 * u)).astype(dt) * 3,
                        rng.normal(size=(n, u)).astype(dt), rng.normal(size=(n, u)).astype(dt),
                        np.array([True, False, True]), act, ract, precise))
    return out


@kernel(error_model="numpy")
def lstm_backward_step(dz, dh, dc, dout, rec, gates, tc, c_prev, mask, activation,
                       recurrent_activation):
    """Step t backward. In: dh, dc (carried gradients of h_t, c_t), dout, rec = dz_{t+1} · Uᵀ.
    Out: dz = dL/da for the four gates; dc becomes dL/dc_{t-1}; dh the carried part of
    dL/dh_{t-1} (everything on masked rows, else 0)."""
    n, units = tc.shape
    for b in range(n):
        dhb, dcb, doutb, recb, dzb = dh[b], dc[b], dout[b], rec[b], dz[b]
        if not mask[b]:
            for j in range(units):
                dhb[j] = dhb[j] + recb[j] + doutb[j]
            for j in range(dzb.shape[0]):
                dzb[j] = 0
            continue
        gb, tcb, cp = gates[b], tc[b], c_prev[b]
        i, f, g, o = gb[:units], gb[units:2 * units], gb[2 * units:3 * units], gb[3 * units:]
        dz_i, dz_f = dzb[:units], dzb[units:2 * units]
        dz_g, dz_o = dzb[2 * units:3 * units], dzb[3 * units:]
        for j in range(units):
            g_h = dhb[j] + recb[j] + doutb[j]       # dL/dh_t
            dz_o[j] = g_h * tcb[j]                  # dL/do
            dz_g[j] = g_h * o[j]                    # dL/d act(c_t), for now
            dhb[j] = 0
        scale_by_derivative(dz_g, tcb, activation)  # dL/dc_t through h_t
        for j in range(units):
            g_c = dcb[j] + dz_g[j]                  # dL/dc_t
            dz_i[j] = g_c * g[j]
            dz_f[j] = g_c * cp[j]
            dz_g[j] = g_c * i[j]
            dcb[j] = g_c * f[j]                     # dL/dc_{t-1}
        scale_by_derivative(dzb[:2 * units], gb[:2 * units], recurrent_activation)
        scale_by_derivative(dz_g, g, activation)
        scale_by_derivative(dz_o, o, recurrent_activation)


@lstm_backward_step.numpy_twin
def _(dz, dh, dc, dout, rec, gates, tc, c_prev, mask, activation, recurrent_activation):
    u = tc.shape[1]
    i, f, g, o = (gates[:, k * u:(k + 1) * u] for k in range(4))
    padding = padding_rows(mask)
    carried_dc = None if padding is None else dc[padding]
    g_h = dh + rec + dout
    g_c = dc + g_h * o * activation_derivative(tc, activation)
    derivative = activation_derivative(gates, recurrent_activation)   # of i, f and o
    dz[:, :u] = g_c * g * derivative[:, :u]
    dz[:, u:2 * u] = g_c * c_prev * derivative[:, u:2 * u]
    dz[:, 2 * u:3 * u] = g_c * i * activation_derivative(g, activation)
    dz[:, 3 * u:] = g_h * tc * derivative[:, 3 * u:]
    dc[...] = g_c * f
    dh[...] = 0
    if padding is not None:
        dz[padding] = 0
        dc[padding] = carried_dc
        dh[padding] = g_h[padding]


@lstm_backward_step.examples
def _():
    rng = np.random.default_rng(3)
    out = []
    for dt in (np.float32, np.float64):
        for act, ract in ((TANH, SIGMOID), (RELU, HARD_SIGMOID), (LINEAR, TANH)):
            n, u = 3, 4
            gates = np.concatenate([apply_activation(rng.normal(size=(n, u)), code)
                                    for code in (ract, ract, act, ract)], axis=1).astype(dt)
            tc = apply_activation(rng.normal(size=(n, u)), act).astype(dt)
            out.append((np.zeros((n, 4 * u), dt), rng.normal(size=(n, u)).astype(dt),
                        rng.normal(size=(n, u)).astype(dt), rng.normal(size=(n, u)).astype(dt),
                        rng.normal(size=(n, u)).astype(dt), gates, tc,
                        rng.normal(size=(n, u)).astype(dt), np.array([False, True, True]),
                        act, ract))
    return out


