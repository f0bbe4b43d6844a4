"""Matrices built from and read out of tensors: triangles, diagonals, traces, and products of
vectors (outer, inner, vdot, cross, Kronecker, Vandermonde).

    tril(x, k): x where column ≤ row + k, else 0        triu(x, k): x where column ≥ row + k
    diagonal(x, offset, axis1, axis2): x[..., i, i + offset]   trace = Σ diagonal
    outer(a, b)[i, j] = a_i b_j      inner(a, b) = Σ_k a[..., k] b[..., k]   vdot = Σ conj(a)·b
    cross(a, b) = (a₂b₃ − a₃b₂, a₃b₁ − a₁b₃, a₁b₂ − a₂b₁)
    kron(a, b)[i·m + k, j·n + l] = a[i, j] · b[k, l]       vander(x)[i, j] = x_i^(N−1−j)

All are compositions of differentiable ops (masks, gathers, products and reshapes), so their
gradients come from those ops: tril's gradient is g masked the same way, a diagonal's is g
placed back on the diagonal.
"""

import numpy as np

from ..tensor import Tensor
from ._inputs import no_gradient, tensor_of
from .creation import creation_dtype, zeros
from .indexing import scatter
from .linalg import tensordot
from .math import multiply, power, subtract, where
from .reduction import sum as sum_
from .shape import getitem, moveaxis, reshape, stack, take, transpose


def _matrix_mask(x, name, keep):
    x = tensor_of(x)
    if x.ndim < 2:
        raise ValueError(f"{name} needs a tensor of rank 2 or more (matrices in the last two "
                         f"axes), received shape {x.shape}.")
    rows, cols = x.shape[-2:]
    mask = keep(np.arange(rows)[:, None], np.arange(cols)[None, :])
    return where(mask, x, np.zeros((), x.dtype))


def tril(x, k=0):
    """The lower triangle of the matrices in the last two axes: x[i, j] where j ≤ i + k, else 0."""
    return _matrix_mask(x, "tril", lambda i, j: j <= i + k)


def triu(x, k=0):
    """The upper triangle: x[i, j] where j ≥ i + k, else 0."""
    return _matrix_mask(x, "triu", lambda i, j: j >= i + k)


def diagonal(x, offset=0, axis1=0, axis2=1):
    """The diagonal x[..., i, i + offset] of the matrices in axes (axis1, axis2), in a new last
    axis (numpy's layout)."""
    x = tensor_of(x)
    if x.ndim < 2:
        raise ValueError(f"diagonal needs a tensor of rank 2 or more, received shape {x.shape}.")
    moved = _to_last_two(x, axis1, axis2)
    rows, cols = moved.shape[-2:]
    start_row, start_col = max(-offset, 0), max(offset, 0)
    length = max(min(rows - start_row, cols - start_col), 0)
    i = np.arange(length)
    return getitem(moved, (Ellipsis, start_row + i, start_col + i))


def _to_last_two(x, axis1, axis2):
    """x with axis1 and axis2 moved to the end, in that order."""
    a1, a2 = axis1 % x.ndim, axis2 % x.ndim
    if a1 == a2:
        raise ValueError(f"axis1 and axis2 must differ, received {axis1} and {axis2}.")
    order = [i for i in range(x.ndim) if i not in (a1, a2)] + [a1, a2]
    return transpose(x, order)


def trace(x, offset=0, axis1=0, axis2=1):
    """Σ of the diagonal x[..., i, i + offset] of the matrices in axes (axis1, axis2)."""
    return sum_(diagonal(x, offset, axis1, axis2), axis=-1)


def diag(x, k=0):
    """A 1-D x: the square matrix with x on diagonal k. A 2-D x: its diagonal k."""
    x = tensor_of(x)
    if x.ndim == 1:
        n = x.shape[0] + abs(k)
        i = np.arange(x.shape[0])
        rows, cols = i + max(-k, 0), i + max(k, 0)
        return scatter(np.stack([rows, cols], axis=-1), x, (n, n))
    if x.ndim == 2:
        return diagonal(x, k)
    raise ValueError(f"diag needs a 1-D or 2-D tensor, received shape {x.shape}.")


def diagflat(x, k=0):
    """The square matrix with the flattened x on diagonal k."""
    return diag(reshape(x, (-1,)), k)


