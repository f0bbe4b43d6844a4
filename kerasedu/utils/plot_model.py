"""Drawing a model's layer graph with matplotlib: ``plot_model`` and the graph behind it.

Keras's ``plot_model`` needs Graphviz; this one draws with matplotlib alone, in two steps that
can be looked at separately:

1. ``model_graph(model)`` finds the graph: one *node* (a box) per layer, labelled as Keras
   labels it (``dense (Dense)``, and with ``show_shapes`` the input and output shapes), and one
   *edge* (an arrow) from each layer to each layer that uses its output. A functional model's
   graph comes from its recorded layer calls (``model._nodes``, each call's inputs made by
   earlier calls), its InputLayers included; a Sequential model's graph is the chain of its
   layers (Keras 3 draws no InputLayer box for a Sequential model either).
2. The layout: every node gets a *level*, the length of the longest path from an input to it
   (inputs are level 0), so every arrow points one way. Nodes on one level share a row (a
   column with ``rankdir="LR"``) and are spread across it, in the order that crosses the fewest
   arrows found by a few sweeps of the barycentre heuristic: each node moves towards the
   average position of its neighbours on the previous row. An arrow that jumps over levels
   passes through a waypoint on each level in between, so it goes round the boxes there.

``plot_model`` measures the labels, places the boxes and draws them, and returns the
matplotlib Figure (saved to ``to_file`` as PNG, SVG or PDF when given).
"""

from . import _figures

_RANKDIRS = ("TB", "LR", "BT", "RL")

# Drawing sizes, in points (1/72 inch).
_TITLE_SIZE = 10
_TEXT_SIZE = 9
_PAD_X = 8
_PAD_Y = 5
_ROW_GAP = 40          # between two levels, where the arrows run
_ITEM_GAP = 28         # between two boxes of one level
_WAYPOINT_SIZE = 10    # the room a passing arrow takes in a level
_MARGIN = 14
_CLUSTER_PAD = 10

