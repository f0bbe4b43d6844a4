"""Learning curves: ``plot_history(model.fit(...))`` draws each metric per epoch.

One subplot per metric, the loss first. Each shows the training curve (``loss``) and, when the
history has it, the validation curve (``val_loss``), with the epochs numbered from 1 as
``fit`` prints them (``Epoch 1/10``). A validation curve far above the training curve, or
rising while the training curve falls, is the usual sign of overfitting.
"""

import math

from . import _figures


def _history_dict(history):
    if isinstance(history, dict):
        return history, None
    if hasattr(history, "history") and isinstance(history.history, dict):
        return history.history, getattr(history, "epoch", None)
    raise TypeError(
        f"plot_history expects the History object that fit() returns, or a dict such as "
        f"history.history ({{'loss': [...], 'val_loss': [...]}}). Received: {history!r} "
        f"(of type {type(history).__name__}).")


def _default_metrics(logs):
    names = []
    for key in logs:
        name = key[4:] if key.startswith("val_") else key
        if name not in names:
            names.append(name)
    if "loss" in names:
        names.remove("loss")
        names.insert(0, "loss")
    return names


def _validation_epochs(epochs, count):
    """Epoch numbers of ``count`` validation values when validation ran every k-th epoch."""
    if count == len(epochs):
        return list(epochs)
    step = max(len(epochs) // max(count, 1), 1)
    return list(epochs[step - 1::step])[:count]


def plot_history(history, metrics=None, figsize=None):
    """Plot training and validation curves, one subplot per metric.

    Args:
        history: the ``History`` returned by ``fit`` (its ``.history`` dict and ``.epoch``
            list are used), or a dict of lists such as ``{"loss": [...], "val_loss": [...]}``.
        metrics: names to plot, without the ``val_`` prefix (e.g. ``["loss", "accuracy"]``).
            None plots every metric in the history, the loss first.
        figsize: ``(width, height)`` of the whole figure in inches; None gives each subplot
            4.5 x 3.5 inches, at most three side by side.

    Returns:
        A matplotlib ``Figure`` (it displays itself in Jupyter). Each subplot is titled by
        its metric, its x axis is ``Epoch`` and its lines are labelled ``training`` and
        ``validation`` in the legend.
    """
    logs, epochs = _history_dict(history)
    if not logs:
        raise ValueError("The history is empty: there is nothing to plot. Train with fit() "
                         "first (fit returns the History to pass here).")
    if metrics is None:
        metrics = _default_metrics(logs)
    elif isinstance(metrics, str):
        metrics = [metrics]
    available = _default_metrics(logs)
    for name in metrics:
        if name not in logs and "val_" + name not in logs:
            raise ValueError(
                f"The history has no metric {name!r}. Its metrics are: {available} (each "
                f"may also have a 'val_' version).")
    length = max(len(values) for values in logs.values())
    if epochs is None or len(epochs) != length:
        epochs = range(length)
    epochs = [int(e) + 1 for e in epochs]

    columns = min(len(metrics), 3)
    rows = math.ceil(len(metrics) / columns)
    figure = _figures.new_figure(figsize or (4.5 * columns, 3.5 * rows), layout="constrained")
    from matplotlib.ticker import MaxNLocator

    for index, name in enumerate(metrics):
        ax = figure.add_subplot(rows, columns, index + 1)
        if name in logs:
            values = [float(v) for v in logs[name]]
            ax.plot(epochs[:len(values)], values, marker="o", markersize=3, label="training")
        if "val_" + name in logs:
            values = [float(v) for v in logs["val_" + name]]
            ax.plot(_validation_epochs(epochs, len(values)), values, marker="o",
                    markersize=3, label="validation")
        ax.set_title(name)
        ax.set_xlabel("Epoch")
        ax.set_ylabel(name)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(True, alpha=0.3)
        ax.legend()
    return figure
