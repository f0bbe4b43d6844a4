"""The loop through time of SimpleRNN, GRU and LSTM, forward and backward, one kernel call each.

Each timestep is the recurrent product (:mod:`.small_matmul`) followed by the step's gate
arithmetic (:mod:`.simple_rnn_steps`, :mod:`.lstm_steps`, :mod:`.gru_steps`). Running the whole
loop inside one compiled call saves Python's work between the steps, and lets several threads
run the loop at the same time on different samples (a compiled call lets other Python threads
run meanwhile): the samples of a batch are independent sequences, so one thread can compute
samples ``first:last`` while another computes the rest (:func:`.threads.run_in_threads`).

Shapes (T steps, N samples, u units, G gates, time-major): ``hidden`` (T+1, N, u), row 0 holding
the initial state; ``xw`` (T, N, G·u), the input projection x_t · kernel + bias (the LSTM's
forward loop computes it inside, see :func:`lstm_forward_sequence`); ``mask`` (T, N) bool, False
on padding steps. The recurrent kernel U (u, G·u) comes as ``recurrent_kernel_t``, its
transpose, forward, and as ``recurrent_blocks`` (:func:`.small_matmul.recurrent_kernel_blocks`)
backward.
``dropout`` holds recurrent dropout masks for the state: (0, N, u) for none, (1, N, u) shared
by every gate, or (G, N, u), one per gate; gate block k then sees (h_{t-1} · dropout[k]) · U_k.
``dout`` (T, N, u) is the gradient of every step's output, or (1, N, u) that of the last step
alone.
"""

import numpy as np

from ..backend.kernels.registry import kernel
from .backward_pieces import add_rows, output_gradient, padding_factors
from .gru_steps import gru_backward_step, gru_forward_step
from .lstm_steps import lstm_backward_step, lstm_forward_step
from .simple_rnn_steps import simple_rnn_backward_step, simple_rnn_forward_step
from .small_matmul import masked_product, masked_product_grad, recurrent_kernel_blocks
from .step_activations import SIGMOID, TANH, activation_derivative, apply_activation


# ---------------------------------------------------------------------- SimpleRNN

@kernel(error_model="numpy")
def simple_rnn_forward_sequence(hidden, xw, recurrent_kernel_t, dropout, mask, first, last,
                                activation, precise):
    """Forward through time for samples first:last: h_t = activation(xw_t + h_{t-1} · U)."""
    rows = slice(first, last)
    z = np.empty((last - first, xw.shape[2]), xw.dtype)
    for t in range(xw.shape[0]):
        h_prev = hidden[t][rows]
        masked_product(h_prev, recurrent_kernel_t, dropout[:, rows], z)
        simple_rnn_forward_step(hidden[t + 1][rows], z, xw[t][rows], h_prev, mask[t][rows],
                                activation, precise)


@simple_rnn_forward_sequence.numpy_twin
def _(hidden, xw, recurrent_kernel_t, dropout, mask, first, last, activation, precise):
    rows = slice(first, last)
    z = np.empty((last - first, xw.shape[2]), xw.dtype)
    for t in range(xw.shape[0]):
        masked_product.numpy(hidden[t][rows], recurrent_kernel_t, dropout[:, rows], z)
        simple_rnn_forward_step.numpy(hidden[t + 1][rows], z, xw[t][rows], hidden[t][rows],
                                      mask[t][rows], activation, precise)


@kernel(error_model="numpy")
def simple_rnn_backward_sequence(da, dh, dout, hidden, recurrent_blocks, dropout, mask,
                                 first, last, activation):
    """Backward through time for samples first:last. In: ``dh`` (N, u), the gradient of the
    final state. Out: ``da`` (T, N, u), the gradients of the pre-activations; ``dh`` that of
    the initial state."""
    steps = da.shape[0]
    rows = slice(first, last)
    rec = np.zeros((last - first, da.shape[2]), da.dtype)
    zeros = np.zeros((dout.shape[1], dout.shape[2]), dout.dtype)
    for t in range(steps - 1, -1, -1):
        simple_rnn_backward_step(da[t][rows], dh[rows],
                                 output_gradient(dout, t, steps, zeros)[rows], rec,
                                 hidden[t + 1][rows], mask[t][rows], activation)
        masked_product_grad(da[t][rows], recurrent_blocks, dropout[:, rows], rec)
    add_rows(dh, rec, first)


