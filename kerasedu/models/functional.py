"""Functional models: the graph of layer calls between Input tensors and output tensors.

Building: starting from the outputs, follow each KerasTensor's ``_keras_history`` to the Node
that made it, and that node's inputs further back, until every path ends at an Input. Sorting
those nodes so that each comes after the nodes feeding it gives the order to run them in.

Running: give each input tensor its data, then call each node's layer (eagerly, on real
Tensors) on the values of its input tensors.
"""

from ..backend.config import unique_object_name
from ..backend.ops import cast
from ..backend.tensor import Tensor, convert_to_tensor
from ..layer_machinery import nest
from ..layer_machinery.graph import layers_by_depth, nodes_between
from ..layer_machinery.input_layer import InputLayer
from ..layer_machinery.keras_tensor import KerasTensor
from ..layer_machinery.operation_layer import OperationLayer
from ..layer_machinery.shapes import shape_leaves
from .functional_config import functional_config, functional_from_config
from .model import Model


class Functional(Model, functional=True):
    """``Model(inputs, outputs)``: runs the layer graph from ``inputs`` to ``outputs``."""

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        super().__init__(name=name or unique_object_name("functional"), trainable=trainable, **kwargs)
        self._input_structure = inputs
        # A dict of inputs: its keys, in the order of self.inputs (what a dict of data is
        # matched by); else None.
        self._input_keys = (nest.flatten({key: key for key in inputs})
                            if isinstance(inputs, dict) else None)
        self._output_structure = outputs
        self.inputs = nest.flatten(inputs)
        self.outputs = nest.flatten(outputs)
        for tensor in self.inputs + self.outputs:
            if not isinstance(tensor, KerasTensor):
                raise ValueError(
                    f"Model inputs and outputs must be symbolic tensors (made by Input and "
                    f"layer calls); received {type(tensor).__name__}: {tensor!r}.")
        for tensor in self.inputs:
            if not isinstance(tensor._keras_history[0], InputLayer):
                raise ValueError(
                    f"Model inputs must come from `Input()`; {tensor.name} was produced by "
                    f"layer '{tensor._keras_history[0].name}'.")
        self._nodes = nodes_between(self.inputs, self.outputs)
        # Every layer of the graph, operators on symbolic tensors (x * 2) included, in Keras's
        # order; ``layers`` leaves out the operators, as Keras does.
        self._operations = layers_by_depth(self.inputs, self.outputs)
        _check_unique_names(self._operations)
        for layer in self._operations:
            self._track_layer(layer)
        self.built = True
        self._build_shapes = [t.shape for t in self.inputs]
        if len(self._build_shapes) == 1:
            self._build_shapes = self._build_shapes[0]

    @property
    def layers(self):
        """The layers, level by level from the inputs (Keras's order)."""
        return [layer for layer in self._operations if not isinstance(layer, OperationLayer)]

    @property
    def input(self):
        return self.inputs[0] if len(self.inputs) == 1 else list(self.inputs)

    @property
    def output(self):
        return self.outputs[0] if len(self.outputs) == 1 else list(self.outputs)

    @property
    def input_shape(self):
        shapes = [t.shape for t in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = [t.shape for t in self.outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def input_names(self):
        return [t._keras_history[0].name for t in self.inputs]

    @property
    def output_names(self):
        return [t._keras_history[0].name for t in self.outputs]

    def call(self, inputs, training=None, mask=None):
        values = {}
        for tensor, data in zip(self.inputs, self._match_inputs(inputs)):
            data = data if isinstance(data, Tensor) else convert_to_tensor(data)
            if tensor.dtype != "string" and data.dtype != tensor.dtype:   # text stays as given
                mask_ = data._keras_mask
                data = cast(data, tensor.dtype)
                data._keras_mask = mask_
            values[id(tensor)] = data
        for node in self._nodes:
            if isinstance(node.layer, InputLayer):
                continue
            def lookup(x):
                return values[id(x)] if isinstance(x, KerasTensor) else x
            args = nest.map_structure(lookup, node.inputs)
            extra = tuple(nest.map_structure(lookup, list(node.extra_args)))
            kwargs = {k: nest.map_structure(lookup, v) for k, v in node.kwargs.items()}
            if training is not None and "training" in kwargs:
                kwargs["training"] = training     # the model's mode wins, as in Keras 3
            outputs = node.layer(args, *extra, **kwargs)
            for tensor, value in zip(node.output_tensors, nest.flatten(outputs)):
                values[id(tensor)] = value
        return nest.pack_like(self._output_structure, [values[id(t)] for t in self.outputs])

    def _match_inputs(self, inputs):
        """The data for each model input, from a single array, a list, or a dict: by the keys
        of the dict the model was built from (``Model({"left": a, "right": b}, ...)``), or
        else by the inputs' names, as in Keras 3."""
        if isinstance(inputs, dict):
            keys = self.input_names
            if self._input_keys is not None:
                by_name = all(name in inputs for name in self.input_names)
                if not by_name or all(key in inputs for key in self._input_keys):
                    keys = self._input_keys
            missing = [n for n in keys if n not in inputs]
            if missing:
                raise ValueError(
                    f"Model '{self.name}' expects inputs named {keys}; the dict "
                    f"passed is missing {missing} (it has keys {sorted(inputs)}).")
            return [inputs[name] for name in keys]
        flat = nest.flatten(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        if len(flat) != len(self.inputs):
            raise ValueError(
                f"Model '{self.name}' expects {len(self.inputs)} input(s) "
                f"{[t.shape for t in self.inputs]}, but it received {len(flat)} input "
                f"tensors. Pass a list with one array per Input, in order.")
        return flat

    def compute_output_shape(self, input_shape):
        shapes = {}
        given = input_shape if len(self.inputs) > 1 else [input_shape]
        for tensor, shape in zip(self.inputs, given):
            shapes[id(tensor)] = tuple(shape)
        for node in self._nodes:
            if isinstance(node.layer, InputLayer):
                continue
            def symbolic(t):
                return KerasTensor(shapes[id(t)], t.dtype) if isinstance(t, KerasTensor) else t
            node_inputs = nest.map_structure(symbolic, node.inputs)
            extra = tuple(nest.map_structure(symbolic, list(node.extra_args)))
            out_shapes = node.layer.symbolic_output_shapes(node_inputs, dict(node.kwargs), extra)
            for tensor, shape in zip(node.output_tensors, shape_leaves(out_shapes)):
                shapes[id(tensor)] = tuple(shape)
        result = [shapes[id(t)] for t in self.outputs]
        return result[0] if len(result) == 1 else result

    def get_config(self):
        return functional_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return functional_from_config(cls, config, custom_objects)


def _check_unique_names(layers):
    seen = {}
    for layer in layers:
        if layer.name in seen and seen[layer.name] is not layer:
            raise ValueError(
                f"The name \"{layer.name}\" is used 2 times in the model. All layer names "
                f"should be unique. Rename one of them with name=...")
        seen[layer.name] = layer
