"""model.summary(): the table of layers, output shapes and parameter counts, as Keras 3 draws it.

Models whose layers form one chain (Sequential, subclassed, and functional models without
branches, merges or shared layers) get three columns; other functional models add "Connected
to", naming each input of a layer as ``layer_name[node_index][tensor_index]``, and list every
layer of the graph, Input and operations (``x * 2``, the ``not_equal`` of an Embedding's mask
that an LSTM takes) included, as Keras 3 does. A layer that is not built yet
shows ``?`` and ``0 (unbuilt)``. With ``expand_nested=True`` the layers of a nested model follow
its row, indented. The totals count parameters and their memory (4 bytes per float32). The
table is as wide as Keras makes it: 88 characters for three columns, 108 for four, at most the
terminal's width less 4 (76 in a notebook).
"""

import shutil

import numpy as np

from ..layer_machinery.graph import nodes_by_depth
from ..layer_machinery.operation_layer import LegacyOperationLayer, OperationLayer
from .summary_table import column_widths, rule, table_row

_CHAIN = ([0.45, 0.80, 1.0], 88)
_GRAPH = ([0.3, 0.56, 0.74, 1.0], 108)


def readable_memory_size(num_bytes):
    """1024-based size with two decimals: 212.54 KB."""
    for unit in ("B", "KB", "MB", "GB"):
        if num_bytes < 1024 or unit == "GB":
            return f"{num_bytes:.2f} {unit}"
        num_bytes /= 1024


def _count(weights):
    params = int(sum(np.prod(w.shape, dtype=int) for w in weights))
    size = int(sum(np.prod(w.shape, dtype=int) * w.dtype.itemsize for w in weights))
    return params, size


def _format_shape(layer):
    """The output shape(s) of the layer's last call, as Keras writes them: ``(None, 4)``."""
    def text(shape):
        return f"({', '.join(str(d) for d in shape)})"
    if layer._inbound_nodes:
        outputs = layer._inbound_nodes[-1].outputs
        if not isinstance(outputs, (list, tuple, dict)):
            return text(outputs.shape)
        flat = [t for t in (outputs.values() if isinstance(outputs, dict) else outputs)]
        if len(flat) == 1:
            return text(flat[0].shape)
        if isinstance(outputs, dict):
            return "{" + ", ".join(f"{k}: {text(v.shape)}" for k, v in outputs.items()) + "}"
        inner = ", ".join(text(t.shape) for t in outputs)
        return f"[{inner}]" if isinstance(outputs, list) else f"({inner})"
    if not layer.built:
        return "?"
    try:
        shape = layer.compute_output_shape(layer._build_shapes)
    except (NotImplementedError, TypeError, ValueError):
        return "?"
    return text(shape) if all(d is None or isinstance(d, int) for d in shape) else "?"


def _format_params(layer):
    if not layer.built:
        return "0 (unbuilt)"
    return f"{_count(layer.weights)[0]:,}"


def _type_name(layer):
    if type(layer) in (OperationLayer, LegacyOperationLayer):     # an op Keras has not
        return "".join(part.capitalize() for part in layer.op_name.split(".")[-1].split("_"))
    return type(layer).__name__


def _connections(layer, model_nodes):
    names = []
    for node in layer._inbound_nodes:
        if model_nodes and id(node) not in model_nodes:
            continue
        for tensor in node.input_tensors:
            parent, node_index, tensor_index = tensor._keras_history
            names.append(f"{parent.name}[{node_index}][{tensor_index}]")
    return ", ".join(names) if names else "-"


def _is_chain(model):
    """True when the model's layers form one chain, each called once on the one before: every
    level of the graph holds one call of one input, and no layer is called twice."""
    if not hasattr(model, "_nodes"):
        return True
    nodes = []
    for level in nodes_by_depth(model.inputs, model.outputs).values():
        if len(level) > 1 or (len(level) == 1 and len(level[0].input_tensors) > 1):
            return False
        nodes += level
    node_ids = {id(node) for node in nodes}
    return not any(sum(id(node) in node_ids for node in layer._inbound_nodes) > 1
                   for layer in model.layers)


def _rows(model, expand_nested, depth=0):
    """(layer, depth) for each row: a functional model's every layer (Inputs and operators
    included), another model's layers; nested models' layers follow their model's row when
    ``expand_nested``."""
    layers = model._operations if depth == 0 and hasattr(model, "_operations") else model.layers
    for layer in layers:
        yield layer, depth
        if expand_nested and hasattr(layer, "layers") and layer is not model and layer.layers:
            yield from _rows(layer, expand_nested, depth + 1)


def summary_lines(model, line_length=None, positions=None, show_trainable=False,
                  expand_nested=False):
    """The summary as a list of lines."""
    chain = _is_chain(model)
    default_positions, default_length = _CHAIN if chain else _GRAPH
    headers = ["Layer (type)", "Output Shape", "Param #"] + ([] if chain else ["Connected to"])
    aligns = ["left", "left", "right"] + ([] if chain else ["left"])
    positions = positions or default_positions
    if show_trainable:
        default_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        headers.append("Trainable")
        aligns.append("center")
    line_length = line_length or min(default_length, shutil.get_terminal_size().columns - 4)
    widths = column_widths(line_length, positions)
    model_nodes = {id(n) for n in getattr(model, "_nodes", [])}
    lines = [f'Model: "{model.name}"', rule(widths, "┏", "┳", "┓", "━")]
    lines += table_row(headers, widths, aligns, border="┃")
    lines.append(rule(widths, "┡", "╇", "┩", "━"))
    rows = list(_rows(model, expand_nested))
    for i, (layer, depth) in enumerate(rows):
        prefix = "   " * depth + "└ " if depth else ""
        cells = [f"{prefix}{layer.name} ({_type_name(layer)})", _format_shape(layer),
                 _format_params(layer)]
        if not chain:
            cells.append(_connections(layer, model_nodes))
        if show_trainable:
            cells.append(("Y" if layer.trainable else "N") if layer.weights else "-")
        lines += table_row(cells, widths, aligns)
        if i < len(rows) - 1:
            lines.append(rule(widths, "├", "┼", "┤", "─"))
    lines.append(rule(widths, "└", "┴", "┘", "─"))
    total = _count(model.weights)
    trainable = _count(model.trainable_weights)
    frozen = _count(model.non_trainable_weights)
    lines += [f" Total params: {total[0]:,} ({readable_memory_size(total[1])})",
              f" Trainable params: {trainable[0]:,} ({readable_memory_size(trainable[1])})",
              f" Non-trainable params: {frozen[0]:,} ({readable_memory_size(frozen[1])})"]
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and getattr(optimizer, "variables", None):
        state = _count(optimizer.variables)
        lines.append(f" Optimizer params: {state[0]:,} ({readable_memory_size(state[1])})")
    return lines


def print_summary(model, line_length=None, positions=None, print_fn=None, expand_nested=False,
                  show_trainable=False):
    """Print the summary with ``print_fn`` (default: print to stdout)."""
    print_fn = print_fn or print
    for line in summary_lines(model, line_length=line_length, positions=positions,
                              show_trainable=show_trainable, expand_nested=expand_nested):
        print_fn(line)