@simple_rnn_backward_sequence.numpy_twin
def _(da, dh, dout, hidden, recurrent_blocks, dropout, mask, first, last, activation):
    steps = da.shape[0]
    rows = slice(first, last)
    real = mask[:, rows, None]
    # What the step's gradient is multiplied by, for every step at once (see _padding_factors).
    to_a, kept = padding_factors(real, activation_derivative(hidden[1:, rows], activation), 0)
    rec, total = np.zeros_like(dh[rows]), np.empty_like(dh[rows])
    zeros = np.zeros_like(dout[0])
    for t in reversed(range(steps)):
        np.add(dh[rows], rec, out=total)
        total += output_gradient.numpy(dout, t, steps, zeros)[rows]
        np.multiply(total, to_a[t], out=da[t][rows])
        np.multiply(total, kept[t], out=dh[rows])
        masked_product_grad.numpy(da[t][rows], recurrent_blocks, dropout[:, rows], rec)
    dh[rows] += rec


# ---------------------------------------------------------------------- LSTM

@kernel(error_model="numpy")
def lstm_forward_sequence(hidden, cell, gates, tc, inputs, joint_kernel_t, bias, dropout, mask,
                          first, last, activation, recurrent_activation, precise):
    """Forward through time for samples first:last, with the input projection inside the loop:

        a_t = [x_t, h_{t-1}] · [kernel; U] + bias;   h_t, c_t, gates_t, tc_t = step(a_t)

    One product of depth D + u per step, instead of one of depth D for the whole sequence and
    one of depth u per step: each output value is a single longer sum (see :mod:`.matmul`).
    ``inputs`` (T, N, D); ``joint_kernel_t`` = [kernel; U]ᵀ, (4u, D+u); ``bias`` (N, 4u), the
    bias on every row; ``dropout`` (0, 1 or 4, N, D+u), the masks of [x_t, h_{t-1}] together.
    ``cell`` is (T+1, N, u) like ``hidden``; ``gates`` (T, N, 4u) receives the gate values
    [i, f, g, o] and ``tc`` (T, N, u) act(c_t), for the backward pass."""
    rows = slice(first, last)
    features = inputs.shape[2]
    joint = np.empty((last - first, joint_kernel_t.shape[1]), gates.dtype)
    z = np.empty((last - first, gates.shape[2]), gates.dtype)
    for t in range(gates.shape[0]):
        for i in range(last - first):
            for j in range(features):
                joint[i, j] = inputs[t, first + i, j]
            for j in range(hidden.shape[2]):
                joint[i, features + j] = hidden[t, first + i, j]
        masked_product(joint, joint_kernel_t, dropout[:, rows], z)
        lstm_forward_step(hidden[t + 1][rows], cell[t + 1][rows], gates[t][rows], tc[t][rows],
                          z, bias[rows], hidden[t][rows], cell[t][rows], mask[t][rows],
                          activation, recurrent_activation, precise)


@lstm_forward_sequence.numpy_twin
def _(hidden, cell, gates, tc, inputs, joint_kernel_t, bias, dropout, mask, first, last,
      activation, recurrent_activation, precise):
    rows = slice(first, last)
    z = np.empty((last - first, gates.shape[2]), gates.dtype)
    for t in range(gates.shape[0]):
        joint = np.concatenate([inputs[t][rows], hidden[t][rows]], axis=1)
        masked_product.numpy(joint, joint_kernel_t, dropout[:, rows], z)
        lstm_forward_step.numpy(hidden[t + 1][rows], cell[t + 1][rows], gates[t][rows],
                                tc[t][rows], z, bias[rows], hidden[t][rows], cell[t][rows],
                                mask[t][rows], activation, recurrent_activation, precise)


