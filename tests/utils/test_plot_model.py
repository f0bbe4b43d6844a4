"""plot_model: the graph it finds (nodes, labels, edges, levels, order), the layout it draws,
and the files it writes."""

import os
import subprocess
import sys

import numpy as np
import pytest

from kerasedu.backend import ops
from kerasedu.engine import Model, Sequential
from kerasedu.layers import Dense, Dropout, Input, Lambda
from kerasedu.utils import model_graph, plot_model

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def sequential_model():
    return Sequential([Input(shape=(4,)), Dense(8, activation="relu", name="hidden"),
                       Dropout(0.5, name="drop"), Dense(3, activation="softmax", name="out")],
                      name="mlp")


def two_in_three_out_model():
    """Two inputs, a concatenation, three outputs, one of them skipping the middle."""
    a = Input(shape=(4,), name="a")
    b = Input(shape=(6,), name="b")
    da = Dense(8, name="da")(a)
    db = Dense(8, name="db")(b)
    merged = Lambda(lambda t: ops.concatenate(t, axis=-1), name="concat")([da, db])
    hidden = Dense(16, activation="relu", name="hidden")(merged)
    out1 = Dense(1, name="out1")(hidden)
    out2 = Dense(3, name="out2")(merged)
    skip = Dense(2, name="skip")(a)
    return Model([a, b], [out1, out2, skip], name="two_in_three_out")


def residual_model():
    x = Input(shape=(8,), name="x")
    h = Dense(8, name="h1")(x)
    h = Dense(8, name="h2")(h)
    h = Dense(8, name="h3")(h)
    y = Lambda(lambda t: t[0] + t[1], name="add")([h, x])
    return Model(x, y, name="residual")


# The graph.

def test_sequential_graph_is_the_chain_of_its_layers():
    graph = model_graph(sequential_model())
    assert [n.key for n in graph.nodes] == ["hidden", "drop", "out"]
    assert [n.label for n in graph.nodes] == ["hidden (Dense)", "drop (Dropout)", "out (Dense)"]
    assert graph.edge_list == [("hidden", "drop"), ("drop", "out")]
    assert [n.level for n in graph.nodes] == [0, 1, 2]
    assert graph.levels == [["hidden"], ["drop"], ["out"]]


def test_sequential_labels_with_shapes_dtype_activation_trainable():
    model = sequential_model()
    model.get_layer("out").trainable = False
    graph = model_graph(model, show_shapes=True, show_dtype=True,
                        show_layer_activations=True, show_trainable=True)
    assert graph.node("hidden").label == (
        "hidden (Dense)\nActivation: relu\nInput shape: (None, 4)\nOutput shape: (None, 8)\n"
        "Output dtype: float32\nTrainable")
    assert graph.node("drop").label == (
        "drop (Dropout)\nInput shape: (None, 8)\nOutput shape: (None, 8)\nOutput dtype: float32")
    assert graph.node("out").lines == [
        "out (Dense)", "Activation: softmax", "Input shape: (None, 8)",
        "Output shape: (None, 3)", "Output dtype: float32", "Non-trainable"]


def test_show_layer_names_false_shows_class_names():
    graph = model_graph(sequential_model(), show_layer_names=False)
    assert [n.title for n in graph.nodes] == ["Dense", "Dropout", "Dense"]


def test_sequential_built_by_calling_it_on_data():
    model = Sequential([Dense(2, name="d1"), Dense(1, name="d2")])
    with pytest.raises(ValueError, match="not yet been built"):
        model_graph(model)
    model(np.ones((3, 5), "float32"))
    graph = model_graph(model, show_shapes=True)
    assert graph.edge_list == [("d1", "d2")]
    # As in Keras 3, a Sequential model built from data keeps that batch size.
    assert graph.node("d1").cells == ["Input shape: (3, 5)", "Output shape: (3, 2)"]


def test_functional_multi_input_multi_output_graph():
    graph = model_graph(two_in_three_out_model(), show_shapes=True)
    assert [n.key for n in graph.nodes] == [
        "a", "da", "b", "db", "concat", "hidden", "out1", "out2", "skip"]
    assert sorted(graph.edge_list) == sorted([
        ("a", "da"), ("b", "db"), ("da", "concat"), ("db", "concat"), ("concat", "hidden"),
        ("hidden", "out1"), ("concat", "out2"), ("a", "skip")])
    levels = {n.key: n.level for n in graph.nodes}
    assert levels == {"a": 0, "b": 0, "da": 1, "db": 1, "skip": 1, "concat": 2,
                      "hidden": 3, "out2": 3, "out1": 4}
    assert graph.node("a").label == "a (InputLayer)\nOutput shape: (None, 4)"
    assert graph.node("concat").cells == ["Input shape: [(None, 8), (None, 8)]",
                                          "Output shape: (None, 16)"]
    # The order within each row crosses no arrows: skip sits between da and db.
    assert graph.levels[0] == ["a", "b"]
    assert graph.levels[1] == ["da", "skip", "db"]
    assert graph.levels[3] == ["hidden", "out2"]
    from kerasedu.utils.model_visualization.rows import crossings
    assert crossings(graph.rows, graph.down) == 0


