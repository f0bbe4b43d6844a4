"""Adamax: Adam with the infinity norm in place of the squared-gradient average.

With β₁, β₂, learning rate η, gradient g and t = iterations + 1:

    m ← m + (g − m)·(1 − β₁)
    u ← max(β₂·u, |g|)
    w ← w − η·m / ((1 − β₁ᵗ)·(u + ε))
"""

import numpy as np

from .optimizer import Optimizer


class Adamax(Optimizer):
    """Adamax (Kingma & Ba, 2014, section 7).

    Args:
        learning_rate: η, 0.001 by default.
        beta_1: β₁, 0.9.   beta_2: β₂, 0.999.
        epsilon: ε, 1e-7 (None means backend epsilon, as in Keras 2).
        Other arguments as for :class:`Optimizer`.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = 1e-7 if epsilon is None else epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._m, self._u = self.add_optimizer_variables(var_list, ["momentum", "norm"])

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        dtype = variable.dtype.type
        lr = dtype(learning_rate)
        beta_1_power = np.power(dtype(self.beta_1), dtype(self.iterations.value + 1))
        m, u = self._m[index], self._u[index]
        self.assign_moving_average(m, gradient, 1 - self.beta_1)
        self.assign(u, np.maximum(self.beta_2 * u.value, np.abs(gradient)))
        self.assign_sub(variable, lr * m.value / ((1 - beta_1_power) * (u.value + self.epsilon)))

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}
