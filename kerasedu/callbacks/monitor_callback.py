"""MonitorCallback: the shared logic of callbacks that watch one metric (EarlyStopping,
ModelCheckpoint, ReduceLROnPlateau).

``mode`` says which way is better: ``'min'`` (losses, errors), ``'max'`` (accuracy, AUC) or
``'auto'``, which decides from the metric: a name ending in ``loss`` is minimized, a compiled
metric that knows its direction (accuracy, AUC, precision, ...: up; errors, crossentropies:
down) follows it, and anything else is an error asking for ``mode``.

A value counts as an improvement over the best so far when it beats it by more than
``min_delta``:

    mode 'min':  current − min_delta < best          mode 'max':  current − min_delta > best

(for 'min' the sign of min_delta is flipped, so the rule reads current < best − |min_delta|).
"""

import numpy as np

from .callback import Callback

_UP = ("Accuracy", "AUC", "Precision", "Recall", "TruePositives", "TrueNegatives",
       "CosineSimilarity", "Sensitivity", "Specificity", "F1Score", "FBetaScore", "IoU", "R2")
_DOWN = ("Error", "Crossentropy", "Hinge", "Divergence", "Poisson", "FalsePositives",
         "FalseNegatives", "Loss")
_UP_FUNCTIONS = ("accuracy", "cosine_similarity")
_DOWN_FUNCTIONS = ("error", "crossentropy", "hinge", "divergence", "poisson", "huber",
                   "log_cosh")


def metric_direction(metric):
    """'up', 'down' or None for a compiled Metric object."""
    direction = getattr(metric, "_direction", None)
    if direction in ("up", "down"):
        return direction
    class_name = type(metric).__name__
    if class_name == "MeanMetricWrapper":
        fn = getattr(metric, "fn", None) or getattr(metric, "_fn", None)
        fn_name = getattr(fn, "__name__", "")
        if any(part in fn_name for part in _UP_FUNCTIONS):
            return "up"
        if any(part in fn_name for part in _DOWN_FUNCTIONS):
            return "down"
        return None
    if any(part in class_name for part in _UP):
        return "up"
    if any(part in class_name for part in _DOWN):
        return "down"
    return None


def compiled_metrics_of(model):
    """{name in the logs: Metric} for the metrics that compile() created for ``model`` (empty
    before the first batch)."""
    compiled = getattr(model, "_compile_metrics", None)
    return compiled.named_metrics() if compiled is not None else {}


def _less(a, b):
    return np.less(a, b)


def _greater(a, b):
    return np.greater(a, b)


class MonitorCallback(Callback):
    """Base class for callbacks that track the best value of ``monitor``."""

    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            raise ValueError(
                f"{type(self).__name__}: mode must be 'auto', 'min' or 'max'; received "
                f"mode={mode!r}.")
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None
        self._warned_missing = False

    def _set_monitor_op(self):
        if self.mode == "min":
            self.monitor_op = _less
        elif self.mode == "max":
            self.monitor_op = _greater
        else:
            name = self.monitor[4:] if self.monitor.startswith("val_") else self.monitor
            if name == "loss" or name.endswith("_loss"):
                self.monitor_op = _less
            for metric_name, metric in compiled_metrics_of(self.model).items():
                if metric_name == name:
                    direction = metric_direction(metric)
                    if direction == "up":
                        self.monitor_op = _greater
                    elif direction == "down":
                        self.monitor_op = _less
            if self.monitor_op is None:
                raise ValueError(
                    f"{type(self).__name__} callback received monitor={self.monitor!r}, but "
                    f"cannot tell whether that metric should be maximized or minimized. Pass "
                    f"mode='max' to keep the highest value, or mode='min' for the lowest.")
        if self.monitor_op is _less:
            self.min_delta *= -1

    def _is_improvement(self, monitor_value, reference_value):
        if reference_value is None:
            return True
        return bool(self.monitor_op(monitor_value - self.min_delta, reference_value))

    def _report_missing(self, logs, what):
        """Print (to stdout, once) that the monitored value is not in the logs."""
        if not self._warned_missing:
            self._warned_missing = True
            print(f"{type(self).__name__}: {what} is conditioned on metric `{self.monitor}`, "
                  f"which is not available. Available metrics are: "
                  f"{','.join(list((logs or {}).keys()))}", flush=True)
