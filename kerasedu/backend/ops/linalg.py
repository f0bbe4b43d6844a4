"""Products of tensors: matmul, tensordot, dot (Keras 2's K.dot) and batch_dot.

The gradients of C = A @ B (the rule every Dense layer relies on):

    dL/dA = dL/dC @ Bᵀ        dL/dB = Aᵀ @ dL/dC

summed over broadcast batch axes. The heavy lifting is numpy's matmul, which calls BLAS.
"""

import numpy as np

from ..autodiff import needs_grad, record, unbroadcast
from ._inputs import unpack
from . import shape as shape_ops


def _swap_last(x):
    return np.swapaxes(x, -1, -2)


def _matmul_2d_up(a, av, b, bv):
    """A @ B for inputs of rank >= 2 (batch axes broadcast)."""
    out = np.matmul(av, bv)

    def backward(g):
        ga = unbroadcast(np.matmul(g, _swap_last(bv)), av.shape) if needs_grad(a) else None
        gb = unbroadcast(np.matmul(_swap_last(av), g), bv.shape) if needs_grad(b) else None
        return ga, gb
    return record(out, (a, b), backward, "matmul")


def matmul(x1, x2):
    """Matrix product with numpy's rules: (..., m, k) @ (..., k, n) -> (..., m, n).

    A 1-D first argument is treated as a row (k,) -> (1, k), a 1-D second one as a column, and
    the added axis is removed from the result.
    """
    (a, av), (b, bv) = unpack(x1), unpack(x2)
    av, bv = np.asarray(av), np.asarray(bv)
    if av.ndim == 0 or bv.ndim == 0:
        raise ValueError("matmul does not accept scalars; use multiply (x * y) instead.")
    if av.ndim >= 2 and bv.ndim >= 2:
        return _matmul_2d_up(a, av, b, bv)
    x1 = shape_ops.expand_dims(x1 if a is None else a, 0) if av.ndim == 1 else x1
    x2 = shape_ops.expand_dims(x2 if b is None else b, -1) if bv.ndim == 1 else x2
    out = matmul(x1, x2)
    if bv.ndim == 1:
        out = shape_ops.squeeze(out, -1)
    if av.ndim == 1:
        out = shape_ops.squeeze(out, -2 if bv.ndim > 1 else -1)
    return out


def _axes_pair(axes, ndim_a):
    if isinstance(axes, int):
        return list(range(ndim_a - axes, ndim_a)), list(range(axes))
    ax_a, ax_b = axes
    ax_a = [ax_a] if isinstance(ax_a, int) else list(ax_a)
    ax_b = [ax_b] if isinstance(ax_b, int) else list(ax_b)
    return ax_a, ax_b


def tensordot(x1, x2, axes=2):
    """Sum of products over ``axes`` (an int n: last n of x1 with first n of x2; or a pair of
    axis lists). Result axes: x1's free axes, then x2's free axes.
    """
    (a, av), (b, bv) = unpack(x1), unpack(x2)
    av, bv = np.asarray(av), np.asarray(bv)
    ax_a, ax_b = _axes_pair(axes, av.ndim)
    ax_a = [i % av.ndim for i in ax_a]
    ax_b = [i % bv.ndim for i in ax_b]
    for i, j in zip(ax_a, ax_b):
        if av.shape[i] != bv.shape[j]:
            raise ValueError(
                f"tensordot: axis {i} of the first input (size {av.shape[i]}) does not match "
                f"axis {j} of the second input (size {bv.shape[j]}). Shapes: {av.shape} and "
                f"{bv.shape}.")
    free_a = [i for i in range(av.ndim) if i not in ax_a]
    free_b = [i for i in range(bv.ndim) if i not in ax_b]
    out = np.tensordot(av, bv, (ax_a, ax_b))

    def backward(g):
        ga = gb = None
        n_free_a = len(free_a)
        if needs_grad(a):
            ga = np.tensordot(g, bv, (list(range(n_free_a, g.ndim)), free_b))
            labels = free_a + [ax_a[ax_b.index(j)] for j in sorted(ax_b)]
            ga = np.transpose(ga, np.argsort(labels))
        if needs_grad(b):
            gb = np.tensordot(av, g, (free_a, list(range(n_free_a))))
            labels = [ax_b[ax_a.index(i)] for i in sorted(ax_a)] + free_b
            gb = np.transpose(gb, np.argsort(labels))
        return ga, gb
    return record(out, (a, b), backward, "tensordot")


def dot(x1, x2):
    """Keras's ``dot`` (numpy's rules): the last axis of x1 with the second-to-last of x2.

    (2, 3, 4) · (4, 5) -> (2, 3, 5);  (2, 3) · (4, 3, 5) -> (2, 4, 5);  vectors give a scalar.
    """
    av, bv = (np.asarray(unpack(x)[1]) for x in (x1, x2))
    if av.ndim == 0 or bv.ndim == 0:
        from .math import multiply
        return multiply(x1, x2)
    if av.ndim <= 2 and bv.ndim <= 2:
        return matmul(x1, x2)
    contract_b = bv.ndim - 2 if bv.ndim >= 2 else 0
    return tensordot(x1, x2, ([av.ndim - 1], [contract_b]))


def batch_dot(x, y, axes=None):
    """Per-sample dot product of two batches (Keras 2's ``K.batch_dot``).

    Axis 0 is the batch. ``axes`` names the axis of x and of y to contract (default: last of x
    with the last of y for 2-D y, else with the second-to-last). The result is x's other axes
    followed by y's; a result with only the batch axis gets a trailing axis of size 1:
    (32, 20) · (32, 20) -> (32, 1);  (32, 10, 20) · (32, 20, 30) -> (32, 10, 30).
    """
    x, y = shape_ops.as_tensor(x), shape_ops.as_tensor(y)
    if x.ndim < 2 or y.ndim < 2:
        raise ValueError(
            f"batch_dot needs inputs of rank 2 or more (the first axis is the batch); received "
            f"shapes {x.shape} and {y.shape}.")
    if axes is None:
        axes = (x.ndim - 1, y.ndim - 1 if y.ndim == 2 else y.ndim - 2)
    elif isinstance(axes, int):
        axes = (axes, axes)
    ax_x, ax_y = axes[0] % x.ndim, axes[1] % y.ndim
    if 0 in (ax_x, ax_y):
        raise ValueError("batch_dot cannot contract over the batch axis 0.")
    if x.shape[ax_x] != y.shape[ax_y]:
        raise ValueError(
            f"batch_dot: axis {ax_x} of x (shape {x.shape}) and axis {ax_y} of y (shape "
            f"{y.shape}) must have the same size.")
    batch, k = x.shape[0], x.shape[ax_x]
    x_free = [x.shape[i] for i in range(1, x.ndim) if i != ax_x]
    y_free = [y.shape[i] for i in range(1, y.ndim) if i != ax_y]
    xm = shape_ops.moveaxis(x, ax_x, -1)
    ym = shape_ops.moveaxis(y, ax_y, 1)
    xm = shape_ops.reshape(xm, (batch, int(np.prod(x_free, dtype=int)), k))
    ym = shape_ops.reshape(ym, (batch, k, int(np.prod(y_free, dtype=int))))
    out = shape_ops.reshape(matmul(xm, ym), (batch, *x_free, *y_free))
    return shape_ops.expand_dims(out, -1) if out.ndim == 1 else out
