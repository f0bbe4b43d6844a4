"""Embedding layers (Keras 2's ``keras.layers.embeddings``)."""

from .embedding import Embedding
