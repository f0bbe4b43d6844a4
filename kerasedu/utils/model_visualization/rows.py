"""The rows of a layered drawing: each box's level, and the order of the boxes in each row.

Level: the length of the longest path from an input to the box (inputs are level 0), so every
arrow points one way, down the rows. An arrow that points against the order in which the
layers are first used (only possible when a shared layer is used again later) is marked
``backward`` instead and drawn beside the boxes.

Order: an arrow that jumps over levels passes through a *waypoint* on each level in between,
so that every arrow joins neighbouring rows. The boxes and waypoints of each row are then
sorted by a few sweeps of the barycentre heuristic: down the rows, each item moves towards the
average position of what feeds it in the row above; up the rows, towards what it feeds in the
row below. The order with the fewest crossing arrows found is kept.
"""


def assign_levels(graph):
    """Give every node of ``graph`` its level; mark the arrows that point backwards."""
    index = {node.key: i for i, node in enumerate(graph.nodes)}
    incoming = {node.key: [] for node in graph.nodes}
    for edge in graph.edges:
        if index[edge.source] < index[edge.target]:
            incoming[edge.target].append(edge.source)
        else:
            edge.backward = True
    for node in graph.nodes:
        node.level = max((graph.node(s).level + 1 for s in incoming[node.key]), default=0)


def order_rows(graph, sweeps=8):
    """Fill ``graph.rows`` (the keys of each level's boxes and waypoints, in order),
    ``graph.up`` and ``graph.down`` (for each key, what it joins in the row above and
    below), each edge's ``waypoints`` and each node's ``order`` in its row."""
    depth = max((node.level for node in graph.nodes), default=-1) + 1
    rows = [[] for _ in range(depth)]
    rank = {}
    up, down = {}, {}
    for i, node in enumerate(graph.nodes):
        rows[node.level].append(node.key)
        rank[node.key] = float(i)
        up[node.key], down[node.key] = [], []
    for number, edge in enumerate(graph.edges):
        if edge.backward:
            continue
        source = graph.node(edge.source)
        target = graph.node(edge.target)
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

    best, best_crossings = [list(row) for row in rows], crossings(rows, down)
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
        count = crossings(rows, down)
        if count < best_crossings:
            best, best_crossings = [list(row) for row in rows], count
    graph.rows = best
    for row in graph.rows:
        order = 0
        for key in row:
            if graph.has_node(key):
                graph.node(key).order = order
                order += 1
    graph.up, graph.down = up, down


def crossings(rows, down):
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
