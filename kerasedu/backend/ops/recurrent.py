"""Fused recurrent ops: a whole SimpleRNN, GRU or LSTM sequence as one differentiable op.

A recurrent layer could be written step by step with ordinary ops (kerasedu's ``RNN(cell)`` does
exactly that for any cell), and the tape would differentiate it. These ops compute the same
thing faster, by organising the work the way the arithmetic wants it:

* the input projection x_t · kernel + bias of every timestep is one big matrix product
  (inputs reshaped to (T·N, D)), done before the loop; the LSTM instead adds it to the product
  of each step, [x_t, h_{t-1}] · [kernel; recurrent_kernel], one longer sum per value, which
  the small-product kernel computes faster than the two products apart (GRU cannot: its reset
  gate scales only the recurrent part of the candidate);
* the loop through time is one kernel call per direction
  (:mod:`kerasedu.backend.kernels.recurrence`): each step is one small product
  h_{t-1} · recurrent_kernel and the gate arithmetic
  (:mod:`kerasedu.backend.kernels.recurrent`); the forward loop saves the gate values, and the
  backward pass (backpropagation through time) walks the steps in reverse, one step kernel and
  one product dz_t · recurrent_kernelᵀ per step;
* the weight gradients are sums over all timesteps, so each is again one big product:

      dL/dkernel           = Σ_t x_tᵀ · dz_t      = Xᵀ · dZ        over (T·N) rows
      dL/drecurrent_kernel = Σ_t h_{t-1}ᵀ · dz_t  = H_prevᵀ · dZ
      dL/dbias             = Σ_t Σ_n dz_t

With several kerasedu threads (``KERASEDU_THREADS``, :mod:`kerasedu.backend.threads`), each
thread runs the loop for a block of the batch's samples, the input projection is cut into
blocks of rows, and the backward pass computes its three big products side by side. GRU with
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

import sys
from functools import cached_property, partial

import numpy as np

from .. import threads
from ..autodiff import needs_grad, record
from ..kernels import recurrence
from ..kernels import recurrent as steps
from ..kernels.matmul import matmul_transposed
from ..kernels.registry import active_implementation
from ._inputs import unpack

ACTIVATIONS = {"linear": steps.LINEAR, "tanh": steps.TANH, "sigmoid": steps.SIGMOID,
               "relu": steps.RELU, "hard_sigmoid": steps.HARD_SIGMOID}


def supported_activation(name):
    """True when the fused ops can run the activation called ``name``."""
    return name in ACTIVATIONS


def _code(name, argument):
    if name not in ACTIVATIONS:
        raise ValueError(
            f"The fused recurrent ops support the activations {sorted(ACTIVATIONS)}; received "
            f"{argument}={name!r}. Use the layer's generic RNN(cell) path for other functions.")
    return ACTIVATIONS[name]


def _implementation(kernel):
    """The numba or numpy version of ``kernel``, chosen once per op call."""
    return kernel.numba if active_implementation() == "numba" else kernel.numpy


# ---------------------------------------------------------------------- working memory

def _unused_refcount():
    pool = [np.empty(0)]
    for array in pool:
        return sys.getrefcount(array)


_POOL = []
_POOL_BYTES = 256 * 2**20
_UNUSED = _unused_refcount()


def _scratch(shape, dtype):
    """An uninitialised array for one call's working data (gates, states, gradients, ...).

    Each call needs several arrays of T·N·u values. A fresh array is untouched memory, and
    the operating system hands it over one 4 KB page at a time, at the first write to each
    page (a "page fault"): for an LSTM(128) on (32, 50, 64) inputs that is thousands of
    faults per call, costing more than the arithmetic. So the arrays of earlier calls are
    kept and handed out again, but only once nothing else refers to them: an array that the
    tape of an earlier call still needs for its backward pass is never reused.
    """
    shape, dtype = tuple(int(d) for d in shape), np.dtype(dtype)
    for array in _POOL:
        if array.shape == shape and array.dtype == dtype and \
                sys.getrefcount(array) == _UNUSED:
            return array
    array = np.empty(shape, dtype)
    _POOL.append(array)
    held = sum(a.nbytes for a in _POOL)
    while held > _POOL_BYTES and len(_POOL) > 1:
        held -= _POOL.pop(0).nbytes
    return array


# ---------------------------------------------------------------------- small helpers

def _by_rows(a, width, out, product):
    """A product of ``a`` (..., k), taken as one 2-D matrix over all its leading axes, into
    ``out`` (..., width), a new array when None. ``product(rows, result)`` computes a block of
    rows; with several kerasedu threads (:mod:`kerasedu.backend.threads`), each thread
    computes one block."""
    rows = a.reshape(-1, a.shape[-1])
    result = np.empty((rows.shape[0], width), a.dtype) if out is None \
        else out.reshape(-1, width)
    threads.run_in_threads([partial(product, rows[start:stop], result[start:stop])
                            for start, stop in threads.blocks(rows.shape[0])])
    return result.reshape(a.shape[:-1] + (width,)) if out is None else out


def _matmul(a, b, out=None, plus=None):
    """a · b (+ ``plus``) for ``a`` of shape (..., k) by BLAS, as one product (numpy's matmul
    would run one small product per leading index of a 3-D ``a``)."""
    def product(rows, result):
        np.matmul(rows, b, out=result)
        if plus is not None:
            result += plus
    return _by_rows(a, b.shape[1], out, product)


class _Projection:
    """Products with a weight matrix whose G column blocks may see dropout-masked inputs.

    ``forward(x)`` is x · W (or, with masks, block g = (x · mask[g]) · W_g); ``input_grad(dz)``
    and ``weight_grad(x, dz)`` are its two gradients. ``x`` is (N, D) or (T, N, D).
    ``step(h)`` is ``forward`` for the (N, u) state of one timestep: without masks it runs the
    small-product kernel (:mod:`kerasedu.backend.kernels.matmul`), which beats BLAS on products
    this size.
    """

    def __init__(self, weight, masks, gates):
        self.weight = weight
        self.masks = masks
        self.gates = gates
        self.block = weight.shape[1] // gates
        self.product = _implementation(matmul_transposed)

    @cached_property
    def weight_t(self):
        return np.ascontiguousarray(self.weight.T)

    def _columns(self, g):
        if self.masks.shape[0] == 1:
            return slice(None)
        return slice(g * self.block, (g + 1) * self.block)

    def _groups(self):
        return range(self.masks.shape[0])

    def forward(self, x, out, bias=None):
        if self.masks is None:
            return _matmul(x, self.weight, out, plus=bias)
        for g in self._groups():
            cols = self._columns(g)
            out[..., cols] = _matmul(x * self.masks[g], self.weight[:, cols])
        if bias is not None:
            out += bias
        return out

    def step(self, h, out):
        if self.masks is None:
            self.product(h, self.weight_t, out)
            return out
        return self.forward(h, out)

    def input_grad(self, dz, out=None):
        if self.masks is None and dz.flags.c_contiguous:      # dz · Wᵀ, depth G·u: the kernel
            return _by_rows(dz, self.weight.shape[0], out,
                            lambda rows, result: self.product(rows, self.weight, result))
        if self.masks is None:
            return _matmul(dz, self.weight_t, out)
        total = 0
        for g in self._groups():
            cols = self._columns(g)
            total = total + _matmul(dz[..., cols], self.weight_t[cols]) * self.masks[g]
        if out is None:
            return total
        out[...] = total
        return out

    def weight_grad(self, x, dz):
        rows = x.shape[-1]
        if self.masks is None:
            return _matmul(x.reshape(-1, rows).T, dz.reshape(-1, dz.shape[-1]))
        grad = np.zeros_like(self.weight)
        for g in self._groups():
            cols = self._columns(g)
            seen = (x * self.masks[g]).reshape(-1, rows)
            grad[:, cols] += np.matmul(seen.T, dz[..., cols].reshape(-1, grad[:, cols].shape[1]))
        return grad


class _Results:
    """Several results of one op in one flat buffer, so that the tape records a single op.

    ``views()`` are the results (arrays sharing the buffer); after ``record`` each result is
    its own Tensor, whose gradient lands in its part of the buffer's gradient.
    """

    def __init__(self, shapes, dtype):
        self.shapes = [tuple(s) for s in shapes]
        sizes = [int(np.prod(s, dtype=np.int64)) for s in self.shapes]
        self.bounds = np.cumsum([0] + sizes)
        self.flat = np.empty(int(self.bounds[-1]), dtype)

    def views(self, flat=None):
        flat = self.flat if flat is None else flat
        return [flat[a:b].reshape(s) for a, b, s in
                zip(self.bounds[:-1], self.bounds[1:], self.shapes)]

    def record(self, parents, backward, name):
        packed = record(self.flat, parents, lambda g: backward(self.views(g)), name)
        return [_piece(packed, int(a), int(b), s) for a, b, s in
                zip(self.bounds[:-1], self.bounds[1:], self.shapes)]


def _piece(packed, start, stop, shape):
    size = packed.value.size

    def backward(g):
        full = np.zeros(size, dtype=g.dtype)
        full[start:stop] = g.reshape(-1)
        return (full,)
    return record(packed.value[start:stop].reshape(shape), (packed,), backward, "unpack")


def _float_value(x, dtype, what):
    if x is None:
        return None, None
    tensor, value = unpack(x)
    value = np.asarray(value)
    if value.dtype.kind not in "fiub":
        raise TypeError(f"{what} must be numeric, received dtype {value.dtype}.")
    return tensor, np.ascontiguousarray(value, dtype=dtype)


def _time_major(x, go_backwards, out=None):
    """(N, T, ...) -> contiguous (T, N, ...), reversed in time when ``go_backwards``."""
    x = np.swapaxes(x, 0, 1)
    x = x[::-1] if go_backwards else x
    if out is None:
        return np.ascontiguousarray(x)
    np.copyto(out, x)
    return out


def _batch_major(x, go_backwards):
    """The inverse of :func:`_time_major`."""
    return np.ascontiguousarray(np.swapaxes(x[::-1] if go_backwards else x, 0, 1))


def _mask_array(mask, n, t, go_backwards):
    if mask is None:
        return np.ones((t, n), dtype=bool)
    value = np.asarray(getattr(mask, "value", mask))
    if value.shape != (n, t):
        raise ValueError(
            f"A recurrent mask must have shape (batch, timesteps) = {(n, t)}; received "
            f"{value.shape}.")
    return _time_major(value.astype(bool, copy=False), go_backwards)


def _check_masks(masks, gates, n, width, what):
    if masks is None:
        return None
    masks = np.asarray(getattr(masks, "value", masks))
    if masks.ndim == 2:
        masks = masks[None]
    if masks.ndim != 3 or masks.shape[0] not in (1, gates) or masks.shape[1:] != (n, width):
        raise ValueError(
            f"{what} must have shape (1 or {gates}, {n}, {width}); received {masks.shape}.")
    return masks


class _Sequence:
    """What every fused op shares: reading the arguments, the outputs, and their gradients."""

    def __init__(self, name, gates, inputs, kernel, recurrent_kernel, bias, states, mask,
                 go_backwards, return_sequences, zero_output_for_mask, dropout_mask,
                 recurrent_dropout_mask, bias_shape):
        self.name = name
        x_tensor, x = unpack(inputs)
        x = np.asarray(x)
        if x.ndim != 3:
            raise ValueError(f"{name}: inputs must be (batch, timesteps, features); received "
                             f"shape {x.shape}.")
        dtype = x.dtype if x.dtype.kind == "f" else np.dtype("float32")
        self.dtype = dtype
        self.n, self.t, self.d = x.shape
        k_tensor, w = _float_value(kernel, dtype, "kernel")
        u_tensor, u_mat = _float_value(recurrent_kernel, dtype, "recurrent_kernel")
        units = u_mat.shape[0]
        self.units = units
        if w.shape != (self.d, gates * units) or u_mat.shape != (units, gates * units):
            raise ValueError(
                f"{name}: expected kernel {(self.d, gates * units)} and recurrent_kernel "
                f"{(units, gates * units)} for {self.d} input features and {units} units; "
                f"received {w.shape} and {u_mat.shape}.")
        b_tensor, b = _float_value(bias, dtype, "bias")
        if b is not None and b.shape != bias_shape(units):
            raise ValueError(f"{name}: expected bias of shape {bias_shape(units)}; received "
                             f"{b.shape}.")
        self.state_tensors, self.states = [], []
        for state in states:
            s_tensor, s = _float_value(state, dtype, "initial state")
            if s is None:
                s = np.zeros((self.n, units), dtype)
            if s.shape != (self.n, units):
                raise ValueError(f"{name}: initial states must have shape {(self.n, units)}; "
                                 f"received {s.shape}.")
            self.state_tensors.append(s_tensor)
            self.states.append(s)
        self.x_tensor, self.k_tensor, self.u_tensor, self.b_tensor = (x_tensor, k_tensor,
                                                                      u_tensor, b_tensor)
        self.x = _time_major(x, go_backwards, _scratch((self.t, self.n, self.d), dtype))
        self.kernel, self.recurrent_kernel, self.bias = w, u_mat, b
        self.mask = _mask_array(mask, self.n, self.t, go_backwards)
        self.go_backwards = go_backwards
        self.return_sequences = return_sequences
        self.zero_output_for_mask = zero_output_for_mask
        self.dropout_mask = _check_masks(dropout_mask, gates, self.n, self.d, "dropout_mask")
        self.recurrent_dropout_mask = _check_masks(recurrent_dropout_mask, gates, self.n, units,
                                                   "recurrent_dropout_mask")
        self.precise = dtype == np.float64

    def parents(self):
        return (self.x_tensor, self.k_tensor, self.u_tensor, self.b_tensor,
                *self.state_tensors)

    def outputs(self, hidden, final_states):
        """Tensors (outputs, *states) from H (T+1, N, u) in processing order."""
        n, t, u = self.n, self.t, self.units
        out_shape = (n, t, u) if self.return_sequences else (n, u)
        results = _Results([out_shape] + [(n, u)] * len(final_states), self.dtype)
        views = results.views()
        if self.return_sequences:
            views[0][...] = np.swapaxes(hidden[1:], 0, 1)
            if self.zero_output_for_mask:
                views[0] *= self.mask.T[:, :, None]
        else:
            views[0][...] = hidden[t]
            if self.zero_output_for_mask:
                views[0] *= self.mask[t - 1][:, None]
        for view, state in zip(views[1:], final_states):
            view[...] = state
        return results

    def output_gradient_steps(self, grad_out):
        """dL/d(output at step t) in processing order: (T, N, u), or (1, N, u) holding the last
        step's alone when the layer returns only its last output."""
        grad_out = np.asarray(grad_out, dtype=self.dtype)
        if self.return_sequences:
            per_step = _time_major(grad_out, False, _scratch(np.swapaxes(grad_out, 0, 1).shape,
                                                             self.dtype))
            if self.zero_output_for_mask:
                per_step *= self.mask[:, :, None]
            return per_step
        last = np.array(grad_out[None], order="C")
        if self.zero_output_for_mask:
            last *= self.mask[self.t - 1][:, None]
        return last

    def output_gradients(self, grad_out):
        """dL/d(output at step t) as a function of t, in processing order, each (N, u)."""
        steps_ = self.output_gradient_steps(grad_out)
        if steps_.shape[0] == self.t:
            return lambda t: steps_[t]
        zeros = np.zeros_like(steps_[0])
        return lambda t: steps_[0] if t == self.t - 1 else zeros

    def through_time(self, sequence_kernel, arrays, options):
        """Run ``sequence_kernel(*arrays, first, last, *options)``, a loop through time of
        :mod:`kerasedu.backend.kernels.recurrence`, for every block of samples: one block per
        kerasedu thread (:mod:`kerasedu.backend.threads`), all at once."""
        run = _implementation(sequence_kernel)
        threads.run_in_threads([partial(run, *arrays, first, last, *options)
                                for first, last in threads.blocks(self.n)])

    def parameter_gradients(self, project_x, project_h, hidden, dz_inputs, dz_state,
                            bias_gradient):
        """(dL/dinputs, dL/dkernel, dL/drecurrent_kernel, dL/dbias), each None when not
        wanted: ``dz_inputs`` is the gradient of the input projection, ``dz_state`` that of the
        recurrent product, ``bias_gradient()`` computes the bias's. The three big products run
        side by side on kerasedu's threads: the recurrent kernel's, the largest, first, then
        the kernel's with the bias's, then the inputs', so that two threads share the work
        about equally."""
        recurrent, (kernel, bias), inputs = threads.run_in_threads([
            lambda: project_h.weight_grad(hidden[:-1], dz_state) if _want(self.u_tensor)
            else None,
            lambda: (project_x.weight_grad(self.x, dz_inputs) if _want(self.k_tensor) else None,
                     bias_gradient() if _want(self.b_tensor) else None),
            lambda: self.input_gradient(project_x, dz_inputs)])
        return inputs, kernel, recurrent, bias

    def joint_dropout(self):
        """The dropout masks of the inputs and of the state side by side, (0, 1 or G, N, D+u),
        for a product of [x_t, h_{t-1}] (ones where only one of the two has masks)."""
        x_masks, h_masks = self.dropout_mask, self.recurrent_dropout_mask
        if x_masks is None and h_masks is None:
            return np.empty((0, self.n, self.d + self.units), self.dtype)
        count = max(m.shape[0] for m in (x_masks, h_masks) if m is not None)
        joint = np.ones((count, self.n, self.d + self.units), self.dtype)
        if x_masks is not None:
            joint[:, :, :self.d] = x_masks
        if h_masks is not None:
            joint[:, :, self.d:] = h_masks
        return joint

    def recurrent_dropout_for_kernels(self):
        """The recurrent dropout masks as the sequence kernels take them: (0, N, u) for none."""
        masks = self.recurrent_dropout_mask
        if masks is None:
            return np.empty((0, self.n, self.units), self.dtype)
        return np.ascontiguousarray(masks, dtype=self.dtype)

    def input_gradient(self, projection, dz):
        if not needs_grad(self.x_tensor):
            return None
        grad = projection.input_grad(dz, _scratch(dz.shape[:-1] + (self.d,), self.dtype))
        return _batch_major(grad, self.go_backwards)


