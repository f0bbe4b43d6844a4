"""One time step of SimpleRNN, LSTM and GRU: the gate arithmetic, forward and backward.

A recurrent layer spends its time in a loop over the T timesteps. Each step is a matrix product
(the previous hidden state times the recurrent kernel, done by BLAS through numpy's matmul)
followed by cheap but numerous elementwise operations: add the precomputed input projection,
apply the gate activations, mix the gates into the new state. The kernels here are that
elementwise part, one call per step. The loop through time that calls them lives in
:mod:`.recurrence`, the big products and the weight gradients in
:mod:`kerasedu.backend.ops.recurrent`.

Shapes (N samples, u units): the input projection ``xw`` = x_t · kernel + bias and the recurrent
product ``z`` = h_{t-1} · recurrent_kernel are (N, G·u) with the G gates side by side in Keras'
order (LSTM i, f, c, o; GRU z, r, h); states are (N, u); ``mask`` is (N,) bool, False where the
step is padding: there the state is carried over unchanged (h_t = h_{t-1}, c_t = c_{t-1}).

Activations are passed as codes (LINEAR, TANH, SIGMOID, RELU, HARD_SIGMOID) and applied by two
small kernels that the step kernels call on one row (one sample) at a time:

* ``activate_in_place(values, code, precise)``: values = activation(values);
* ``scale_by_derivative(grads, outputs, code)``: grads *= activation'(x), written with the
  activation's output y, because each derivative is a function of y: tanh' = 1 − y²,
  sigmoid' = y(1 − y), relu' = [y > 0], hard_sigmoid' = [0 < y < 1] / 6. So the forward step
  saves the activations' outputs and the backward step needs nothing else.

Speed: the loops walk each row through 1-D slices from index 0, over contiguous memory, which
is the form the compiler turns into SIMD instructions (8 or 16 values at once). For that, the
float32 tanh is a rational function x·P(x²)/Q(x²) (degrees 13 and 6, fitted to tanh on [0, 9],
within a few float32 ulps) made of multiplies, adds and one division, and sigmoid(x) is
(1 + tanh(x/2)) / 2. ``precise=True`` (float64) calls np.tanh instead. The numpy twins use
np.tanh throughout.
"""

import numpy as np

from .registry import kernel

LINEAR, TANH, SIGMOID, RELU, HARD_SIGMOID = 0, 1, 2, 3, 4

# float32 constants keep float32 arithmetic in float32 (a float64 constant would promote it).
_ZERO, _HALF, _ONE, _SIX, _CLAMP = (np.float32(v) for v in (0.0, 0.5, 1.0, 6.0, 9.0))
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


def _rows(mask):
    return mask[:, None]


# ---------------------------------------------------------------------- activations

@kernel(error_model="numpy")
def activate_in_place(values, code, precise):
    """values[j] = activation(values[j]) for a 1-D array, the activation given by ``code``."""
    n = values.shape[0]
    if code == RELU:
        for j in range(n):
            values[j] = max(values[j], _ZERO)
    elif code == HARD_SIGMOID:
        for j in range(n):
            values[j] = min(max(values[j] / _SIX + _HALF, _ZERO), _ONE)
    elif code == TANH or code == SIGMOID:
        scale = _HALF if code == SIGMOID else _ONE
        if precise:
            for j in range(n):
                values[j] = np.tanh(values[j] * scale)
        else:
            for j in range(n):
                v = min(max(values[j] * scale, -_CLAMP), _CLAMP)
                s = v * v
                y = v * ((((((_P6 * s + _P5) * s + _P4) * s + _P3) * s + _P2) * s + _P1)
                         * s + _P0) / (((_Q3 * s + _Q2) * s + _Q1) * s + _ONE)
                values[j] = min(max(y, -_ONE), _ONE)
        if code == SIGMOID:
            for j in range(n):
                values[j] = _HALF + _HALF * values[j]


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
            grads[j] = grads[j] * (_ONE - outputs[j] * outputs[j])
    elif code == SIGMOID:
        for j in range(n):
            grads[j] = grads[j] * (outputs[j] * (_ONE - outputs[j]))
    elif code == RELU:
        for j in range(n):
            grads[j] = grads[j] if outputs[j] > _ZERO else _ZERO
    elif code == HARD_SIGMOID:
        for j in range(n):
            grads[j] = grads[j] / _SIX if _ZERO < outputs[j] < _ONE else _ZERO


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


# ---------------------------------------------------------------------- SimpleRNN

@kernel(error_model="numpy")
def simple_rnn_forward_step(h, z, xw, h_prev, mask, activation, precise):
    """h = activation(xw + z) where mask holds, else h_prev.   z = h_prev · U."""
    n, units = h.shape
    for b in range(n):
        out = h[b]
        if not mask[b]:
            out[:] = h_prev[b]
            continue
        zb, xb = z[b], xw[b]
        for j in range(units):
            out[j] = xb[j] + zb[j]
        activate_in_place(out, activation, precise)


@simple_rnn_forward_step.numpy_twin
def _(h, z, xw, h_prev, mask, activation, precise):
    h[...] = np.where(_rows(mask), apply_activation(xw + z, activation), h_prev)


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
            dab[:] = 0
            continue
        for j in range(units):
            dab[j] = dhb[j] + recb[j] + doutb[j]
            dhb[j] = 0
        scale_by_derivative(dab, h[b], activation)