@kernel(error_model="numpy")
def lstm_backward_sequence(dz, dh, dc, dout, gates, tc, cell, recurrent_blocks, dropout, mask,
                           first, last, activation, recurrent_activation):
    """Backward through time for samples first:last. In: ``dh``, ``dc`` (N, u), the gradients
    of the final states. Out: ``dz`` (T, N, 4u), the gradients of the gates' pre-activations;
    ``dh`` and ``dc`` those of the initial states."""
    steps = gates.shape[0]
    rows = slice(first, last)
    rec = np.zeros((last - first, tc.shape[2]), dz.dtype)
    zeros = np.zeros((dout.shape[1], dout.shape[2]), dout.dtype)
    for t in range(steps - 1, -1, -1):
        lstm_backward_step(dz[t][rows], dh[rows], dc[rows],
                           output_gradient(dout, t, steps, zeros)[rows], rec, gates[t][rows],
                           tc[t][rows], cell[t][rows], mask[t][rows], activation,
                           recurrent_activation)
        masked_product_grad(dz[t][rows], recurrent_blocks, dropout[:, rows], rec)
    add_rows(dh, rec, first)


@lstm_backward_sequence.numpy_twin
def _(dz, dh, dc, dout, gates, tc, cell, recurrent_blocks, dropout, mask, first, last,
      activation, recurrent_activation):
    steps, u = gates.shape[0], tc.shape[2]
    rows = slice(first, last)
    real = mask[:, rows, None]
    i, f, g, o = (gates[:, rows, k * u:(k + 1) * u] for k in range(4))
    derivative = activation_derivative(gates[:, rows], recurrent_activation)
    tcs = tc[:, rows]
    # dL/dc_t = dc + g_h · to_c; the gates' gradients are dL/dc_t (or g_h) times to_*.
    to_c, kept_c = padding_factors(real, o * activation_derivative(tcs, activation), f)
    (to_i, _), (to_f, _), (to_g, _), (to_o, kept_h) = (
        padding_factors(real, x * d, 0) for x, d in (
            (g, derivative[..., :u]), (cell[:-1, rows], derivative[..., u:2 * u]),
            (i, activation_derivative(g, activation)), (tcs, derivative[..., 3 * u:])))
    rec, g_h, g_c = (np.zeros_like(dh[rows]) for _ in range(3))
    zeros = np.zeros_like(dout[0])
    for t in reversed(range(steps)):
        dz_i, dz_f, dz_g, dz_o = (dz[t][rows][:, k * u:(k + 1) * u] for k in range(4))
        np.add(dh[rows], rec, out=g_h)
        g_h += output_gradient.numpy(dout, t, steps, zeros)[rows]
        np.multiply(g_h, to_c[t], out=g_c)
        g_c += dc[rows]
        np.multiply(g_c, to_i[t], out=dz_i)
        np.multiply(g_c, to_f[t], out=dz_f)
        np.multiply(g_c, to_g[t], out=dz_g)
        np.multiply(g_h, to_o[t], out=dz_o)
        np.multiply(g_c, kept_c[t], out=dc[rows])
        np.multiply(g_h, kept_h[t], out=dh[rows])
        masked_product_grad.numpy(dz[t][rows], recurrent_blocks, dropout[:, rows], rec)
    dh[rows] += rec


# ---------------------------------------------------------------------- GRU, reset_after=True

@kernel(error_model="numpy")
def gru_forward_sequence(hidden, gates, xw, recurrent_kernel_t, recurrent_bias, dropout, mask,
                         first, last, activation, recurrent_activation, precise):
    """Forward through time for samples first:last; ``gates`` (T, N, 4u) receives each step's
    [update, reset, candidate, h_{t-1} · U_h + recurrent bias] for the backward pass."""
    rows = slice(first, last)
    z = np.empty((last - first, xw.shape[2]), xw.dtype)
    for t in range(xw.shape[0]):
        h_prev = hidden[t][rows]
        masked_product(h_prev, recurrent_kernel_t, dropout[:, rows], z)
        gru_forward_step(hidden[t + 1][rows], gates[t][rows], z, xw[t][rows], recurrent_bias,
                         h_prev, mask[t][rows], activation, recurrent_activation, precise)


