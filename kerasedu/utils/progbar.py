"""The progress bar that ``fit`` and ``evaluate`` print, drawn as Keras 3 draws it.

    32/32 ━━━━━━━━━━━━━━━━━━━━ 1s 3ms/step - accuracy: 0.9000 - loss: 0.2000

From left to right: steps done out of the target; the bar (``width`` characters, the finished
part green); while running, the estimated time left (ETA), and once finished, the seconds
since the bar was created; the time per step (in s, ms or us); then each metric.

How a metric's value is shown:

* a *stateless* metric (every name, unless listed in ``stateful_metrics``) is averaged over the
  updates so far, each update weighted by the number of steps it covers;
* a *stateful* metric (listed in ``stateful_metrics``) is shown as last given; a training loop
  whose metrics already keep a running mean lists them there;
* the final update (``current >= target``) shows the values it is given, as they are.

Values print with 4 decimals (``0.2000``), or in scientific notation (``5.0000e-04``) when their
magnitude is at most 1e-3.

Where the text goes. Everything is written to ``sys.stdout``, never to stderr. In a terminal and
in Jupyter (inside ipykernel) the bar redraws itself in place: each update starts with
backspaces over the previous line and a carriage return (``\\b...\\b\\r``), which both a
terminal and JupyterLab's output area interpret, and ANSI codes make the counts bold and the
bar coloured. Elsewhere (output redirected to a file) each update starts on a new line.
``verbose=2`` prints a single summary line when the target is reached, and ``verbose=0``
prints nothing.
"""

import math
import os
import sys
import time

import numpy as np

_BOLD = "\x1b[1m"
_GREEN = "\x1b[32m"
_GRAY = "\x1b[37m"
_RESET = "\x1b[0m"
_BAR_CHAR = "━"


def dynamic_display_available():
    """Whether updates can redraw one line: a terminal, an IPython kernel, or PyCharm."""
    stdout = sys.stdout
    return bool((hasattr(stdout, "isatty") and stdout.isatty())
                or "ipykernel" in sys.modules
                or "PYCHARM_HOSTED" in os.environ)


def write_to_stdout(text):
    """Write ``text`` to stdout and flush, replacing ━ by = where stdout cannot encode it."""
    stream = sys.stdout
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        text = text.replace(_BAR_CHAR, "=").encode(encoding, errors="ignore").decode(encoding)
        stream.write(text)
    stream.flush()


def format_duration_per_unit(seconds, unit_name="step"):
    """`` 3ms/step``: seconds per unit in whole s (from 1 s, or exactly 0), ms, or us."""
    if seconds >= 1 or seconds == 0:
        return f" {seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f" {seconds * 1e3:.0f}ms/{unit_name}"
    return f" {seconds * 1e6:.0f}us/{unit_name}"