def _want(tensor):
    return needs_grad(tensor)


# ---------------------------------------------------------------------- SimpleRNN

def simple_rnn_sequence(inputs, kernel, recurrent_kernel, bias=None, initial_state=None,
                        mask=None, go_backwards=False, return_sequences=True,
                        zero_output_for_mask=False, activation="tanh", dropout_mask=None,
                        recurrent_dropout_mask=None):
    """SimpleRNN over a sequence:

        h_t = activation(x_t · kernel + bias + h_{t-1} · recurrent_kernel)

    Returns ``(outputs, h)``: outputs (N, T, u), or (N, u) when ``return_sequences`` is False,
    and the final state h (N, u).
    """
    s = _Sequence("simple_rnn_sequence", 1, inputs, kernel, recurrent_kernel, bias,
                  [initial_state], mask, go_backwards, return_sequences, zero_output_for_mask,
                  dropout_mask, recurrent_dropout_mask, lambda u: (u,))
    code = _code(activation, "activation")
    n, t, u = s.n, s.t, s.units
    project_x = _Projection(s.kernel, s.dropout_mask, 1)
    project_h = _Projection(s.recurrent_kernel, s.recurrent_dropout_mask, 1)
    xw = project_x.forward(s.x, _scratch((t, n, u), s.dtype), s.bias)
    hidden = _scratch((t + 1, n, u), s.dtype)
    hidden[0] = s.states[0]
    dropout = s.recurrent_dropout_for_kernels()
    s.through_time(recurrence.simple_rnn_forward_sequence,
                   (hidden, xw, project_h.weight_t, dropout, s.mask), (code, s.precise))
    results = s.outputs(hidden, [hidden[t]])

    def backward(grads):
        grad_out, grad_h = grads
        da = _scratch((t, n, u), s.dtype)
        dh = np.array(grad_h, dtype=s.dtype, order="C")
        s.through_time(recurrence.simple_rnn_backward_sequence,
                       (da, dh, s.output_gradient_steps(grad_out), hidden,
                        recurrence.recurrent_kernel_blocks(s.recurrent_kernel, dropout), dropout,
                        s.mask), (code,))
        return (*s.parameter_gradients(project_x, project_h, hidden, da, da,
                                       lambda: da.sum(axis=(0, 1))),
                dh if _want(s.state_tensors[0]) else None)
    return tuple(results.record(s.parents(), backward, "simple_rnn_sequence"))


