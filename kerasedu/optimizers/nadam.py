"""Nadam: Adam with Nesterov momentum and a momentum schedule (Dozat, 2016).

With β₁, β₂, learning rate η, gradient g and t = iterations + 1, the momentum schedule is
μ_t = β₁·(1 − ½·0.96ᵗ), and Π_t = μ_1·μ_2·…·μ_t is kept in a state variable:

    m ← m + (g − m)·(1 − β₁)
    v ← v + (g² − v)·(1 − β₂)
    m̂ = μ_{t+1}·m / (1 − Π_t·μ_{t+1}) + (1 − μ_t)·g / (1 − Π_t)
    v̂ = v / (1 − β₂ᵗ)
    w ← w − η·m̂ / (√v̂ + ε)
"""

import numpy as np

from ..backend.config import floatx
from .optimizer import Optimizer


class Nadam(Optimizer):
    """Nadam.

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
        dtype = var_list[0].dtype if var_list else floatx()
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])
        self._u_product = self.add_variable((), initializer=1.0, dtype=dtype, name="u_product")

    def _momentum_schedule(self, step, dtype):
        return dtype(self.beta_1) * (1.0 - 0.5 * np.power(dtype(0.96), dtype(step)))

    def _update_steps(self, grads, variables, learning_rate):
        dtype = self._u_product.dtype.type
        step = self.iterations.value + 1
        self.assign(self._u_product,
                    self._u_product.value * self._momentum_schedule(step, dtype))
        super()._update_steps(grads, variables, learning_rate)

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        dtype = variable.dtype.type
        lr = dtype(learning_rate)
        step = self.iterations.value + 1
        u_t = self._momentum_schedule(step, dtype)
        u_next = self._momentum_schedule(step + 1, dtype)
        u_product = dtype(self._u_product.value)
        u_product_next = u_product * u_next
        beta_2_power = np.power(dtype(self.beta_2), dtype(step))
        m, v = self._momentums[index], self._velocities[index]
        self.assign_moving_average(m, gradient, 1 - dtype(self.beta_1))
        self.assign_moving_average(v, np.square(gradient), 1 - dtype(self.beta_2))
        m_hat = u_next * m.value / (1 - u_product_next) + (1 - u_t) * gradient / (1 - u_product)
        v_hat = v.value / (1 - beta_2_power)
        self.assign_sub(variable, m_hat * lr / (np.sqrt(v_hat) + self.epsilon))

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}
