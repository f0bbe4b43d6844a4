"""Matrix decompositions and their gradients: Cholesky, LU, QR, SVD, eigh (and eig).

Matrices are the last two axes. Cholesky and eigh read a symmetric matrix: they use (A + Aᵀ)/2,
as JAX does, so their gradients are symmetric. With ∘ the elementwise product, sym(X) =
(X + Xᵀ)/2 and Φ(X) the lower triangle of X with its diagonal halved:

    cholesky A = L Lᵀ:   Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹)
    eigh A = V diag(w) Vᵀ:   Ā = sym(V (diag(w̄) + F ∘ Vᵀ V̄) Vᵀ),  F_ij = 1/(w_j − w_i)
    svd A = U diag(s) Vᵀ:    Ā = U [(F ∘ (UᵀŪ − ŪᵀU)) S + diag(s̄) + S (F ∘ (VᵀV̄ − V̄ᵀV))] Vᵀ
                                 + (I − UUᵀ) Ū S⁻¹ Vᵀ + U S⁻¹ V̄ᵀ (I − VVᵀ),  F_ij = 1/(s_j² − s_i²)
    qr A = Q R (M ≥ N):      Ā = (Q̄ + Q copyltu(R R̄ᵀ − Q̄ᵀ Q)) R⁻ᵀ, copyltu(M) = tril M + (tril M)ᵀ − diag M
    lu A = P L U:            Ā = P L⁻ᵀ (tril(Lᵀ L̄, −1) + triu(Ū Uᵀ)) U⁻ᵀ

Eigenvectors and singular vectors are defined up to sign: the gradients are those of the
vectors numpy returns. Gradients do not exist where eigenvalues or singular values repeat.
eig's results are complex: asking for a gradient through them raises an error.
"""

import numpy as np

from ..autodiff import record
from ..tensor import Tensor
from ._inputs import no_gradient, without_gradient
from .linalg_solve import _float_matrix, _linalg, _t, square_matrices


def _sym(m):
    return (m + _t(m)) / 2


def _phi(m):
    """The lower triangle of m with its diagonal halved."""
    return np.tril(m) - np.eye(m.shape[-1], dtype=m.dtype) * m / 2


def cholesky(x, upper=False):
    """The lower-triangular L with L Lᵀ = A for symmetric positive-definite A (the upper
    Lᵀ with ``upper``)."""
    a, av = _float_matrix(x, "cholesky")
    low = np.linalg.cholesky(_sym(av)) if np.all(np.isfinite(av)) else None
    if low is None or np.any(np.isnan(low)):
        raise ValueError("cholesky: the decomposition failed: the input must be a symmetric "
                         "positive-definite matrix.")

    def backward(g):
        g_low = _t(g) if upper else g
        inverse = np.linalg.inv(low)
        return (_sym(_t(inverse) @ _phi(_t(low) @ g_low) @ inverse),)
    return record(_t(low).copy() if upper else low, (a,), backward, "cholesky")


def eigh(x):
    """(w, V): the eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix."""
    a, av = _float_matrix(x, "eigh")
    w, v = np.linalg.eigh(_sym(av))
    gaps = w[..., None, :] - w[..., :, None]
    with np.errstate(divide="ignore"):
        f = np.where(np.eye(w.shape[-1], dtype=bool), 0, 1 / np.where(gaps == 0, np.inf, gaps))
    values = record(w, (a,), lambda g: (_sym((v * g[..., None, :]) @ _t(v)),), "eigh")
    vectors = record(v, (a,), lambda g: (_sym(v @ (f * (_t(v) @ g)) @ _t(v)),), "eigh")
    return values, vectors


def _svd_backward(u, s, vt, gu, gs, gvt):
    """Ā for A = U diag(s) Vᵀ (reduced) given the gradients of u, s and vt (None for none)."""
    v = _t(vt)
    dtype = s.dtype
    grad = (u * (gs if gs is not None else np.zeros_like(s))[..., None, :]) @ vt
    if gu is None and gvt is None:
        return grad
    gu = np.zeros_like(u) if gu is None else gu
    gv = np.zeros_like(v) if gvt is None else _t(gvt)
    s2 = s * s
    gaps = s2[..., None, :] - s2[..., :, None]
    with np.errstate(divide="ignore"):
        f = np.where(np.eye(s.shape[-1], dtype=bool), 0, 1 / np.where(gaps == 0, np.inf, gaps))
    sm = s[..., None, :]              # multiply columns by s
    ut_gu, vt_gv = _t(u) @ gu, _t(v) @ gv
    inner = (f * (ut_gu - _t(ut_gu))) * sm + (s[..., :, None] * (f * (vt_gv - _t(vt_gv))))
    grad = grad + u @ inner @ vt
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_s = np.where(s > 0, 1 / np.where(s > 0, s, 1), 0).astype(dtype)
    eye_m = np.eye(u.shape[-2], dtype=dtype)
    eye_n = np.eye(v.shape[-2], dtype=dtype)
    grad = grad + (eye_m - u @ _t(u)) @ (gu * inv_s[..., None, :]) @ vt
    grad = grad + (u * inv_s[..., None, :]) @ _t(gv) @ (eye_n - v @ vt)
    return grad


