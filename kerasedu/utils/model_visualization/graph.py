"""Finding the graph ``plot_model`` draws: one box per layer, one arrow per use of an output.

A box (:class:`GraphNode`) is labelled as Keras labels it: ``dense (Dense)``, and with
``show_shapes`` the input and output shapes of the layer's calls. An arrow (:class:`GraphEdge`)
goes from each layer to each layer that uses its output.

Sequential and functional models show their graph through what every such model has: its
``layers``, and the symbolic ``inputs`` and ``outputs`` whose recorded layer calls (Nodes) join
them (see :mod:`kerasedu.layer_machinery.graph`). A Sequential model lists no InputLayer among
its layers, so its picture has no InputLayer box, as in Keras 3. A subclassed model has no such
graph (it is only known to its ``call``): it is one box.
"""

from ...layer_machinery import nest
from ...layer_machinery.graph import nodes_between
from ...layer_machinery.input_layer import InputLayer
from . import placement, rows

RANKDIRS = ("TB", "LR", "BT", "RL")


class GraphNode:
    """One box: a layer and the text Keras's plot_model would show for it.

    Attributes:
        key: unique name of the box (the layer name; ``"inner_model/dense"`` for a layer of
            an expanded nested model).
        layer: the layer drawn.
        title: ``"name (ClassName)"``, or ``"ClassName"`` with ``show_layer_names=False``.
        activation: ``"Activation: relu"`` or None.
        cells: the bottom row's texts, e.g. ``["Input shape: (None, 4)",
            "Output shape: (None, 8)"]``.
        cluster: key of the expanded nested model that holds this box, or None.
        level, order: row (longest path from an input) and position within the row.
        x, y, width, height: centre and size in points, once laid out.
    """

    def __init__(self, key, layer, title, activation, cells, cluster):
        self.key = key
        self.layer = layer
        self.title = title
        self.activation = activation
        self.cells = list(cells)
        self.cluster = cluster
        self.level = None
        self.order = None
        self.x = self.y = self.width = self.height = None
        self.cell_widths = []

    @property
    def name(self):
        return self.layer.name

    @property
    def class_name(self):
        return type(self.layer).__name__

    @property
    def lines(self):
        """Every text line of the box, top to bottom."""
        lines = [self.title]
        if self.activation:
            lines.append(self.activation)
        return lines + self.cells

    @property
    def label(self):
        return "\n".join(self.lines)

    def __repr__(self):
        return f"<GraphNode {self.key!r} level={self.level} order={self.order}>"


class GraphEdge:
    """One arrow from the box ``source`` to the box ``target`` (keys).

    ``waypoints`` are the keys of the invisible points it passes on the levels it jumps over;
    ``backward`` is True for an arrow that points against the levels (only possible when a
    shared layer is used again later in the graph), drawn as an arc with curvature ``bend``
    beside the boxes; ``points`` is the drawn route in points.
    """

    def __init__(self, source, target):
        self.source = source
        self.target = target
        self.waypoints = []
        self.backward = False
        self.points = []
        self.bend = 0.0

    def __repr__(self):
        return f"<GraphEdge {self.source!r} -> {self.target!r}>"


