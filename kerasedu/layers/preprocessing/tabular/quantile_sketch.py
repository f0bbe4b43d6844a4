"""The approximate quantiles that ``Discretization.adapt`` learns bin boundaries from.

A summary of data is two rows: sorted values, and the weight (how many data points) each
stands for. A batch is summarized by every ``step``-th sorted value, ``step = max(n * epsilon,
1)``, each of weight ``step``, so a summary holds about ``1 / epsilon`` values. Summaries of
batches merge by sorting their columns together, then compressing: the compressed summary
keeps the values at the cumulative-weight fractions ``epsilon, 2 epsilon, ..., 1``, found by
linear interpolation. The bin boundaries for ``num_bins`` bins are the summary compressed to
fractions ``1/num_bins, 2/num_bins, ...``, without the last (the maximum).
"""

import numpy as np


def empty_summary():
    return np.zeros((2, 0), dtype="float32")


def summarize(values, epsilon):
    """The (2, k) summary of ``values`` (any shape; flattened)."""
    values = np.sort(np.reshape(values, -1))
    step = max(values.size * epsilon, 1)
    kept = values[int(step - 1)::int(step)]
    return np.stack([kept, np.full(kept.shape, step, dtype=kept.dtype)])


def merge(first, second, epsilon):
    """One summary of the data both summaries stand for."""
    merged = np.concatenate((first, second), axis=1)
    return compress(merged[:, np.argsort(merged[0])], epsilon)


def compress(summary, epsilon):
    """The summary at cumulative-weight fractions epsilon, 2 epsilon, ..., 1 (unchanged when it
    holds fewer than 1 / epsilon values)."""
    if summary.shape[1] * epsilon < 1:
        return summary
    fractions = epsilon + np.arange(0.0, 1.0, epsilon)
    cumulative = summary[1].cumsum()
    cumulative_fraction = cumulative / cumulative[-1]
    values = np.interp(fractions, cumulative_fraction, summary[0])
    cumulative = np.interp(fractions, cumulative_fraction, cumulative)
    weights = np.diff(cumulative, prepend=0.0)
    return np.stack((values, weights)).astype("float32")


def bin_boundaries(summary, num_bins):
    """The ``num_bins - 1`` inner boundaries of equal-weight bins."""
    return compress(summary, 1.0 / num_bins)[0, :-1]
