"""The layer graph between symbolic inputs and outputs, in an order that runs.

Every KerasTensor remembers the call that made it (``_keras_history``: layer, node index,
tensor index), and that call's Node remembers its input tensors. Starting from the outputs and
following these links back until every path ends at an ``Input`` gives the graph's Nodes;
listing each Node after the Nodes that feed it gives an order in which to run them (a
topological sort). A functional model runs its graph in this order; ``plot_model`` draws it.
It lists its layers in another order, Keras's, level by level from the inputs
(:func:`layers_by_depth`).
"""

from .input_layer import InputLayer


def nodes_between(inputs, outputs):
    """Every Node between KerasTensors ``inputs`` and ``outputs``, each after the Nodes that
    feed it. Raises a ValueError when an output needs an Input that is not among ``inputs``."""
    input_ids = {id(t) for t in inputs}
    ordered, finished, in_progress = [], set(), set()

    def visit(tensor, consumer):
        if tensor._keras_history is None:
            raise ValueError(
                f"The tensor {tensor.name} needed by {consumer} was not made by a layer (it is "
                f"a KerasTensor made by hand), so a model cannot compute it. Give the model "
                f"inputs made by Input() and outputs made by layers.")
        layer, node_index, _ = tensor._keras_history
        node = layer._inbound_nodes[node_index]
        if id(node) in finished:
            return
        if isinstance(layer, InputLayer) and id(tensor) not in input_ids:
            raise ValueError(
                f"Graph disconnected: cannot obtain value for tensor {tensor.name} (from input "
                f"layer '{layer.name}') needed by layer '{consumer}'. Add it to the model's "
                f"inputs: Model(inputs=[..., {tensor.name}], outputs=...).")
        if id(node) in in_progress:
            raise ValueError(f"The layer graph has a cycle through layer '{layer.name}'.")
        in_progress.add(id(node))
        for parent_tensor in node.input_tensors:
            visit(parent_tensor, layer.name)
        in_progress.discard(id(node))
        finished.add(id(node))
        ordered.append(node)

    for tensor in outputs:
        visit(tensor, "the model output")
    for tensor in inputs:
        visit(tensor, "the model")
    return ordered


def _depths(inputs, outputs):
    """Keras's depths of the graph's nodes and layers (see :func:`layers_by_depth`)."""
    order, first_seen, finished = [], {}, set()

    def visit(tensor):
        layer, node_index, _ = tensor._keras_history
        node = layer._inbound_nodes[node_index]
        if id(node) in finished:
            return
        first_seen.setdefault(id(layer), len(first_seen))
        for parent in node.input_tensors:
            visit(parent)
        finished.add(id(node))
        order.append(node)

    for tensor in outputs:
        visit(tensor)
    node_depth, layer_depth, nodes, layers = {}, {}, {}, {}
    for node in reversed(order):
        depth = max(node_depth.setdefault(id(node), 0), layer_depth.get(id(node.layer), 0))
        layer_depth[id(node.layer)] = node_depth[id(node)] = depth
        nodes[id(node)], layers[id(node.layer)] = node, node.layer
        for parent in node.parent_nodes:
            if id(parent) in finished:
                node_depth[id(parent)] = max(depth + 1, node_depth.get(id(parent), 0))
    for tensor in inputs:
        layer, node_index, _ = tensor._keras_history
        if id(layer) not in layer_depth:
            node = layer._inbound_nodes[node_index]
            layer_depth[id(layer)], first_seen[id(layer)], layers[id(layer)] = 0, -1, layer
            node_depth[id(node)], nodes[id(node)] = 0, node
    return node_depth, nodes, layer_depth, layers, first_seen


def layers_by_depth(inputs, outputs):
    """The layers of the graph in the order Keras 3 lists them (``model.layers``, and so
    ``weights``, ``get_weights()`` and the summary's rows): deepest first, where a layer's depth
    is the largest number of layer calls between it and an output; layers of equal depth in
    the order a walk back from the outputs first meets them. An Input that no output needs
    comes last, at depth 0.
    """
    _, _, layer_depth, layers, first_seen = _depths(inputs, outputs)
    return sorted(layers.values(), key=lambda l: (-layer_depth[id(l)], first_seen[id(l)]))


def nodes_by_depth(inputs, outputs):
    """{depth: [nodes]} of the graph, depth 0 being the nodes that make the outputs."""
    node_depth, nodes, _, _, _ = _depths(inputs, outputs)
    grouped = {}
    for key, depth in node_depth.items():
        grouped.setdefault(depth, []).append(nodes[key])
    return grouped
