"""One GRU timestep, forward and backward, with the reset gate after the recurrent product
(reset_after=True, Keras 3's default) or before it (reset_after=False).

Shapes and activation codes as in :mod:`.step_activations`.
"""

import numpy as np

from ..backend.kernels.registry import kernel
from .step_activations import (HARD_SIGMOID, RELU, SIGMOID, TANH, ONE, activate_in_place,
                              activation_derivative, apply_activation, padding_rows, rows,
                              scale_by_derivative)

@kernel(error_model="numpy")
def gru_forward_step(h, gates, z, xw, recurrent_bias, h_prev, mask, activation,
                     recurrent_activation, precise):
    """GRU with the reset gate applied after the matmul (Keras' default, reset_after=True).

    With z = h_prev · U and rz, rr, rh = z + recurrent_bias split in three:
    u_ = ract(xw_z + rz), r = ract(xw_r + rr), hh = act(xw_h + r·rh),
    h = u_·h_prev + (1 − u_)·hh.
    Saves gates = [u_, r, hh, rh] (N, 4u) for the backward step.
    """
    n, units = h.shape
    two = 2 * units
    bias_zr, bias_h = recurrent_bias[:two], recurrent_bias[two:]
    for b in range(n):
        hb, gb, hp = h[b], gates[b], h_prev[b]
        if not mask[b]:
            for j in range(hb.shape[0]):
                hb[j] = hp[j]
            for j in range(gb.shape[0]):
                gb[j] = 0
            continue
        zb, xb = z[b], xw[b]
        for j in range(two):
            gb[j] = xb[j] + zb[j] + bias_zr[j]
        activate_in_place(gb[:two], recurrent_activation, precise)
        update, reset = gb[:units], gb[units:two]
        candidate, rh = gb[two:3 * units], gb[3 * units:]
        zh, xh = zb[two:], xb[two:]
        for j in range(units):
            rh[j] = zh[j] + bias_h[j]
            candidate[j] = xh[j] + reset[j] * rh[j]
        activate_in_place(candidate, activation, precise)
        for j in range(units):
            hb[j] = update[j] * hp[j] + (ONE - update[j]) * candidate[j]


@gru_forward_step.numpy_twin
def _(h, gates, z, xw, recurrent_bias, h_prev, mask, activation, recurrent_activation,
      precise):
    u = h.shape[1]
    update, reset, candidate, rh = (gates[:, k * u:(k + 1) * u] for k in range(4))
    gates[:, :2 * u] = apply_activation(xw[:, :2 * u] + z[:, :2 * u] + recurrent_bias[:2 * u],
                                        recurrent_activation)
    np.add(z[:, 2 * u:], recurrent_bias[2 * u:], out=rh)
    candidate[...] = apply_activation(xw[:, 2 * u:] + reset * rh, activation)
    h[...] = update * h_prev + (1 - update) * candidate
    padding = padding_rows(mask)
    if padding is not None:
        gates[padding] = 0
        h[padding] = h_prev[padding]


@gru_forward_step.examples
def _():
    rng = np.random.default_rng(4)
    out = []
    for dt, precise in ((np.float32, False), (np.float64, True)):
        for act, ract in ((TANH, SIGMOID), (RELU, HARD_SIGMOID)):
            n, u = 3, 4
            out.append((np.zeros((n, u), dt), np.zeros((n, 4 * u), dt),
                        rng.normal(size=(n, 3 * u)).astype(dt),
                        rng.normal(size=(n, 3 * u)).astype(dt) * 3,
                        rng.normal(size=3 * u).astype(dt), rng.normal(size=(n, u)).astype(dt),
                        np.array([True, False, True]), act, ract, precise))
    return out


