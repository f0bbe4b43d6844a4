"""Utilities, as in ``keras.utils``.

* data: ``to_categorical``, ``normalize``, ``pad_sequences``, ``Sequence`` / ``PyDataset``,
  ``get_file`` (download once into a local cache);
* reproducibility: ``set_random_seed``;
* display: ``Progbar`` (the bar ``fit`` prints), ``plot_model`` (the layer graph),
  ``plot_history`` (learning curves);
* saving custom objects: ``register_keras_serializable``, ``custom_object_scope``,
  ``get_custom_objects``.

Keras 2 paths work too: ``from kerasedu.utils import np_utils; np_utils.to_categorical(...)``.
matplotlib is imported only when something is plotted.
"""

from ..datasets.download import get_file
from ..preprocessing.sequence import pad_sequences
from ..serialization import (custom_object_scope, deserialize_keras_object, get_custom_objects,
                             get_registered_name, get_registered_object,
                             register_keras_serializable, serialize_keras_object)
from . import np_utils
from .numerical_utils import normalize, to_categorical
from .plot_history import plot_history
from .model_visualization import model_graph, plot_model
from .progbar import Progbar
from .random_seed import get_random_seed, set_random_seed
from .sequence import PyDataset, Sequence

__all__ = [
    "Progbar", "PyDataset", "Sequence", "custom_object_scope", "deserialize_keras_object",
    "get_custom_objects", "get_file", "get_random_seed", "get_registered_name",
    "get_registered_object", "model_graph", "normalize", "np_utils", "pad_sequences",
    "plot_history", "plot_model", "register_keras_serializable", "serialize_keras_object",
    "set_random_seed", "to_categorical",
]
