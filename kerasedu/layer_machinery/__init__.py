"""The layer machinery: what every layer is built on, as Keras 3's ``keras.layers.Layer``.

Read in this order:

* :mod:`.layer`: ``Layer``, its life cycle (``__init__``, ``build``, ``call``,
  ``compute_output_shape``), eager and symbolic calls, configuration;
* :mod:`.layer_state`: what a layer owns, its weights (``add_weight``), sublayers and losses;
* :mod:`.keras_tensor`, :mod:`.node`, :mod:`.input_layer`: symbolic tensors, the Node each
  symbolic call records, and ``Input``, where a graph starts; :mod:`.graph` walks the graph
  between inputs and outputs;
* :mod:`.input_spec`, :mod:`.shapes`, :mod:`.shape_inference`: what a layer accepts, shapes and
  structures of shapes, output shapes without data;
* :mod:`.operation_layer`, :mod:`.keras_operations`, :mod:`.op_recording`: ops and Python
  operators on KerasTensors (``ops.cast(mask, "float32")``, ``2 * x + 1``) as operations of
  the graph, under Keras 3's names;
* :mod:`.masking`: masks, carried from layer to layer, eagerly and in the graph;
* :mod:`.nest`, :mod:`.call_context`: nested structures of tensors, and the training flag
  passed from a model to the layers it calls.

Models (:mod:`kerasedu.models`) and the training loop (:mod:`kerasedu.trainers`) are built on
this floor, which knows nothing of them.
"""

from .input_layer import Input, InputLayer
from .input_spec import InputSpec
from .keras_tensor import KerasTensor, is_keras_tensor
from .layer import Layer
from .node import Node
from . import computed_mask, op_recording  # noqa: F401 (computed_mask: masks' stand-in)

op_recording.install()   # ops and operators on KerasTensors record operations of the graph

__all__ = ["Input", "InputLayer", "InputSpec", "KerasTensor", "Layer", "Node", "is_keras_tensor"]