@gru_forward_sequence.numpy_twin
def _(hidden, gates, xw, recurrent_kernel_t, recurrent_bias, dropout, mask, first, last,
      activation, recurrent_activation, precise):
    rows = slice(first, last)
    z = np.empty((last - first, xw.shape[2]), xw.dtype)
    for t in range(xw.shape[0]):
        masked_product.numpy(hidden[t][rows], recurrent_kernel_t, dropout[:, rows], z)
        gru_forward_step.numpy(hidden[t + 1][rows], gates[t][rows], z, xw[t][rows],
                               recurrent_bias, hidden[t][rows], mask[t][rows], activation,
                               recurrent_activation, precise)


@kernel(error_model="numpy")
def gru_backward_sequence(dzx, dzr, dh, dout, gates, hidden, recurrent_blocks, dropout, mask,
                          first, last, activation, recurrent_activation):
    """Backward through time for samples first:last. Out: ``dzx`` and ``dzr`` (T, N, 3u), the
    gradients of the input projection and of h_{t-1} · U + recurrent bias; ``dh`` becomes the
    gradient of the initial state."""
    steps = dzx.shape[0]
    rows = slice(first, last)
    rec = np.zeros((last - first, hidden.shape[2]), dzx.dtype)
    zeros = np.zeros((dout.shape[1], dout.shape[2]), dout.dtype)
    for t in range(steps - 1, -1, -1):
        gru_backward_step(dzx[t][rows], dzr[t][rows], dh[rows],
                          output_gradient(dout, t, steps, zeros)[rows], rec, gates[t][rows],
                          hidden[t][rows], mask[t][rows], activation, recurrent_activation)
        masked_product_grad(dzr[t][rows], recurrent_blocks, dropout[:, rows], rec)
    add_rows(dh, rec, first)


@gru_backward_sequence.numpy_twin
def _(dzx, dzr, dh, dout, gates, hidden, recurrent_blocks, dropout, mask, first, last,
      activation, recurrent_activation):
    steps, u = dzx.shape[0], hidden.shape[2]
    rows = slice(first, last)
    real = mask[:, rows, None]
    update, reset, candidate, rh = (gates[:, rows, k * u:(k + 1) * u] for k in range(4))
    derivative = activation_derivative(gates[:, rows, :2 * u], recurrent_activation)
    # The gates' gradients are g = dL/dh_t times to_*; dL/dh_{t-1} carries g · kept.
    to_update, kept = padding_factors(real, (hidden[:-1, rows] - candidate)
                                       * derivative[..., :u], update)
    to_candidate = padding_factors(
        real, (1 - update) * activation_derivative(candidate, activation), 0)[0]
    to_reset = rh * derivative[..., u:]
    rec, g = np.zeros_like(dh[rows]), np.empty_like(dh[rows])
    zeros = np.zeros_like(dout[0])
    for t in reversed(range(steps)):
        g_update, g_reset, g_candidate = (dzx[t][rows][:, k * u:(k + 1) * u] for k in range(3))
        np.add(dh[rows], rec, out=g)
        g += output_gradient.numpy(dout, t, steps, zeros)[rows]
        np.multiply(g, to_update[t], out=g_update)
        np.multiply(g, to_candidate[t], out=g_candidate)
        np.multiply(g_candidate, to_reset[t], out=g_reset)
        dzr[t][rows][:, :2 * u] = dzx[t][rows][:, :2 * u]
        np.multiply(g_candidate, reset[t], out=dzr[t][rows][:, 2 * u:])
        np.multiply(g, kept[t], out=dh[rows])
        masked_product_grad.numpy(dzr[t][rows], recurrent_blocks, dropout[:, rows], rec)
    dh[rows] += rec


# ---------------------------------------------------------------------- examples

