"""float64 gradient checks of a layer through its own weights, nested layers' weights included.

The analytic gradients of Σ w·layer(inputs) (w a fixed random weighting of the output) with
respect to every input and every trainable weight come from the tape; the numerical ones
from central differences, changing one value of an input or of a weight in place at a time.
Unlike swapping Variables into attributes, this reaches the weights of sublayers (the
projections of MultiHeadAttention).
"""

import numpy as np

from kerasedu.backend import Tensor, Variable, gradients
from kerasedu.backend.gradcheck import numerical_gradient


def assert_layer_weight_gradients(layer, inputs, call=None, seed=0, rtol=1e-5, atol=1e-6):
    """Check d(Σ w·call(layer, *inputs)) against finite differences, for each array of
    ``inputs`` and each of ``layer.trainable_weights`` (the layer must be float64 and built)."""
    call = call or (lambda layer, *xs: layer(*xs))
    arrays = [np.array(x, dtype=np.float64) for x in inputs]
    variables = [Variable(a, dtype="float64") for a in arrays]
    weights = list(layer.trainable_weights)
    assert weights and all(str(w.dtype) == "float64" for w in weights), \
        "check a built layer with dtype='float64'"
    output = call(layer, *variables)
    weighting = np.random.default_rng(seed).normal(size=np.shape(output.value))
    analytic = gradients(output, variables + weights, output_gradient=weighting)

    def weighted_output(*xs):
        return float(np.sum(weighting * np.asarray(call(layer, *map(Tensor, xs)).value)))

    def through_input(position):
        def f(value):
            xs = list(arrays)
            xs[position] = value
            return weighted_output(*xs)
        return f

    def through_weight(weight):
        original = np.array(weight.numpy())

        def f(value):
            weight.assign(value)
            try:
                return weighted_output(*arrays)
            finally:
                weight.assign(original)
        return f

    checks = [(f"input {i}", a, through_input(i)) for i, a in enumerate(arrays)] + \
        [(w.path, w.numpy(), through_weight(w)) for w in weights]
    for (name, value, function), grad in zip(checks, analytic):
        numerical = numerical_gradient(function, value)
        grad = np.zeros_like(numerical) if grad is None else grad
        np.testing.assert_allclose(grad, numerical, rtol=rtol, atol=atol,
                                   err_msg=f"gradient of {name}")
