"""Numerical gradient checking: compare the recorded (analytic) gradient with finite differences.

For a function f of tensors returning a tensor, the check draws a fixed random weighting w of the
output and compares, for each input x,

    analytic:  d(Σ w·f)/dx  from :func:`kerasedu.backend.gradients`
    numerical: (Σ w·f(x + h·e_i) − Σ w·f(x − h·e_i)) / 2h   for every element i

Run it in float64: float32 round-off swamps the finite differences.
"""

import numpy as np

from .autodiff import gradients
from .tensor import Tensor, Variable


def numerical_gradient(scalar_function, x, step=1e-6):
    """Central-difference gradient of ``scalar_function(x) -> float`` at the array ``x``."""
    x = np.array(x, dtype=np.float64, order="C")  # C order: reshape(-1) below must be a view
    grad = np.zeros_like(x)
    flat_x, flat_grad = x.reshape(-1), grad.reshape(-1)
    for i in range(flat_x.size):
        saved = flat_x[i]
        flat_x[i] = saved + step
        up = scalar_function(x)
        flat_x[i] = saved - step
        down = scalar_function(x)
        flat_x[i] = saved
        flat_grad[i] = (up - down) / (2 * step)
    return grad


def gradient_errors(function, *arrays, step=1e-6, seed=0):
    """(analytic, numerical) gradient pairs for each input array of ``function``.

    ``function`` takes Tensors and returns a Tensor; inputs are float64 Variables.
    """
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    variables = [Variable(a, dtype="float64") for a in arrays]
    output = function(*variables)
    weights = np.random.default_rng(seed).normal(size=np.shape(output.value))
    analytic = gradients(output, variables, output_gradient=weights)

    def weighted_output(position, value):
        inputs = [Tensor(v.value) for v in variables]
        inputs[position] = Tensor(value)
        return float(np.sum(weights * np.asarray(function(*inputs).value)))

    pairs = []
    for position, (array, grad) in enumerate(zip(arrays, analytic)):
        numerical = numerical_gradient(lambda v: weighted_output(position, v), array, step)
        pairs.append((np.zeros_like(array) if grad is None else grad, numerical))
    return pairs


def assert_gradients_match(function, *arrays, rtol=1e-5, atol=1e-6, step=1e-6, seed=0):
    """Raise AssertionError naming the input whose analytic and numerical gradients differ."""
    for position, (analytic, numerical) in enumerate(
            gradient_errors(function, *arrays, step=step, seed=seed)):
        if not np.allclose(analytic, numerical, rtol=rtol, atol=atol):
            worst = np.max(np.abs(analytic - numerical))
            raise AssertionError(
                f"Gradient of input {position} does not match finite differences (largest "
                f"difference {worst:.3g}).\nanalytic:\n{analytic}\nnumerical:\n{numerical}")
