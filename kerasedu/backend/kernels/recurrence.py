"""The LSTM's loop through time, forward and backward, as one kernel call per direction.

The loop of :mod:`kerasedu.backend.ops.recurrent` is written here in full: each timestep is the
recurrent product (:mod:`.matmul`) followed by the step's gate arithmetic
(:mod:`.recurrent`). Running the whole loop inside one compiled call saves the interpreter's
work between steps, and, because it never holds Python's global lock, lets several threads
run the loop at once on different samples: the samples of a batch are independent sequences,
so samples ``first:last`` can be computed by one thread while another computes the rest
(:func:`kerasedu.backend.threads.run_in_threads`).

Shapes (T steps, N samples, u units, time-major): ``hidden`` and ``cell`` (T+1, N, u), row 0
holding the initial states; ``gates`` (T, N, 4u), the input projection x_t · kernel + bias on
entry, overwritten by the gate values [i, f, g, o]; ``tc`` (T, N, u) receives act(c_t);
``mask`` (T, N) bool, False on padding steps. ``recurrent_kernel`` U is (u, 4u) and
``recurrent_kernel_t`` its transpose, stored contiguous. ``dropout`` holds recurrent dropout
masks for the state: (0, N, u) for none, (1, N, u) shared by every gate, or (4, N, u), one per
gate; gate block k then sees (h_{t-1} · dropout[k]) · U_k.
"""

import numpy as np

from .matmul import matmul_transposed
from .recurrent import (SIGMOID, TANH, apply_activation, lstm_backward_step,
                        lstm_forward_step)
from .registry import kernel


@kernel(error_model="numpy")
def lstm_forward_sequence(hidden, cell, gates, tc, recurrent_kernel_t, dropout, mask, first,
                          last, activation, recurrent_activation, precise):
    """Forward through time for samples first:last:

        a_t = gates[t] + h_{t-1} · U;   hidden[t+1], cell[t+1], gates[t], tc[t] = step(a_t)
    """
    steps, units = gates.shape[0], hidden.shape[2]
    rows = slice(first, last)
    z = np.empty((last - first, 4 * units), gates.dtype)
    for t in range(steps):
        h_prev = hidden[t][rows]
        if dropout.shape[0] == 0:
            matmul_transposed(h_prev, recurrent_kernel_t, z)
        elif dropout.shape[0] == 1:
            matmul_transposed(h_prev * dropout[0][rows], recurrent_kernel_t, z)
        else:
            for k in range(4):
                block = slice(k * units, (k + 1) * units)
                matmul_transposed(h_prev * dropout[k][rows], recurrent_kernel_t[block],
                                  z[:, block])
        lstm_forward_step(hidden[t + 1][rows], cell[t + 1][rows], gates[t][rows], tc[t][rows],
                          z, gates[t][rows], h_prev, cell[t][rows], mask[t][rows], activation,
                          recurrent_activation, precise)


@lstm_forward_sequence.numpy_twin
def _(hidden, cell, gates, tc, recurrent_kernel_t, dropout, mask, first, last, activation,
      recurrent_activation, precise):
    units = hidden.shape[2]
    rows = slice(first, last)
    for t in range(gates.shape[0]):
        h_prev = hidden[t][rows]
        if dropout.shape[0] == 0:
            z = h_prev @ recurrent_kernel_t.T
        else:
            z = np.concatenate([(h_prev * dropout[min(k, dropout.shape[0] - 1)][rows])
                                @ recurrent_kernel_t[k * units:(k + 1) * units].T
                                for k in range(4)], axis=1)
        lstm_forward_step.numpy(hidden[t + 1][rows], cell[t + 1][rows], gates[t][rows],
                                tc[t][rows], z, gates[t][rows], h_prev, cell[t][rows],
                                mask[t][rows], activation, recurrent_activation, precise)


