"""Keras 2's ``keras.engine.keras_tensor`` import path."""

from ..layer_machinery.keras_tensor import KerasTensor, is_keras_tensor  # noqa: F401
