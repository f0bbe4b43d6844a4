"""Cases (see ops_cases) of linear algebra. Matrices are drawn well conditioned, symmetric
positive-definite where the op needs it, and with separated eigenvalues and singular values
(where they meet, eigenvectors have no derivative). Eigen- and singular vectors are defined up
to sign: their checks multiply each vector by the sign of its largest entry, which both
libraries then agree on."""

from ops_cases import Case, spd, symmetric_gaps, well_conditioned


def _signed(o, vectors):
    """Each column times the sign of its entry of largest magnitude."""
    largest = o.take_along_axis(vectors, o.expand_dims(o.argmax(o.abs(vectors), axis=-2), -2),
                                axis=-2)
    return vectors * o.sign(largest)


def _sym(o, a):
    return (a + o.swapaxes(a, -1, -2)) / 2


CASES = {
    "cholesky": Case(lambda o, a: o.linalg.cholesky(a), spd(3)),
    "cholesky_batched": Case(lambda o, a: o.linalg.cholesky(a), spd(2, (2,))),
    "cholesky_upper": Case(lambda o, a: o.linalg.cholesky(a, upper=True), spd(3)),
    "cholesky_inverse": Case(lambda o, a: o.linalg.cholesky_inverse(o.linalg.cholesky(a)),
                             spd(3), keras_rtol=1e-4),
    "det": Case(lambda o, a: o.linalg.det(a), well_conditioned((2, 3, 3)), keras_rtol=1e-4),
    "inv": Case(lambda o, a: o.linalg.inv(a), well_conditioned((3, 3)), keras_rtol=1e-4),
    "logdet": Case(lambda o, a: o.logdet(a), spd(3)),
    "slogdet": Case(lambda o, a: o.slogdet(a), well_conditioned((3, 3))),
    "solve": Case(lambda o, a, b: o.linalg.solve(a, b), well_conditioned((3, 3)), (3, 2),
                  keras_rtol=1e-4),
    "solve_batched": Case(lambda o, a, b: o.linalg.solve(a, b), well_conditioned((2, 3, 3)),
                          (2, 3, 1), keras_rtol=1e-4),
    "solve_triangular": Case(lambda o, a, b: o.linalg.solve_triangular(a, b, lower=True),
                             well_conditioned((3, 3)), (3, 2), keras_rtol=1e-4),
    "solve_triangular_upper": Case(lambda o, a, b: o.linalg.solve_triangular(a, b),
                                   well_conditioned((3, 3)), (3, 2), keras_rtol=1e-4),
    "pinv": Case(lambda o, a: o.pinv(a), well_conditioned((3, 2)), rtol=1e-4,
                 keras_rtol=1e-4),
    "lstsq": Case(lambda o, a, b: o.linalg.lstsq(a, b), well_conditioned((4, 2)), (4, 3),
                  rtol=1e-4, keras_rtol=1e-4, keras_atol=1e-4),
    "lstsq_vector": Case(lambda o, a, b: o.linalg.lstsq(a, b), well_conditioned((4, 2)),
                         (4,), rtol=1e-4, keras_rtol=1e-4, keras_atol=1e-4),
    "eigh_values": Case(lambda o, a: o.linalg.eigh(_sym(o, a))[0], symmetric_gaps(3),
                        keras_atol=1e-4),
    "eigh_vectors": Case(lambda o, a: _signed(o, o.linalg.eigh(_sym(o, a))[1]),
                         symmetric_gaps(3), rtol=1e-4, keras_atol=1e-4),
    "svd_values": Case(lambda o, a: o.linalg.svd(a, compute_uv=False),
                       well_conditioned((4, 3)), keras_atol=1e-4),
    "svd_vectors": Case(lambda o, a: [_signed(o, m) for m in
                                      o.linalg.svd(a, full_matrices=False)[::2]],
                        well_conditioned((4, 3)), rtol=1e-4),
    "svd_wide": Case(lambda o, a: o.linalg.svd(a, compute_uv=False),
                     well_conditioned((2, 4)), keras_atol=1e-4),
    "qr": Case(lambda o, a: o.linalg.qr(a), well_conditioned((4, 3)), keras_atol=1e-4),
    "qr_square": Case(lambda o, a: o.linalg.qr(a), well_conditioned((3, 3)), keras_atol=1e-4),
    "qr_complete": Case(lambda o, a: o.linalg.qr(a, mode="complete")[1],
                        well_conditioned((4, 3)), keras_atol=1e-4, gradient=False),
    "qr_wide": Case(lambda o, a: o.linalg.qr(a), well_conditioned((2, 3)), keras_atol=1e-4),
    "lu_factor": Case(lambda o, a: o.linalg.lu_factor(a)[0], well_conditioned((3, 3)),
                      keras_atol=1e-4),
    "matrix_norm_via_linalg": Case(lambda o, a: o.linalg.norm(a, ord="fro"), (3, 3)),
}