@kernel(error_model="numpy")
def gru_backward_step(dzx, dzr, dh, dout, rec, gates, h_prev, mask, activation,
                      recurrent_activation):
    """Step t backward (reset_after=True). In: dh (carried gradient of h_t), dout,
    rec = dzr_{t+1} · Uᵀ. Out: dzx = dL/d(xw) and dzr = dL/d(z + recurrent_bias), each
    (N, 3u); dh becomes the carried part of dL/dh_{t-1} (total·u_ on active rows)."""
    n, units = h_prev.shape
    two = 2 * units
    for b in range(n):
        dhb, recb, doutb, dzxb, dzrb = dh[b], rec[b], dout[b], dzx[b], dzr[b]
        if not mask[b]:
            for j in range(units):
                dhb[j] = dhb[j] + recb[j] + doutb[j]
            for j in range(dzxb.shape[0]):
                dzxb[j] = 0
            for j in range(dzrb.shape[0]):
                dzrb[j] = 0
            continue
        gb, hp = gates[b], h_prev[b]
        update, reset = gb[:units], gb[units:two]
        candidate, rh = gb[two:3 * units], gb[3 * units:]
        dx_z, dx_r, dx_h = dzxb[:units], dzxb[units:two], dzxb[two:]
        for j in range(units):
            g = dhb[j] + recb[j] + doutb[j]         # dL/dh_t
            dx_h[j] = g * (ONE - update[j])        # dL/dhh, for now
            dx_z[j] = g * (hp[j] - candidate[j])    # dL/du_, for now
            dhb[j] = g * update[j]
        scale_by_derivative(dx_h, candidate, activation)
        dr_h = dzrb[two:]
        for j in range(units):
            dr_h[j] = dx_h[j] * reset[j]
            dx_r[j] = dx_h[j] * rh[j]
        scale_by_derivative(dzxb[:two], gb[:two], recurrent_activation)
        for j in range(two):
            dzrb[j] = dzxb[j]


@gru_backward_step.numpy_twin
def _(dzx, dzr, dh, dout, rec, gates, h_prev, mask, activation, recurrent_activation):
    u = h_prev.shape[1]
    update, reset, candidate, rh = (gates[:, k * u:(k + 1) * u] for k in range(4))
    g_update, g_reset, g_candidate = (dzx[:, k * u:(k + 1) * u] for k in range(3))
    g = dh + rec + dout
    derivative = activation_derivative(gates[:, :2 * u], recurrent_activation)
    g_candidate[...] = g * (1 - update) * activation_derivative(candidate, activation)
    g_update[...] = g * (h_prev - candidate) * derivative[:, :u]
    g_reset[...] = g_candidate * rh * derivative[:, u:]
    dzr[:, :2 * u] = dzx[:, :2 * u]
    np.multiply(g_candidate, reset, out=dzr[:, 2 * u:])
    dh[...] = g * update
    padding = padding_rows(mask)
    if padding is not None:
        dzx[padding] = 0
        dzr[padding] = 0
        dh[padding] = g[padding]


@gru_backward_step.examples
def _():
    rng = np.random.default_rng(5)
    out = []
    for dt in (np.float32, np.float64):
        for act, ract in ((TANH, SIGMOID), (RELU, HARD_SIGMOID)):
            n, u = 3, 4
            gates = np.concatenate([apply_activation(rng.normal(size=(n, u)), ract),
                                    apply_activation(rng.normal(size=(n, u)), ract),
                                    apply_activation(rng.normal(size=(n, u)), act),
                                    rng.normal(size=(n, u))], axis=1).astype(dt)
            out.append((np.zeros((n, 3 * u), dt), np.zeros((n, 3 * u), dt),
                        rng.normal(size=(n, u)).astype(dt), rng.normal(size=(n, u)).astype(dt),
                        rng.normal(size=(n, u)).astype(dt), gates,
                        rng.normal(size=(n, u)).astype(dt), np.array([True, False, True]),
                        act, ract))
    return out


# ---------------------------------------------------------------------- GRU, reset_after=False

@kernel(error_model="numpy")
def gru_reset_before_gates(gates, rh, z, xw, h_candidate, mask, recurrent_activation,
                           precise):
    """First half of a reset_after=False step: u_ = ract(xw_z + z_z), r = ract(xw_r + z_r)
    with z = h_prev · U[:, :2u]; rh = r · h_candidate, the vector the candidate's matmul needs
    (h_candidate is h_prev, times the recurrent dropout mask when there is one)."""
    n, units = rh.shape
    two = 2 * units
    for b in range(n):
        gb, rhb = gates[b], rh[b]
        if not mask[b]:
            for j in range(rhb.shape[0]):
                rhb[j] = 0
            for j in range(gb.shape[0]):
                gb[j] = 0
            continue
        zb, xb, hc = z[b], xw[b], h_candidate[b]
        for j in range(two):
            gb[j] = xb[j] + zb[j]
        activate_in_place(gb[:two], recurrent_activation, precise)
        reset = gb[units:two]
        for j in range(units):
            rhb[j] = reset[j] * hc[j]


