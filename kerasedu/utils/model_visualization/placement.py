"""Where everything goes: box sizes, box centres and arrow routes, in points (1/72 inch).

Rows (see :mod:`.rows`) are stacked ``ROW_GAP`` apart, each as thick as its thickest box; the
items of a row are centred with at least ``ITEM_GAP`` between boxes, then pulled towards the
mean position of their neighbours in the row before, on three passes (down, up, down again).
Rows run from top to bottom for ``rankdir="TB"``; "BT", "LR" and "RL" turn the picture.

An arrow leaves the side of its box that faces the next row and enters its target the same
way, passing through its waypoints; several arrows on one side of a box are spread along it
in the order of where they go, so that they do not cross there. An arrow that points
backwards is an arc beside the boxes.
"""

TITLE_SIZE = 10        # font sizes, in points
TEXT_SIZE = 9
PAD_X = 8
PAD_Y = 5
ROW_GAP = 40           # between two levels, where the arrows run
ITEM_GAP = 28          # between two boxes of one level
WAYPOINT_SIZE = 10     # the room a passing arrow takes in a level
MARGIN = 14
CLUSTER_PAD = 10


def row_height(size):
    """The height of one line of text of font ``size`` in a box, padding included."""
    return size * 1.25 + 2 * PAD_Y


def place(graph, measure):
    """Give every box of ``graph`` a size and a centre, and every arrow its route.

    ``measure(text, bold)`` returns the width of ``text`` in points.
    """
    for node in graph.nodes:
        _size_box(node, measure)
    vertical = graph.rankdir in ("TB", "BT")
    extent = {}      # key -> (size along the row, size across the row)
    for row in graph.rows:
        for key in row:
            if not graph.has_node(key):
                extent[key] = (WAYPOINT_SIZE, 0)
                continue
            node = graph.node(key)
            extent[key] = (node.width, node.height) if vertical else (node.height, node.width)
    along, rank_of = {}, {}
    rank_position = 0.0
    for row in graph.rows:
        thickness = max((extent[key][1] for key in row), default=0)
        total = sum(extent[key][0] for key in row) + ITEM_GAP * max(len(row) - 1, 0)
        cursor = -total / 2
        for key in row:
            along[key] = cursor + extent[key][0] / 2
            cursor += extent[key][0] + ITEM_GAP
            rank_of[key] = rank_position + thickness / 2
        rank_position += thickness + ROW_GAP
    for neighbours, rows in ((graph.up, graph.rows[1:]), (graph.down, graph.rows[-2::-1]),
                             (graph.up, graph.rows[1:])):
        for row in rows:
            _align_row(row, along, extent, neighbours)
    points = {key: _to_xy(along[key], rank_of[key], graph.rankdir) for key in along}
    for node in graph.nodes:
        node.x, node.y = points[node.key]
    _route_edges(graph, points)


def bounds(graph):
    """``(xmin, xmax, ymin, ymax)`` of the boxes, clusters and arrows, margin included."""
    xs, ys = [], []
    for node in graph.nodes:
        xs += [node.x - node.width / 2, node.x + node.width / 2]
        ys += [node.y - node.height / 2, node.y + node.height / 2]
    for edge in graph.edges:
        for x, y in edge.points:
            xs.append(x)
            ys.append(y)
        if edge.backward:
            xs += [x + 40 for x, _ in edge.points]
            ys += [y - 40 for _, y in edge.points]
    for box in cluster_boxes(graph).values():
        xs += [box[0], box[1]]
        ys += [box[2], box[3] + TITLE_SIZE * 1.6]
    return (min(xs) - MARGIN, max(xs) + MARGIN, min(ys) - MARGIN, max(ys) + MARGIN)


def cluster_boxes(graph):
    """Key of each expanded nested model -> ``(xmin, xmax, ymin, ymax)`` around its boxes."""
    boxes = {}
    for name, keys in graph.clusters.items():
        members = [graph.node(k) for k in keys if graph.has_node(k)]
        if not members:
            continue
        boxes[name] = (min(n.x - n.width / 2 for n in members) - CLUSTER_PAD,
                       max(n.x + n.width / 2 for n in members) + CLUSTER_PAD,
                       min(n.y - n.height / 2 for n in members) - CLUSTER_PAD,
                       max(n.y + n.height / 2 for n in members) + CLUSTER_PAD)
    return boxes


