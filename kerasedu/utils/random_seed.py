"""One seed for every random number kerasedu draws.

``set_random_seed(seed)`` seeds, in one call:

* Python's ``random`` module,
* numpy's global generator (``np.random.seed``, used by ``np.random.rand`` and friends),
* kerasedu's global generator (``kerasedu.backend.ops.random.set_seed``), which initializers
  and layers such as Dropout draw their own seeds from when they are created.

So the same script run twice after the same ``set_random_seed`` builds the same weights and
draws the same dropout masks. Seeds fixed on a layer itself (``Dropout(0.5, seed=3)``) do not
depend on it.
"""

import numbers
import random

import numpy as np

from ..backend.ops import random as backend_random

_LAST_SEED = [None]


def set_random_seed(seed):
    """Seed Python's ``random``, numpy's global generator and kerasedu's global generator."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError(
            f"Expected `seed` argument to be an integer. Received: seed={seed!r} "
            f"(of type {type(seed)}).")
    if seed < 0:
        raise ValueError(
            f"Expected `seed` argument to be a non-negative integer. Received: seed={seed}.")
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    backend_random.set_seed(seed)
    _LAST_SEED[0] = seed


def get_random_seed():
    """The seed last given to ``set_random_seed``, or None if it was never called."""
    return _LAST_SEED[0]