_COLORS = {
    "title": "#20262e", "input_title": "#2d4a63", "title_text": "white", "border": "#20262e",
    "cell": "white", "cell_text": "#111111", "Trainable": "#228b22",
    "Non-trainable": "#b22222", "arrow": "#3b4652", "cluster": "#6b7280",
}


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
    """The boxes, arrows and rows of a model's picture (see the module docstring).

    Attributes:
        nodes: the GraphNodes, in the order the layers are first used.
        edges: the GraphEdges, each pair of boxes connected at most once.
        rankdir: ``"TB"`` (rows from top to bottom), ``"LR"`` (columns from left to right),
            or ``"BT"``, ``"RL"``.
        rows: for each level, the keys of its boxes and waypoints in drawing order.
        clusters: key of each expanded nested model -> the keys of the boxes inside it.
    """

    def __init__(self, nodes, edges, rankdir, clusters):
        self.nodes = nodes
        self.edges = edges
        self.rankdir = rankdir
        self.clusters = clusters
        self.rows = []
        self.width = self.height = None
        self._by_key = {node.key: node for node in nodes}

    def node(self, key):
        """The GraphNode called ``key``."""
        return self._by_key[key]

    @property
    def edge_list(self):
        """The arrows as ``(source key, target key)`` pairs."""
        return [(edge.source, edge.target) for edge in self.edges]

    @property
    def levels(self):
        """For each level, the keys of its boxes (waypoints left out), in drawing order."""
        return [[key for key in row if key in self._by_key] for row in self.rows]

    def __repr__(self):
        return f"<ModelGraph {len(self.nodes)} nodes, {len(self.edges)} edges>"

    # Levels and order.

    def _assign_levels(self):
        index = {node.key: i for i, node in enumerate(self.nodes)}
        incoming = {node.key: [] for node in self.nodes}
        for edge in self.edges:
            if index[edge.source] < index[edge.target]:
                incoming[edge.target].append(edge.source)
            else:
                edge.backward = True
        for node in self.nodes:
            node.level = max((self._by_key[s].level + 1 for s in incoming[node.key]), default=0)

    def _order_rows(self, sweeps=8):
        depth = max((node.level for node in self.nodes), default=-1) + 1
        rows = [[] for _ in range(depth)]
        rank = {}
        up, down = {}, {}
        for i, node in enumerate(self.nodes):
            rows[node.level].append(node.key)
            rank[node.key] = float(i)
            up[node.key], down[node.key] = [], []
        for number, edge in enumerate(self.edges):
            if edge.backward:
                continue
            source = self._by_key[edge.source]
            target = self._by_key[edge.target]
            previous = edge.source
            for level in range(source.level + 1, target.level):
                waypoint = f"\0waypoint:{number}:{level}"
                edge.waypoints.append(waypoint)
                rows[level].append(waypoint)
                rank[waypoint] = rank[edge.source] + 0.5
                up[waypoint], down[waypoint] = [previous], []
                down[previous].append(waypoint)
                previous = waypoint
            up[edge.target].append(previous)
            down[previous].append(edge.target)
        rows = [sorted(row, key=rank.__getitem__) for row in rows]

        best, best_crossings = [list(row) for row in rows], _crossings(rows, down)
        for sweep in range(sweeps):
            if sweep % 2 == 0:
                levels, neighbours = range(1, depth), up
            else:
                levels, neighbours = range(depth - 2, -1, -1), down
            for level in levels:
                position = {}
                for other in (rows[level - 1] if sweep % 2 == 0 else rows[level + 1]):
                    position[other] = len(position)
                current = {key: i for i, key in enumerate(rows[level])}

                def barycentre(key):
                    places = [position[k] for k in neighbours[key] if k in position]
                    return sum(places) / len(places) if places else current[key]

                rows[level] = sorted(rows[level], key=lambda k: (barycentre(k), current[k]))
            crossings = _crossings(rows, down)
            if crossings < best_crossings:
                best, best_crossings = [list(row) for row in rows], crossings
        self.rows = best
        for row in self.rows:
            order = 0
            for key in row:
                if key in self._by_key:
                    self._by_key[key].order = order
                    order += 1
        self._up, self._down = up, down

    # Coordinates.

    def layout(self, measure):
        """Give every box a size and a centre, and every arrow its route, in points.

        ``measure(text, bold)`` returns the width of ``text`` in points.
        """
        for node in self.nodes:
            _size_box(node, measure)
        vertical = self.rankdir in ("TB", "BT")
        extent = {}      # key -> (size along the row, size across the row)
        for row in self.rows:
            for key in row:
                node = self._by_key.get(key)
                if node is None:
                    extent[key] = (_WAYPOINT_SIZE, 0)
                elif vertical:
                    extent[key] = (node.width, node.height)
                else:
                    extent[key] = (node.height, node.width)
        along, rank_of = {}, {}
        rank_position = 0.0
        for row in self.rows:
            thickness = max((extent[key][1] for key in row), default=0)
            total = sum(extent[key][0] for key in row) + _ITEM_GAP * max(len(row) - 1, 0)
            cursor = -total / 2
            for key in row:
                along[key] = cursor + extent[key][0] / 2
                cursor += extent[key][0] + _ITEM_GAP
                rank_of[key] = rank_position + thickness / 2
            rank_position += thickness + _ROW_GAP
        for neighbours, rows in ((self._up, self.rows[1:]), (self._down, self.rows[-2::-1]),
                                 (self._up, self.rows[1:])):
            for row in rows:
                _align_row(row, along, extent, neighbours)
        centre = {key: (along[key], rank_of[key]) for key in along}

        def to_xy(along, rank):
            if self.rankdir == "TB":
                return along, -rank
            if self.rankdir == "BT":
                return along, rank
            if self.rankdir == "LR":
                return rank, -along
            return -rank, -along

        points = {key: to_xy(*place) for key, place in centre.items()}
        for node in self.nodes:
            node.x, node.y = points[node.key]
        self._route_edges(points)
        return self

    def _route_edges(self, points):
        forward = [edge for edge in self.edges if not edge.backward]
        exits = {}
        entries = {}
        for edge in forward:
            after_source = points[edge.waypoints[0] if edge.waypoints else edge.target]
            before_target = points[edge.waypoints[-1] if edge.waypoints else edge.source]
            exits.setdefault(edge.source, []).append((edge, after_source))
            entries.setdefault(edge.target, []).append((edge, before_target))
        start, end = {}, {}
        for key, items in exits.items():
            for edge, spot in self._spread(self._by_key[key], items, leaving=True):
                start[id(edge)] = spot
        for key, items in entries.items():
            for edge, spot in self._spread(self._by_key[key], items, leaving=False):
                end[id(edge)] = spot
        for edge in self.edges:
            if edge.backward:
                source, target = self._by_key[edge.source], self._by_key[edge.target]
                if source is target:
                    edge.points = [_side_point(source, self.rankdir, 6),
                                   _side_point(source, self.rankdir, -6)]
                else:
                    edge.points = [_side_point(source, self.rankdir),
                                   _side_point(target, self.rankdir)]
                edge.bend = _outward_bend(edge.points, self.rankdir, source is target)
            else:
                edge.points = ([start[id(edge)]] + [points[k] for k in edge.waypoints]
                               + [end[id(edge)]])

    def _spread(self, node, items, leaving):
        """Attachment points of several arrows on one side of a box, in the order of where
        they come from or go to, so that they do not cross at the box."""
        vertical = self.rankdir in ("TB", "BT")
        items = sorted(items, key=lambda item: item[1][0] if vertical else -item[1][1])
        side = {"TB": -1, "BT": 1, "LR": 1, "RL": -1}[self.rankdir] * (1 if leaving else -1)
        count = len(items)
        spots = []
        for i, (edge, _) in enumerate(items):
            fraction = (i + 1) / (count + 1) - 0.5
            if vertical:
                spots.append((edge, (node.x + fraction * node.width * 0.8,
                                     node.y + side * node.height / 2)))
            else:
                spots.append((edge, (node.x + side * node.width / 2,
                                     node.y - fraction * node.height * 0.8)))
        return spots

    def bounds(self):
        """``(xmin, xmax, ymin, ymax)`` of the boxes, clusters and arrows, margin included."""
        xs, ys = [], []
        for node in self.nodes:
            xs += [node.x - node.width / 2, node.x + node.width / 2]
            ys += [node.y - node.height / 2, node.y + node.height / 2]
        for edge in self.edges:
            for x, y in edge.points:
                xs.append(x)
                ys.append(y)
            if edge.backward:
                xs += [x + 40 for x, _ in edge.points]
                ys += [y - 40 for _, y in edge.points]
        for box in self.cluster_boxes().values():
            xs += [box[0], box[1]]
            ys += [box[2], box[3] + _TITLE_SIZE * 1.6]
        return (min(xs) - _MARGIN, max(xs) + _MARGIN, min(ys) - _MARGIN, max(ys) + _MARGIN)

    def cluster_boxes(self):
        """Key of each expanded nested model -> ``(xmin, xmax, ymin, ymax)`` around its boxes."""
        boxes = {}
        for name, keys in self.clusters.items():
            members = [self._by_key[k] for k in keys if k in self._by_key]
            if not members:
                continue
            boxes[name] = (min(n.x - n.width / 2 for n in members) - _CLUSTER_PAD,
                           max(n.x + n.width / 2 for n in members) + _CLUSTER_PAD,
                           min(n.y - n.height / 2 for n in members) - _CLUSTER_PAD,
                           max(n.y + n.height / 2 for n in members) + _CLUSTER_PAD)
        return boxes


