"""Keras 3's own tests of the pooling layers (keras/src/layers/pooling/), run on kerasedu."""

from keras_layer_tests.suite import load_family

globals().update(load_family("pooling"))
