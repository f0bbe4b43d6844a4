"""Keras 3's own tests of the attention layers (keras/src/layers/attention/), run on kerasedu."""

from keras_layer_tests.suite import load_family

globals().update(load_family("attention"))
