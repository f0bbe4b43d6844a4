"""Elementwise keras.ops against Keras 3 (JAX): values, shapes and result dtypes on drawn
shapes and dtypes (including Keras's promotion of integers to floatx)."""

import pytest
from hypothesis import given, strategies as st

from ops_parity import ALL, EXAMPLES, INTEGERS, NUMBERS, Arr, Case, check_case, seeds, shapes

pytestmark = pytest.mark.parity

UNARY = {
    "tan": Case(Arr(-1.2, 1.2), dtypes=ALL), "arcsin": Case(Arr(-0.95, 0.95), dtypes=ALL[:1]),
    "arccos": Case(Arr(-0.95, 0.95)), "arctan": Case(Arr(-4, 4), dtypes=ALL),
    "sinh": Case(Arr(-3, 3), dtypes=ALL), "cosh": Case(Arr(-3, 3), dtypes=ALL),
    "arcsinh": Case(Arr(-4, 4), dtypes=ALL), "arccosh": Case(Arr(1.05, 5)),
    "arctanh": Case(Arr(-0.9, 0.9)), "deg2rad": Case(Arr(-360, 360), dtypes=NUMBERS),
    "rad2deg": Case(Arr(-4, 4), dtypes=NUMBERS), "sinc": Case(Arr(-3, 3)),
    "exp2": Case(Arr(-5, 5), dtypes=ALL), "log2": Case(Arr(0.1, 9), dtypes=NUMBERS),
    "log10": Case(Arr(0.1, 90), dtypes=NUMBERS), "cbrt": Case(Arr(-8, 8), dtypes=NUMBERS),
    "rsqrt": Case(Arr(0.1, 9), rtol=1e-4), "erfc": Case(Arr(-3, 3), rtol=1e-5, atol=1e-6),
    "erfinv": Case(Arr(-0.95, 0.95), rtol=1e-4, atol=1e-5), "i0": Case(Arr(-6, 6), rtol=1e-5),
    "fabs": Case(Arr(-3, 3), dtypes=NUMBERS), "trunc": Case(Arr(-3, 3), dtypes=NUMBERS),
    "signbit": Case(Arr(-3, 3), dtypes=NUMBERS), "isinf": Case(Arr()),
    "isposinf": Case(Arr()), "isneginf": Case(Arr()), "isreal": Case(Arr()),
    "nan_to_num": Case(Arr()), "angle": Case(Arr(), dtypes=NUMBERS),
    "real": Case(Arr()), "imag": Case(Arr()), "conj": Case(Arr()), "conjugate": Case(Arr()),
    "bitwise_invert": Case(Arr(-50, 50), dtypes=INTEGERS + ("bool",)),
    "bitwise_not": Case(Arr(-50, 50), dtypes=INTEGERS),
    "round": Case(Arr(-30, 30), 1, dtypes=NUMBERS), "copy": Case(Arr(), dtypes=ALL),
    "hard_tanh": Case(Arr(-3, 3)), "hard_shrink": Case(Arr(-3, 3)),
    "soft_shrink": Case(Arr(-3, 3), 0.7), "threshold": Case(Arr(-3, 3), 0.5, -1.0),
    "sparse_plus": Case(Arr(-3, 3)), "sparse_sigmoid": Case(Arr(-3, 3)),
    "hard_swish": Case(Arr(-5, 5)), "celu": Case(Arr(-3, 3), 0.7),
    "log_sigmoid": Case(Arr(-9, 9)), "squareplus": Case(Arr(-3, 3), 2),
    "tanh_shrink": Case(Arr(-3, 3), atol=1e-6), "exp": Case(Arr(-3, 3), dtypes=ALL),
}

BINARY = {
    "arctan2": Case(Arr(-3, 3), Arr(-3, 3), dtypes=NUMBERS),
    "hypot": Case(Arr(-3, 3), Arr(-3, 3), dtypes=NUMBERS),
    "logaddexp": Case(Arr(-5, 5), Arr(-5, 5), dtypes=NUMBERS),
    "logaddexp2": Case(Arr(-5, 5), Arr(-5, 5)),
    "mod": Case(Arr(-9, 9), Arr(1, 4), dtypes=NUMBERS),
    "fmod": Case(Arr(-9, 9), Arr(1, 4), dtypes=NUMBERS),
    "floor_divide": Case(Arr(-9, 9), Arr(1, 4), dtypes=NUMBERS),
    "divide_no_nan": Case(Arr(-3, 3), Arr(-2, 2, away_from=[0]), dtypes=NUMBERS),
    "fmax": Case(Arr(), Arr(), dtypes=NUMBERS), "fmin": Case(Arr(), Arr(), dtypes=NUMBERS),
    "heaviside": Case(Arr(-2, 2), Arr(), dtypes=NUMBERS),
    "nextafter": Case(Arr(), Arr()),
    "logical_xor": Case(Arr(), Arr(), dtypes=("bool",)),
    "bitwise_and": Case(Arr(0, 90), Arr(0, 90), dtypes=INTEGERS),
    "bitwise_or": Case(Arr(0, 90), Arr(0, 90), dtypes=INTEGERS),
    "bitwise_xor": Case(Arr(0, 90), Arr(0, 90), dtypes=INTEGERS),
    "left_shift": Case(Arr(0, 9), Arr(0, 3), dtypes=INTEGERS),
    "right_shift": Case(Arr(0, 90), Arr(0, 3), dtypes=INTEGERS),
    "bitwise_left_shift": Case(Arr(0, 9), Arr(0, 3), dtypes=INTEGERS),
    "bitwise_right_shift": Case(Arr(0, 90), Arr(0, 3), dtypes=INTEGERS),
    "gcd": Case(Arr(1, 60), Arr(1, 60), dtypes=INTEGERS),
    "lcm": Case(Arr(1, 10), Arr(1, 10), dtypes=INTEGERS),
    "ldexp": Case(Arr(-3, 3), Arr(-3, 3, dtype="int32")),
    "isclose": Case(Arr(), Arr()), "allclose": Case(Arr(), Arr()),
    "isin": Case(Arr(0, 6), Arr(0, 6, shape=(4,)), dtypes=("int32",)),
    "true_divide": Case(Arr(), Arr(0.5, 2), dtypes=("float32",)),
}


@pytest.mark.parametrize("name", sorted(UNARY) + sorted(BINARY))
@EXAMPLES
@given(data=st.data(), shape=shapes, seed=seeds)
def test_op_matches_keras(keras, name, data, shape, seed):
    case = UNARY.get(name) or BINARY[name]
    check_case(keras, name, case, shape, data.draw(st.sampled_from(case.dtypes)), seed)