def format_eta(seconds):
    """Time left as ``h:mm:ss`` (over an hour), ``m:ss`` (over a minute) or ``Ns``."""
    if seconds > 3600:
        return "%d:%02d:%02d" % (seconds // 3600, (seconds % 3600) // 60, seconds % 60)
    if seconds > 60:
        return "%d:%02d" % (seconds // 60, seconds % 60)
    return "%ds" % seconds


def _plain(value):
    """A metric value as numpy understands it (kerasedu Tensors give their array)."""
    if hasattr(value, "numpy") and not isinstance(value, (np.ndarray, np.generic)):
        return value.numpy()
    return value


class Progbar:
    """A progress bar over ``target`` steps.

    Args:
        target: total number of steps, or None when unknown (then the bar shows
            ``current/Unknown``).
        width: the bar's length in characters.
        verbose: 0 silent, 1 a bar redrawn as it progresses, 2 one line at the end.
        interval: minimum number of seconds between two redraws (the final one always draws).
        stateful_metrics: names of metrics shown as given rather than averaged.
        stateless_metrics: alternatively, the only names to average; every other metric is
            then shown as given. Give at most one of the two lists.
        unit_name: what a step is called in the time per step (``"step"``, ``"sample"``).

    Call ``update(current, values)`` after each step with the number of steps done so far and
    a list of ``(name, value)`` pairs, or ``add(n, values)`` to advance by ``n`` steps.
    """

    def __init__(self, target, width=20, verbose=1, interval=0.05, stateful_metrics=None,
                 stateless_metrics=None, unit_name="step"):
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError(
                "Give at most one of `stateful_metrics` (names shown as given, every other "
                "name averaged) and `stateless_metrics` (names averaged, every other name "
                "shown as given).")
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        if stateless_metrics is not None:
            self.stateful_metrics = None
            self.stateless_metrics = set(stateless_metrics)
        else:
            self.stateful_metrics = set(stateful_metrics or ())
            self.stateless_metrics = None
        self._dynamic_display = dynamic_display_available()
        self._seen_so_far = 0
        self._values = {}            # name -> [weighted sum, total weight]
        self._values_order = []      # names in the order they first appeared
        self._start = time.time()
        self._last_update = 0
        self._time_at_epoch_start = self._start
        self._time_after_first_step = None
        self._prev_total_width = 0

    # Bookkeeping.

    def _is_averaged(self, name):
        if self.stateful_metrics is not None:
            return name not in self.stateful_metrics
        return name in self.stateless_metrics

    def _record(self, current, values, finalize):
        for name, value in values:
            value = _plain(value)
            if name not in self._values_order:
                self._values_order.append(name)
            if self._is_averaged(name) and not finalize:
                steps = max(current - self._seen_so_far, 1)
                if name in self._values:
                    self._values[name][0] += value * steps
                    self._values[name][1] += steps
                else:
                    self._values[name] = [value * steps, steps]
            else:
                self._values[name] = [value, 1]
        self._seen_so_far = current

    def _average(self, name):
        total, count = self._values[name]
        if not isinstance(total, float):
            total = np.mean(total)
        return total / max(1, count)

    def _seconds_per_step(self, current, now):
        """Mean time per step, leaving out the first step (often slow: compilation) when
        later steps are known."""
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            seconds = (now - self._time_after_first_step) / (current - 1)
        else:
            seconds = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return seconds

    # Display.

    def _counter(self, current):
        digits = int(math.log10(self.target)) + 1
        return "%*d/%d" % (digits, current, self.target)

    def _bar_line(self, current, now, seconds_per_step, finalize):
        """The text of one redraw and its printed width (escape codes not counted)."""
        hidden = 0
        if self.target is not None and self.target > 0:
            bar = f"{_BOLD}{self._counter(current)}{_RESET} "
            hidden += len(_BOLD) + len(_RESET)
            done = int(self.width * (float(current) / self.target))
            if done > 0:
                bar += f"{_GREEN}{_BAR_CHAR * done}{_RESET}"
                hidden += len(_GREEN) + len(_RESET)
            bar += f"{_GRAY}{_BAR_CHAR * (self.width - done)}{_RESET}"
            hidden += len(_GRAY) + len(_RESET)
            running = not finalize
        else:
            bar = "%7d/Unknown" % current
            running = False
        if running:
            clock = format_eta(seconds_per_step * (self.target - current))
        else:
            clock = f"{now - self._start:.0f}s"
        info = f" {_BOLD}{clock}{_RESET}"
        hidden += len(_BOLD) + len(_RESET)
        info += format_duration_per_unit(seconds_per_step, self.unit_name)
        for name in self._values_order:
            average = self._average(name)
            shown = f"{average:.4f}" if abs(average) > 1e-3 else f"{average:.4e}"
            info += f" - {name}: {shown}"
        return bar + info, len(bar) + len(info) - hidden

    def _summary_line(self, current, now, seconds_per_step):
        line = f"{self._counter(current)} - {now - self._start:.0f}s -"
        line += format_duration_per_unit(seconds_per_step, self.unit_name)
        for name in self._values_order:
            average = self._average(name)
            # As in Keras, this line uses scientific notation for every value at or below
            # 1e-3, negative values included.
            shown = f"{average:.4f}" if average > 1e-3 else f"{average:.4e}"
            line += f" - {name}: {shown}"
        return line + "\n"

    def update(self, current, values=None, finalize=None):
        """Show that ``current`` steps are done.

        Args:
            current: the number of steps done so far (the index of the step just finished,
                counting from 1).
            values: a list of ``(name, value)`` pairs for the steps since the last update.
            finalize: whether this is the last update; None means ``current >= target``.
        """
        if finalize is None:
            finalize = False if self.target is None else current >= self.target
        self._record(current, values or [], finalize)
        now = time.time()
        seconds_per_step = self._seconds_per_step(current, now)

        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            if self._dynamic_display:
                message = "\b" * self._prev_total_width + "\r"
            else:
                message = "\n"
            line, width = self._bar_line(current, now, seconds_per_step, finalize)
            message += line
            if self._prev_total_width > width:
                message += " " * (self._prev_total_width - width)
            if finalize:
                message += "\n"
            write_to_stdout(message)
            self._prev_total_width = width
        elif self.verbose == 2:
            if finalize and self.target is not None and self.target > 0:
                write_to_stdout(self._summary_line(current, now, seconds_per_step))
        self._last_update = now

    def add(self, n, values=None):
        """Advance by ``n`` steps: ``update(steps so far + n, values)``."""
        self.update(self._seen_so_far + n, values)
