"""CSVLogger: write each epoch's logs as a row of a CSV file."""

import collections.abc
import csv
import io
import os

import numpy as np

from ..saving.file_io import write_atomically
from .callback import Callback


class CSVLogger(Callback):
    """One row per epoch: ``epoch`` (from 0) then every logged value, columns sorted by name.

    When the first epoch has no validation values, ``val_`` columns are added anyway (filled
    with ``NA`` until validation runs), so a run with ``validation_freq`` keeps one layout.

    The file is rewritten whole at the end of each epoch, through a temporary file in the same
    folder that then replaces it: a reader (or a crash) never sees half a row.

    Args:
        filename: the CSV file.
        separator: the column separator (',').
        append: keep the rows of an existing file and add to them (no second header); False
            starts a new file.
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.sep = separator
        self.filename = os.fspath(filename)
        self.append = append
        self.keys = None
        self.append_header = True
        self._text = ""

    def on_train_begin(self, logs=None):
        self._text = ""
        self.append_header = True
        if self.append and os.path.exists(self.filename):
            with open(self.filename, "r", encoding="utf-8", newline="") as f:
                self._text = f.read()
            self.append_header = not self._text.split("\n", 1)[0]
            if self._text and not self._text.endswith("\n"):
                self._text += "\n"
        self.keys = None
        self._write()

    def _write(self):
        write_atomically(self.filename, self._text.encode("utf-8"))

    @staticmethod
    def _value(value):
        if isinstance(value, str):
            return value
        if isinstance(value, np.ndarray) and value.ndim == 0:
            return value.item()
        if isinstance(value, collections.abc.Iterable):
            return f"[{', '.join(map(str, value))}]"
        return value

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        buffer = io.StringIO()
        if self.keys is None:
            self.keys = sorted(logs.keys())
            if self.keys and not any(k.startswith("val_") for k in self.keys):
                self.keys.extend([f"val_{k}" for k in self.keys])
            writer = csv.DictWriter(buffer, fieldnames=["epoch"] + self.keys,
                                    delimiter=self.sep, lineterminator="\n")
            if self.append_header:
                writer.writeheader()
        writer = csv.DictWriter(buffer, fieldnames=["epoch"] + self.keys, delimiter=self.sep,
                                lineterminator="\n")
        row = {"epoch": epoch}
        row.update((key, self._value(logs.get(key, "NA"))) for key in self.keys)
        writer.writerow(row)
        self._text += buffer.getvalue()
        self._write()

    def on_train_end(self, logs=None):
        self.keys = None
