"""RMSprop: divide each step by a running root-mean-square of recent gradients.

With decay ρ, learning rate η and gradient g:

    v ← ρ·v + (1 − ρ)·g²
    centered:  a ← ρ·a + (1 − ρ)·g;   d = v − a² + ε       (an estimate of the variance)
    otherwise: d = v + ε
    Δ = η·g / √d
    momentum μ > 0:  m ← μ·m + Δ;  w ← w − m       otherwise  w ← w − Δ
"""

import numpy as np

from .optimizer import Optimizer


class RMSprop(Optimizer):
    """RMSprop (Hinton's lecture 6e).

    Args:
        learning_rate: η, 0.001 by default.
        rho: ρ, the decay of the squared-gradient average, 0.9.
        momentum: μ, 0.0.
        epsilon: ε, 1e-7 (None means backend epsilon, as in Keras 2).
        centered: subtract the squared mean gradient (normalize by the variance).
        Other arguments as for :class:`Optimizer`.
    """

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
                 centered=False, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = 1e-7 if epsilon is None else epsilon
        self.centered = centered

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        self._momentums = (self.add_optimizer_variables(var_list, "momentum")
                           if self.momentum > 0 else [])
        self._average_gradients = (self.add_optimizer_variables(var_list, "average_gradient")
                                   if self.centered else [])

    def update_step(self, gradient, variable, learning_rate):
        index = self._get_variable_index(variable)
        lr = np.asarray(learning_rate, variable.dtype)
        rho = self.rho
        velocity = self._velocities[index]
        self.assign(velocity, rho * velocity.value + (1 - rho) * np.square(gradient))
        if self.centered:
            average = self._average_gradients[index]
            self.assign(average, rho * average.value + (1 - rho) * gradient)
            denominator = velocity.value - np.square(average.value) + self.epsilon
        else:
            denominator = velocity.value + self.epsilon
        increment = lr * gradient / np.sqrt(denominator)
        if self.momentum > 0:
            momentum = self._momentums[index]
            self.assign(momentum, self.momentum * momentum.value + increment)
            self.assign_sub(variable, momentum.value)
        else:
            self.assign_sub(variable, increment)

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum,
                "epsilon": self.epsilon, "centered": self.centered}
