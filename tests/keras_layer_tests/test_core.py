"""Keras 3's own tests of the core layers (keras/src/layers/core/), run on kerasedu."""

from keras_layer_tests.suite import load_family

globals().update(load_family("core"))