@kernel(error_model="numpy")
def lstm_backward_sequence(dz, dh, dc, dout, gates, tc, cell, recurrent_kernel, dropout, mask,
                           first, last, activation, recurrent_activation):
    """Backward through time for samples first:last.

    In: ``dh``, ``dc`` (N, u), the gradients of the final states; ``dout`` (T, N, u), the
    gradient of each step's output, or (1, N, u) for the last step's only. Out: ``dz`` (T, N, 4u),
    the gradients of the gates' pre-activations a_t; ``dh`` and ``dc`` the gradients of the
    initial states. Each step passes dz_t · U (masked as in the forward pass) to step t−1.
    """
    steps, units = gates.shape[0], tc.shape[2]
    rows = slice(first, last)
    rec = np.zeros((last - first, units), dz.dtype)
    nothing = np.zeros((last - first, units), dz.dtype)
    for t in range(steps - 1, -1, -1):
        if dout.shape[0] == steps:
            output_grad = dout[t][rows]
        elif t == steps - 1:
            output_grad = dout[0][rows]
        else:
            output_grad = nothing
        dz_t = dz[t][rows]
        lstm_backward_step(dz_t, dh[rows], dc[rows], output_grad, rec, gates[t][rows],
                           tc[t][rows], cell[t][rows], mask[t][rows], activation,
                           recurrent_activation)
        if dropout.shape[0] == 0:
            matmul_transposed(dz_t, recurrent_kernel, rec)
        else:
            rec[:] = 0
            for k in range(4):
                block = slice(k * units, (k + 1) * units)
                part = np.empty((last - first, units), dz.dtype)
                matmul_transposed(dz_t[:, block], recurrent_kernel[:, block], part)
                rec += part * dropout[min(k, dropout.shape[0] - 1)][rows]
    dh[rows] += rec


@lstm_backward_sequence.numpy_twin
def _(dz, dh, dc, dout, gates, tc, cell, recurrent_kernel, dropout, mask, first, last,
      activation, recurrent_activation):
    steps, units = gates.shape[0], tc.shape[2]
    rows = slice(first, last)
    rec = np.zeros((last - first, units), dz.dtype)
    for t in reversed(range(steps)):
        if dout.shape[0] == steps:
            output_grad = dout[t][rows]
        else:
            output_grad = dout[0][rows] if t == steps - 1 else np.zeros_like(rec)
        lstm_backward_step.numpy(dz[t][rows], dh[rows], dc[rows], output_grad, rec,
                                 gates[t][rows], tc[t][rows], cell[t][rows], mask[t][rows],
                                 activation, recurrent_activation)
        if dropout.shape[0] == 0:
            rec = dz[t][rows] @ recurrent_kernel.T
        else:
            rec = sum((dz[t][rows][:, k * units:(k + 1) * units]
                       @ recurrent_kernel[:, k * units:(k + 1) * units].T)
                      * dropout[min(k, dropout.shape[0] - 1)][rows] for k in range(4))
    dh[rows] += rec


def _example_dropout(rng, count, n, units, dtype):
    return (rng.uniform(size=(count, n, units)) > 0.3).astype(dtype) / dtype(0.7)


@lstm_forward_sequence.examples
def _():
    rng = np.random.default_rng(12)
    out = []
    for dt, precise in ((np.float32, False), (np.float64, True)):
        for masks in (0, 1, 4):
            t, n, u = 3, 6, 4
            hidden = np.zeros((t + 1, n, u), dt)
            cell = np.zeros((t + 1, n, u), dt)
            hidden[0], cell[0] = rng.normal(size=(2, n, u))
            mask = rng.uniform(size=(t, n)) > 0.2
            out.append((hidden, cell, rng.normal(size=(t, n, 4 * u)).astype(dt),
                        np.zeros((t, n, u), dt), rng.normal(size=(4 * u, u)).astype(dt),
                        _example_dropout(rng, masks, n, u, dt), mask, 1, 6, TANH, SIGMOID,
                        precise))
    return out


@lstm_backward_sequence.examples
def _():
    rng = np.random.default_rng(13)
    out = []
    for dt in (np.float32, np.float64):
        for masks, outputs in ((0, 3), (1, 1), (4, 3)):
            t, n, u = 3, 6, 4
            gates = np.concatenate([apply_activation(rng.normal(size=(t, n, u)), code)
                                    for code in (SIGMOID, SIGMOID, TANH, SIGMOID)], axis=2)
            out.append((np.zeros((t, n, 4 * u), dt), rng.normal(size=(n, u)).astype(dt),
                        rng.normal(size=(n, u)).astype(dt),
                        rng.normal(size=(outputs, n, u)).astype(dt), gates.astype(dt),
                        np.tanh(rng.normal(size=(t, n, u))).astype(dt),
                        rng.normal(size=(t + 1, n, u)).astype(dt),
                        rng.normal(size=(u, 4 * u)).astype(dt),
                        _example_dropout(rng, masks, n, u, dt), rng.uniform(size=(t, n)) > 0.2,
                        0, 5, TANH, SIGMOID))
    return out
