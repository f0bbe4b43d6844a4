"""Keras 3's own tests of the regularization layers (keras/src/layers/regularization/), run on kerasedu."""

from keras_layer_tests.suite import load_family

globals().update(load_family("regularization"))
