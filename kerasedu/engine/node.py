"""Keras 2's ``keras.engine.node`` import path."""

from ..layer_machinery.node import Node  # noqa: F401
