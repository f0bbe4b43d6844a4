"""Keras 2's ``keras.engine.training`` import path: ``from kerasedu.engine.training import Model``."""

from ..models.model import Model  # noqa: F401
