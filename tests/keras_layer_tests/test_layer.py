"""Keras 3's own tests of the Layer base class (keras/src/layers/layer_test.py), run on kerasedu."""

from keras_layer_tests.suite import load_family

globals().update(load_family("layer"))