def _size_box(node, measure):
    widths = [measure(node.title, True)]
    height = row_height(TITLE_SIZE)
    if node.activation:
        widths.append(measure(node.activation, False))
        height += row_height(TEXT_SIZE)
    node.cell_widths = [measure(text, False) + 2 * PAD_X for text in node.cells]
    if node.cells:
        widths.append(sum(node.cell_widths) - 2 * PAD_X)
        height += row_height(TEXT_SIZE)
    node.width = max(widths) + 2 * PAD_X
    node.height = height


def _to_xy(along, rank, rankdir):
    """A position along a row and down the rows as (x, y), for the picture's direction."""
    if rankdir == "TB":
        return along, -rank
    if rankdir == "BT":
        return along, rank
    if rankdir == "LR":
        return rank, -along
    return -rank, -along


def _align_row(row, along, extent, neighbours):
    """Move the items of one row towards the mean position of their neighbours in the row
    before, keeping their order and at least ITEM_GAP between boxes.

    Packing from the left (each item as far left as its wish allows) and from the right give
    two placements that both respect the gaps; their average does too, and is symmetric."""
    if not row:
        return
    wish = []
    for key in row:
        places = [along[k] for k in neighbours.get(key, []) if k in along]
        wish.append(sum(places) / len(places) if places else along[key])
    gaps = [(extent[a][0] + extent[b][0]) / 2 + ITEM_GAP for a, b in zip(row, row[1:])]
    from_left = [wish[0]]
    for i in range(1, len(row)):
        from_left.append(max(wish[i], from_left[-1] + gaps[i - 1]))
    from_right = [wish[-1]]
    for i in range(len(row) - 2, -1, -1):
        from_right.insert(0, min(wish[i], from_right[0] - gaps[i]))
    for key, left, right in zip(row, from_left, from_right):
        along[key] = (left + right) / 2


def _route_edges(graph, points):
    exits, entries = {}, {}
    for edge in graph.edges:
        if edge.backward:
            continue
        after_source = points[edge.waypoints[0] if edge.waypoints else edge.target]
        before_target = points[edge.waypoints[-1] if edge.waypoints else edge.source]
        exits.setdefault(edge.source, []).append((edge, after_source))
        entries.setdefault(edge.target, []).append((edge, before_target))
    start, end = {}, {}
    for key, items in exits.items():
        for edge, spot in _spread(graph.node(key), items, graph.rankdir, leaving=True):
            start[id(edge)] = spot
    for key, items in entries.items():
        for edge, spot in _spread(graph.node(key), items, graph.rankdir, leaving=False):
            end[id(edge)] = spot
    for edge in graph.edges:
        if edge.backward:
            source, target = graph.node(edge.source), graph.node(edge.target)
            if source is target:
                edge.points = [_side_point(source, graph.rankdir, 6),
                               _side_point(source, graph.rankdir, -6)]
            else:
                edge.points = [_side_point(source, graph.rankdir),
                               _side_point(target, graph.rankdir)]
            edge.bend = _outward_bend(edge.points, graph.rankdir, source is target)
        else:
            edge.points = ([start[id(edge)]] + [points[k] for k in edge.waypoints]
                           + [end[id(edge)]])


def _spread(node, items, rankdir, leaving):
    """Attachment points of several arrows on one side of a box, in the order of where
    they come from or go to, so that they do not cross at the box."""
    vertical = rankdir in ("TB", "BT")
    items = sorted(items, key=lambda item: item[1][0] if vertical else -item[1][1])
    side = {"TB": -1, "BT": 1, "LR": 1, "RL": -1}[rankdir] * (1 if leaving else -1)
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


def _side_point(node, rankdir, shift=0.0):
    """A point on the side of a box that faces along the rows (the right side for "TB"),
    ``shift`` points from its middle; arrows against the levels attach there."""
    if rankdir in ("TB", "BT"):
        return (node.x + node.width / 2, node.y + shift)
    return (node.x + shift, node.y - node.height / 2)


def _outward_bend(points, rankdir, loop):
    """The curvature (matplotlib's ``arc3`` rad) that makes an arc between two points bulge
    away from the boxes: to the right in a top-to-bottom picture, downwards in a left-to-right
    one. arc3 moves the curve's middle by rad times (dy, -dx)."""
    (x1, y1), (x2, y2) = points
    outward = (1, 0) if rankdir in ("TB", "BT") else (0, -1)
    side = (y2 - y1) * outward[0] - (x2 - x1) * outward[1]
    return (3.0 if loop else 0.4) * (1 if side >= 0 else -1)
