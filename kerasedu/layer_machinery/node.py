"""Node: one call of a layer on symbolic inputs, the edge of the layer graph.

``y = dense(x)`` with a KerasTensor x appends a Node to ``dense._inbound_nodes`` that remembers
the input structure (x), the call's keyword arguments and the outputs (y), and stamps each output
with ``_keras_history = (dense, node_index, tensor_index)``. A layer called on several inputs
(a shared layer) has several nodes; ``get_input_at(i)`` picks one.
"""

from . import nest
from .keras_tensor import KerasTensor
from .keras_tensor import KerasTensor


class Node:
    """The record of ``layer(inputs, **kwargs) -> outputs`` on KerasTensors."""

    def __init__(self, layer, inputs, outputs, kwargs=None):
        self.layer = layer
        self.inputs = inputs
        self.outputs = outputs
        self.kwargs = dict(kwargs or {})
        self.input_tensors = [t for t in nest.flatten(inputs) if isinstance(t, KerasTensor)]
        self.output_tensors = nest.flatten(outputs)
        self.index = len(layer._inbound_nodes)
        layer._inbound_nodes.append(self)
        for parent in self.parent_nodes:
            parent.layer._outbound_nodes.append(self)
        for position, tensor in enumerate(self.output_tensors):
            tensor._keras_history = (layer, self.index, position)

    @property
    def parent_nodes(self):
        """The nodes that produced this node's inputs (none for an InputLayer's node)."""
        parents = []
        for tensor in self.input_tensors:
            if tensor._keras_history is not None:
                layer, node_index, _ = tensor._keras_history
                parents.append(layer._inbound_nodes[node_index])
        return parents

    @property
    def input_shapes(self):
        shapes = [t.shape for t in self.input_tensors]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shapes(self):
        shapes = [t.shape for t in self.output_tensors]
        return shapes[0] if len(shapes) == 1 else shapes

    def __repr__(self):
        return f"<Node {self.layer.name}[{self.index}]>"
