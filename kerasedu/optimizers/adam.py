"""Adam: momentum on the gradient and on its square, with bias correction.

With β₁, β₂, learning rate η, gradient g and t = iterations + 1:

    m ← m + (g − m)·(1 − β₁)                 (running mean of g)
    v ← v + (g² − v)·(1 − β₂)                (running mean of g²)
    amsgrad:  v̂ ← max(v̂, v), and v̂ replaces v below
    α = η·√(1 − β₂ᵗ) / (1 − β₁ᵗ)             (bias correction of both averages)
    w ← w − α·m / (√v + ε)
"""

import numpy as np

from ..backend import faster
from .optimizer import Optimizer


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2014).

    Args:
        learning_rate: η, 0.001 by default.
        beta_1: β₁, 0.9.   beta_2: β₂, 0.999.
        epsilon: ε, 1e-7 (None means backend epsilon, as in Keras 2).
        amsgrad: keep the maximum of past v (Reddi et al., 2018).
        Other arguments as for :class:`Optimizer`.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = 1e-7 if epsilon is None else epsilon
        self.amsgrad = amsgrad
        self._coefficients_key = None   # (step, learning rate, dtype) of the cached coefficients

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])
        self._velocity_hats = (self.add_optimizer_variables(var_list, "velocity_hat")
                               if self.amsgrad else [])

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        dtype = variable.dtype.type
        m, v = self._momentums[index], self._velocities[index]
        one_pass = faster.implementation("adam_update")
        if one_pass is not None and not self.amsgrad:
            # The formulas above (without amsgrad's line) in one pass over the weight.
            one_pass(variable, m, v, gradient, self._coefficients(learning_rate, dtype))
            return
        alpha = self._coefficients(learning_rate, dtype)[2]
        self.assign_moving_average(m, gradient, 1 - self.beta_1)
        self.assign_moving_average(v, np.square(gradient), 1 - self.beta_2)
        v_used = v
        if self.amsgrad:
            v_used = self._velocity_hats[index]
            self.assign(v_used, np.maximum(v_used.value, v.value))
        self.assign_sub(variable, m.value * alpha / (np.sqrt(v_used.value) + self.epsilon))

    def _coefficients(self, learning_rate, dtype):
        """[1 − β₁, 1 − β₂, α, ε] in ``dtype``, with α = η·√(1 − β₂ᵗ) / (1 − β₁ᵗ), worked out
        once per step and dtype."""
        step = self.iterations.value + 1
        key = (int(step), float(learning_rate), dtype)
        if self._coefficients_key != key:
            t = dtype(step)
            beta_1_power = np.power(dtype(self.beta_1), t)
            beta_2_power = np.power(dtype(self.beta_2), t)
            alpha = dtype(learning_rate) * np.sqrt(1 - beta_2_power) / (1 - beta_1_power)
            self._coefficients_key = key
            self._coefficients_value = np.array(
                [1 - self.beta_1, 1 - self.beta_2, alpha, self.epsilon], dtype)
        return self._coefficients_value

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon, "amsgrad": self.amsgrad}
