"""Convolutional recurrent layers (Keras 2's ``keras.layers.convolutional_recurrent``)."""

from .conv_lstm import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D, ConvLSTMCell
