"""model.summary(): the table of layers, output shapes and parameter counts, as Keras 3 draws it.

Sequential models get three columns; functional models add "Connected to", naming each input of
a layer as ``layer_name[node_index][tensor_index]``. A layer that is not built yet shows ``?``
and ``0 (unbuilt)``. With ``expand_nested=True`` the layers of a nested model follow its row,
indented. The totals count parameters and their memory (4 bytes per float32).
"""

import textwrap

import numpy as np

_SEQUENTIAL_WIDTHS = (33, 24, 15)
_FUNCTIONAL_WIDTHS = (21, 19, 12, 19)
_DEFAULT_LINE_LENGTH = 76


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


def _scaled_widths(widths, line_length):
    if line_length is None or line_length == _DEFAULT_LINE_LENGTH:
        return list(widths)
    content = line_length - len(widths) - 1
    total = sum(widths)
    scaled = [max(4, int(w * content / total)) for w in widths]
    scaled[0] += content - sum(scaled)
    return scaled


def _format_shape(layer):
    try:
        shape = layer.output_shape
    except (AttributeError, ValueError):
        return "?"
    if isinstance(shape, list):
        return ", ".join(str(tuple(s)) for s in shape)
    return str(tuple(shape))


def _format_params(layer):
    if not layer.built:
        return "0 (unbuilt)"
    return f"{_count(layer.weights)[0]:,}"


def _connections(layer, model_nodes):
    names = []
    for node in layer._inbound_nodes:
        if model_nodes is not None and id(node) not in model_nodes:
            continue
        for tensor in node.input_tensors:
            parent, node_index, tensor_index = tensor._keras_history
            names.append(f"{parent.name}[{node_index}][{tensor_index}]")
    return ", ".join(names) if names else "-"


def _cell_lines(text, width, align):
    lines = textwrap.wrap(text, width=width - 2, break_long_words=True,
                          break_on_hyphens=False) or [""]
    return [(f" {line:>{width - 2}} " if align == "right" else f" {line:<{width - 2}} ")
            for line in lines]


def _row(cells, widths, aligns, border="│"):
    columns = [_cell_lines(text, w, a) for text, w, a in zip(cells, widths, aligns)]
    height = max(len(c) for c in columns)
    lines = []
    for i in range(height):
        parts = [c[i] if i < len(c) else " " * w for c, w in zip(columns, widths)]
        lines.append(border + border.join(parts) + border)
    return lines


def _rule(widths, left, middle, right, fill):
    return left + middle.join(fill * w for w in widths) + right


def _rows(model, expand_nested, depth=0):
    """(layer, depth, the model's node ids or None) for each row; nested models' layers follow
    their model's row when ``expand_nested``."""
    nodes = {id(n) for n in model._nodes} if hasattr(model, "_nodes") else None
    for layer in model.layers:
        yield layer, depth, nodes
        if expand_nested and hasattr(layer, "layers") and layer is not model:
            yield from _rows(layer, expand_nested, depth + 1)


def summary_lines(model, line_length=None, show_trainable=False, expand_nested=False):
    """The summary as a list of lines."""
    functional = hasattr(model, "_nodes")
    widths = _scaled_widths(_FUNCTIONAL_WIDTHS if functional else _SEQUENTIAL_WIDTHS,
                            line_length)
    headers = ["Layer (type)", "Output Shape", "Param #"] + (["Connected to"] if functional else [])
    aligns = ["left", "left", "right"] + (["left"] if functional else [])
    if show_trainable:
        widths.append(11)
        headers.append("Trainable")
        aligns.append("left")
    lines = [f'Model: "{model.name}"', _rule(widths, "┏", "┳", "┓", "━")]
    lines += _row(headers, widths, aligns, border="┃")
    lines.append(_rule(widths, "┡", "╇", "┩", "━"))
    rows = list(_rows(model, expand_nested))
    for i, (layer, depth, nodes) in enumerate(rows):
        indent = "  " * (depth - 1) + "└ " if depth else ""
        cells = [f"{indent}{layer.name} ({type(layer).__name__})", _format_shape(layer),
                 _format_params(layer)]
        if functional:
            cells.append(_connections(layer, nodes))
        if show_trainable:
            cells.append("Y" if layer.trainable else "N")
        lines += _row(cells, widths, aligns)
        if i < len(rows) - 1:
            lines.append(_rule(widths, "├", "┼", "┤", "─"))
    lines.append(_rule(widths, "└", "┴", "┘", "─"))
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
    for line in summary_lines(model, line_length=line_length, show_trainable=show_trainable,
                              expand_nested=expand_nested):
        print_fn(line)