class ModelGraph:
    """The boxes, arrows and rows of a model's picture.

    Attributes:
        nodes: the GraphNodes, in the order the layers are first used.
        edges: the GraphEdges, each pair of boxes connected at most once.
        rankdir: ``"TB"`` (rows from top to bottom), ``"LR"`` (columns from left to right),
            or ``"BT"``, ``"RL"``.
        rows: for each level, the keys of its boxes and waypoints in drawing order.
        up, down: for each box or waypoint key, the keys it is joined to in the row above and
            in the row below (see :mod:`.rows`).
        clusters: key of each expanded nested model -> the keys of the boxes inside it.
    """

    def __init__(self, nodes, edges, rankdir, clusters):
        self.nodes = nodes
        self.edges = edges
        self.rankdir = rankdir
        self.clusters = clusters
        self.rows = []
        self.up, self.down = {}, {}
        self.width = self.height = None
        self._by_key = {node.key: node for node in nodes}

    def node(self, key):
        """The GraphNode called ``key``."""
        return self._by_key[key]

    def has_node(self, key):
        """True when ``key`` names a box (and not a waypoint)."""
        return key in self._by_key

    @property
    def edge_list(self):
        """The arrows as ``(source key, target key)`` pairs."""
        return [(edge.source, edge.target) for edge in self.edges]

    @property
    def levels(self):
        """For each level, the keys of its boxes (waypoints left out), in drawing order."""
        return [[key for key in row if key in self._by_key] for row in self.rows]

    def layout(self, measure):
        """Give every box a size and a centre, and every arrow its route, in points
        (``measure(text, bold)`` returns the width of ``text``); see :mod:`.placement`."""
        placement.place(self, measure)
        return self

    def bounds(self):
        """``(xmin, xmax, ymin, ymax)`` of the boxes, clusters and arrows, margin included."""
        return placement.bounds(self)

    def cluster_boxes(self):
        """Key of each expanded nested model -> ``(xmin, xmax, ymin, ymax)`` around its boxes."""
        return placement.cluster_boxes(self)

    def __repr__(self):
        return f"<ModelGraph {len(self.nodes)} nodes, {len(self.edges)} edges>"


def model_graph(model, show_shapes=False, show_dtype=False, show_layer_names=True,
                rankdir="TB", expand_nested=False, show_layer_activations=False,
                show_trainable=False):
    """The boxes, arrows, levels and row order that ``plot_model`` draws (no matplotlib).

    Takes the same display options as ``plot_model``. Returns a :class:`ModelGraph`; its
    ``nodes`` carry their labels, ``level`` and ``order``, and ``edge_list`` the arrows as
    ``(source, target)`` pairs of keys. Coordinates are filled in by ``ModelGraph.layout``.
    """
    if rankdir not in RANKDIRS:
        raise ValueError(
            f"`rankdir` must be one of {', '.join(map(repr, RANKDIRS))} (\"TB\" top to "
            f"bottom, \"LR\" left to right). Received: rankdir={rankdir!r}.")
    _check_model(model)
    builder = _GraphBuilder({
        "show_shapes": show_shapes, "show_dtype": show_dtype,
        "show_layer_names": show_layer_names, "expand_nested": expand_nested,
        "show_layer_activations": show_layer_activations, "show_trainable": show_trainable})
    builder.add_model(model)
    graph = ModelGraph(builder.nodes, builder.edges, rankdir, builder.clusters)
    rows.assign_levels(graph)
    rows.order_rows(graph)
    return graph


# Reading the model.

def _has_layer_graph(layer):
    """True for Sequential and functional models: models with symbolic inputs and outputs."""
    return getattr(layer, "_is_model", False) and hasattr(layer, "outputs")


def _check_model(model):
    if not getattr(model, "_is_model", False):
        raise TypeError(
            f"plot_model expects a kerasedu Model (Sequential, functional, or a Model "
            f"subclass). Received: {model!r} (of type {type(model).__name__}).")
    unbuilt = (not model.built) or (_has_layer_graph(model) and model.outputs is None
                                    and bool(model.layers))
    if unbuilt:
        raise ValueError(
            f"This model has not yet been built, so its layer graph is not known yet. Build "
            f"the model first by calling `build()` or by calling the model on a batch of "
            f"data (model '{model.name}').")


def _plain_shape(shape):
    if shape is None:
        return None
    return tuple(None if d is None else int(d) for d in shape)


def _tensor_shape(tensor):
    return _plain_shape(tensor.shape)


def _describe(structure, leaf):
    if isinstance(structure, dict):
        return ", ".join(f"{k}: {_describe(v, leaf)}" for k, v in structure.items())
    return f"{nest.map_structure(leaf, structure)}"


def _call_text(nodes, side, leaf):
    texts = {_describe(getattr(node, side), leaf) for node in nodes}
    return texts.pop() if len(texts) == 1 else "?"


def _activation_name(activation):
    for attribute in ("name", "__name__"):
        value = getattr(activation, attribute, None)
        if isinstance(value, str):
            return value
    return str(activation)


