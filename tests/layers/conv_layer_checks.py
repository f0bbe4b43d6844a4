"""Checks shared by the convolution, pooling, local and spatial-reshaping layer tests."""

import numpy as np

from kerasedu.backend.gradcheck import assert_gradients_match
from kerasedu.engine.input_layer import Input


def assert_layer_gradients(make_layer, x, seed=0, **tolerances):
    """float64 gradient check of ``make_layer()`` with respect to its input and every weight.

    The layer is built for ``x``, given random weights, and run with the checked Variables
    swapped in for its own (found by identity among its attributes), so gradients reach them.
    """
    layer = make_layer()
    assert layer.dtype == "float64", "build the checked layer with dtype='float64'"
    x = np.asarray(x, dtype=np.float64)
    layer.build(x.shape)
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=w.shape) for w in layer.weights]
    attributes = [next(name for name, value in vars(layer).items() if value is w)
                  for w in layer.weights]
    originals = [getattr(layer, name) for name in attributes]

    def run(inputs, *variables):
        for name, variable in zip(attributes, variables):
            object.__setattr__(layer, name, variable)
        try:
            return layer(inputs)
        finally:
            for name, original in zip(attributes, originals):
                object.__setattr__(layer, name, original)

    assert_gradients_match(run, x, *weights, **tolerances)


def assert_symbolic_matches_eager(make_layer, shape, seed=0):
    """``layer(Input(shape[1:]))`` has the eager output's shape with a None batch axis."""
    symbolic = make_layer()(Input(shape=tuple(shape[1:]))).shape
    x = np.random.default_rng(seed).normal(size=shape).astype("float32")
    eager = make_layer()(x)
    assert eager.dtype == np.float32
    assert symbolic == (None,) + tuple(eager.shape[1:]), (symbolic, eager.shape)
    return tuple(eager.shape)


def channels_first(x):
    """A channels_last array (N, *spatial, C) rearranged to (N, C, *spatial), C-ordered."""
    return np.ascontiguousarray(np.moveaxis(x, -1, 1))
