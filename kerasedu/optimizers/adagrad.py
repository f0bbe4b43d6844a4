"""Adagrad: per-entry learning rates that shrink with the gradients seen so far.

With learning rate η and gradient g (the accumulator starts at ``initial_accumulator_value``):

    a ← a + g²
    w ← w − η·g / √(a + ε)

Entries with large past gradients take small steps; rarely updated entries keep larger ones.
"""

import numpy as np

from .optimizer import Optimizer


class Adagrad(Optimizer):
    """Adagrad (Duchi et al., 2011).

    Args:
        learning_rate: η, 0.001 by default.
        initial_accumulator_value: starting value of a, 0.1.
        epsilon: ε, 1e-7 (None means backend epsilon, as in Keras 2).
        Other arguments as for :class:`Optimizer`.
    """

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = 1e-7 if epsilon is None else epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulators = self.add_optimizer_variables(
            var_list, "accumulator", initializer=float(self.initial_accumulator_value))

    def update_step(self, gradient, variable, learning_rate):
        lr = np.asarray(learning_rate, variable.dtype)
        accumulator = self._accumulators[self._get_variable_index(variable)]
        self.assign_add(accumulator, np.square(gradient))
        self.assign_sub(variable, lr * gradient / np.sqrt(accumulator.value + self.epsilon))

    def get_config(self):
        return {**super().get_config(),
                "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon}
