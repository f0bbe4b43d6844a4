"""The elementwise keras.ops that kerasedu differentiates: float64 analytic gradients against
central differences, on drawn shapes (and broadcast pairs), with values drawn away from kinks."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis.extra import numpy as hnp

from kerasedu import ops
from ops_gradients import CHECK, check, seeds, shapes, values

UNARY = {
    "arccos": (ops.arccos, dict(low=-0.9, high=0.9)),
    "arccosh": (ops.arccosh, dict(low=1.2, high=3)),
    "arcsin": (ops.arcsin, dict(low=-0.9, high=0.9)),
    "arcsinh": (ops.arcsinh, {}), "arctan": (ops.arctan, {}),
    "arctanh": (ops.arctanh, dict(low=-0.9, high=0.9)),
    "cosh": (ops.cosh, {}), "sinh": (ops.sinh, {}), "tan": (ops.tan, dict(low=-1.2, high=1.2)),
    "deg2rad": (ops.deg2rad, {}), "rad2deg": (ops.rad2deg, {}),
    "sinc": (ops.sinc, dict(away_from=(0,))),
    "cbrt": (ops.cbrt, dict(away_from=(0,))), "exp2": (ops.exp2, {}),
    "log10": (ops.log10, dict(low=0.2, high=3)), "log2": (ops.log2, dict(low=0.2, high=3)),
    "rsqrt": (ops.rsqrt, dict(low=0.2, high=3)),
    "erfc": (ops.erfc, {}), "erfinv": (ops.erfinv, dict(low=-0.9, high=0.9)), "i0": (ops.i0, {}),
    "fabs": (ops.fabs, dict(away_from=(0,))),
    "nan_to_num": (ops.nan_to_num, {}),
    "real": (ops.real, {}), "conj": (ops.conj, {}), "imag": (ops.imag, {}),
    "angle": (ops.angle, dict(away_from=(0,))),
    "celu": (lambda x: ops.celu(x, 0.7), dict(away_from=(0,))),
    "glu": (lambda x: ops.glu(ops.concatenate([x, x * 0.5 + 0.3], axis=-1)), {}),
    "log_sigmoid": (ops.log_sigmoid, {}), "squareplus": (lambda x: ops.squareplus(x, 2), {}),
    "tanh_shrink": (ops.tanh_shrink, {}),
    "sparsemax": (ops.sparsemax, {}),
    "hard_shrink": (ops.hard_shrink, dict(away_from=(-0.5, 0.5))),
    "soft_shrink": (lambda x: ops.soft_shrink(x, 0.7), dict(away_from=(-0.7, 0.7))),
    "hard_swish": (ops.hard_swish, dict(low=-5, high=5, away_from=(-3, 3))),
    "hard_tanh": (ops.hard_tanh, dict(away_from=(-1, 1))),
    "sparse_plus": (ops.sparse_plus, dict(away_from=(-1, 1))),
    "sparse_sigmoid": (ops.sparse_sigmoid, dict(away_from=(-1, 1))),
    "threshold": (lambda x: ops.threshold(x, 0.5, -1.0), dict(away_from=(0.5,))),
    "exponential": (ops.exponential, {}),
    "linear": (ops.linear, {}),
    "log_softmax_axis0": (lambda x: ops.log_softmax(x, axis=0) if x.ndim else x, {}),
    "saturate_cast": (lambda x: ops.saturate_cast(x, "float64"), {}),
    "copy": (ops.copy, {}), "array": (ops.array, {}),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@CHECK
@given(shape=shapes, seed=seeds)
def test_unary(name, shape, seed):
    op, domain = UNARY[name]
    if name in ("sparsemax", "glu") and shape == ():
        shape = (1,)
    check(op, values(shape, seed=seed, **domain))


BINARY = {
    "arctan2": (ops.arctan2, {}, dict(away_from=(0,))),
    "hypot": (ops.hypot, dict(away_from=(0,)), dict(away_from=(0,))),
    "logaddexp": (ops.logaddexp, {}, {}), "logaddexp2": (ops.logaddexp2, {}, {}),
    "divide_no_nan": (ops.divide_no_nan, {}, dict(away_from=(0,))),
    "fmod": (ops.fmod, dict(low=0.1, high=0.9), dict(low=1.5, high=2.5)),
    "mod": (ops.mod, dict(low=0.1, high=0.9), dict(low=1.5, high=2.5)),
    "heaviside": (ops.heaviside, dict(away_from=(0,)), {}),
    "true_divide": (ops.true_divide, {}, dict(away_from=(0,))),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@CHECK
@given(pair=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
       seed=seeds)
def test_binary_broadcasting(name, pair, seed):
    op, domain_a, domain_b = BINARY[name]
    check(op, values(pair.input_shapes[0], seed=seed, **domain_a),
          values(pair.input_shapes[1], seed=seed + 1, **domain_b))


@pytest.mark.parametrize("op", [ops.fmax, ops.fmin])
@CHECK
@given(pair=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
       seed=seeds)
def test_fmax_fmin_pass_the_gradient_to_the_chosen_side(op, pair, seed):
    a = values(pair.input_shapes[0], seed=seed)
    b = values(pair.input_shapes[1], seed=seed + 1) + 0.37        # no ties
    check(op, a, b)


def test_fmax_and_fmin_skip_nan_and_send_its_gradient_to_the_number():
    from kerasedu.backend import Variable, gradients
    a = Variable(np.array([np.nan, 1.0, 2.0]), dtype="float64")
    b = Variable(np.array([3.0, np.nan, 1.0]), dtype="float64")
    out = ops.fmax(a, b)
    np.testing.assert_array_equal(out.numpy(), [3.0, 1.0, 2.0])
    grad_a, grad_b = gradients(ops.sum(out), [a, b])
    np.testing.assert_array_equal(grad_a, [0, 1, 1])
    np.testing.assert_array_equal(grad_b, [1, 0, 0])


def test_ldexp_differentiates_its_mantissa():
    exponents = np.array([[-1, 0, 2]], "int32")
    check(lambda x: ops.ldexp(x, exponents), values((2, 3), seed=4))


def test_sinc_at_zero_has_derivative_zero():
    from kerasedu.backend import Variable, gradients
    x = Variable(np.array([0.0]), dtype="float64")
    np.testing.assert_allclose(gradients(ops.sum(ops.sinc(x)), x), [0.0], atol=1e-12)


@pytest.mark.parametrize("x, expected", [
    ([2.0, 0.0, 5.0, 3.0], [1 + 0, 2 + 10 + 30, 0, 0]),
    ([0.0, 0.0, 4.0], [1 + 0 + 0, 0, 0]),
    ([1.5, 2.0], [1 + 2, 1.5]),
])
def test_cumprod_of_a_vector_with_zeros(x, expected):
    """The gradient of Σ cumprod(x) of a 1-D x, worked by hand: ∂/∂x_j of Σ_i Π_{k ≤ i} x_k."""
    from kerasedu.backend import Variable, gradients
    v = Variable(np.array(x), dtype="float64")
    np.testing.assert_allclose(gradients(ops.sum(ops.cumprod(v)), v), expected)
