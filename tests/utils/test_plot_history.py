"""plot_history: one subplot per metric, training and validation curves per epoch."""

import numpy as np
import pytest

from kerasedu.utils import plot_history

LOGS = {"accuracy": [0.5, 0.7, 0.8], "loss": [1.0, 0.6, 0.4],
        "val_accuracy": [0.45, 0.6, 0.65], "val_loss": [1.1, 0.8, 0.75]}


class FakeHistory:
    """What fit() returns: ``history`` (dict of lists) and ``epoch`` (epoch indices)."""

    def __init__(self, history, epoch):
        self.history = history
        self.epoch = epoch


def lines(ax):
    return {line.get_label(): (list(line.get_xdata()), list(line.get_ydata()))
            for line in ax.get_lines()}


def test_history_object_one_subplot_per_metric_loss_first():
    figure = plot_history(FakeHistory(LOGS, [0, 1, 2]))
    axes = figure.axes
    assert [ax.get_title() for ax in axes] == ["loss", "accuracy"]
    assert lines(axes[0]) == {"training": ([1, 2, 3], [1.0, 0.6, 0.4]),
                              "validation": ([1, 2, 3], [1.1, 0.8, 0.75])}
    assert lines(axes[1]) == {"training": ([1, 2, 3], [0.5, 0.7, 0.8]),
                              "validation": ([1, 2, 3], [0.45, 0.6, 0.65])}
    for ax, name in zip(axes, ["loss", "accuracy"]):
        assert ax.get_xlabel() == "Epoch" and ax.get_ylabel() == name
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["training",
                                                                       "validation"]


def test_epochs_follow_history_epoch_as_fit_prints_them():
    figure = plot_history(FakeHistory({"loss": [0.5, 0.25]}, [1, 2]))   # initial_epoch=1
    assert lines(figure.axes[0]) == {"training": ([2, 3], [0.5, 0.25])}


def test_plain_dict_and_metric_selection():
    figure = plot_history(LOGS, metrics=["accuracy"])
    assert [ax.get_title() for ax in figure.axes] == ["accuracy"]
    assert lines(figure.axes[0])["training"] == ([1, 2, 3], [0.5, 0.7, 0.8])
    assert [ax.get_title() for ax in plot_history(LOGS, metrics="loss").axes] == ["loss"]


def test_training_only_history_has_no_validation_line():
    figure = plot_history({"loss": np.array([3.0, 2.0, 1.0], "float32"), "mae": [2, 1, 0.5]})
    assert [ax.get_title() for ax in figure.axes] == ["loss", "mae"]
    assert list(lines(figure.axes[0])) == ["training"]
    assert [t.get_text() for t in figure.axes[0].get_legend().get_texts()] == ["training"]


def test_validation_every_other_epoch():
    figure = plot_history({"loss": [4, 3, 2, 1], "val_loss": [3.5, 1.5]})
    assert lines(figure.axes[0])["validation"] == ([2, 4], [3.5, 1.5])


def test_many_metrics_wrap_into_rows_and_figsize():
    logs = {name: [1.0, 2.0] for name in ["loss", "a", "b", "c", "d"]}
    figure = plot_history(logs)
    assert len(figure.axes) == 5
    assert tuple(figure.get_size_inches()) == (13.5, 7.0)
    assert tuple(plot_history(logs, figsize=(8, 4)).get_size_inches()) == (8, 4)


def test_errors():
    with pytest.raises(ValueError, match="no metric 'acc'.*'loss', 'accuracy'"):
        plot_history(LOGS, metrics=["acc"])
    with pytest.raises(ValueError, match="empty"):
        plot_history({})
    with pytest.raises(TypeError, match="History object"):
        plot_history([1, 2, 3])


def test_picture_is_written(tmp_path):
    figure = plot_history(LOGS)
    path = tmp_path / "history.png"
    figure.savefig(path)
    assert path.read_bytes().startswith(b"\x89PNG")
    assert figure._repr_png_().startswith(b"\x89PNG")
