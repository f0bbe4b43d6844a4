"""Keras 3's own tests of the rnn layers (keras/src/layers/rnn/), run on kerasedu."""

from keras_layer_tests.suite import load_family

globals().update(load_family("rnn"))
