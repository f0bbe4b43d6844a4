"""Keras 3's own tests of the normalization layers (keras/src/layers/normalization/), run on kerasedu."""

from keras_layer_tests.suite import load_family

globals().update(load_family("normalization"))
