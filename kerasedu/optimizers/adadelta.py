"""Adadelta: steps sized by the ratio of recent update sizes to recent gradient sizes.

With decay ρ, learning rate η and gradient g, rms(x) = √(x + ε):

    a_g ← ρ·a_g + (1 − ρ)·g²
    Δ = −rms(a_Δ)·g / rms(a_g)
    a_Δ ← ρ·a_Δ + (1 − ρ)·Δ²
    w ← w + η·Δ
"""

import numpy as np

from .optimizer import Optimizer


class Adadelta(Optimizer):
    """Adadelta (Zeiler, 2012).

    Args:
        learning_rate: η, 0.001 by default (Keras 2 used 1.0).
        rho: ρ, 0.95.
        epsilon: ε, 1e-7 (None means backend epsilon, as in Keras 2).
        Other arguments as for :class:`Optimizer`.
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho = rho
        self.epsilon = 1e-7 if epsilon is None else epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulated_grads, self._accumulated_delta_vars = self.add_optimizer_variables(
            var_list, ["accumulated_grad", "accumulated_delta_var"])

    def _rms(self, x):
        return np.sqrt(x + self.epsilon)

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        lr = np.asarray(learning_rate, variable.dtype)
        rho = self.rho
        grad_average = self._accumulated_grads[index]
        delta_average = self._accumulated_delta_vars[index]
        self.assign(grad_average, rho * grad_average.value + (1 - rho) * np.square(gradient))
        delta = -(self._rms(delta_average.value) * gradient) / self._rms(grad_average.value)
        self.assign(delta_average, rho * delta_average.value + (1 - rho) * np.square(delta))
        self.assign_add(variable, lr * delta)

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}
