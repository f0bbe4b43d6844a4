"""Keras 2's ``keras.utils.data_utils`` module: ``Sequence`` and ``get_file``."""

from ..datasets.download import get_file
from .sequence import PyDataset, Sequence

__all__ = ["PyDataset", "Sequence", "get_file"]
