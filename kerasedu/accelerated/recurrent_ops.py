"""Fused recurrent ops: a whole SimpleRNN, GRU or LSTM sequence as one differentiable op.

The faster implementations of :mod:`kerasedu.backend.ops.recurrent` (registered by
:mod:`kerasedu.accelerated`). A recurrent layer can run its cell step by step with ordinary ops,
and the tape differentiates it; these ops compute the same thing faster, by organising the work
the way the arithmetic wants it:

* the input projection x_t · kernel + bias of every timestep is one big matrix product
  (inputs reshaped to (T·N, D)), done before the loop; the LSTM instead adds it to the product
  of each step, [x_t, h_{t-1}] · [kernel; recurrent_kernel], one longer sum per value, which
  the small-product kernel computes faster than the two products apart (GRU cannot: its reset
  gate scales only the recurrent part of the candidate);
* the loop through time is one kernel call per direction (:mod:`.through_time`): each step
  is one small product h_{t-1} · recurrent_kernel (:mod:`.small_matmul`) and the gate
  arithmetic (:mod:`.lstm_steps`, :mod:`.gru_steps`, :mod:`.simple_rnn_steps`); the forward
  loop saves the gate values, and the backward pass (backpropagation through time) walks the
  steps in reverse, one step kernel and one product dz_t · recurrent_kernelᵀ per step;
* the weight gradients are sums over all timesteps, so each is again one big product:

      dL/dkernel           = Σ_t x_tᵀ · dz_t      = Xᵀ · dZ        over (T·N) rows
      dL/drecurrent_kernel = Σ_t h_{t-1}ᵀ · dz_t  = H_prevᵀ · dZ
      dL/dbias             = Σ_t Σ_n dz_t

With several kerasedu threads (``KERASEDU_THREADS``, :mod:`.threads`), each thread runs the
loop for a block of the batch's samples, the input projection is cut into blocks of rows, and
the backward pass computes its three big products side by side. GRU with
``reset_after=False`` (Keras 2's default) keeps its loop in Python: two products per step, the
second waiting for the reset gate.

Shapes: ``inputs`` (N, T, D); ``kernel`` (D, G·u); ``recurrent_kernel`` (u, G·u); states
(N, u); ``mask`` (N, T), False on padding steps, where the states are carried over unchanged
and the output repeats the previous one (or is zero with ``zero_output_for_mask``). The gates G
follow Keras' layout: SimpleRNN 1, GRU 3 (z, r, h), LSTM 4 (i, f, c, o).

``go_backwards`` reads the sequence from the last step to the first; outputs come in that
(processing) order, as in Keras. Dropout masks, drawn once per sequence by the layer, are
(G, N, D) for the inputs and (G, N, u) for the recurrent state: gate g sees x · mask[g] (a
single mask, G = 1, is shared by every gate).
"""

import numpy as np

from . import through_time
from .gru_steps import gru_reset_before_backward_candidate, gru_reset_before_backward_reset
from .gru_steps import gru_reset_before_gates, gru_reset_before_output
from .sequences import Projection, Sequence, activation_code, wanted

# ---------------------------------------------------------------------- SimpleRNN

def simple_rnn_sequence(inputs, kernel, recurrent_kernel, bias=None, initial_state=None,
                        mask=None, go_backwards=False, return_sequences=True,
                        zero_output_for_mask=False, activation="tanh", dropout_mask=None,
                        recurrent_dropout_mask=None):
    """:func:`kerasedu.backend.ops.simple_rnn_sequence`, fused (see the module docstring)."""
    s = Sequence("simple_rnn_sequence", 1, inputs, kernel, recurrent_kernel, bias,
                  [initial_state], mask, go_backwards, return_sequences, zero_output_for_mask,
                  dropout_mask, recurrent_dropout_mask, lambda u: (u,))
    code = activation_code(activation, "activation")
    n, t, u = s.n, s.t, s.units
    project_x = Projection(s.kernel, s.dropout_mask, 1)
    project_h = Projection(s.recurrent_kernel, s.recurrent_dropout_mask, 1)
    xw = project_x.forward(s.x, np.empty((t, n, u), s.dtype), s.bias)
    hidden = np.empty((t + 1, n, u), s.dtype)
    hidden[0] = s.states[0]
    dropout = s.recurrent_dropout_for_kernels()
    s.through_time(through_time.simple_rnn_forward_sequence,
                   (hidden, xw, project_h.weight_t, dropout, s.mask), (code, s.precise))
    results = s.outputs(hidden, [hidden[t]])

    def backward(grads):
        grad_out, grad_h = grads
        da = np.empty((t, n, u), s.dtype)
        dh = np.array(grad_h, dtype=s.dtype, order="C")
        s.through_time(through_time.simple_rnn_backward_sequence,
                       (da, dh, s.output_gradient_steps(grad_out), hidden,
                        through_time.recurrent_kernel_blocks(s.recurrent_kernel, dropout), dropout,
                        s.mask), (code,))
        return (*s.parameter_gradients(project_x, project_h, hidden, da, da,
                                       lambda: da.sum(axis=(0, 1))),
                dh if wanted(s.state_tensors[0]) else None)
    return tuple(results.record(s.parents(), backward, "simple_rnn_sequence"))


