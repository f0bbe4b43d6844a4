"""Locally connected layers (Keras 2's ``keras.layers.local``): LocallyConnected1D and
LocallyConnected2D, convolutions whose weights differ at every output position."""

from .locally_connected import LocallyConnected1D, LocallyConnected2D
