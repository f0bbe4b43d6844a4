"""Stochastic gradient descent, with optional (Nesterov) momentum.

With learning rate η, momentum μ and gradient g:

    μ = 0:       w ← w − η·g
    momentum:    m ← μ·m − η·g;   w ← w + m
    Nesterov:    m ← μ·m − η·g;   w ← w + μ·m − η·g     (looks one step ahead)
"""

import numpy as np

from .optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent (with momentum when ``momentum`` > 0).

    Args:
        learning_rate: η, 0.01 by default.
        momentum: μ in [0, 1], 0.0 by default (no velocity slot is created then).
        nesterov: use Nesterov momentum.
        Other arguments as for :class:`Optimizer`.
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        if isinstance(momentum, bool) or not 0 <= momentum <= 1:
            raise ValueError(f"`momentum` must be a float between [0, 1]. Received: "
                             f"momentum={momentum!r}")
        self.momentum = float(momentum)
        self.nesterov = nesterov

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self.momentums = (self.add_optimizer_variables(var_list, "momentum")
                          if self.momentum != 0 else [])

    def update_step(self, gradient, variable, learning_rate):
        lr = np.asarray(learning_rate, variable.dtype)
        if self.momentum == 0:
            self.assign_sub(variable, gradient * lr)
            return
        m = self.momentums[self._get_variable_index(variable)]
        momentum = variable.dtype.type(self.momentum)
        self.assign(m, m.value * momentum - gradient * lr)
        if self.nesterov:
            self.assign_add(variable, m.value * momentum - gradient * lr)
        else:
            self.assign_add(variable, m.value)

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
