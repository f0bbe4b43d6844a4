"""Preparing data before it reaches a model, as ``keras.preprocessing``.

``kerasedu.preprocessing.sequence.pad_sequences`` (the Keras 2 path) is the same function as
``kerasedu.utils.pad_sequences`` (the Keras 3 path).
"""

from . import sequence
from .sequence import pad_sequences

__all__ = ["pad_sequences", "sequence"]