# ---------------------------------------------------------------------- LSTM

def lstm_sequence(inputs, kernel, recurrent_kernel, bias=None, initial_h=None, initial_c=None,
                  mask=None, go_backwards=False, return_sequences=True,
                  zero_output_for_mask=False, activation="tanh", recurrent_activation="sigmoid",
                  dropout_mask=None, recurrent_dropout_mask=None):
    """:func:`kerasedu.backend.ops.lstm_sequence`, fused (see the module docstring)."""
    s = Sequence("lstm_sequence", 4, inputs, kernel, recurrent_kernel, bias,
                  [initial_h, initial_c], mask, go_backwards, return_sequences,
                  zero_output_for_mask, dropout_mask, recurrent_dropout_mask,
                  lambda u: (4 * u,))
    act, ract = activation_code(activation, "activation"), activation_code(recurrent_activation,
                                                       "recurrent_activation")
    n, t, u, d = s.n, s.t, s.units, s.d
    project_x = Projection(s.kernel, s.dropout_mask, 4)
    project_h = Projection(s.recurrent_kernel, s.recurrent_dropout_mask, 4)
    joint_kernel_t = np.empty((4 * u, d + u), s.dtype)       # [kernel; recurrent_kernel]ᵀ
    joint_kernel_t[:, :d], joint_kernel_t[:, d:] = s.kernel.T, s.recurrent_kernel.T
    bias = np.zeros((n, 4 * u), s.dtype)
    if s.bias is not None:
        bias[...] = s.bias
    gates = np.empty((t, n, 4 * u), s.dtype)
    hidden = np.empty((t + 1, n, u), s.dtype)
    cell = np.empty((t + 1, n, u), s.dtype)
    hidden[0], cell[0] = s.states
    cell_act = np.empty((t, n, u), s.dtype)
    s.through_time(through_time.lstm_forward_sequence,
                   (hidden, cell, gates, cell_act, s.x, joint_kernel_t, bias, s.joint_dropout(),
                    s.mask), (act, ract, s.precise))
    results = s.outputs(hidden, [hidden[t], cell[t]])

    def backward(grads):
        grad_out, grad_h, grad_c = grads
        dz = np.empty((t, n, 4 * u), s.dtype)
        dh = np.array(grad_h, dtype=s.dtype, order="C")
        dc = np.array(grad_c, dtype=s.dtype, order="C")
        dropout = s.recurrent_dropout_for_kernels()
        s.through_time(through_time.lstm_backward_sequence,
                       (dz, dh, dc, s.output_gradient_steps(grad_out), gates, cell_act, cell,
                        through_time.recurrent_kernel_blocks(s.recurrent_kernel, dropout), dropout,
                        s.mask), (act, ract))
        return (*s.parameter_gradients(project_x, project_h, hidden, dz, dz,
                                       lambda: dz.sum(axis=(0, 1))),
                dh if wanted(s.state_tensors[0]) else None,
                dc if wanted(s.state_tensors[1]) else None)
    return tuple(results.record(s.parents(), backward, "lstm_sequence"))


# ---------------------------------------------------------------------- GRU

def gru_sequence(inputs, kernel, recurrent_kernel, bias=None, initial_state=None, mask=None,
                 go_backwards=False, return_sequences=True, zero_output_for_mask=False,
                 activation="tanh", recurrent_activation="sigmoid", reset_after=True,
                 dropout_mask=None, recurrent_dropout_mask=None):
    """:func:`kerasedu.backend.ops.gru_sequence`, fused (see the module docstring)."""
    bias_shape = (lambda u: (2, 3 * u)) if reset_after else (lambda u: (3 * u,))
    s = Sequence("gru_sequence", 3, inputs, kernel, recurrent_kernel, bias, [initial_state],
                  mask, go_backwards, return_sequences, zero_output_for_mask, dropout_mask,
                  recurrent_dropout_mask, bias_shape)
    act, ract = activation_code(activation, "activation"), activation_code(recurrent_activation,
                                                       "recurrent_activation")
    if reset_after:
        return _gru_reset_after(s, act, ract)
    return _gru_reset_before(s, act, ract)


