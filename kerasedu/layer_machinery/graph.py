"""The layer graph between symbolic inputs and outputs, in an order that runs.

Every KerasTensor remembers the call that made it (``_keras_history``: layer, node index,
tensor index), and that call's Node remembers its input tensors. Starting from the outputs and
following these links back until every path ends at an ``Input`` gives the graph's Nodes;
listing each Node after the Nodes that feed it gives an order in which to run them (a
topological sort). A functional model runs its graph in this order; ``plot_model`` draws it.
"""

from .input_layer import InputLayer


def nodes_between(inputs, outputs):
    """Every Node between KerasTensors ``inputs`` and ``outputs``, each after the Nodes that
    feed it. Raises a ValueError when an output needs an Input that is not among ``inputs``."""
    input_ids = {id(t) for t in inputs}
    ordered, finished, in_progress = [], set(), set()

    def visit(tensor, consumer):
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
