"""Sequential: a plain stack of layers, each with one input and one output.

Its graph is built as soon as the input shape is known (an ``Input`` added first, or
``input_shape=`` on the first layer), so ``summary()`` and ``layer.output`` work before any data
is seen. Otherwise it is built on the first call, from the shape of the data.
"""

from ..layer_machinery.call_context import name_scope
from ..layer_machinery.input_layer import Input, InputLayer
from ..layer_machinery.keras_tensor import KerasTensor
from ..layer_machinery.layer import Layer
from ..layers.serialization import deserialize
from ..serialization import serialize_keras_object
from .model import Model


class Sequential(Model):
    """``Sequential([layer, layer, ...])``, or empty followed by ``add(layer)`` calls."""

    def __init__(self, layers=None, trainable=True, name=None):
        super().__init__(trainable=trainable, name=name)
        self._input_layer = None
        self._graph = None        # [input tensor, output of layer 1, output of layer 2, ...]
        for layer in layers or []:
            self.add(layer)

    @property
    def layers(self):
        return [layer for layer in self._layers if not isinstance(layer, InputLayer)]

    def add(self, layer):
        """Append ``layer`` (or an ``Input(...)`` tensor, as the first element)."""
        if isinstance(layer, KerasTensor) and isinstance(layer._keras_history[0], InputLayer):
            layer = layer._keras_history[0]
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Only instances of `kerasedu.layers.Layer` can be added to a Sequential model. "
                f"Received: {layer!r} (of type {type(layer).__name__}).")
        if isinstance(layer, InputLayer):
            if self._input_layer is not None or self.layers:
                raise ValueError(
                    "An Input can only be the first element of a Sequential model; this model "
                    "already has layers or an input.")
            self._input_layer = layer
            self._graph = [layer.output]
            return
        if any(existing.name == layer.name for existing in self._layers):
            raise ValueError(
                f"All layers added to a Sequential model should have unique names. Name "
                f"\"{layer.name}\" is already the name of a layer in this model. Update the "
                f"`name` argument to pass a unique name.")
        if self._graph is None and not self.layers and layer._batch_input_shape is not None:
            self._input_layer = InputLayer(batch_shape=layer._batch_input_shape)
            self._graph = [self._input_layer.output]
        if self._graph is not None:
            with name_scope(self):
                self._graph.append(layer(self._graph[-1]))
            self.built = True
        self._track_layer(layer)

    def pop(self):
        """Remove the last layer."""
        layers = self.layers
        if not layers:
            raise TypeError("There are no layers in the model.")
        last = layers[-1]
        self._layers.remove(last)
        if self._graph is not None and len(self._graph) > 1:
            output = self._graph.pop()
            node = last._inbound_nodes[output._keras_history[1]]
            if last._inbound_nodes and last._inbound_nodes[-1] is node:
                last._inbound_nodes.pop()
        return last

    def build(self, input_shape=None):
        """Build the graph for inputs of ``input_shape`` (batch axis included)."""
        if self._graph is not None and len(self._graph) == len(self.layers) + 1:
            return
        if input_shape is None:
            raise ValueError(
                f"Sequential model '{self.name}' cannot be built without knowing its input "
                f"shape. Add an Input first, pass input_shape= to the first layer, or call "
                f"the model on data.")
        graph = [Input(batch_shape=tuple(input_shape))]
        for layer in self.layers:
            graph.append(layer(graph[-1]))
        self._input_layer = graph[0]._keras_history[0]
        self._graph = graph
        self.built = True

    @property
    def inputs(self):
        return [self._graph[0]] if self._graph else None

    @property
    def outputs(self):
        return [self._graph[-1]] if self._graph and len(self._graph) > 1 else None

    @property
    def input(self):
        if not self._graph:
            raise AttributeError(f"Sequential model '{self.name}' has no input yet.")
        return self._graph[0]

    @property
    def output(self):
        if not self.outputs:
            raise AttributeError(f"Sequential model '{self.name}' has no output yet.")
        return self._graph[-1]

    @property
    def input_shape(self):
        return self.input.shape

    @property
    def output_shape(self):
        return self.output.shape

    def _maybe_build(self, input_shapes, shapes_by_name=None):
        if isinstance(input_shapes, dict):  # a dict of data (images, boxes): run layer by layer
            self.built = True
            return
        if not self.built or self._graph is None or len(self._graph) != len(self.layers) + 1:
            self._graph = None
            self.build(input_shapes)
        self.built = True

    def call(self, inputs, training=None, mask=None):
        for layer in self.layers:
            inputs = layer(inputs)
        return inputs

    def compute_output_shape(self, input_shape):
        shape = tuple(input_shape)
        for layer in self.layers:
            shape = layer.symbolic_output_shapes(KerasTensor(shape), {})
            shape = shape[0] if isinstance(shape, list) else shape
        return shape

    def get_config(self):
        layers = []
        if self._input_layer is not None:
            layers.append(serialize_keras_object(self._input_layer))
        layers += [serialize_keras_object(layer) for layer in self.layers]
        return {"name": self.name, "trainable": self.trainable, "layers": layers}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for layer_config in config["layers"]:
            model.add(deserialize(layer_config, custom_objects=custom_objects))
        return model