def test_long_edges_pass_through_waypoints():
    graph = model_graph(residual_model())
    skip = [e for e in graph.edges if (e.source, e.target) == ("x", "add")][0]
    assert graph.node("x").level == 0 and graph.node("add").level == 4
    assert len(skip.waypoints) == 3          # one on each of the levels 1, 2, 3
    assert all(w in row for w, row in zip(skip.waypoints, graph.rows[1:4]))
    assert graph.levels == [["x"], ["h1"], ["h2"], ["h3"], ["add"]]
    graph = plot_model(residual_model()).model_graph
    skip = [e for e in graph.edges if (e.source, e.target) == ("x", "add")][0]
    assert len(skip.points) == 5             # start, three waypoints, end
    for point, key in zip(skip.points[1:4], ["h1", "h2", "h3"]):
        box = graph.node(key)
        # Each waypoint is level with its box and beside it, so the arrow misses the box.
        assert point[1] == pytest.approx(box.y)
        assert abs(point[0] - box.x) >= box.width / 2


def test_shared_layer_is_one_box_with_an_edge_back():
    x = Input(shape=(4,), name="x")
    shared, other = Dense(4, name="shared"), Dense(4, name="other")
    y = shared(other(shared(x)))
    graph = model_graph(Model(x, y), show_shapes=True)
    assert [n.key for n in graph.nodes] == ["x", "shared", "other"]
    assert graph.edge_list == [("x", "shared"), ("shared", "other"), ("other", "shared")]
    assert [e.backward for e in graph.edges] == [False, False, True]
    assert graph.node("shared").cells == ["Input shape: (None, 4)", "Output shape: (None, 4)"]


def test_nested_model_as_one_box_or_expanded():
    inner = Sequential([Dense(4, name="i1"), Dense(2, name="i2")], name="block")
    x = Input(shape=(3,), name="x")
    y = Dense(5, name="before")(x)
    z = Dense(1, name="after")(inner(y))
    model = Model(x, z)
    graph = model_graph(model)
    assert [n.key for n in graph.nodes] == ["x", "before", "block", "after"]
    assert graph.edge_list == [("x", "before"), ("before", "block"), ("block", "after")]
    expanded = model_graph(model, expand_nested=True, show_shapes=True)
    assert [n.key for n in expanded.nodes] == ["x", "before", "block/i1", "block/i2", "after"]
    assert sorted(expanded.edge_list) == sorted([
        ("x", "before"), ("before", "block/i1"), ("block/i1", "block/i2"),
        ("block/i2", "after")])
    assert expanded.clusters == {"block": ["block/i1", "block/i2"]}
    assert expanded.node("block/i1").cells == ["Input shape: (None, 5)",
                                               "Output shape: (None, 4)"]
    assert [n.level for n in expanded.nodes] == [0, 1, 2, 3, 4]


def test_nested_functional_expands_to_its_input_layer():
    u = Input(shape=(2,), name="u")
    inner = Model(u, Dense(2, name="inner_dense")(u), name="inner")
    x = Input(shape=(2,), name="x")
    model = Model(x, inner(x))
    graph = model_graph(model, expand_nested=True)
    assert [n.key for n in graph.nodes] == ["x", "inner/u", "inner/inner_dense"]
    assert sorted(graph.edge_list) == [("inner/u", "inner/inner_dense"), ("x", "inner/u")]


def test_subclassed_model_is_one_box():
    class Tiny(Model):
        def __init__(self):
            super().__init__(name="tiny")
            self.dense = Dense(2)

        def call(self, inputs):
            return self.dense(inputs)

    model = Tiny()
    model(np.ones((1, 3), "float32"))
    graph = model_graph(model)
    assert [n.label for n in graph.nodes] == ["tiny (Tiny)"] and graph.edges == []


def test_argument_errors():
    with pytest.raises(ValueError, match="rankdir"):
        model_graph(sequential_model(), rankdir="UP")
    with pytest.raises(TypeError, match="expects a kerasedu Model"):
        model_graph(Dense(3))
    with pytest.raises(ValueError, match="Unrecognized keyword"):
        plot_model(sequential_model(), colour="red")


# The layout.

def boxes_overlap(a, b):
    return (abs(a.x - b.x) < (a.width + b.width) / 2
            and abs(a.y - b.y) < (a.height + b.height) / 2)


