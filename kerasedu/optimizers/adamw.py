"""AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019).

Before each Adam step every variable shrinks by the learning rate times the decay λ:

    w ← w − η·λ·w,   then the Adam update of :mod:`kerasedu.optimizers.adam`.

Unlike an L2 penalty in the loss, the decay does not pass through Adam's normalization.
"""

from .adam import Adam


class AdamW(Adam):
    """Adam with decoupled weight decay; ``weight_decay`` λ = 0.004 by default.

    Other arguments as for :class:`~kerasedu.optimizers.Adam`.
    """

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-7, amsgrad=False, **kwargs):
        if weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: "
                             "weight_decay=None")
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2,
                         epsilon=epsilon, amsgrad=amsgrad, weight_decay=weight_decay, **kwargs)
