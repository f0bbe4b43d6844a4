"""Keras 2's ``keras.engine.functional`` import path."""

from ..models.functional import Functional  # noqa: F401
