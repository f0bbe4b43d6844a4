"""The pooling loops: max and average pooling, forward and backward, on (N, D, H, W, C) arrays.

Each output position (od, oh, ow) looks at the window of input positions

    i = od·sd + kd − pd,   j = oh·sh + kh − ph,   l = ow·sw + kw − pw,   0 ≤ k < pool_size

(strides s, padding before p). Positions outside the input are not part of the window: they
are skipped (neither −inf nor 0), and every window must contain at least one input position.

* max:      out = max over the window;   argmax = flat index (i·H + j)·W + l of the first maximum
            in window order (int64);     backward: grad_x[argmax] += grad_out
* average:  out = Σ x / count, count = number of input positions in the window;
            backward: grad_x[i] += grad_out / count for every window that contains i

:mod:`kerasedu.backend.ops.pooling` calls these on channels_last arrays with 1, 2 or 3
spatial axes, viewed as three.
"""

import math

import numpy as np

from .registry import kernel

@kernel
def max_pool_forward(out, argmax, x, pool_size, strides, pad_before):
    """out[n, o, c] = max over the window of x[n, i, c]; argmax[n, o, c] = its flat index.

    ``out`` and ``argmax`` (N, OD, OH, OW, C) are written in place; ``x`` is (N, D, H, W, C);
    ``pool_size``, ``strides``, ``pad_before`` are 3-tuples. The first window cell seeds the
    maximum; a later cell replaces it only when strictly greater.
    """
    N, OD, OH, OW, C = out.shape
    D, H, W = x.shape[1], x.shape[2], x.shape[3]
    for n in range(N):
        for od in range(OD):
            for oh in range(OH):
                for ow in range(OW):
                    first = True
                    for kd in range(pool_size[0]):
                        i = od * strides[0] + kd - pad_before[0]
                        for kh in range(pool_size[1]):
                            j = oh * strides[1] + kh - pad_before[1]
                            for kw in range(pool_size[2]):
                                l = ow * strides[2] + kw - pad_before[2]
                                if not (0 <= i < D and 0 <= j < H and 0 <= l < W):
                                    continue
                                flat = (i * H + j) * W + l
                                for c in range(C):
                                    if first or x[n, i, j, l, c] > out[n, od, oh, ow, c]:
                                        out[n, od, oh, ow, c] = x[n, i, j, l, c]
                                        argmax[n, od, oh, ow, c] = flat
                                first = False


def _padded(x, out_spatial, pool_size, strides, pad_before, fill):
    """x padded with ``fill`` so that every window lies inside; also the padding per axis."""
    pads = [(p, max((o - 1) * s + k - n - p, 0))
            for o, k, s, p, n in zip(out_spatial, pool_size, strides, pad_before, x.shape[1:4])]
    return np.pad(x, [(0, 0)] + pads + [(0, 0)], constant_values=fill), pads


def _window(offset, out_spatial, strides):
    """Index of the padded array that cell ``offset`` of every window reads."""
    return (slice(None),) + tuple(slice(k, k + (o - 1) * s + 1, s)
                                  for k, o, s in zip(offset, out_spatial, strides))


@max_pool_forward.numpy_twin
def _(out, argmax, x, pool_size, strides, pad_before):
    out_spatial = out.shape[1:4]
    inside, _ = _padded(np.ones((1,) + x.shape[1:4] + (1,), bool), out_spatial, pool_size,
                        strides, pad_before, False)
    xp, _ = _padded(x, out_spatial, pool_size, strides, pad_before, 0)
    flat = np.arange(np.prod(x.shape[1:4]), dtype=np.int64).reshape((1,) + x.shape[1:4] + (1,))
    flat, _ = _padded(flat, out_spatial, pool_size, strides, pad_before, -1)
    seen = np.zeros(out.shape, bool)
    for offset in np.ndindex(*pool_size):
        w = _window(offset, out_spatial, strides)
        value, valid = xp[w], inside[w]
        take = valid & (~seen | (value > out))
        out[...] = np.where(take, value, out)
        argmax[...] = np.where(take, flat[w], argmax)
        seen |= valid


@max_pool_forward.examples
def _():
    return [(np.zeros((2, 1, 2, 2, 3), dt), np.zeros((2, 1, 2, 2, 3), np.int64),
             np.arange(54, dtype=dt).reshape(2, 1, 3, 3, 3) % 7, (1, 2, 2), (1, 2, 2), (0, 0, 0))
            for dt in (np.float32, np.float64)]


@kernel
def max_pool_backward(grad_x, grad_out, argmax):
    """grad_x[n, argmax[n, o, c], c] += grad_out[n, o, c]: each output's gradient goes to the
    input cell it took its value from.

    ``grad_x`` (N, D, H, W, C), C-contiguous, is added to in place; ``grad_out`` and ``argmax``
    (N, OD, OH, OW, C) come from :func:`max_pool_forward`.
    """
    N, OD, OH, OW, C = grad_out.shape
    cells = grad_x.reshape(N, grad_x.shape[1] * grad_x.shape[2] * grad_x.shape[3], C)
    for n in range(N):
        for od in range(OD):
            for oh in range(OH):
                for ow in range(OW):
                    for c in range(C):
                        cells[n, argmax[n, od, oh, ow, c], c] += grad_out[n, od, oh, ow, c]


@max_pool_backward.numpy_twin
def _(grad_x, grad_out, argmax):
    N, C = grad_x.shape[0], grad_x.shape[-1]
    flat_grad = grad_x.reshape(N, math.prod(grad_x.shape[1:-1]), C)
    n = np.arange(N).reshape((N, 1, 1, 1, 1))
    c = np.arange(C).reshape((1, 1, 1, 1, C))
    np.add.at(flat_grad, (n, argmax, c), grad_out)
    grad_x[...] = flat_grad.reshape(grad_x.shape)


