"""Cases (see ops_cases) of reductions, statistics, sorting, segments and norms. Values are
distinct where the op picks among them (maxima, medians, sorting), so no tie splits a
gradient; NaN appears where the op skips it."""

import numpy as np

from ops_cases import Case, In, distinct, positive

SEGMENTS = np.array([0, 0, 2, 1, 2])


def with_nan(shape):
    """Distinct values with a NaN in every other row (never a whole slice of NaN)."""
    def make(rng):
        x = distinct(shape).make(rng)
        x[::2, 0] = np.nan
        return x
    return In(make=make)


CASES = {
    "amax": Case(lambda o, x: o.amax(x, axis=1), distinct((3, 4))),
    "amin": Case(lambda o, x: o.amin(x, axis=(0, 2), keepdims=True), distinct((2, 3, 2))),
    "cumprod": Case(lambda o, x: o.cumprod(x, axis=1), In((2, 4), away_from=(0,))),
    "cumprod_flat": Case(lambda o, x: o.cumprod(x), In((2, 3), away_from=(0,))),
    "nansum": Case(lambda o, x: o.nansum(x, axis=0), with_nan((4, 3))),
    "nanprod": Case(lambda o, x: o.nanprod(x, axis=1), with_nan((4, 3))),
    "nanmean": Case(lambda o, x: o.nanmean(x, axis=1, keepdims=True), with_nan((4, 3))),
    "nanvar": Case(lambda o, x: o.nanvar(x, axis=1), with_nan((4, 3))),
    "nanstd": Case(lambda o, x: o.nanstd(x), with_nan((4, 3))),
    "nanmax": Case(lambda o, x: o.nanmax(x, axis=1), with_nan((4, 3))),
    "nanmin": Case(lambda o, x: o.nanmin(x, axis=0), with_nan((4, 3))),
    "nancumsum": Case(lambda o, x: o.nancumsum(x, axis=1), with_nan((4, 3))),
    "nancumprod": Case(lambda o, x: o.nancumprod(x, axis=1), with_nan((4, 3))),
    "nanmedian": Case(lambda o, x: o.nanmedian(x, axis=1), with_nan((4, 3))),
    "nanquantile": Case(lambda o, x: o.nanquantile(x, np.array([0.3, 0.8]), axis=1),
                        with_nan((4, 3))),
    "nanpercentile": Case(lambda o, x: o.nanpercentile(x, 40.0, axis=0), with_nan((4, 3))),
    "median": Case(lambda o, x: o.median(x, axis=1), distinct((3, 4))),
    "median_flat": Case(lambda o, x: o.median(x), distinct((3, 3))),
    "quantile": Case(lambda o, x: o.quantile(x, np.array([0.1, 0.5, 0.9]), axis=0),
                     distinct((5, 2))),
    "quantile_midpoint": Case(lambda o, x: o.quantile(x, 0.3, method="midpoint"),
                              distinct((6,))),
    "quantile_nearest": Case(lambda o, x: o.quantile(x, 0.3, axis=-1, method="nearest"),
                             distinct((2, 6))),
    "percentile": Case(lambda o, x: o.percentile(x, 75.0, axis=1, keepdims=True),
                       distinct((2, 5))),
    "ptp": Case(lambda o, x: o.ptp(x, axis=0), distinct((4, 3))),
    "average": Case(lambda o, x, w: o.average(x, axis=1, weights=w), (3, 4),
                    positive((4,))),
    "average_flat": Case(lambda o, x: o.average(x), (3, 4)),
    "corrcoef": Case(lambda o, x: o.corrcoef(x), (3, 5), rtol=1e-4, keras_rtol=1e-4),
    "bincount_weights": Case(
        lambda o, w: o.bincount(np.array([0, 2, 2, 5]), weights=w, minlength=7), (4,)),
    "sort": Case(lambda o, x: o.sort(x, axis=0), distinct((4, 3))),
    "sort_last": Case(lambda o, x: o.sort(x), distinct((2, 5))),
    "top_k": Case(lambda o, x: o.top_k(x, 2)[0], distinct((3, 5))),
    "segment_sum": Case(lambda o, x: o.segment_sum(x, SEGMENTS, num_segments=4), (5, 2)),
    "segment_max": Case(lambda o, x: o.segment_max(x, SEGMENTS, num_segments=3),
                        distinct((5, 2))),
    "segment_min": Case(lambda o, x: o.segment_min(x, SEGMENTS, num_segments=3),
                        distinct((5, 2))),
    "segment_prod": Case(lambda o, x: o.segment_prod(x, SEGMENTS, num_segments=4),
                         In((5, 2), away_from=(0,))),
    "segment_sum_sorted": Case(        # Keras on JAX requires num_segments; kerasedu infers it
        lambda o, x: o.segment_sum(x, np.array([0, 0, 1, 3]), sorted=True), (4,), keras=False),
    "cdist": Case(lambda o, a, b: o.cdist(a, b), (3, 2), (4, 2)),
    "cdist_batched": Case(lambda o, a, b: o.cdist(a, b), (2, 3, 2), (2, 4, 2)),
    "norm_vector": Case(lambda o, x: o.norm(x, axis=-1), (3, 4)),
    "norm_vector_l1": Case(lambda o, x: o.norm(x, ord=1, axis=0), In((3, 4), away_from=(0,))),
    "norm_vector_inf": Case(lambda o, x: o.norm(x, ord=np.inf, axis=1), distinct((3, 4))),
    "norm_vector_3": Case(lambda o, x: o.norm(x, ord=3, axis=1), In((3, 4), away_from=(0,))),
    "norm_frobenius": Case(lambda o, x: o.norm(x, ord="fro", axis=(0, 1), keepdims=True),
                           (3, 4)),
    "norm_nuclear": Case(lambda o, x: o.norm(x, ord="nuc", axis=(1, 2)), (2, 3, 3),
                         rtol=1e-4, keras_rtol=1e-4),
    "norm_matrix_1": Case(lambda o, x: o.norm(x, ord=1, axis=(0, 1)), distinct((3, 3))),
    "norm_matrix_2": Case(lambda o, x: o.norm(x, ord=2, axis=(0, 1)), (3, 3), rtol=1e-4),
    "norm_flat": Case(lambda o, x: o.norm(x), (2, 3, 2)),
    "normalize": Case(lambda o, x: o.normalize(x, axis=1), (3, 4)),
    "normalize_l1": Case(lambda o, x: o.normalize(x, order=1, axis=0),
                         In((3, 4), away_from=(0,))),
}
