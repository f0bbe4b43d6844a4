"""Adam's update of one weight in a single pass over its elements.

With β₁, β₂, step size α (bias correction included) and ε, for every element:

    m' = m + (g − m)·(1 − β₁)
    v' = v + (g² − v)·(1 − β₂)
    w' = w − α·m' / (√v' + ε)

Written as numpy expressions (as :class:`kerasedu.optimizers.Adam` writes them) this is a
dozen passes over the weight, each allocating a temporary, and for the small weights of a small
network the passes cost more than the arithmetic; one loop does it all, and
:func:`adam_update` takes the optimizer's place for it (registered as "adam_update"). The new values go into fresh arrays (``w_out``, ``m_out``,
``v_out``), so arrays read from the old values earlier keep them. All arrays are flat and share
one dtype; ``coefficients`` is [1 − β₁, 1 − β₂, α, ε] in that dtype.
"""

import numpy as np

from ..backend.kernels.registry import kernel


@kernel(error_model="numpy")
def adam_step(w_out, m_out, v_out, w, m, v, g, coefficients):
    """w_out, m_out, v_out = w', m', v' as in the module docstring (written in place)."""
    one_minus_beta_1, one_minus_beta_2 = coefficients[0], coefficients[1]
    alpha, epsilon = coefficients[2], coefficients[3]
    for e in range(w.shape[0]):
        m_new = m[e] + (g[e] - m[e]) * one_minus_beta_1
        v_new = v[e] + (g[e] * g[e] - v[e]) * one_minus_beta_2
        m_out[e] = m_new
        v_out[e] = v_new
        w_out[e] = w[e] - m_new * alpha / (np.sqrt(v_new) + epsilon)


@adam_step.numpy_twin
def _(w_out, m_out, v_out, w, m, v, g, coefficients):
    one_minus_beta_1, one_minus_beta_2, alpha, epsilon = coefficients
    m_out[...] = m + (g - m) * one_minus_beta_1
    v_out[...] = v + (np.square(g) - v) * one_minus_beta_2
    w_out[...] = w - m_out * alpha / (np.sqrt(v_out) + epsilon)


@adam_step.examples
def _():
    return [tuple(np.zeros(3, dt) for _ in range(3))
            + (np.ones(3, dt), np.full(3, 0.5, dt), np.full(3, 0.25, dt), np.arange(3, dtype=dt),
               np.array([0.1, 0.001, 0.01, 1e-7], dt))
            for dt in (np.float32, np.float64)]


def adam_update(variable, momentum, velocity, gradient, coefficients):
    """Adam's update of ``variable`` and its two moments in one pass: the new values replace
    the old arrays (arrays read from the old values earlier keep them)."""
    new_values = np.empty((3, variable.value.size), variable.value.dtype)
    adam_step(*new_values, variable.value.reshape(-1), momentum.value.reshape(-1),
              velocity.value.reshape(-1), np.ravel(gradient), coefficients)
    for target, value in zip((variable, momentum, velocity), new_values):
        target._replace(value.reshape(variable.value.shape))
