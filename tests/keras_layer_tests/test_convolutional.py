"""Keras 3's own tests of the convolutional layers (keras/src/layers/convolutional/), run on kerasedu."""

from keras_layer_tests.suite import load_family

globals().update(load_family("convolutional"))
