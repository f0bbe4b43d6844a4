"""Keras 3's ``keras.ops.linalg``: solving, inverting, decomposing and measuring matrices."""

from kerasedu.backend.ops import (  # noqa: F401
    cholesky, cholesky_inverse, det, eig, eigh, inv, jvp, lstsq, lu_factor, matrix_rank, norm,
    pinv, qr, solve, solve_triangular, svd)