def outer(x1, x2):
    """outer[i, j] = x1_i · x2_j for the flattened inputs."""
    a, b = reshape(x1, (-1, 1)), reshape(x2, (1, -1))
    return multiply(a, b)


def inner(x1, x2):
    """Σ_k x1[..., k] · x2[..., k] over the last axes (a product for scalars): the result has
    x1's other axes, then x2's."""
    a, b = tensor_of(x1), tensor_of(x2)
    if a.ndim == 0 or b.ndim == 0:
        return multiply(a, b)
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(f"inner: the last axes must match, received shapes {a.shape} and "
                         f"{b.shape}.")
    return tensordot(a, b, ([a.ndim - 1], [b.ndim - 1]))


def vdot(x1, x2):
    """Σ conj(x1)·x2 over all elements (the inputs are flattened); for booleans, whether any
    pair is True in both, as Keras gives it."""
    a, b = reshape(x1, (-1,)), reshape(x2, (-1,))
    if a.dtype == bool and b.dtype == bool:
        return Tensor(np.any(a.value & b.value))
    if a.dtype.kind == "c":
        a = Tensor(np.conjugate(a.value))
    return sum_(multiply(a, b))


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """The cross product of vectors of length 3 (or 2, taken as (a₁, a₂, 0)) along axisa of x1
    and axisb of x2, broadcast over the other axes; ``axis`` sets all three axes at once.
    Two 2-vectors give the scalar a₁b₂ − a₂b₁."""
    if axis is not None:
        axisa = axisb = axisc = axis
    a, b = moveaxis(x1, axisa, -1), moveaxis(x2, axisb, -1)
    if a.shape[-1] not in (2, 3) or b.shape[-1] not in (2, 3):
        raise ValueError(f"cross: the vectors must have length 2 or 3, received lengths "
                         f"{a.shape[-1]} and {b.shape[-1]}.")

    def part(v, i):
        if i < v.shape[-1]:
            return take(v, i, axis=-1)
        return zeros(v.shape[:-1], v.dtype)
    a1, a2, a3 = (part(a, i) for i in range(3))
    b1, b2, b3 = (part(b, i) for i in range(3))
    third = subtract(multiply(a1, b2), multiply(a2, b1))
    if a.shape[-1] == b.shape[-1] == 2:
        return third
    out = stack([subtract(multiply(a2, b3), multiply(a3, b2)),
                 subtract(multiply(a3, b1), multiply(a1, b3)), third], axis=-1)
    return moveaxis(out, -1, axisc)


def kron(x1, x2):
    """The Kronecker product: every entry of x1 times the whole of x2, laid out block by block.
    Shapes (padded with leading 1s to one rank) multiply axis by axis."""
    a, b = tensor_of(x1), tensor_of(x2)
    rank = max(a.ndim, b.ndim)
    a = reshape(a, (1,) * (rank - a.ndim) + a.shape)
    b = reshape(b, (1,) * (rank - b.ndim) + b.shape)
    spread_a = reshape(a, tuple(n for size in a.shape for n in (size, 1)))
    spread_b = reshape(b, tuple(n for size in b.shape for n in (1, size)))
    return reshape(multiply(spread_a, spread_b),
                   tuple(m * n for m, n in zip(a.shape, b.shape)))


def vander(x, N=None, increasing=False):  # noqa: N803  (Keras's argument name)
    """The Vandermonde matrix of the 1-D x: columns x^(N−1), ..., x, 1 (reversed with
    ``increasing``); N defaults to len(x)."""
    x = tensor_of(x)
    if x.ndim != 1:
        raise ValueError(f"vander needs a 1-D tensor, received shape {x.shape}.")
    n = x.shape[0] if N is None else int(N)
    exponents = np.arange(n) if increasing else np.arange(n)[::-1]
    return power(reshape(x, (-1, 1)), exponents.astype(x.dtype if x.dtype.kind != "b"
                                                       else np.int64))


@no_gradient
def tri(N, M=None, k=0, dtype=None):  # noqa: N803  (Keras's argument names)
    """An N×M matrix with ones at and below diagonal k, zeros above."""
    return Tensor(np.tri(N, M, k, dtype=creation_dtype(dtype)))
