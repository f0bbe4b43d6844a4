"""Keras 3's own tests of the reshaping layers (keras/src/layers/reshaping/), run on kerasedu."""

from keras_layer_tests.suite import load_family

globals().update(load_family("reshaping"))