# ---------------------------------------------------------------------- LSTM

def lstm_sequence(inputs, kernel, recurrent_kernel, bias=None, initial_h=None, initial_c=None,
                  mask=None, go_backwards=False, return_sequences=True,
                  zero_output_for_mask=False, activation="tanh", recurrent_activation="sigmoid",
                  dropout_mask=None, recurrent_dropout_mask=None):
    """LSTM over a sequence. With a = x_t · kernel + bias + h_{t-1} · recurrent_kernel split
    into four blocks (i, f, c, o):

        i, f, o = recurrent_activation(a_i, a_f, a_o);  g = activation(a_c)
        c_t = f · c_{t-1} + i · g;                      h_t = o · activation(c_t)

    Returns ``(outputs, h, c)``: outputs (N, T, u) or (N, u), final states (N, u).
    """
    s = _Sequence("lstm_sequence", 4, inputs, kernel, recurrent_kernel, bias,
                  [initial_h, initial_c], mask, go_backwards, return_sequences,
                  zero_output_for_mask, dropout_mask, recurrent_dropout_mask,
                  lambda u: (4 * u,))
    act, ract = _code(activation, "activation"), _code(recurrent_activation,
                                                       "recurrent_activation")
    n, t, u, d = s.n, s.t, s.units, s.d
    project_x = _Projection(s.kernel, s.dropout_mask, 4)
    project_h = _Projection(s.recurrent_kernel, s.recurrent_dropout_mask, 4)
    joint_kernel_t = np.empty((4 * u, d + u), s.dtype)       # [kernel; recurrent_kernel]ᵀ
    joint_kernel_t[:, :d], joint_kernel_t[:, d:] = s.kernel.T, s.recurrent_kernel.T
    bias = np.zeros((n, 4 * u), s.dtype)
    if s.bias is not None:
        bias[...] = s.bias
    gates = _scratch((t, n, 4 * u), s.dtype)
    hidden = _scratch((t + 1, n, u), s.dtype)
    cell = _scratch((t + 1, n, u), s.dtype)
    hidden[0], cell[0] = s.states
    cell_act = _scratch((t, n, u), s.dtype)
    s.through_time(recurrence.lstm_forward_sequence,
                   (hidden, cell, gates, cell_act, s.x, joint_kernel_t, bias, s.joint_dropout(),
                    s.mask), (act, ract, s.precise))
    results = s.outputs(hidden, [hidden[t], cell[t]])

    def backward(grads):
        grad_out, grad_h, grad_c = grads
        dz = _scratch((t, n, 4 * u), s.dtype)
        dh = np.array(grad_h, dtype=s.dtype, order="C")
        dc = np.array(grad_c, dtype=s.dtype, order="C")
        dropout = s.recurrent_dropout_for_kernels()
        s.through_time(recurrence.lstm_backward_sequence,
                       (dz, dh, dc, s.output_gradient_steps(grad_out), gates, cell_act, cell,
                        recurrence.recurrent_kernel_blocks(s.recurrent_kernel, dropout), dropout,
                        s.mask), (act, ract))
        return (*s.parameter_gradients(project_x, project_h, hidden, dz, dz,
                                       lambda: dz.sum(axis=(0, 1))),
                dh if _want(s.state_tensors[0]) else None,
                dc if _want(s.state_tensors[1]) else None)
    return tuple(results.record(s.parents(), backward, "lstm_sequence"))


