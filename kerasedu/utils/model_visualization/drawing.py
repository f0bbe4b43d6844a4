"""Drawing a laid-out graph with matplotlib, and ``plot_model``, which does every step.

matplotlib is imported inside the functions that draw, so that importing kerasedu stays fast;
the figure is made without pyplot (see :mod:`kerasedu.utils._figures`).
"""

from ...layer_machinery.input_layer import InputLayer
from .. import _figures
from .graph import model_graph
from .placement import TEXT_SIZE, TITLE_SIZE, row_height

_COLORS = {
    "title": "#20262e", "input_title": "#2d4a63", "title_text": "white", "border": "#20262e",
    "cell": "white", "cell_text": "#111111", "Trainable": "#228b22",
    "Non-trainable": "#b22222", "arrow": "#3b4652", "cluster": "#6b7280",
}


def _text_measurer():
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    renderer = RendererAgg(10, 10, 72)
    fonts = {True: FontProperties(size=TITLE_SIZE, weight="bold"),
             False: FontProperties(size=TEXT_SIZE)}
    cache = {}

    def measure(text, bold):
        if (text, bold) not in cache:
            width, _, _ = renderer.get_text_width_height_descent(text, fonts[bold], ismath=False)
            cache[text, bold] = width
        return cache[text, bold]

    return measure


def _draw_node(ax, node):
    from matplotlib.patches import Rectangle

    left, top = node.x - node.width / 2, node.y + node.height / 2
    title_height = row_height(TITLE_SIZE)
    fill = _COLORS["input_title"] if isinstance(node.layer, InputLayer) else _COLORS["title"]
    ax.add_patch(Rectangle((left, top - title_height), node.width, title_height,
                           facecolor=fill, edgecolor=_COLORS["border"], linewidth=1.0, zorder=2))
    ax.text(node.x, top - title_height / 2, node.title, ha="center", va="center",
            fontsize=TITLE_SIZE, fontweight="bold", color=_COLORS["title_text"],
            parse_math=False, zorder=3)
    top -= title_height
    row = row_height(TEXT_SIZE)
    if node.activation:
        ax.add_patch(Rectangle((left, top - row), node.width, row, facecolor=_COLORS["cell"],
                               edgecolor=_COLORS["border"], linewidth=1.0, zorder=2))
        ax.text(node.x, top - row / 2, node.activation, ha="center", va="center",
                fontsize=TEXT_SIZE, color=_COLORS["cell_text"], parse_math=False, zorder=3)
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
                    fontsize=TEXT_SIZE, color=color, parse_math=False, zorder=3)
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
    ax.text(xmin + 4, ymax + 3, name, ha="left", va="bottom", fontsize=TEXT_SIZE,
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
