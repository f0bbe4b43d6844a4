"""Keras 2's ``keras.engine.sequential`` import path."""

from ..models.sequential import Sequential  # noqa: F401
