"""Solving linear systems: inverses, determinants, triangular and least-squares solves.

Matrices are the last two axes; leading axes are a batch. With Y = A⁻¹ and X = A⁻¹B, the
vector-Jacobian products (g the gradient of the result) are

    inv:               Ā = −Yᵀ g Yᵀ
    solve(A, B):       B̄ = A⁻ᵀ g,            Ā = −B̄ Xᵀ
    solve_triangular:  the same, with Ā kept to A's triangle
    det:               Ā = g · adj(A)ᵀ       (= g · det A · A⁻ᵀ for invertible A)
    slogdet, logdet:   Ā = g · A⁻ᵀ           (for log|det A|)
    pinv (A⁺):         Ā = −A⁺ᵀ g A⁺ᵀ + (I − AA⁺) gᵀ A⁺A⁺ᵀ + A⁺ᵀA⁺ gᵀ (I − A⁺A)

lstsq(A, B) is A⁺B, so its gradient comes from pinv's and matmul's.
"""

import numpy as np

from ..autodiff import needs_grad, record, unbroadcast
from ..tensor import Tensor
from ._elementwise import float_values
from ._inputs import no_gradient, tensor_of
from .linalg import matmul
from .shape import swapaxes


def _t(m):
    return np.swapaxes(m, -1, -2)


def square_matrices(value, name):
    """Check that ``value`` holds square matrices in its last two axes."""
    if value.ndim < 2 or value.shape[-1] != value.shape[-2]:
        raise ValueError(f"{name} expects square matrices in the last two axes (shape "
                         f"(..., M, M)), received shape {value.shape}.")


def _float_matrix(x, name, square=True):
    [(a, av)] = float_values(x)
    if square:
        square_matrices(av, name)
    elif av.ndim < 2:
        raise ValueError(f"{name} expects matrices (rank 2 or more), received shape "
                         f"{av.shape}.")
    return a, av


def _linalg(function, name, *args):
    try:
        return function(*args)
    except np.linalg.LinAlgError as error:
        raise ValueError(f"{name}: {error}. The matrix is singular (or not positive "
                         f"definite): its rows are not independent.") from None


def inv(x):
    """The inverse A⁻¹ of each square matrix.  Ā = −A⁻ᵀ g A⁻ᵀ."""
    a, av = _float_matrix(x, "inv")
    out = _linalg(np.linalg.inv, "inv", av)
    return record(out, (a,), lambda g: (-_t(out) @ g @ _t(out),), "inv")


def _as_matrix_rhs(av, bv):
    """(B as matrices, whether B was a vector): b of shape (..., M) next to a of rank r is a
    vector when its rank is r − 1."""
    vector = bv.ndim == av.ndim - 1
    return (bv[..., None] if vector else bv), vector


def solve(a, b):
    """X with A X = B, for square A (..., M, M) and B (..., M) or (..., M, K).

    B̄ = A⁻ᵀ g, Ā = −B̄ Xᵀ."""
    (at, av), (bt, bv) = float_values(a, b)
    square_matrices(av, "solve")
    matrix_b, vector = _as_matrix_rhs(av, bv)
    if matrix_b.shape[-2] != av.shape[-1]:
        raise ValueError(f"solve: b must have {av.shape[-1]} rows to match a of shape "
                         f"{av.shape}, received b of shape {bv.shape}.")
    out = _linalg(np.linalg.solve, "solve", av, matrix_b)

    def backward(g):
        g = g[..., None] if vector else g
        gb = _linalg(np.linalg.solve, "solve", _t(av), g)
        ga = unbroadcast(-gb @ _t(out), av.shape) if needs_grad(at) else None
        gb = unbroadcast(gb[..., 0] if vector else gb, bv.shape)
        return ga, gb
    return record(out[..., 0] if vector else out, (at, bt), backward, "solve")


def solve_triangular(a, b, lower=False):
    """X with A X = B, reading only A's lower (``lower=True``) or upper triangle."""
    (at, av), (bt, bv) = float_values(a, b)
    square_matrices(av, "solve_triangular")
    keep = np.tril if lower else np.triu
    triangle = keep(av)
    matrix_b, vector = _as_matrix_rhs(av, bv)
    out = _linalg(np.linalg.solve, "solve_triangular", triangle, matrix_b)

    def backward(g):
        g = g[..., None] if vector else g
        gb = np.linalg.solve(_t(triangle), g)
        ga = unbroadcast(keep(-gb @ _t(out)), av.shape) if needs_grad(at) else None
        return ga, unbroadcast(gb[..., 0] if vector else gb, bv.shape)
    return record(out[..., 0] if vector else out, (at, bt), backward, "solve_triangular")


