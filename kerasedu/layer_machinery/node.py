"""Node: one call of a layer on symbolic inputs, the edge of the layer graph.

``y = dense(x)`` with a KerasTensor x appends a Node to ``dense._inbound_nodes`` that remembers
the call's arguments (the input structure x, any further positional arguments, the keyword
arguments) and the outputs (y), and stamps each output with ``_keras_history = (dense,
node_index, tensor_index)``. Every KerasTensor among the arguments is an input of the node:
``endpoint(targets, logits)`` depends on both. A layer called on several inputs (a shared
layer) has several nodes; ``get_input_at(i)`` picks one.
"""

from . import nest
from .keras_tensor import KerasTensor


class Node:
    """The record of ``layer(inputs, *extra_args, **kwargs) -> outputs`` on KerasTensors."""

    def __init__(self, layer, inputs, outputs, kwargs=None, extra_args=()):
        self.layer = layer
        self.inputs = inputs
        self.extra_args = tuple(extra_args)
        self.outputs = outputs
        self.kwargs = dict(kwargs or {})
        arguments = [inputs, list(self.extra_args), self.kwargs]
        self.input_tensors = [t for t in nest.flatten(arguments) if isinstance(t, KerasTensor)]
        self.output_tensors = nest.flatten(outputs)
        self.index = len(layer._inbound_nodes)
        layer._inbound_nodes.append(self)
        for parent in self.parent_nodes:
            parent.layer._outbound_nodes.append(self)
        for position, tensor in enumerate(self.output_tensors):
            if isinstance(tensor, KerasTensor):      # not a None among a list of masks
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


class NodeAttributes:
    """A layer's ``input``, ``output``, ``input_shape`` and ``output_shape``, read from the Nodes
    of its symbolic calls, and their ``get_*_at(node_index)`` forms for a layer called several
    times (one of the classes :class:`~kerasedu.layer_machinery.layer.Layer` is made of)."""

    def _node_attribute(self, attribute, node_index, what):
        if not self._inbound_nodes:
            raise AttributeError(
                f"Layer {self.name} has never been called on a symbolic input (Input(...)), so "
                f"it has no defined {what}. Build a model with it first.")
        if not -len(self._inbound_nodes) <= node_index < len(self._inbound_nodes):
            raise ValueError(
                f"Asked to get {what} at node {node_index}, but the layer has only "
                f"{len(self._inbound_nodes)} inbound nodes.")
        values = getattr(self._inbound_nodes[node_index], attribute)
        return values[0] if isinstance(values, list) and len(values) == 1 else values

    def _single_node_attribute(self, attribute, what, method):
        if len(self._inbound_nodes) > 1:
            values = [getattr(node, attribute) for node in self._inbound_nodes]
            if not (attribute.endswith("shapes") and all(v == values[0] for v in values)):
                raise AttributeError(
                    f"Layer {self.name} has multiple inbound nodes, hence the notion of "
                    f"\"layer {what}\" is ill-defined. Use `{method}(node_index)` instead.")
        return self._node_attribute(attribute, 0, what)

    @property
    def input(self):
        return self._single_node_attribute("input_tensors", "input", "get_input_at")

    @property
    def output(self):
        return self._single_node_attribute("output_tensors", "output", "get_output_at")

    @property
    def input_shape(self):
        return self._single_node_attribute("input_shapes", "input shape", "get_input_shape_at")

    @property
    def output_shape(self):
        return self._single_node_attribute("output_shapes", "output shape",
                                           "get_output_shape_at")

    def get_input_at(self, node_index):
        return self._node_attribute("input_tensors", node_index, "input")

    def get_output_at(self, node_index):
        return self._node_attribute("output_tensors", node_index, "output")

    def get_input_shape_at(self, node_index):
        return self._node_attribute("input_shapes", node_index, "input shape")

    def get_output_shape_at(self, node_index):
        return self._node_attribute("output_shapes", node_index, "output shape")