def _align_row(row, along, extent, neighbours):
    """Move the items of one row towards the mean position of their neighbours in the row
    before, keeping their order and at least _ITEM_GAP between boxes.

    Packing from the left (each item as far left as its wish allows) and from the right give
    two placements that both respect the gaps; their average does too, and is symmetric."""
    if not row:
        return
    wish = []
    for key in row:
        places = [along[k] for k in neighbours.get(key, []) if k in along]
        wish.append(sum(places) / len(places) if places else along[key])
    gaps = [(extent[a][0] + extent[b][0]) / 2 + _ITEM_GAP for a, b in zip(row, row[1:])]
    from_left = [wish[0]]
    for i in range(1, len(row)):
        from_left.append(max(wish[i], from_left[-1] + gaps[i - 1]))
    from_right = [wish[-1]]
    for i in range(len(row) - 2, -1, -1):
        from_right.insert(0, min(wish[i], from_right[0] - gaps[i]))
    for key, left, right in zip(row, from_left, from_right):
        along[key] = (left + right) / 2


def _outward_bend(points, rankdir, loop):
    """The curvature (matplotlib's ``arc3`` rad) that makes an arc between two points bulge
    away from the boxes: to the right in a top-to-bottom picture, downwards in a left-to-right
    one. arc3 moves the curve's middle by rad times (dy, -dx)."""
    (x1, y1), (x2, y2) = points
    outward = (1, 0) if rankdir in ("TB", "BT") else (0, -1)
    side = (y2 - y1) * outward[0] - (x2 - x1) * outward[1]
    return (3.0 if loop else 0.4) * (1 if side >= 0 else -1)


