"""kerasedu: a small Keras written in numpy and accelerated with numba, for learning.

    import kerasedu as keras
    from kerasedu import layers, Sequential, Model, Input
    from kerasedu import backend as K      # Keras 2 backend names: K.dot, K.sum, ...
    from kerasedu import ops               # Keras 3 names: ops.matmul, ops.softmax, ...

The package is built in floors, from the ground up; a module imports only its own floor and
the floors below it, never one above, not even inside a function (tests/test_layout.py holds
the list and checks it):

1. the teaching floor: ``backend`` (Tensor, the tape, the differentiable ops; ``ops`` names
   them as Keras 3 does);
2. the speed floor, ``accelerated``: faster implementations that plug into the teaching floor
   (only this file imports it, and kerasedu is complete without it);
3. what layers are made of: ``activations``, ``initializers``, ``regularizers``,
   ``constraints``, ``serialization`` (objects to dicts and back), ``naming``;
4. the layer machinery, ``layer_machinery``: Layer, KerasTensor, Input, InputLayer, InputSpec,
   Node, shape inference;
5. the layers, ``layers``: one module per family, named as in Keras 2;
6. what training is made of: ``losses``, ``metrics``, ``optimizers``, ``callbacks``, ``saving``,
   ``utils``, ``datasets``, ``preprocessing``;
7. the training loop, ``trainers``: compile, fit, evaluate, predict;
8. the models, ``models``: Model, Functional, Sequential, cloning, summary;
9. built on the models: ``engine`` (Keras 2's import paths), ``grading`` (the checks of the
   problem sets), and this package face.

Where a lower floor needs something from above (deserializing a model inside a config, say),
the higher floor registers it below: ``kerasedu.models`` adds its classes to the names
``kerasedu.layers.deserialize`` knows.
"""

import importlib

from .version import __version__
from . import activations, backend, constraints, initializers, ops, random, regularizers
from .layer_machinery import Input, InputLayer, InputSpec, KerasTensor, Layer
from . import layers
from .models import Model, Sequential
from . import models
from . import callbacks, datasets, losses, metrics, optimizers, preprocessing, utils
from . import engine
from .backend.tensor import Variable
from .losses import Loss
from .metrics import Metric
from .optimizers import Optimizer

try:  # the speed floor registers faster implementations of backend ops; it is optional
    importlib.import_module(f"{__name__}.accelerated")
except ModuleNotFoundError as error:
    if error.name != f"{__name__}.accelerated":
        raise