@pytest.mark.parametrize("rankdir", ["TB", "LR", "BT", "RL"])
def test_layout_directions_and_no_overlaps(rankdir):
    figure = plot_model(two_in_three_out_model(), show_shapes=True, rankdir=rankdir)
    graph = figure.model_graph
    nodes = graph.nodes
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            assert not boxes_overlap(a, b), (a.key, b.key)
    for edge in graph.edges:
        source, target = graph.node(edge.source), graph.node(edge.target)
        (x0, y0), (x1, y1) = edge.points[0], edge.points[-1]
        step = {"TB": y0 - y1, "BT": y1 - y0, "LR": x1 - x0, "RL": x0 - x1}[rankdir]
        assert step > 0, edge          # every arrow points along the levels
        # The arrow starts on the source box's border and ends on the target's.
        assert abs(abs(y0 - source.y) - source.height / 2) < 1e-6 or \
            abs(abs(x0 - source.x) - source.width / 2) < 1e-6
        assert abs(abs(y1 - target.y) - target.height / 2) < 1e-6 or \
            abs(abs(x1 - target.x) - target.width / 2) < 1e-6
    rows = [sorted(graph.node(k).x if rankdir in ("TB", "BT") else -graph.node(k).y
                   for k in level) for level in graph.levels]
    assert all(len(row) == len(set(row)) for row in rows)


def test_boxes_fit_their_text():
    figure = plot_model(sequential_model(), show_shapes=True)
    renderer = figure.canvas.get_renderer()
    ax = figure.axes[0]
    graph = figure.model_graph
    for text in ax.texts:
        extent = text.get_window_extent(renderer).transformed(ax.transData.inverted())
        containing = [n for n in graph.nodes
                      if n.x - n.width / 2 <= extent.x0 and extent.x1 <= n.x + n.width / 2
                      and n.y - n.height / 2 <= extent.y0 and extent.y1 <= n.y + n.height / 2]
        assert len(containing) == 1, text.get_text()


def test_chain_is_drawn_in_one_straight_column():
    graph = plot_model(sequential_model()).model_graph
    assert len({round(n.x, 6) for n in graph.nodes}) == 1
    ys = [n.y for n in graph.nodes]
    assert ys == sorted(ys, reverse=True)


# Files and figures.

def test_returns_a_figure_and_writes_a_png(tmp_path):
    from matplotlib.figure import Figure
    import matplotlib.image

    path = tmp_path / "model.png"
    figure = plot_model(two_in_three_out_model(), to_file=str(path), show_shapes=True, dpi=80)
    assert isinstance(figure, Figure)
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    image = matplotlib.image.imread(str(path))
    width_in, height_in = figure.get_size_inches()
    assert abs(image.shape[0] - height_in * 80) <= 1 and abs(image.shape[1] - width_in * 80) <= 1
    assert image.shape[0] > 200 and image.shape[1] > 400
    assert figure._repr_png_().startswith(PNG_SIGNATURE)
    assert [p.name for p in tmp_path.iterdir()] == ["model.png"]


@pytest.mark.parametrize("name, start", [("m.svg", b"<?xml"), ("m.pdf", b"%PDF"),
                                         ("m", PNG_SIGNATURE)])
def test_format_follows_the_extension(tmp_path, name, start):
    plot_model(sequential_model(), to_file=tmp_path / name)
    assert (tmp_path / name).read_bytes().startswith(start)
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_unknown_extension_and_missing_directory(tmp_path):
    with pytest.raises(ValueError, match=r"'\.xyz'"):
        plot_model(sequential_model(), to_file=tmp_path / "m.xyz")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        plot_model(sequential_model(), to_file=tmp_path / "missing" / "m.png")
    assert list(tmp_path.iterdir()) == []


def test_failed_save_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    path = tmp_path / "m.png"
    path.write_bytes(b"old picture")

    def broken_savefig(self, *args, **kwargs):
        with open(args[0], "wb") as handle:
            handle.write(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(Figure, "savefig", broken_savefig)
    with pytest.raises(OSError, match="disk full"):
        plot_model(sequential_model(), to_file=path)
    assert path.read_bytes() == b"old picture"
    assert [p.name for p in tmp_path.iterdir()] == ["m.png"]


def test_saved_file_replaces_an_existing_one_with_normal_permissions(tmp_path):
    path = tmp_path / "m.png"
    path.write_bytes(b"old")
    plot_model(sequential_model(), to_file=path)
    assert path.read_bytes().startswith(PNG_SIGNATURE)
    mask = os.umask(0o022)
    os.umask(mask)
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~mask


def test_matplotlib_is_imported_lazily_and_pyplot_never():
    code = (
        "import sys\n"
        "import kerasedu, kerasedu.utils\n"
        "assert 'matplotlib' not in sys.modules, 'imported at import time'\n"
        "from kerasedu.engine import Sequential\n"
        "from kerasedu.layers import Dense, Input\n"
        "from kerasedu.utils import plot_model, plot_history\n"
        "plot_model(Sequential([Input(shape=(2,)), Dense(1)]))\n"
        "plot_history({'loss': [1.0, 0.5]})\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
        "print('ok')\n")
    env = dict(os.environ, MPLBACKEND="")
    env.pop("MPLBACKEND")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=os.path.dirname(os.path.dirname(os.path.dirname(
                                os.path.abspath(__file__)))))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n" and result.stderr == ""