# ---------------------------------------------------------------------- GRU

def gru_sequence(inputs, kernel, recurrent_kernel, bias=None, initial_state=None, mask=None,
                 go_backwards=False, return_sequences=True, zero_output_for_mask=False,
                 activation="tanh", recurrent_activation="sigmoid", reset_after=True,
                 dropout_mask=None, recurrent_dropout_mask=None):
    """GRU over a sequence, gates z (update), r (reset), h (candidate), as Keras:

        reset_after=True  (bias (2, 3u): input row, recurrent row)
            z, r = ract(x·W_zr + b0_zr + h·U_zr + b1_zr)
            hh   = act(x·W_h + b0_h + r · (h·U_h + b1_h))
        reset_after=False (bias (3u,))
            z, r = ract(x·W_zr + h·U_zr + b_zr);   hh = act(x·W_h + b_h + (r · h)·U_h)
        h_t = z · h_{t-1} + (1 − z) · hh

    Returns ``(outputs, h)``: outputs (N, T, u) or (N, u), final state (N, u).
    """
    bias_shape = (lambda u: (2, 3 * u)) if reset_after else (lambda u: (3 * u,))
    s = _Sequence("gru_sequence", 3, inputs, kernel, recurrent_kernel, bias, [initial_state],
                  mask, go_backwards, return_sequences, zero_output_for_mask, dropout_mask,
                  recurrent_dropout_mask, bias_shape)
    act, ract = _code(activation, "activation"), _code(recurrent_activation,
                                                       "recurrent_activation")
    if reset_after:
        return _gru_reset_after(s, act, ract)
    return _gru_reset_before(s, act, ract)


