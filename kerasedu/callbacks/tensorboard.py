"""TensorBoard: write the losses and metrics of training as TensorBoard event files.

    tensorboard = callbacks.TensorBoard(log_dir="logs")
    model.fit(x, y, validation_split=0.2, epochs=10, callbacks=[tensorboard])
    # then, in a terminal:   tensorboard --logdir logs

As Keras does, training values go to ``log_dir/train`` and validation values to
``log_dir/validation``, under the same tags so that TensorBoard draws them on one chart:

* ``epoch_<name>`` at the end of every epoch (``epoch_loss``, ``epoch_accuracy``, and
  ``epoch_learning_rate``), at step = epoch;
* ``batch_<name>`` every ``update_freq`` batches when ``update_freq`` is ``"batch"`` or a
  number, at step = the number of batches trained so far;
* ``evaluation_<name>_vs_iterations`` after every evaluation, at step = the optimizer's step
  count;
* with ``histogram_freq=n``, a histogram of every weight every n epochs (tag: the weight's
  path, ``dense/kernel``).

kerasedu writes the files with the ``tensorboard`` package (``pip install tensorboard``), which
is also what shows them; without it, the callback says so when it is made. It writes no model
graph (``write_graph``, which Keras writes only on its TensorFlow backend), no weight images
and no embeddings: those need TensorFlow.
"""

import os
import time

import numpy as np

from .callback import Callback

_NEEDS_TENSORFLOW = {
    "write_images": False, "write_steps_per_second": False, "profile_batch": 0,
    "embeddings_freq": 0, "embeddings_metadata": None,
}


def _event_writer_classes():
    try:
        from tensorboard.compat.proto.event_pb2 import Event
        from tensorboard.compat.proto.summary_pb2 import HistogramProto, Summary
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
    except ImportError as error:
        raise ImportError(
            "kerasedu writes TensorBoard logs with the `tensorboard` package, which is not "
            "installed. Install it with `pip install tensorboard` (you need it anyway to view "
            "the logs), or record training without it: fit() returns a History "
            "(history.history['loss']), kerasedu.utils.plot_history(history) draws it, and "
            "callbacks.CSVLogger('training.csv') writes it to a file.") from error
    return Event, Summary, HistogramProto, EventFileWriter


class TensorBoard(Callback):
    """Write scalar summaries (and optionally weight histograms) for TensorBoard.

    Args:
        log_dir: the folder of the logs; ``train`` and ``validation`` folders go inside it.
        histogram_freq: write a histogram of every weight every this many epochs (0: never).
        write_graph: accepted for Keras's sake; kerasedu writes no graph.
        update_freq: ``"epoch"`` (default), ``"batch"``, or a number of batches between two
            batch-level writes.
    """

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0,
                 embeddings_freq=0, embeddings_metadata=None):
        super().__init__()
        (self._Event, self._Summary, self._Histogram,
         self._EventFileWriter) = _event_writer_classes()
        given = {"write_images": write_images, "write_steps_per_second": write_steps_per_second,
                 "profile_batch": profile_batch, "embeddings_freq": embeddings_freq,
                 "embeddings_metadata": embeddings_metadata}
        unsupported = {k: v for k, v in given.items() if v != _NEEDS_TENSORFLOW[k]}
        if unsupported:
            raise ValueError(
                f"TensorBoard: kerasedu writes losses, metrics, the learning rate and weight "
                f"histograms, but not {sorted(unsupported)}, which need TensorFlow. Leave "
                f"them at their defaults.")
        if update_freq != "epoch" and update_freq != "batch" and \
                not (isinstance(update_freq, int) and update_freq > 0):
            raise ValueError(
                f"TensorBoard: update_freq must be 'epoch', 'batch' or a positive number of "
                f"batches; received {update_freq!r}.")
        if not isinstance(histogram_freq, int) or histogram_freq < 0:
            raise ValueError(
                f"TensorBoard: histogram_freq must be a number of epochs (0 for none); "
                f"received {histogram_freq!r}.")
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self._writers = {}
        self._batches_seen = 0

    # ------------------------------------------------------------------ writing

    def _writer(self, kind):
        if kind not in self._writers:
            folder = os.path.join(self.log_dir, kind)
            os.makedirs(folder, exist_ok=True)
            self._writers[kind] = self._EventFileWriter(folder)
        return self._writers[kind]

    def _write(self, kind, values, step):
        """Write {tag: number or Summary.Value} as one event at ``step``."""
        entries = [value if isinstance(value, self._Summary.Value)
                   else self._Summary.Value(tag=tag, simple_value=float(value))
                   for tag, value in values.items()]
        if entries:
            event = self._Event(wall_time=time.time(), step=int(step),
                                summary=self._Summary(value=entries))
            self._writer(kind).add_event(event)

    def _histogram(self, tag, values):
        values = np.asarray(values, dtype="float64").ravel()
        counts, edges = np.histogram(values, bins=min(30, max(1, values.size)))
        proto = self._Histogram(min=float(values.min()), max=float(values.max()),
                                num=float(values.size), sum=float(values.sum()),
                                sum_squares=float(np.square(values).sum()),
                                bucket_limit=[float(e) for e in edges[1:]],
                                bucket=[float(c) for c in counts])
        return self._Summary.Value(tag=tag, histo=proto)

    def _flush(self):
        for writer in self._writers.values():
            writer.flush()

    # ------------------------------------------------------------------ hooks

    def _train_step(self):
        optimizer = getattr(self.model, "optimizer", None)
        iterations = getattr(optimizer, "iterations", None)
        return int(np.asarray(getattr(iterations, "value", iterations))) \
            if iterations is not None else self._batches_seen

    def on_train_begin(self, logs=None):
        self._batches_seen = 0

    def on_train_batch_end(self, batch, logs=None):
        self._batches_seen += 1
        if self.update_freq != "epoch" and self._batches_seen % self.update_freq == 0:
            self._write("train", {f"batch_{k}": v for k, v in (logs or {}).items()
                                  if _is_number(v)}, self._batches_seen)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        train = {f"epoch_{k}": v for k, v in logs.items()
                 if not k.startswith("val_") and _is_number(v)}
        learning_rate = _learning_rate(self.model)
        if learning_rate is not None:
            train["epoch_learning_rate"] = learning_rate
        self._write("train", train, epoch)
        validation = {f"epoch_{k[4:]}": v for k, v in logs.items()
                      if k.startswith("val_") and _is_number(v)}
        self._write("validation", validation, epoch)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._write("train", {w.path: self._histogram(w.path, w.numpy())
                                  for w in self.model.weights if np.size(w.numpy())}, epoch)
        self._flush()

    def on_test_end(self, logs=None):
        self._write("validation", {f"evaluation_{k}_vs_iterations": v
                                   for k, v in (logs or {}).items() if _is_number(v)},
                    self._train_step())
        self._flush()

    def on_train_end(self, logs=None):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}


def _is_number(value):
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _learning_rate(model):
    optimizer = getattr(model, "optimizer", None)
    rate = getattr(optimizer, "learning_rate", None)
    if rate is None:
        return None
    try:
        return float(np.asarray(getattr(rate, "value", rate)))
    except (TypeError, ValueError):
        return None