class _GraphBuilder:
    def __init__(self, options):
        self.options = options
        self.nodes = []
        self.edges = []
        self.clusters = {}
        self._key_of = {}
        self._edge_pairs = set()

    def add_model(self, model, prefix="", cluster=None):
        if not _has_layer_graph(model):
            self.add_layer(model, [], prefix, cluster)
            return
        nodes = nodes_between(model.inputs or [], model.outputs or [])
        boxes = {id(layer) for layer in getattr(model, "_operations", model.layers)}
        calls, layers = {}, []
        for node in nodes:
            if id(node.layer) not in boxes:
                continue
            if id(node.layer) not in calls:
                calls[id(node.layer)] = []
                layers.append(node.layer)
            calls[id(node.layer)].append(node)
        for layer in layers:
            self.add_layer(layer, calls[id(layer)], prefix, cluster)
        for node in nodes:
            for input_index, tensor in enumerate(node.input_tensors):
                parent, _, output_index = tensor._keras_history
                self.add_edge(self.source(parent, output_index),
                              self.destination(node.layer, input_index))

    def _expands(self, layer):
        return self.options["expand_nested"] and _has_layer_graph(layer)

    def add_layer(self, layer, calls, prefix, cluster):
        key = prefix + layer.name
        if self._expands(layer):
            self.clusters[key] = []
            first = len(self.nodes)
            self.add_model(layer, prefix=key + "/", cluster=key)
            self.clusters[key] = [node.key for node in self.nodes[first:]]
            return
        if id(layer) in self._key_of:
            return
        self._key_of[id(layer)] = key
        self.nodes.append(GraphNode(key, layer, *self._label(layer, calls), cluster=cluster))

    def _label(self, layer, calls):
        options = self.options
        class_name = type(layer).__name__
        title = f"{layer.name} ({class_name})" if options["show_layer_names"] else class_name
        activation = None
        if options["show_layer_activations"] and getattr(layer, "activation", None) is not None:
            activation = f"Activation: {_activation_name(layer.activation)}"
        cells = []
        if options["show_shapes"]:
            if not calls:
                calls = self._fallback_calls(layer)
            if not isinstance(layer, InputLayer):
                text = _call_text(calls, "inputs", _tensor_shape) if calls else "?"
                cells.append(f"Input shape: {text}")
            text = _call_text(calls, "outputs", _tensor_shape) if calls else "?"
            cells.append(f"Output shape: {text}")
        if options["show_dtype"]:
            calls = calls or self._fallback_calls(layer)
            text = _call_text(calls, "outputs", lambda t: t.dtype) if calls else "?"
            cells.append(f"Output dtype: {text}")
        if options["show_trainable"] and layer.weights:
            cells.append("Trainable" if layer.trainable else "Non-trainable")
        return title, activation, cells

    @staticmethod
    def _fallback_calls(layer):
        nodes = getattr(layer, "_inbound_nodes", [])
        return nodes[:1] if len(nodes) == 1 else []

    def source(self, layer, output_index):
        """The box an arrow leaves from: the layer, or inside an expanded model the layer that
        makes its output."""
        while self._expands(layer):
            tensor = layer.outputs[min(output_index, len(layer.outputs) - 1)]
            layer, _, output_index = tensor._keras_history
        return self._key_of.get(id(layer))

    def destination(self, layer, input_index):
        """The box an arrow goes to: the layer, or inside an expanded model its InputLayer
        (a functional model) or its first layer (a Sequential model, which has no InputLayer
        box)."""
        while self._expands(layer):
            tensor = layer.inputs[min(input_index, len(layer.inputs) - 1)]
            input_layer = tensor._keras_history[0]
            if any(inner is input_layer for inner in layer.layers):
                layer = input_layer
            else:
                layer, input_index = layer.layers[0], 0
        return self._key_of.get(id(layer))

    def add_edge(self, source, target):
        if source is None or target is None or (source, target) in self._edge_pairs:
            return
        self._edge_pairs.add((source, target))
        self.edges.append(GraphEdge(source, target))
