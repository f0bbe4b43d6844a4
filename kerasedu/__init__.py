"""kerasedu: a small Keras written in numpy and accelerated with numba, for learning.

    import kerasedu as keras
    from kerasedu import backend as K      # Keras 2 backend names: K.dot, K.sum, ...
    from kerasedu import ops               # Keras 3 names: ops.matmul, ops.softmax, ...
"""

from . import backend, ops

__version__ = "0.1.0"