def adjugate_transpose(av):
    """adj(A)ᵀ = ∂det A/∂A, through the SVD so that singular matrices work too:
    A = U S Vᵀ gives adj(A) = det(U) det(V) · V diag(Π_{j≠i} s_j) Uᵀ."""
    u, s, vt = np.linalg.svd(av)
    n = s.shape[-1]
    others = np.stack([np.prod(np.delete(s, i, axis=-1), axis=-1) for i in range(n)], axis=-1)
    sign = np.linalg.det(u) * np.linalg.det(vt)
    adjugate = (_t(vt) * others[..., None, :]) @ _t(u) * sign[..., None, None]
    return _t(adjugate)


def det(x):
    """The determinant of each square matrix.  Ā = g · adj(A)ᵀ."""
    a, av = _float_matrix(x, "det")
    out = np.asarray(np.linalg.det(av), av.dtype)
    return record(out, (a,), lambda g: (g[..., None, None] * adjugate_transpose(av),), "det")


def slogdet(x):
    """(sign, log|det|) of each square matrix; log|det| passes the gradient g · A⁻ᵀ."""
    a, av = _float_matrix(x, "slogdet")
    sign, logabs = np.linalg.slogdet(av)
    log_part = record(np.asarray(logabs, av.dtype), (a,),
                      lambda g: (g[..., None, None] * _t(_linalg(np.linalg.inv, "slogdet",
                                                                 av)),), "slogdet")
    return Tensor(np.asarray(sign, av.dtype)), log_part


def logdet(x):
    """log|det A| of each square matrix (the log-determinant; use it for positive-definite
    matrices, whose determinant is positive).  Ā = g · A⁻ᵀ."""
    return slogdet(x)[1]


def pinv(x, rcond=None):
    """The Moore-Penrose pseudo-inverse A⁺ (n×m for A m×n), from the SVD with singular values
    below rcond · the largest treated as zero (rcond defaults to max(m, n) · ε)."""
    a, av = _float_matrix(x, "pinv", square=False)
    if rcond is None:
        rcond = max(av.shape[-2:]) * np.finfo(av.dtype).eps
    out = np.linalg.pinv(av, rcond=rcond).astype(av.dtype)

    def backward(g):
        gt = _t(g)
        left = np.eye(av.shape[-2], dtype=av.dtype) - av @ out
        right = np.eye(av.shape[-1], dtype=av.dtype) - out @ av
        return (-_t(out) @ g @ _t(out) + left @ gt @ out @ _t(out)
                + _t(out) @ out @ gt @ right,)
    return record(out, (a,), backward, "pinv")


def lstsq(a, b, rcond=None):
    """The X that minimizes ||A X − B||² (the smallest such X when there are many): A⁺B.
    a (M, N), b (M,) or (M, K) -> (N,) or (N, K)."""
    (_, av), (_, bv) = float_values(a, b)
    if av.ndim != 2 or bv.ndim not in (1, 2) or bv.shape[0] != av.shape[0]:
        raise ValueError(f"lstsq expects a of shape (M, N) and b of shape (M,) or (M, K), "
                         f"received {av.shape} and {bv.shape}.")
    return matmul(pinv(a, rcond), b)


@no_gradient
def matrix_rank(x, tol=None):
    """The number of singular values of each matrix above ``tol`` (default: the largest
    singular value times max(M, N) · ε). int32."""
    _, av = _float_matrix(x, "matrix_rank", square=False)
    return Tensor(np.asarray(np.linalg.matrix_rank(av, tol=tol), np.int32))


def cholesky_inverse(x, upper=False):
    """(L Lᵀ)⁻¹ from a Cholesky factor L (or (Uᵀ U)⁻¹ with ``upper``): the inverse of the
    matrix that was factored."""
    factor = tensor_of(x)
    product = matmul(swapaxes(factor, -1, -2), factor) if upper else \
        matmul(factor, swapaxes(factor, -1, -2))
    return inv(product)
