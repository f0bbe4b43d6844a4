"""What the fused recurrent ops share: reading their arguments, products with the weights,
several results recorded as one op, and the loop through time run on kerasedu's threads.

:class:`Sequence` checks and converts one call's arguments (shapes in
:mod:`kerasedu.backend.ops.recurrent`) into time-major arrays (T, N, ...), reversed when
``go_backwards``; :class:`Projection` computes the products x · W of a whole sequence (one BLAS
product over T·N rows, cut into blocks of rows for kerasedu's threads) and their gradients,
with dropout masks per gate; :class:`Results` packs an op's results (outputs and final states)
into one buffer, so that the tape records one op.
"""

import math
from functools import cached_property, partial

import numpy as np

from ..backend.autodiff import needs_grad, record
from ..backend.ops._inputs import unpack
from . import threads
from .small_matmul import matmul_transposed
from .step_activations import HARD_SIGMOID, LINEAR, RELU, SIGMOID, TANH

ACTIVATIONS = {"linear": LINEAR, "tanh": TANH, "sigmoid": SIGMOID,
               "relu": RELU, "hard_sigmoid": HARD_SIGMOID}


def activation_code(name, argument):
    if name not in ACTIVATIONS:
        raise ValueError(
            f"The fused recurrent ops support the activations {sorted(ACTIVATIONS)}; received "
            f"{argument}={name!r}. Use the layer's generic RNN(cell) path for other functions.")
    return ACTIVATIONS[name]


# ---------------------------------------------------------------------- small helpers

def _by_rows(a, width, out, product):
    """A product of ``a`` (..., k), taken as one 2-D matrix over all its leading axes, into
    ``out`` (..., width), a new array when None. ``product(rows, result)`` computes a block of
    rows; with several kerasedu threads (:mod:`.threads`), each thread
    computes one block."""
    rows = a.reshape(math.prod(a.shape[:-1]), a.shape[-1])     # (0, 0) when a is empty
    result = np.empty((rows.shape[0], width), a.dtype) if out is None \
        else out.reshape(rows.shape[0], width)
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


class Projection:
    """Products with a weight matrix whose G column blocks may see dropout-masked inputs.

    ``forward(x)`` is x · W (or, with masks, block g = (x · mask[g]) · W_g); ``input_grad(dz)``
    and ``weight_grad(x, dz)`` are its two gradients. ``x`` is (N, D) or (T, N, D).
    ``step(h)`` is ``forward`` for the (N, u) state of one timestep: without masks it runs the
    small-product kernel (:mod:`.small_matmul`), which beats BLAS on products
    this size.
    """

    def __init__(self, weight, masks, gates):
        self.weight = weight
        self.masks = masks
        self.gates = gates
        self.block = weight.shape[1] // gates
        self.product = matmul_transposed

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


class Results:
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


def time_major(x, go_backwards, out=None):
    """(N, T, ...) -> contiguous (T, N, ...), reversed in time when ``go_backwards``."""
    x = np.swapaxes(x, 0, 1)
    x = x[::-1] if go_backwards else x
    if out is None:
        return np.ascontiguousarray(x)
    np.copyto(out, x)
    return out


def batch_major(x, go_backwards):
    """The inverse of :func:`time_major`."""
    return np.ascontiguousarray(np.swapaxes(x[::-1] if go_backwards else x, 0, 1))


def _mask_array(mask, n, t, go_backwards):
    if mask is None:
        return np.ones((t, n), dtype=bool)
    value = np.asarray(getattr(mask, "value", mask))
    if value.shape != (n, t):
        raise ValueError(
            f"A recurrent mask must have shape (batch, timesteps) = {(n, t)}; received "
            f"{value.shape}.")
    return time_major(value.astype(bool, copy=False), go_backwards)


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


class Sequence:
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
        self.x = time_major(x, go_backwards, np.empty((self.t, self.n, self.d), dtype))
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
        results = Results([out_shape] + [(n, u)] * len(final_states), self.dtype)
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
            per_step = time_major(grad_out, False, np.empty(np.swapaxes(grad_out, 0, 1).shape,
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
        :mod:`.through_time`, for every block of samples: one block per
        kerasedu thread (:mod:`.threads`), all at once."""
        run = sequence_kernel
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
            lambda: project_h.weight_grad(hidden[:-1], dz_state) if wanted(self.u_tensor)
            else None,
            lambda: (project_x.weight_grad(self.x, dz_inputs) if wanted(self.k_tensor) else None,
                     bias_gradient() if wanted(self.b_tensor) else None),
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
        grad = projection.input_grad(dz, np.empty(dz.shape[:-1] + (self.d,), self.dtype))
        return batch_major(grad, self.go_backwards)


def wanted(tensor):
    return needs_grad(tensor)
