"""Keras 3's own tests of the preprocessing layers (keras/src/layers/preprocessing/), run on kerasedu."""

from keras_layer_tests.suite import load_family

globals().update(load_family("preprocessing"))
