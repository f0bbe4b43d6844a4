"""Figures that work without a display and show themselves in Jupyter.

matplotlib is imported here, inside functions, so that ``import kerasedu`` stays fast. The
figures are made with ``matplotlib.figure.Figure`` and an Agg canvas, never through pyplot, so
the user's pyplot backend and pyplot's list of open figures are left alone. In a notebook, a
returned figure shows as a PNG image through its ``_repr_png_`` method.
"""

import functools
import io
import os
import tempfile


@functools.lru_cache(maxsize=None)
def _figure_class():
    from matplotlib.figure import Figure

    class DisplayFigure(Figure):
        """A matplotlib Figure that Jupyter displays as a PNG."""

        def _repr_png_(self):
            buffer = io.BytesIO()
            self.savefig(buffer, format="png")
            return buffer.getvalue()

    return DisplayFigure


def new_figure(figsize, dpi=100, layout=None):
    """A headless Figure of ``figsize`` inches with an Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = _figure_class()(figsize=figsize, dpi=dpi, layout=layout)
    FigureCanvasAgg(figure)
    return figure


def save_figure_atomically(figure, path, dpi=None, **savefig_kwargs):
    """Save ``figure`` to ``path``, in the format its extension names (PNG without one).

    The picture is written to a temporary file in the same directory and then renamed over
    ``path`` (``os.replace``), so a reader never sees a half-written file and an error leaves
    any previous file untouched.
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    extension = os.path.splitext(path)[1].lower().lstrip(".")
    image_format = extension or "png"
    supported = figure.canvas.get_supported_filetypes()
    if image_format not in supported:
        raise ValueError(
            f"Cannot save a figure as '.{image_format}' (file {path!r}). Use one of the "
            f"extensions {', '.join('.' + name for name in sorted(supported))}, for example "
            f"'.png', '.svg' or '.pdf'.")
    if not os.path.isdir(directory):
        raise FileNotFoundError(
            f"Cannot save the figure to {path!r}: the directory {directory!r} does not exist. "
            f"Create it first (os.makedirs(..., exist_ok=True)).")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-",
                                         suffix="." + image_format)
    os.close(handle)
    try:
        os.chmod(temporary, 0o666 & ~_current_umask())
        figure.savefig(temporary, format=image_format, dpi=dpi or figure.dpi, **savefig_kwargs)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    return path


def _current_umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
