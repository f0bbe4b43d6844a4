"""Keras 3's own tests of the activations layers (keras/src/layers/activations/), run on kerasedu."""

from keras_layer_tests.suite import load_family

globals().update(load_family("activations"))
