"""Drawing a model's layer graph with matplotlib: ``plot_model`` and the graph behind it.

Keras's ``plot_model`` needs Graphviz; this one draws with matplotlib alone, in steps that can
be looked at separately, one module each (the steps of a layered, "Sugiyama" drawing):

1. :mod:`.graph` finds the graph: one *node* (a box) per layer, labelled as Keras labels it,
   and one *edge* (an arrow) from each layer to each layer that uses its output
   (``model_graph`` returns it, with the results of step 2, without drawing anything);
2. :mod:`.rows` gives every box a *level*, the length of the longest path from an input to it,
   so that every arrow points one way, and orders each level's boxes to cross few arrows;
3. :mod:`.placement` sizes the boxes, places them row by row and routes the arrows;
4. :mod:`.drawing` draws them on a matplotlib Figure; ``plot_model`` does all of it and saves
   the picture as PNG, SVG or PDF when asked.
"""

from .drawing import draw_graph, plot_model
from .graph import GraphEdge, GraphNode, ModelGraph, model_graph

__all__ = ["GraphEdge", "GraphNode", "ModelGraph", "draw_graph", "model_graph", "plot_model"]
