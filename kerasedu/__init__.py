"""kerasedu: a small Keras written in numpy and accelerated with numba, for learning.

    import kerasedu as keras
    from kerasedu import layers, Sequential, Model, Input
    from kerasedu import backend as K      # Keras 2 backend names: K.dot, K.sum, ...
    from kerasedu import ops               # Keras 3 names: ops.matmul, ops.softmax, ...

The package is built in floors; each imports only the ones below it:
backend (Tensor, tape, ops, numba kernels) -> activations, initializers, regularizers,
constraints -> engine (Layer, Model) -> layers -> losses, metrics, optimizers, callbacks,
saving, utils, datasets.
"""

from .version import __version__
from . import activations, backend, constraints, initializers, ops, regularizers
from .layer_machinery import Input, InputLayer, InputSpec, KerasTensor, Layer
from .models import Model, Sequential
from . import engine
from . import layers, models
from . import callbacks, datasets, losses, metrics, optimizers, preprocessing, utils
