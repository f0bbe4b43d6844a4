"""Keras 2's ``keras.layers.experimental``, where the preprocessing layers lived before they
became ``keras.layers.X``: older tutorials import ``layers.experimental.preprocessing.RandomFlip``."""

from . import preprocessing  # noqa: F401