@max_pool_backward.examples
def _():
    return [(np.zeros((2, 1, 3, 3, 3), dt), np.arange(24, dtype=dt).reshape(2, 1, 2, 2, 3),
             np.array([0, 4, 8, 2, 2, 2, 6, 7, 8, 4, 4, 4] * 2, np.int64).reshape(2, 1, 2, 2, 3))
            for dt in (np.float32, np.float64)]


@kernel
def avg_pool_forward(out, x, pool_size, strides, pad_before):
    """out[n, o, c] = Σ x[n, i, c] / count over the window cells inside the input.

    ``out`` (N, OD, OH, OW, C) is written in place; ``x`` (N, D, H, W, C); tuples as in
    :func:`max_pool_forward`. The sum accumulates in ``out``, in x's dtype.
    """
    N, OD, OH, OW, C = out.shape
    D, H, W = x.shape[1], x.shape[2], x.shape[3]
    for n in range(N):
        for od in range(OD):
            for oh in range(OH):
                for ow in range(OW):
                    for c in range(C):
                        out[n, od, oh, ow, c] = 0
                    count = 0
                    for kd in range(pool_size[0]):
                        i = od * strides[0] + kd - pad_before[0]
                        for kh in range(pool_size[1]):
                            j = oh * strides[1] + kh - pad_before[1]
                            for kw in range(pool_size[2]):
                                l = ow * strides[2] + kw - pad_before[2]
                                if 0 <= i < D and 0 <= j < H and 0 <= l < W:
                                    count += 1
                                    for c in range(C):
                                        out[n, od, oh, ow, c] += x[n, i, j, l, c]
                    size = out.dtype.type(count)  # the count in x's dtype: float32 stays float32
                    for c in range(C):
                        out[n, od, oh, ow, c] /= size


def _counts(x_spatial, out_spatial, pool_size, strides, pad_before):
    """Number of input cells in each window, shaped (1, OD, OH, OW, 1)."""
    inside, _ = _padded(np.ones((1,) + tuple(x_spatial) + (1,), np.int64), out_spatial,
                        pool_size, strides, pad_before, 0)
    return sum(inside[_window(offset, out_spatial, strides)]
               for offset in np.ndindex(*pool_size))


@avg_pool_forward.numpy_twin
def _(out, x, pool_size, strides, pad_before):
    out_spatial = out.shape[1:4]
    xp, _ = _padded(x, out_spatial, pool_size, strides, pad_before, 0)
    total = np.zeros(out.shape, x.dtype)
    for offset in np.ndindex(*pool_size):
        total += xp[_window(offset, out_spatial, strides)]
    counts = _counts(x.shape[1:4], out_spatial, pool_size, strides, pad_before)
    out[...] = total / counts.astype(x.dtype)


@avg_pool_forward.examples
def _():
    return [(np.zeros((2, 1, 2, 2, 3), dt), np.arange(54, dtype=dt).reshape(2, 1, 3, 3, 3),
             (1, 2, 2), (1, 2, 2), (0, 0, 0))
            for dt in (np.float32, np.float64)]


@kernel
def avg_pool_backward(grad_x, grad_out, pool_size, strides, pad_before):
    """grad_x[n, i, c] += grad_out[n, o, c] / count(o) for every window o that contains i.

    ``grad_x`` (N, D, H, W, C) is added to in place; ``grad_out`` (N, OD, OH, OW, C); tuples as
    in :func:`avg_pool_forward`.
    """
    N, OD, OH, OW, C = grad_out.shape
    D, H, W = grad_x.shape[1], grad_x.shape[2], grad_x.shape[3]
    for n in range(N):
        for od in range(OD):
            for oh in range(OH):
                for ow in range(OW):
                    count = 0
                    for kd in range(pool_size[0]):
                        i = od * strides[0] + kd - pad_before[0]
                        for kh in range(pool_size[1]):
                            j = oh * strides[1] + kh - pad_before[1]
                            for kw in range(pool_size[2]):
                                l = ow * strides[2] + kw - pad_before[2]
                                if 0 <= i < D and 0 <= j < H and 0 <= l < W:
                                    count += 1
                    size = grad_out.dtype.type(count)
                    for kd in range(pool_size[0]):
                        i = od * strides[0] + kd - pad_before[0]
                        for kh in range(pool_size[1]):
                            j = oh * strides[1] + kh - pad_before[1]
                            for kw in range(pool_size[2]):
                                l = ow * strides[2] + kw - pad_before[2]
                                if 0 <= i < D and 0 <= j < H and 0 <= l < W:
                                    for c in range(C):
                                        grad_x[n, i, j, l, c] += grad_out[n, od, oh, ow, c] / size


@avg_pool_backward.numpy_twin
def _(grad_x, grad_out, pool_size, strides, pad_before):
    out_spatial = grad_out.shape[1:4]
    counts = _counts(grad_x.shape[1:4], out_spatial, pool_size, strides, pad_before)
    share = grad_out / counts.astype(grad_out.dtype)
    gp, pads = _padded(np.zeros_like(grad_x), out_spatial, pool_size, strides, pad_before, 0)
    for offset in np.ndindex(*pool_size):
        gp[_window(offset, out_spatial, strides)] += share
    inside = tuple(slice(b, b + n) for (b, _), n in zip(pads, grad_x.shape[1:4]))
    grad_x += gp[(slice(None),) + inside]


@avg_pool_backward.examples
def _():
    return [(np.zeros((2, 1, 3, 3, 3), dt), np.arange(24, dtype=dt).reshape(2, 1, 2, 2, 3),
             (1, 2, 2), (1, 2, 2), (0, 0, 0))
            for dt in (np.float32, np.float64)]