@gru_reset_before_gates.numpy_twin
def _(gates, rh, z, xw, h_candidate, mask, recurrent_activation, precise):
    u = rh.shape[1]
    zr = apply_activation(xw[:, :2 * u] + z, recurrent_activation)
    m = rows(mask)
    gates[:, :2 * u] = np.where(m, zr, 0)
    gates[:, 2 * u:] = 0
    rh[...] = np.where(m, zr[:, u:] * h_candidate, 0)


@gru_reset_before_gates.examples
def _():
    rng = np.random.default_rng(6)
    out = []
    for dt, precise in ((np.float32, False), (np.float64, True)):
        for ract in (SIGMOID, HARD_SIGMOID):
            n, u = 3, 4
            out.append((np.zeros((n, 3 * u), dt), np.zeros((n, u), dt),
                        rng.normal(size=(n, 2 * u)).astype(dt),
                        rng.normal(size=(n, 3 * u)).astype(dt) * 3,
                        rng.normal(size=(n, u)).astype(dt), np.array([False, True, True]),
                        ract, precise))
    return out


@kernel(error_model="numpy")
def gru_reset_before_output(h, gates, rc, xw, h_prev, mask, activation, precise):
    """Second half of a reset_after=False step: hh = act(xw_h + rc) with rc = rh · U[:, 2u:];
    h = u_·h_prev + (1 − u_)·hh. Saves hh in gates[:, 2u:]."""
    n, units = h.shape
    two = 2 * units
    for b in range(n):
        hb, hp = h[b], h_prev[b]
        if not mask[b]:
            for j in range(hb.shape[0]):
                hb[j] = hp[j]
            continue
        gb, rcb, xh = gates[b], rc[b], xw[b][two:]
        update, candidate = gb[:units], gb[two:]
        for j in range(units):
            candidate[j] = xh[j] + rcb[j]
        activate_in_place(candidate, activation, precise)
        for j in range(units):
            hb[j] = update[j] * hp[j] + (ONE - update[j]) * candidate[j]


@gru_reset_before_output.numpy_twin
def _(h, gates, rc, xw, h_prev, mask, activation, precise):
    u = h.shape[1]
    candidate = apply_activation(xw[:, 2 * u:] + rc, activation)
    update = gates[:, :u]
    m = rows(mask)
    gates[:, 2 * u:] = np.where(m, candidate, gates[:, 2 * u:])
    h[...] = np.where(m, update * h_prev + (1 - update) * candidate, h_prev)


@gru_reset_before_output.examples
def _():
    rng = np.random.default_rng(7)
    out = []
    for dt, precise in ((np.float32, False), (np.float64, True)):
        for act in (TANH, RELU):
            n, u = 3, 4
            gates = np.concatenate([rng.uniform(size=(n, 2 * u)), np.zeros((n, u))], 1)
            out.append((np.zeros((n, u), dt), gates.astype(dt),
                        rng.normal(size=(n, u)).astype(dt),
                        rng.normal(size=(n, 3 * u)).astype(dt) * 3,
                        rng.normal(size=(n, u)).astype(dt), np.array([True, False, True]),
                        act, precise))
    return out


@kernel(error_model="numpy")
def gru_reset_before_backward_candidate(dzx, dh, dout, rec, gates, h_prev, mask, activation,
                                        recurrent_activation):
    """reset_after=False, step t backward, first half. In: dh, dout, rec (gradient reaching
    h_t from step t+1). Out: dzx[:, :u] (update gate) and dzx[:, 2u:] (candidate) of
    dL/d(pre-activations); dh becomes total·u_ (active rows) or total (masked rows).
    The reset gate's part, dzx[:, u:2u], needs dL/drh = dzx[:, 2u:] · U_hᵀ first."""
    n, units = h_prev.shape
    two = 2 * units
    for b in range(n):
        dhb, recb, doutb, dzxb = dh[b], rec[b], dout[b], dzx[b]
        if not mask[b]:
            for j in range(units):
                dhb[j] = dhb[j] + recb[j] + doutb[j]
            for j in range(dzxb.shape[0]):
                dzxb[j] = 0
            continue
        gb, hp = gates[b], h_prev[b]
        update, candidate = gb[:units], gb[two:]
        dx_z, dx_r, dx_h = dzxb[:units], dzxb[units:two], dzxb[two:]
        for j in range(units):
            g = dhb[j] + recb[j] + doutb[j]
            dx_h[j] = g * (ONE - update[j])
            dx_z[j] = g * (hp[j] - candidate[j])
            dx_r[j] = 0
            dhb[j] = g * update[j]
        scale_by_derivative(dx_h, candidate, activation)
        scale_by_derivative(dx_z, update, recurrent_activation)


