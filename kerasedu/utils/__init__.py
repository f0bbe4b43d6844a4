"""Utilities, as in ``keras.utils``.

* data: ``to_categorical``, ``normalize``, ``pad_sequences``, ``Sequence`` / ``PyDataset``,
  ``get_file`` (download once into a local cache), ``pack_x_y_sample_weight`` and
  ``unpack_x_y_sample_weight`` (a batch as ``train_step`` receives it);
* reproducibility: ``set_random_seed``, ``clear_session`` (layer names start again from
  ``dense``);
* object detection: ``bounding_boxes`` (box formats, conversion, IoU);
* display: ``Progbar`` (the bar ``fit`` prints), ``plot_model`` (the layer graph),
  ``plot_history`` (learning curves);
* saving custom objects: ``register_keras_serializable``, ``custom_object_scope``,
  ``get_custom_objects``.

Keras 2's modules work too: ``np_utils`` (``to_categorical``), ``generic_utils``
(``get_custom_objects``, ``CustomObjectScope``, ``Progbar``), ``data_utils`` (``Sequence``,
``get_file``) and ``vis_utils`` (``plot_model``). matplotlib is imported only when something is
plotted.
"""

from ..backend.config import clear_session
from ..datasets.download import get_file
from ..preprocessing.sequence import pad_sequences
from ..serialization import (CustomObjectScope, custom_object_scope, deserialize_keras_object,
                             get_custom_objects, get_registered_name, get_registered_object,
                             register_keras_serializable, serialize_keras_object)
from . import bounding_boxes, data_utils, generic_utils, np_utils, vis_utils
from .data_packing import pack_x_y_sample_weight, unpack_x_y_sample_weight
from .model_visualization import model_graph, plot_model
from .numerical_utils import normalize, to_categorical
from .plot_history import plot_history
from .progbar import Progbar
from .random_seed import get_random_seed, set_random_seed
from .sequence import PyDataset, Sequence

__all__ = [
    "CustomObjectScope", "Progbar", "PyDataset", "Sequence", "bounding_boxes", "clear_session",
    "custom_object_scope",
    "data_utils", "deserialize_keras_object", "generic_utils",
    "get_custom_objects", "get_file", "get_random_seed", "get_registered_name",
    "get_registered_object", "model_graph", "normalize", "np_utils", "pack_x_y_sample_weight", "pad_sequences",
    "plot_history", "plot_model", "register_keras_serializable", "serialize_keras_object",
    "set_random_seed", "to_categorical", "unpack_x_y_sample_weight", "vis_utils",
]