def _example(seed, gates, dtype, masks, outputs, t=3, n=6, u=4):
    """Arrays for one sequence: hidden/cell states, input projection, weights, dropout masks
    (``masks`` of them), a padding mask, output gradients (``outputs`` steps of them), and
    inputs of 3 features with the joint kernel [kernel; U]ᵀ of the LSTM's forward loop."""
    rng = np.random.default_rng(seed)
    states = rng.normal(size=(t + 1, n, u)).astype(dtype)
    return dict(
        hidden=states, cell=rng.normal(size=(t + 1, n, u)).astype(dtype),
        xw=rng.normal(size=(t, n, gates * u)).astype(dtype),
        u_t=(rng.normal(size=(gates * u, u)) * 0.5).astype(dtype),
        u=(rng.normal(size=(u, gates * u)) * 0.5).astype(dtype),
        dropout=((rng.uniform(size=(masks, n, u)) > 0.3) / 0.7).astype(dtype),
        mask=rng.uniform(size=(t, n)) > 0.2, dh=rng.normal(size=(n, u)).astype(dtype),
        dc=rng.normal(size=(n, u)).astype(dtype),
        dout=rng.normal(size=(outputs, n, u)).astype(dtype),
        sigmoids=apply_activation(rng.normal(size=(t, n, gates * u)), SIGMOID).astype(dtype),
        tanhs=np.tanh(rng.normal(size=(t, n, u))).astype(dtype),
        inputs=rng.normal(size=(t, n, 3)).astype(dtype),
        joint_t=(rng.normal(size=(gates * u, 3 + u)) * 0.5).astype(dtype))


_CASES = [(dtype, masks, outputs) for dtype in (np.float32, np.float64)
          for masks, outputs in ((0, 3), (1, 1), (4, 3))]


@simple_rnn_forward_sequence.examples
def _():
    return [(e["hidden"], e["xw"], e["u_t"], e["dropout"], e["mask"], 1, 6, TANH,
             dtype == np.float64)
            for dtype, masks, _ in _CASES
            for e in [_example(17, 1, dtype, min(masks, 1), 1)]]


@simple_rnn_backward_sequence.examples
def _():
    return [(np.zeros((3, 6, 4), dtype), e["dh"], e["dout"], np.tanh(e["hidden"]),
             recurrent_kernel_blocks(e["u"], e["dropout"]), e["dropout"], e["mask"], 0, 5, TANH)
            for dtype, masks, outputs in _CASES
            for e in [_example(18, 1, dtype, min(masks, 1), outputs)]]


@lstm_forward_sequence.examples
def _():
    out = []
    for dtype, masks, _ in _CASES:
        e = _example(12, 4, dtype, masks, 1)
        joint_dropout = np.concatenate([e["dropout"], e["dropout"][:, :, :3]], axis=2)
        out.append((e["hidden"], e["cell"], np.zeros((3, 6, 16), dtype),
                    np.zeros((3, 6, 4), dtype), e["inputs"], e["joint_t"], e["xw"][0].copy(),
                    joint_dropout, e["mask"], 1, 6, TANH, SIGMOID, dtype == np.float64))
    return out


@lstm_backward_sequence.examples
def _():
    out = []
    for dtype, masks, outputs in _CASES:
        e = _example(13, 4, dtype, masks, outputs)
        gates = e["sigmoids"].copy()
        gates[:, :, 8:12] = np.tanh(e["xw"][:, :, 8:12])
        out.append((np.zeros((3, 6, 16), dtype), e["dh"], e["dc"], e["dout"], gates, e["tanhs"],
                    e["cell"], recurrent_kernel_blocks(e["u"], e["dropout"]), e["dropout"],
                    e["mask"], 0, 5, TANH, SIGMOID))
    return out


@gru_forward_sequence.examples
def _():
    return [(e["hidden"], np.zeros((3, 6, 16), dtype), e["xw"], e["u_t"],
             e["xw"][0, 0].copy(), e["dropout"], e["mask"], 1, 6, TANH, SIGMOID,
             dtype == np.float64)
            for dtype, masks, _ in _CASES
            for e in [_example(19, 3, dtype, min(masks, 3), 1)]]


@gru_backward_sequence.examples
def _():
    out = []
    for dtype, masks, outputs in _CASES:
        e = _example(20, 4, dtype, min(masks, 3), outputs)
        gates = e["sigmoids"].copy()
        gates[:, :, 8:12] = np.tanh(e["xw"][:, :, 8:12])
        gates[:, :, 12:] = e["xw"][:, :, 12:]
        out.append((np.zeros((3, 6, 12), dtype), np.zeros((3, 6, 12), dtype), e["dh"],
                    e["dout"], gates, e["hidden"],
                    recurrent_kernel_blocks(e["u"][:, :12], e["dropout"]), e["dropout"],
                    e["mask"], 0, 5, TANH, SIGMOID))
    return out
