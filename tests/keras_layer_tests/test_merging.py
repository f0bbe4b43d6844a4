"""Keras 3's own tests of the merging layers (keras/src/layers/merging/), run on kerasedu."""

from keras_layer_tests.suite import load_family

globals().update(load_family("merging"))
