"""Keras 2's ``keras.utils.vis_utils`` module: ``from kerasedu.utils.vis_utils import plot_model``.

kerasedu draws with matplotlib (see :mod:`kerasedu.utils.model_visualization`), so Keras 2's
Graphviz helpers (``model_to_dot``) have no counterpart.
"""

from .model_visualization import plot_model

__all__ = ["plot_model"]
