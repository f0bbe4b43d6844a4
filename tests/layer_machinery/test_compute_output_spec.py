"""Layer.compute_output_spec: the outputs' shapes and dtype as KerasTensors, without values,
from compute_output_shape when the layer has one, else from a trace of call; the structure of
the shapes is kept (Keras's own test of it runs in tests/keras_layer_tests)."""

import numpy as np

from kerasedu import Input, KerasTensor, layers


def test_a_layer_with_compute_output_shape_never_calls_call():
    class Pair(layers.Layer):
        def call(self, x):
            raise AssertionError("call must not run")

        def compute_output_shape(self, input_shape):
            return (input_shape, input_shape[:-1] + (1,))

    spec = Pair().compute_output_spec(KerasTensor((None, 4)))
    assert isinstance(spec, tuple) and [s.shape for s in spec] == [(None, 4), (None, 1)]
    assert all(isinstance(s, KerasTensor) and s.dtype == "float32" for s in spec)


def test_a_layer_without_it_is_traced_on_arrays_and_keras_tensors():
    dense = layers.Dense(3, dtype="float64")
    from_array = dense.compute_output_spec(np.zeros((2, 5)))
    from_input = dense.compute_output_spec(Input((7, 5)))
    assert (from_array.shape, from_array.dtype) == ((2, 3), "float64")
    assert from_input.shape == (None, 7, 3)