def _gru_reset_after(s, act, ract):
    n, t, u = s.n, s.t, s.units
    project_x = Projection(s.kernel, s.dropout_mask, 3)
    project_h = Projection(s.recurrent_kernel, s.recurrent_dropout_mask, 3)
    if s.bias is not None:
        input_bias, recurrent_bias = s.bias[0], np.ascontiguousarray(s.bias[1])
    else:
        input_bias, recurrent_bias = None, np.zeros(3 * u, s.dtype)
    xw = project_x.forward(s.x, np.empty((t, n, 3 * u), s.dtype), input_bias)
    hidden = np.empty((t + 1, n, u), s.dtype)
    hidden[0] = s.states[0]
    gates = np.empty((t, n, 4 * u), s.dtype)
    dropout = s.recurrent_dropout_for_kernels()
    s.through_time(through_time.gru_forward_sequence,
                   (hidden, gates, xw, project_h.weight_t, recurrent_bias, dropout, s.mask),
                   (act, ract, s.precise))
    results = s.outputs(hidden, [hidden[t]])

    def backward(grads):
        grad_out, grad_h = grads
        dzx = np.empty((t, n, 3 * u), s.dtype)
        dzr = np.empty((t, n, 3 * u), s.dtype)
        dh = np.array(grad_h, dtype=s.dtype, order="C")
        s.through_time(through_time.gru_backward_sequence,
                       (dzx, dzr, dh, s.output_gradient_steps(grad_out), gates, hidden,
                        through_time.recurrent_kernel_blocks(s.recurrent_kernel, dropout), dropout,
                        s.mask), (act, ract))
        return (*s.parameter_gradients(
                    project_x, project_h, hidden, dzx, dzr,
                    lambda: np.stack([dzx.sum(axis=(0, 1)), dzr.sum(axis=(0, 1))])),
                dh if wanted(s.state_tensors[0]) else None)
    return tuple(results.record(s.parents(), backward, "gru_sequence"))


def _gru_reset_before(s, act, ract):
    gates_step = gru_reset_before_gates
    output_step = gru_reset_before_output
    n, t, u = s.n, s.t, s.units
    masks = s.recurrent_dropout_mask
    if masks is not None and masks.shape[0] == 1:
        masks = np.repeat(masks, 3, axis=0)
    project_x = Projection(s.kernel, s.dropout_mask, 3)
    project_zr = Projection(np.ascontiguousarray(s.recurrent_kernel[:, :2 * u]),
                             None if masks is None else masks[:2], 2)
    kernel_h = np.ascontiguousarray(s.recurrent_kernel[:, 2 * u:])
    kernel_h_t = np.ascontiguousarray(kernel_h.T)
    xw = project_x.forward(s.x, np.empty((t, n, 3 * u), s.dtype))
    if s.bias is not None:
        xw += s.bias
    hidden = np.empty((t + 1, n, u), s.dtype)
    hidden[0] = s.states[0]
    gates = np.empty((t, n, 3 * u), s.dtype)
    reset_h = np.empty((t, n, u), s.dtype)
    z = np.empty((n, 2 * u), s.dtype)
    rc = np.empty((n, u), s.dtype)
    for step in range(t):
        h_candidate = hidden[step] if masks is None else hidden[step] * masks[2]
        project_zr.step(hidden[step], z)
        gates_step(gates[step], reset_h[step], z, xw[step], h_candidate, s.mask[step], ract,
                   s.precise)
        np.matmul(reset_h[step], kernel_h, out=rc)
        output_step(hidden[step + 1], gates[step], rc, xw[step], hidden[step], s.mask[step],
                    act, s.precise)
    results = s.outputs(hidden, [hidden[t]])

    def backward(grads):
        grad_out, grad_h = grads
        candidate_step = gru_reset_before_backward_candidate
        reset_step = gru_reset_before_backward_reset
        dout = s.output_gradients(grad_out)
        dzx = np.empty((t, n, 3 * u), s.dtype)
        dh = np.array(grad_h, dtype=s.dtype, order="C")
        rec = np.zeros((n, u), s.dtype)
        drh = np.empty((n, u), s.dtype)
        d_candidate = np.empty((n, u), s.dtype)
        need_h0 = wanted(s.state_tensors[0])
        for step in reversed(range(t)):
            candidate_step(dzx[step], dh, dout(step), rec, gates[step], hidden[step],
                           s.mask[step], act, ract)
            np.matmul(dzx[step, :, 2 * u:], kernel_h_t, out=drh)
            h_candidate = hidden[step] if masks is None else hidden[step] * masks[2]
            reset_step(dzx[step], d_candidate, drh, gates[step], h_candidate, s.mask[step], ract)
            dh += d_candidate if masks is None else d_candidate * masks[2]
            if step > 0 or need_h0:
                project_zr.input_grad(dzx[step, :, :2 * u], rec)
        recurrent_grad = None
        if wanted(s.u_tensor):
            recurrent_grad = np.concatenate(
                [project_zr.weight_grad(hidden[:-1], dzx[..., :2 * u]),
                 np.matmul(reset_h.reshape(-1, u).T, dzx[..., 2 * u:].reshape(-1, u))], axis=1)
        return (s.input_gradient(project_x, dzx),
                project_x.weight_grad(s.x, dzx) if wanted(s.k_tensor) else None,
                recurrent_grad,
                dzx.sum(axis=(0, 1)) if wanted(s.b_tensor) else None,
                dh + rec if need_h0 else None)
    return tuple(results.record(s.parents(), backward, "gru_sequence"))