def svd(x, full_matrices=True, compute_uv=True):
    """(u, s, vh) with x = u diag(s) vh, singular values s descending; s alone when not
    ``compute_uv``. Differentiable in s always, and in u and vh unless ``full_matrices`` adds
    columns that x does not determine (a non-square x)."""
    a, av = _float_matrix(x, "svd", square=False)
    m, n = av.shape[-2:]
    if not compute_uv:
        u, s, vt = np.linalg.svd(av, full_matrices=False)
        return record(s, (a,), lambda g: (_svd_backward(u, s, vt, None, g, None),), "svd")
    u, s, vt = np.linalg.svd(av, full_matrices=full_matrices)
    k = min(m, n)
    extended = full_matrices and m != n
    record_s = record(s, (a,), lambda g: (_svd_backward(u[..., :k], s, vt[..., :k, :], None,
                                                        g, None),), "svd")

    def vectors_backward(which):
        def backward(g):
            if extended:
                raise ValueError(
                    "svd: the gradient of u and vh with full_matrices=True is not defined for "
                    f"a non-square matrix (shape {av.shape}): the extra columns are arbitrary. "
                    "Use full_matrices=False.")
            gu, gvt = (g, None) if which == "u" else (None, g)
            return (_svd_backward(u, s, vt, gu, None, gvt),)
        return backward
    return (record(u, (a,), vectors_backward("u"), "svd"), record_s,
            record(vt, (a,), vectors_backward("vh"), "svd"))


def _qr_backward(q, r, gq, gr):
    """Ā for A = Q R with Q (M, N), R (N, N), M ≥ N."""
    m_ = r @ _t(gr) - _t(gq) @ q
    copyltu = np.tril(m_) + _t(np.tril(m_, -1))
    return _t(np.linalg.solve(r, _t(gq + q @ copyltu)))


def qr(x, mode="reduced"):
    """(q, r) with x = q r, q's columns orthonormal and r upper-triangular. "reduced": q (M, K),
    r (K, N) with K = min(M, N); "complete": q (M, M), r (M, N)."""
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: mode must be 'reduced' or 'complete', received mode={mode!r}.")
    a, av = _float_matrix(x, "qr", square=False)
    q, r = np.linalg.qr(av, mode=mode)
    m, n = av.shape[-2:]

    def backward_for(which):
        def backward(g):
            if mode == "complete" and m > n:
                raise ValueError(
                    f"qr: the gradient with mode='complete' is not defined for a tall matrix "
                    f"(shape {av.shape}): the extra columns of q are arbitrary. Use "
                    f"mode='reduced'.")
            gq = g if which == "q" else np.zeros_like(q)
            gr = g if which == "r" else np.zeros_like(r)
            if m >= n:
                return (_qr_backward(q, r, gq, gr),)
            y = av[..., m:]                      # A = [X | Y], R = [U | V], V = Qᵀ Y
            gu, gv = gr[..., :m], gr[..., m:]
            gx = _qr_backward(q, r[..., :m], gq + y @ _t(gv), gu)
            return (np.concatenate([gx, q @ gv], axis=-1),)
        return backward
    return record(q, (a,), backward_for("q"), "qr"), record(r, (a,), backward_for("r"), "qr")


def _lu(matrix):
    """(lu, pivots) of one square matrix by Gaussian elimination with partial pivoting."""
    lu = matrix.copy()
    n = lu.shape[0]
    pivots = np.zeros(n, np.int32)
    for k in range(n):
        p = k + int(np.argmax(np.abs(lu[k:, k])))
        pivots[k] = p
        if p != k:
            lu[[k, p]] = lu[[p, k]]
        if lu[k, k] != 0:
            lu[k + 1:, k] /= lu[k, k]
            lu[k + 1:, k + 1:] -= np.outer(lu[k + 1:, k], lu[k, k + 1:])
    return lu, pivots


def _permutation(pivots):
    """The row order that the LAPACK-style ``pivots`` (row k swapped with pivots[k]) make."""
    order = np.arange(pivots.shape[-1])
    for k, p in enumerate(pivots):
        order[[k, p]] = order[[p, k]]
    return order


def lu_factor(x):
    """(lu, pivots): the LU factorization with partial pivoting, as scipy's lu_factor gives it:
    L (unit diagonal, below) and U (on and above the diagonal) in one matrix, and the row
    swaps (row k was exchanged with row pivots[k])."""
    a, av = _float_matrix(x, "lu_factor")
    flat = av.reshape((-1,) + av.shape[-2:])
    results = [_lu(m) for m in flat]
    lu = np.stack([r[0] for r in results]).reshape(av.shape)
    pivots = np.stack([r[1] for r in results]).reshape(av.shape[:-1])

    def backward(g):
        n = av.shape[-1]
        low = np.tril(lu, -1) + np.eye(n, dtype=lu.dtype)
        up = np.triu(lu)
        inner = np.tril(_t(low) @ np.tril(g, -1), -1) + np.triu(np.triu(g) @ _t(up))
        permuted = _linalg(np.linalg.solve, "lu_factor", _t(low), inner)
        permuted = _t(_linalg(np.linalg.solve, "lu_factor", up, _t(permuted)))
        grad = np.empty_like(permuted)
        for index in np.ndindex(av.shape[:-2]):
            grad[index][_permutation(pivots[index])] = permuted[index]
        return (grad,)
    return record(lu, (a,), backward, "lu_factor"), Tensor(pivots)


@no_gradient
def eig(x):
    """(w, V): eigenvalues and eigenvectors (columns) of a general square matrix, as complex
    tensors (complex results record no gradient)."""
    value = np.asarray(x.value if isinstance(x, Tensor) else x)
    square_matrices(value, "eig")
    w, v = np.linalg.eig(value)
    complex_dtype = np.complex64 if value.dtype.itemsize <= 4 else np.complex128
    why = "Complex results have no gradient; for a symmetric matrix use ops.eigh."
    return (without_gradient(w.astype(complex_dtype), (x,), "eig", why),
            without_gradient(v.astype(complex_dtype), (x,), "eig", why))