def _gru_reset_after(s, act, ract):
    n, t, u = s.n, s.t, s.units
    project_x = _Projection(s.kernel, s.dropout_mask, 3)
    project_h = _Projection(s.recurrent_kernel, s.recurrent_dropout_mask, 3)
    if s.bias is not None:
        input_bias, recurrent_bias = s.bias[0], np.ascontiguousarray(s.bias[1])
    else:
        input_bias, recurrent_bias = None, np.zeros(3 * u, s.dtype)
    xw = project_x.forward(s.x, _scratch((t, n, 3 * u), s.dtype), input_bias)
    hidden = _scratch((t + 1, n, u), s.dtype)
    hidden[0] = s.states[0]
    gates = _scratch((t, n, 4 * u), s.dtype)
    dropout = s.recurrent_dropout_for_kernels()
    s.through_time(recurrence.gru_forward_sequence,
                   (hidden, gates, xw, project_h.weight_t, recurrent_bias, dropout, s.mask),
                   (act, ract, s.precise))
    results = s.outputs(hidden, [hidden[t]])

    def backward(grads):
        grad_out, grad_h = grads
        dzx = _scratch((t, n, 3 * u), s.dtype)
        dzr = _scratch((t, n, 3 * u), s.dtype)
        dh = np.array(grad_h, dtype=s.dtype, order="C")
        s.through_time(recurrence.gru_backward_sequence,
                       (dzx, dzr, dh, s.output_gradient_steps(grad_out), gates, hidden,
                        recurrence.recurrent_kernel_blocks(s.recurrent_kernel, dropout), dropout,
                        s.mask), (act, ract))
        return (*s.parameter_gradients(
                    project_x, project_h, hidden, dzx, dzr,
                    lambda: np.stack([dzx.sum(axis=(0, 1)), dzr.sum(axis=(0, 1))])),
                dh if _want(s.state_tensors[0]) else None)
    return tuple(results.record(s.parents(), backward, "gru_sequence"))


