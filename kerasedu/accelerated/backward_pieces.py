"""What the loops through time (:mod:`.through_time`) share on their way backward.

* ``output_gradient``: the gradient arriving at a step from the layer's output, which is every
  step's output or the last step's alone;
* ``add_rows``: a thread's share of the initial state's gradient, added back into the whole;
* :func:`padding_factors`: the backward twins compute, for all steps at once, what multiplies
  the gradient arriving at a step, so that their loop through time does only the products
  with it; padding steps pass that gradient on unchanged.
"""

import numpy as np

from ..backend.kernels.registry import kernel


@kernel
def output_gradient(dout, t, steps, zeros):
    """dL/d(output at step t), (N, u): dout[t], or, when ``dout`` holds the last step's alone,
    dout[0] at the last step and ``zeros`` (an (N, u) array of zeros) before it."""
    if dout.shape[0] == steps:
        return dout[t]
    return dout[0] if t == steps - 1 else zeros


@output_gradient.numpy_twin
def _(dout, t, steps, zeros):
    if dout.shape[0] == steps:
        return dout[t]
    return dout[0] if t == steps - 1 else zeros


@kernel
def add_rows(total, part, first):
    """total[first + i] += part[i] for every row i of ``part`` (the samples a thread ran)."""
    for i in range(part.shape[0]):
        for j in range(part.shape[1]):
            total[first + i, j] += part[i, j]


@add_rows.numpy_twin
def _(total, part, first):
    total[first:first + part.shape[0]] += part


def padding_factors(real, through_step, kept_by_step):
    """The backward twins compute, for all steps at once, what multiplies a step's incoming
    gradient: ``through_step`` on real steps (0 on padding), and ``kept_by_step`` for the part
    passed on to the step before (1 on padding, which passes the gradient on unchanged)."""
    return (np.where(real, through_step, 0).astype(through_step.dtype),
            np.where(real, kept_by_step, 1).astype(through_step.dtype))


@add_rows.examples
def _():
    rng = np.random.default_rng(21)
    return [(rng.normal(size=(6, 4)).astype(dt), rng.normal(size=(3, 4)).astype(dt), 2)
            for dt in (np.float32, np.float64)]


@output_gradient.examples
def _():
    rng = np.random.default_rng(16)
    return [(rng.normal(size=(steps, 2, 3)).astype(dtype), t, 3, np.zeros((2, 3), dtype))
            for dtype in (np.float32, np.float64) for steps in (1, 3) for t in (0, 2)]