def _crossings(rows, down):
    """How many pairs of arrow segments cross between neighbouring rows."""
    total = 0
    for upper, lower in zip(rows, rows[1:]):
        up_place = {k: i for i, k in enumerate(upper)}
        low_place = {k: i for i, k in enumerate(lower)}
        segments = [(up_place[a], low_place[b]) for a in upper for b in down.get(a, [])
                    if b in low_place]
        for i, (a1, b1) in enumerate(segments):
            for a2, b2 in segments[i + 1:]:
                if (a1 - a2) * (b1 - b2) < 0:
                    total += 1
    return total


def _row_height(size):
    return size * 1.25 + 2 * _PAD_Y


def _size_box(node, measure):
    widths = [measure(node.title, True)]
    height = _row_height(_TITLE_SIZE)
    if node.activation:
        widths.append(measure(node.activation, False))
        height += _row_height(_TEXT_SIZE)
    node.cell_widths = [measure(text, False) + 2 * _PAD_X for text in node.cells]
    if node.cells:
        widths.append(sum(node.cell_widths) - 2 * _PAD_X)
        height += _row_height(_TEXT_SIZE)
    node.width = max(widths) + 2 * _PAD_X
    node.height = height


def _side_point(node, rankdir, shift=0.0):
    """A point on the side of a box that faces along the rows (the right side for "TB"),
    ``shift`` points from its middle; arrows against the levels attach there."""
    if rankdir in ("TB", "BT"):
        return (node.x + node.width / 2, node.y + shift)
    return (node.x + shift, node.y - node.height / 2)


# Finding the graph.