def _gru_reset_before(s, act, ract):
    gates_step = _implementation(steps.gru_reset_before_gates)
    output_step = _implementation(steps.gru_reset_before_output)
    n, t, u = s.n, s.t, s.units
    masks = s.recurrent_dropout_mask
    if masks is not None and masks.shape[0] == 1:
        masks = np.repeat(masks, 3, axis=0)
    project_x = _Projection(s.kernel, s.dropout_mask, 3)
    project_zr = _Projection(np.ascontiguousarray(s.recurrent_kernel[:, :2 * u]),
                             None if masks is None else masks[:2], 2)
    kernel_h = np.ascontiguousarray(s.recurrent_kernel[:, 2 * u:])
    kernel_h_t = np.ascontiguousarray(kernel_h.T)
    xw = project_x.forward(s.x, _scratch((t, n, 3 * u), s.dtype))
    if s.bias is not None:
        xw += s.bias
    hidden = _scratch((t + 1, n, u), s.dtype)
    hidden[0] = s.states[0]
    gates = _scratch((t, n, 3 * u), s.dtype)
    reset_h = _scratch((t, n, u), s.dtype)
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
        candidate_step = _implementation(steps.gru_reset_before_backward_candidate)
        reset_step = _implementation(steps.gru_reset_before_backward_reset)
        dout = s.output_gradients(grad_out)
        dzx = _scratch((t, n, 3 * u), s.dtype)
        dh = np.array(grad_h, dtype=s.dtype, order="C")
        rec = np.zeros((n, u), s.dtype)
        drh = np.empty((n, u), s.dtype)
        d_candidate = np.empty((n, u), s.dtype)
        need_h0 = _want(s.state_tensors[0])
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
        if _want(s.u_tensor):
            recurrent_grad = np.concatenate(
                [project_zr.weight_grad(hidden[:-1], dzx[..., :2 * u]),
                 np.matmul(reset_h.reshape(-1, u).T, dzx[..., 2 * u:].reshape(-1, u))], axis=1)
        return (s.input_gradient(project_x, dzx),
                project_x.weight_grad(s.x, dzx) if _want(s.k_tensor) else None,
                recurrent_grad,
                dzx.sum(axis=(0, 1)) if _want(s.b_tensor) else None,
                dh + rec if need_h0 else None)
    return tuple(results.record(s.parents(), backward, "gru_sequence"))
