"""kerasedu: a small Keras written in numpy and accelerated with numba, for learning.

    import kerasedu as keras
    from kerasedu import layers, Sequential, Model, Input
    from kerasedu import backend as K      # Keras 2 backend names: K.dot, K.sum, ...
    from kerasedu import ops               # Keras 3 names: ops.matmul, ops.softmax, ...

The package is built in floors; each imports only the ones below it:
backend (Tensor, tape, ops, numba kernels: the teaching floor) -> activations, initializers,
regularizers, constraints -> engine (Layer, Model) -> layers -> losses, metrics, optimizers,
callbacks, saving, utils, datasets. The speed floor, ``kerasedu.accelerated``, plugs faster
implementations into the teaching floor; only this file imports it, so that kerasedu stays
complete without it.
"""

import importlib

from . import activations, backend, constraints, initializers, ops, regularizers
from .engine import Input, InputLayer, InputSpec, KerasTensor, Layer, Model, Sequential
from . import layers, models
from . import callbacks, datasets, losses, metrics, optimizers, preprocessing, utils

try:  # the speed floor registers faster implementations of backend ops; it is optional
    importlib.import_module(f"{__name__}.accelerated")
except ModuleNotFoundError as error:
    if error.name != f"{__name__}.accelerated":
        raise

__version__ = "0.1.0"