@gru_reset_before_backward_candidate.numpy_twin
def _(dzx, dh, dout, rec, gates, h_prev, mask, activation, recurrent_activation):
    u = h_prev.shape[1]
    update, candidate = gates[:, :u], gates[:, 2 * u:]
    g = dh + rec + dout
    m = rows(mask)
    dzx[:, :u] = np.where(
        m, g * (h_prev - candidate) * activation_derivative(update, recurrent_activation), 0)
    dzx[:, u:2 * u] = 0
    dzx[:, 2 * u:] = np.where(m, g * (1 - update) * activation_derivative(candidate, activation), 0)
    dh[...] = np.where(m, g * update, g)


@gru_reset_before_backward_candidate.examples
def _():
    rng = np.random.default_rng(8)
    out = []
    for dt in (np.float32, np.float64):
        for act, ract in ((TANH, SIGMOID), (RELU, HARD_SIGMOID)):
            n, u = 3, 4
            gates = np.concatenate([apply_activation(rng.normal(size=(n, 2 * u)), ract),
                                    apply_activation(rng.normal(size=(n, u)), act)], 1).astype(dt)
            out.append((np.zeros((n, 3 * u), dt), rng.normal(size=(n, u)).astype(dt),
                        rng.normal(size=(n, u)).astype(dt), rng.normal(size=(n, u)).astype(dt),
                        gates, rng.normal(size=(n, u)).astype(dt),
                        np.array([True, True, False]), act, ract))
    return out


@kernel(error_model="numpy")
def gru_reset_before_backward_reset(dzx, d_candidate_h, drh, gates, h_candidate, mask,
                                    recurrent_activation):
    """reset_after=False, step t backward, second half. In: drh = dzx[:, 2u:] · U_hᵀ, the
    gradient of rh = r·h_candidate. Out: dzx[:, u:2u] = drh·h_candidate·ract'(r), and
    d_candidate_h = drh·r, the gradient reaching h_candidate (0 on masked rows)."""
    n, units = h_candidate.shape
    two = 2 * units
    for b in range(n):
        dcb = d_candidate_h[b]
        if not mask[b]:
            for j in range(dcb.shape[0]):
                dcb[j] = 0
            continue
        reset, dx_r = gates[b][units:two], dzx[b][units:two]
        drhb, hc = drh[b], h_candidate[b]
        for j in range(units):
            dx_r[j] = drhb[j] * hc[j]
            dcb[j] = drhb[j] * reset[j]
        scale_by_derivative(dx_r, reset, recurrent_activation)


@gru_reset_before_backward_reset.numpy_twin
def _(dzx, d_candidate_h, drh, gates, h_candidate, mask, recurrent_activation):
    u = h_candidate.shape[1]
    reset = gates[:, u:2 * u]
    m = rows(mask)
    dzx[:, u:2 * u] = np.where(m, drh * h_candidate
                               * activation_derivative(reset, recurrent_activation),
                               dzx[:, u:2 * u])
    d_candidate_h[...] = np.where(m, drh * reset, 0)


@gru_reset_before_backward_reset.examples
def _():
    rng = np.random.default_rng(9)
    out = []
    for dt in (np.float32, np.float64):
        for ract in (SIGMOID, HARD_SIGMOID):
            n, u = 3, 4
            gates = apply_activation(rng.normal(size=(n, 3 * u)), ract).astype(dt)
            out.append((np.zeros((n, 3 * u), dt), np.zeros((n, u), dt),
                        rng.normal(size=(n, u)).astype(dt), gates,
                        rng.normal(size=(n, u)).astype(dt), np.array([True, False, True]),
                        ract))
    return out

