"""Callbacks: hooks into the training loop (History, ProgbarLogger, EarlyStopping, ...)."""

from .callback import Callback, CallbackList
from .history import History
from .progbar_logger import ProgbarLogger