def _check_model(model):
    from ..models.model import Model
    from ..models.sequential import Sequential

    if not isinstance(model, Model):
        raise TypeError(
            f"plot_model expects a kerasedu Model (Sequential, functional, or a Model "
            f"subclass). Received: {model!r} (of type {type(model).__name__}).")
    unbuilt = (not model.built) or (isinstance(model, Sequential) and model.outputs is None
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
    from ..layer_machinery import nest

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
        from ..models.functional import Functional
        from ..models.sequential import Sequential

        if isinstance(model, Sequential):
            calls = {}
            for tensor in (model._graph or [])[1:]:
                layer, node_index, _ = tensor._keras_history
                calls[id(layer)] = [layer._inbound_nodes[node_index]]
            layers = model.layers
            for layer in layers:
                self.add_layer(layer, calls.get(id(layer), []), prefix, cluster)
            for before, after in zip(layers, layers[1:]):
                self.add_edge(self.source(before, 0), self.destination(after, 0))
        elif isinstance(model, Functional):
            calls, layers = {}, []
            for node in model._nodes:
                if id(node.layer) not in calls:
                    calls[id(node.layer)] = []
                    layers.append(node.layer)
                calls[id(node.layer)].append(node)
            for layer in layers:
                self.add_layer(layer, calls[id(layer)], prefix, cluster)
            for node in model._nodes:
                for input_index, tensor in enumerate(node.input_tensors):
                    parent, _, output_index = tensor._keras_history
                    self.add_edge(self.source(parent, output_index),
                                  self.destination(node.layer, input_index))
        else:
            self.add_layer(model, [], prefix, cluster)

    def _expands(self, layer):
        from ..models.functional import Functional
        from ..models.sequential import Sequential

        return self.options["expand_nested"] and isinstance(layer, (Functional, Sequential))

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
        from ..layer_machinery.input_layer import InputLayer

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
        while self._expands(layer):
            tensor = layer.outputs[min(output_index, len(layer.outputs) - 1)]
            layer, _, output_index = tensor._keras_history
        return self._key_of.get(id(layer))

    def destination(self, layer, input_index):
        from ..models.functional import Functional

        while self._expands(layer):
            if isinstance(layer, Functional):
                tensor = layer.inputs[min(input_index, len(layer.inputs) - 1)]
                layer = tensor._keras_history[0]
            else:
                layer, input_index = layer.layers[0], 0
        return self._key_of.get(id(layer))

    def add_edge(self, source, target):
        if source is None or target is None or (source, target) in self._edge_pairs:
            return
        self._edge_pairs.add((source, target))
        self.edges.append(GraphEdge(source, target))


def model_graph(model, show_shapes=False, show_dtype=False, show_layer_names=True,
                rankdir="TB", expand_nested=False, show_layer_activations=False,
                show_trainable=False):
    """The boxes, arrows, levels and row order that ``plot_model`` draws (no matplotlib).

    Takes the same display options as ``plot_model``. Returns a :class:`ModelGraph`; its
    ``nodes`` carry their labels, ``level`` and ``order``, and ``edge_list`` the arrows as
    ``(source, target)`` pairs of keys. Coordinates are filled in by ``ModelGraph.layout``.
    """
    if rankdir not in _RANKDIRS:
        raise ValueError(
            f"`rankdir` must be one of {', '.join(map(repr, _RANKDIRS))} (\"TB\" top to "
            f"bottom, \"LR\" left to right). Received: rankdir={rankdir!r}.")
    _check_model(model)
    builder = _GraphBuilder({
        "show_shapes": show_shapes, "show_dtype": show_dtype,
        "show_layer_names": show_layer_names, "expand_nested": expand_nested,
        "show_layer_activations": show_layer_activations, "show_trainable": show_trainable})
    builder.add_model(model)
    graph = ModelGraph(builder.nodes, builder.edges, rankdir, builder.clusters)
    graph._assign_levels()
    graph._order_rows()
    return graph


# Drawing.

def _text_measurer():
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    renderer = RendererAgg(10, 10, 72)
    fonts = {True: FontProperties(size=_TITLE_SIZE, weight="bold"),
             False: FontProperties(size=_TEXT_SIZE)}
    cache = {}

    def measure(text, bold):
        if (text, bold) not in cache:
            width, _, _ = renderer.get_text_width_height_descent(text, fonts[bold], ismath=False)
            cache[text, bold] = width
        return cache[text, bold]

    return measure


def _draw_node(ax, node):
    from matplotlib.patches import Rectangle
    from ..layer_machinery.input_layer import InputLayer

    left, top = node.x - node.width / 2, node.y + node.height / 2
    title_height = _row_height(_TITLE_SIZE)
    fill = _COLORS["input_title"] if isinstance(node.layer, InputLayer) else _COLORS["title"]
    ax.add_patch(Rectangle((left, top - title_height), node.width, title_height,
                           facecolor=fill, edgecolor=_COLORS["border"], linewidth=1.0, zorder=2))
    ax.text(node.x, top - title_height / 2, node.title, ha="center", va="center",
            fontsize=_TITLE_SIZE, fontweight="bold", color=_COLORS["title_text"],
            parse_math=False, zorder=3)
    top -= title_height
    row = _row_height(_TEXT_SIZE)
    if node.activation:
        ax.add_patch(Rectangle((left, top - row), node.width, row, facecolor=_COLORS["cell"],
                               edgecolor=_COLORS["border"], linewidth=1.0, zorder=2))
        ax.text(node.x, top - row / 2, node.activation, ha="center", va="center",
                fontsize=_TEXT_SIZE, color=_COLORS["cell_text"], parse_math=False, zorder=3)
        top -= row
    if node.cells:
        extra = (node.width - sum(node.cell_widths)) / len(node.cells)
        cursor = left
        for text, width in zip(node.cells, node.cell_widths):
            width += extra
            fill = _COLORS.get(text, _COLORS["cell"])
            color = "white" if text in ("Trainable", "Non-trainable") else _COLORS["cell_text"]
            ax.add_patch(Rectangle((cursor, top - row), width, row, facecolor=fill,
                                   edgecolor=_COLORS["border"], linewidth=1.0, zorder=2))
            ax.text(cursor + width / 2, top - row / 2, text, ha="center", va="center",
                    fontsize=_TEXT_SIZE, color=color, parse_math=False, zorder=3)
            cursor += width


def _draw_edge(ax, edge):
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path

    style = dict(arrowstyle="-|>,head_length=0.7,head_width=0.35", mutation_scale=10,
                 color=_COLORS["arrow"], linewidth=1.3, shrinkA=0, shrinkB=0, zorder=1)
    if edge.backward:
        arrow = FancyArrowPatch(edge.points[0], edge.points[-1],
                                connectionstyle=f"arc3,rad={edge.bend}", **style)
    else:
        codes = [Path.MOVETO] + [Path.LINETO] * (len(edge.points) - 1)
        arrow = FancyArrowPatch(path=Path(edge.points, codes), **style)
    ax.add_patch(arrow)


def _draw_cluster(ax, name, box):
    from matplotlib.patches import FancyBboxPatch

    xmin, xmax, ymin, ymax = box
    ax.add_patch(FancyBboxPatch((xmin, ymin), xmax - xmin, ymax - ymin,
                                boxstyle="round,pad=0,rounding_size=6", fill=False,
                                linestyle="--", edgecolor=_COLORS["cluster"], linewidth=1.0,
                                zorder=0))
    ax.text(xmin + 4, ymax + 3, name, ha="left", va="bottom", fontsize=_TEXT_SIZE,
            color=_COLORS["cluster"], style="italic", parse_math=False, zorder=3)


def draw_graph(graph, dpi=100):
    """Lay out ``graph`` (a :class:`ModelGraph`) and draw it on a new Figure."""
    graph.layout(_text_measurer())
    xmin, xmax, ymin, ymax = graph.bounds()
    graph.width, graph.height = xmax - xmin, ymax - ymin
    figure = _figures.new_figure((graph.width / 72, graph.height / 72), dpi=dpi)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_axis_off()
    for name, box in graph.cluster_boxes().items():
        _draw_cluster(ax, name.rsplit("/", 1)[-1], box)
    for edge in graph.edges:
        _draw_edge(ax, edge)
    for node in graph.nodes:
        _draw_node(ax, node)
    figure.model_graph = graph
    return figure


def plot_model(model, to_file=None, show_shapes=False, show_dtype=False, show_layer_names=True,
               rankdir="TB", expand_nested=False, dpi=100, show_layer_activations=False,
               show_trainable=False, **kwargs):
    """Draw the layer graph of ``model`` with matplotlib and return the Figure.

    Args:
        model: a built Sequential, functional or subclassed model (a subclassed model is one
            box, as in Keras, since its graph is only known to its ``call``).
        to_file: where to save the picture; the extension picks the format (``.png``,
            ``.svg``, ``.pdf``, ...; PNG when there is none). None saves nothing.
        show_shapes: add each layer's input and output shapes, ``(None, 4)`` style.
        show_dtype: add each layer's output dtype.
        show_layer_names: title boxes ``name (ClassName)`` rather than ``ClassName``.
        rankdir: ``"TB"`` draws top to bottom, ``"LR"`` left to right (also ``"BT"``,
            ``"RL"``).
        expand_nested: draw the layers inside nested models, framed by a dashed box, instead
            of one box per nested model.
        dpi: resolution of the figure and of the saved image.
        show_layer_activations: add a layer's activation (for layers that have one).
        show_trainable: mark layers with weights as Trainable or Non-trainable.
        splines: accepted for compatibility with Keras (Graphviz's edge style); arrows here
            are always straight segments.

    Returns:
        A matplotlib ``Figure`` (it displays itself in Jupyter). Its ``model_graph``
        attribute is the laid-out :class:`ModelGraph`.
    """
    kwargs.pop("splines", None)
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments passed to plot_model: {kwargs}")
    graph = model_graph(model, show_shapes=show_shapes, show_dtype=show_dtype,
                        show_layer_names=show_layer_names, rankdir=rankdir,
                        expand_nested=expand_nested,
                        show_layer_activations=show_layer_activations,
                        show_trainable=show_trainable)
    figure = draw_graph(graph, dpi=dpi)
    if to_file is not None:
        _figures.save_figure_atomically(figure, to_file, dpi=dpi)
    return figure