@simple_rnn_backward_step.numpy_twin
def _(da, dh, dout, rec, h, mask, activation):
    total = dh + rec + dout
    m = _rows(mask)
    da[...] = np.where(m, total * activation_derivative(h, activation), 0)
    dh[...] = np.where(m, 0, total)


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


# ---------------------------------------------------------------------- LSTM

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
            hb[:] = h_prev[b]
            cb[:] = c_prev[b]
            tcb[:] = 0
            gb[:] = 0
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
    i = apply_activation(a[:, :u], recurrent_activation)
    f = apply_activation(a[:, u:2 * u], recurrent_activation)
    g = apply_activation(a[:, 2 * u:3 * u], activation)
    o = apply_activation(a[:, 3 * u:], recurrent_activation)
    new_c = f * c_prev + i * g
    new_tc = apply_activation(new_c, activation)
    m = _rows(mask)
    gates[...] = np.where(m, np.concatenate([i, f, g, o], axis=1), 0)
    tc[...] = np.where(m, new_tc, 0)
    c[...] = np.where(m, new_c, c_prev)
    h[...] = np.where(m, o * new_tc, h_prev)


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
            dzb[:] = 0
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
    g_h = dh + rec + dout
    g_c = dc + g_h * o * activation_derivative(tc, activation)
    new_dz = np.concatenate([g_c * g * activation_derivative(i, recurrent_activation),
                             g_c * c_prev * activation_derivative(f, recurrent_activation),
                             g_c * i * activation_derivative(g, activation),
                             g_h * tc * activation_derivative(o, recurrent_activation)], axis=1)
    m = _rows(mask)
    dz[...] = np.where(m, new_dz, 0)
    dc[...] = np.where(m, g_c * f, dc)
    dh[...] = np.where(m, 0, g_h)


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


# ---------------------------------------------------------------------- GRU, reset_after=True

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
            hb[:] = hp
            gb[:] = 0
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
            hb[j] = update[j] * hp[j] + (_ONE - update[j]) * candidate[j]


@gru_forward_step.numpy_twin
def _(h, gates, z, xw, recurrent_bias, h_prev, mask, activation, recurrent_activation,
      precise):
    u = h.shape[1]
    rec = z + recurrent_bias
    update = apply_activation(xw[:, :u] + rec[:, :u], recurrent_activation)
    reset = apply_activation(xw[:, u:2 * u] + rec[:, u:2 * u], recurrent_activation)
    rh = rec[:, 2 * u:]
    candidate = apply_activation(xw[:, 2 * u:] + reset * rh, activation)
    m = _rows(mask)
    gates[...] = np.where(m, np.concatenate([update, reset, candidate, rh], axis=1), 0)
    h[...] = np.where(m, update * h_prev + (1 - update) * candidate, h_prev)


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
            dzxb[:] = 0
            dzrb[:] = 0
            continue
        gb, hp = gates[b], h_prev[b]
        update, reset = gb[:units], gb[units:two]
        candidate, rh = gb[two:3 * units], gb[3 * units:]
        dx_z, dx_r, dx_h = dzxb[:units], dzxb[units:two], dzxb[two:]
        for j in range(units):
            g = dhb[j] + recb[j] + doutb[j]         # dL/dh_t
            dx_h[j] = g * (_ONE - update[j])        # dL/dhh, for now
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
    g = dh + rec + dout
    g_candidate = g * (1 - update) * activation_derivative(candidate, activation)
    g_update = g * (h_prev - candidate) * activation_derivative(update, recurrent_activation)
    g_reset = g_candidate * rh * activation_derivative(reset, recurrent_activation)
    m = _rows(mask)
    dzx[...] = np.where(m, np.concatenate([g_update, g_reset, g_candidate], axis=1), 0)
    dzr[...] = np.where(m, np.concatenate([g_update, g_reset, g_candidate * reset], axis=1), 0)
    dh[...] = np.where(m, g * update, g)


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
            rhb[:] = 0
            gb[:] = 0
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
    m = _rows(mask)
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
            hb[:] = hp
            continue
        gb, rcb, xh = gates[b], rc[b], xw[b][two:]
        update, candidate = gb[:units], gb[two:]
        for j in range(units):
            candidate[j] = xh[j] + rcb[j]
        activate_in_place(candidate, activation, precise)
        for j in range(units):
            hb[j] = update[j] * hp[j] + (_ONE - update[j]) * candidate[j]


@gru_reset_before_output.numpy_twin
def _(h, gates, rc, xw, h_prev, mask, activation, precise):
    u = h.shape[1]
    candidate = apply_activation(xw[:, 2 * u:] + rc, activation)
    update = gates[:, :u]
    m = _rows(mask)
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
            dzxb[:] = 0
            continue
        gb, hp = gates[b], h_prev[b]
        update, candidate = gb[:units], gb[two:]
        dx_z, dx_r, dx_h = dzxb[:units], dzxb[units:two], dzxb[two:]
        for j in range(units):
            g = dhb[j] + recb[j] + doutb[j]
            dx_h[j] = g * (_ONE - update[j])
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
    m = _rows(mask)
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
            dcb[:] = 0
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
    m = _rows(mask)
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
