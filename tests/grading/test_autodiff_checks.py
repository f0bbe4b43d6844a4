"""kerasedu.grading checks of problem set 9 (an op on the tape, a numerical gradient checker, a
trace by hand, im2col and a convolution): right answers pass, each mistake fails its own check
with a message that says what to fix, and the checks of a checker know the errors they expect."""

import functools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from grading_helpers import assert_fails_teaching

from kerasedu import ops
from kerasedu.backend import Tensor, Variable, gradients
from kerasedu.backend.autodiff import record, unbroadcast
from kerasedu.backend.gradcheck import numerical_gradient
from kerasedu.grading import autodiff_checks, gradient_checker_checks
from kerasedu.grading.im2col_checks import check_im2col, reference_im2col

BROADCASTING = [((3, 4), (4,)), ((2, 1), (1, 5)), ((3,), (2, 4, 3)), ((4, 2), None)]
SAME_SHAPES = [((3, 4), (3, 4)), ((5,), (5,)), ((), ())]


# ---------------------------------------------------------------------- unbroadcast

def sum_to_shape(grad, shape):
    added = grad.ndim - len(shape)
    grad = grad.sum(axis=tuple(range(added)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    return grad.sum(axis=stretched, keepdims=True)


def no_keepdims(grad, shape):
    added = grad.ndim - len(shape)
    grad = grad.sum(axis=tuple(range(added)))
    return grad.sum(axis=tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1))


def in_place(grad, shape):
    result = sum_to_shape(grad, shape)
    grad *= 0
    return result


def test_unbroadcast_right_passes_on_random_pairs(grading):
    grading.check_unbroadcast(sum_to_shape, cases=[((2, 3), ())], seed=0, count=200)


def test_the_random_pairs_add_and_stretch_axes():
    pairs = autodiff_checks._broadcast_pairs(300, 0)
    assert all(np.broadcast_shapes(g, s) == g for g, s in pairs)
    assert any(len(s) < len(g) for g, s in pairs) and any(1 in s and s != g for g, s in pairs)


@pytest.mark.parametrize("student,fragments", [
    (no_keepdims, ["must have the input's shape (3, 1)", "keepdims=True"]),
    (in_place, ["changed grad"]),
    (lambda grad, shape: grad, ["must have the input's shape"]),
])
def test_unbroadcast_mistakes_are_named(grading, student, fragments):
    assert_fails_teaching(lambda: grading.check_unbroadcast(
        student, cases=[((2, 3, 4), (3, 1))], count=0), fragments)


# ---------------------------------------------------------------------- hypot

def make_hypot(rule):
    def hypot(a, b):
        a, b = ops.convert_to_tensor(a), ops.convert_to_tensor(b)
        out = np.hypot(a.value, b.value)
        return record(out, (a, b), lambda g: rule(g, a, b, out), "hypot")
    return hypot


right = make_hypot(lambda g, a, b, out: (unbroadcast(g * a.value / out, a.shape),
                                         unbroadcast(g * b.value / out, b.shape)))
no_unbroadcast = make_hypot(lambda g, a, b, out: (g * a.value / out, g * b.value / out))
ignores_g = make_hypot(lambda g, a, b, out: (unbroadcast(a.value / out + 0 * g, a.shape),
                                             unbroadcast(b.value / out + 0 * g, b.shape)))
swapped = make_hypot(lambda g, a, b, out: (unbroadcast(g * b.value / out, a.shape),
                                           unbroadcast(g * a.value / out, b.shape)))


def unrecorded(a, b):
    return Tensor(np.hypot(np.asarray(a), np.asarray(b)))


def plain_array(a, b):
    return np.hypot(np.asarray(a), np.asarray(b))


def wrong_forward(a, b):
    return ops.sqrt(ops.square(ops.convert_to_tensor(a)) + ops.abs(ops.convert_to_tensor(b)))


def test_right_op_passes_every_check(grading):
    grading.check_op_values(right, "hypot", BROADCASTING + SAME_SHAPES)
    grading.check_op_vjp(right, "hypot", SAME_SHAPES + [((4,), None)])
    grading.check_op_broadcasting(right, "hypot", BROADCASTING)


def test_op_from_kerasedu_ops_passes_too(grading):
    def composed(a, b):
        a, b = ops.convert_to_tensor(a), ops.convert_to_tensor(b)
        return ops.sqrt(a * a + b * b)
    grading.check_op_vjp(composed, "hypot", SAME_SHAPES)
    grading.check_op_broadcasting(composed, "hypot", BROADCASTING)


def test_missing_unbroadcast_fails_only_the_broadcasting_check(grading):
    grading.check_op_values(no_unbroadcast, "hypot", BROADCASTING)
    grading.check_op_vjp(no_unbroadcast, "hypot", SAME_SHAPES)
    assert_fails_teaching(lambda: grading.check_op_broadcasting(
        no_unbroadcast, "hypot", BROADCASTING), [
        "returned a gradient of shape (3, 4) for an input of shape (4,)", "unbroadcast"])


def test_forgotten_upstream_gradient_fails_only_the_vjp_check(grading):
    grading.check_op_broadcasting(ignores_g, "hypot", BROADCASTING)
    assert_fails_teaching(lambda: grading.check_op_vjp(ignores_g, "hypot", SAME_SHAPES), [
        "random upstream gradient g", "ignores g", "g · (a / out)"])


def test_wrong_derivative_is_named(grading):
    assert_fails_teaching(lambda: grading.check_op_vjp(swapped, "hypot", SAME_SHAPES), [
        "gradient your backward rule gives for a", "Check the formula"])


@pytest.mark.parametrize("student,check,fragments", [
    (unrecorded, "check_op_vjp", ["No gradient reaches a", "record(out, (a, b), backward"]),
    (plain_array, "check_op_values", ["returned ndarray, not a kerasedu Tensor"]),
    (wrong_forward, "check_op_values", ["computes the wrong values", "np.hypot"]),
])
def test_op_mistakes_are_named(grading, student, check, fragments):
    assert_fails_teaching(lambda: getattr(grading, check)(student, "hypot", SAME_SHAPES),
                          fragments)


def test_float64_result_for_float32_inputs_fails(grading):
    def upcast(a, b):
        a, b = ops.convert_to_tensor(a), ops.convert_to_tensor(b)
        return record(np.hypot(a.value, b.value).astype(np.float64), (a, b), None, "hypot")
    assert_fails_teaching(lambda: grading.check_op_values(upcast, "hypot", SAME_SHAPES),
                          ["float64 Tensor", "float32"])


# ---------------------------------------------------------------------- numerical gradient

def differences(f, x, h=1e-6, dtype=np.float64, result=None, one_sided=False):
    """Finite differences nudging a copy of x in ``dtype`` (None: x's own), returned in
    ``result`` (None: the same dtype)."""
    x = np.array(x, dtype=dtype)
    grad = np.zeros(x.shape, result or x.dtype)
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + h
        up = f(x)
        x[i] = saved if one_sided else saved - h
        down = f(x)
        x[i] = saved
        grad[i] = (up - down) / (h if one_sided else 2 * h)
    return grad


def central(f, x, h=1e-6):
    return numerical_gradient(f, x, h)


one_sided = functools.partial(differences, one_sided=True)
in_float32 = functools.partial(differences, dtype=np.float32, result=np.float64)
keeps_dtype = functools.partial(differences, dtype=None)


def forgets_to_restore(f, x, h=1e-6):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        grad[i] = (up - f(x)) / (2 * h)
    return grad


def test_central_differences_pass_every_known_function(grading):
    for dtype in ("float64", "float32"):
        grading.check_numerical_gradient(central, functions=list(gradient_checker_checks.KNOWN),
                                         shapes=[(), (5,), (2, 3), (3, 1, 2)], dtype=dtype)


def test_the_cubic_separates_central_from_one_sided_differences():
    f, gradient, _ = gradient_checker_checks.KNOWN["cubic"]
    x = np.random.default_rng(0).uniform(-1.5, 1.5, size=20)
    h = gradient_checker_checks.STEP
    central_error = np.max(np.abs(central(f, x, h) - gradient(x)))
    one_sided_error = np.max(np.abs(one_sided(f, x, h=h) - gradient(x)))
    assert central_error < 1e-7 < 1e-6 < 1e-4 < one_sided_error


@pytest.mark.parametrize("student,dtype,fragments", [
    (one_sided, "float64", ["one-sided difference", "(f(x + h) − f(x − h)) / 2h"]),
    (in_float32, "float64", ["Compute in float64"]),
    (keeps_dtype, "float32", ["returned a float32 array"]),
    (forgets_to_restore, "float64", ["changed x"]),
    (lambda f, x, h=1e-6: central(f, x, h).ravel(), "float64", ["must return an array of "
                                                                "x's shape (2, 3)"]),
])
def test_checker_mistakes_are_named(grading, student, dtype, fragments):
    assert_fails_teaching(lambda: grading.check_numerical_gradient(
        student, functions=["cubic"], shapes=[(2, 3)], dtype=dtype), fragments)


# ---------------------------------------------------------------------- gradient_check

def gradient_check(function, *arrays, numerical=central):
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    variables = [Variable(a, dtype="float64") for a in arrays]
    out = function(*variables)
    w = np.random.default_rng(0).normal(size=out.shape)
    errors = []
    for i, a in enumerate(gradients(out, variables, output_gradient=w)):
        a = np.zeros_like(arrays[i]) if a is None else a

        def weighted(v, i=i):
            inputs = [Tensor(x) for x in arrays]
            inputs[i] = Tensor(v)
            return float(np.sum(w * function(*inputs).numpy()))
        n = numerical(weighted, arrays[i])
        errors.append(float(np.max(np.abs(a - n)) / max(np.max(np.abs(a) + np.abs(n)), 1e-12)))
    return errors


def test_right_gradient_check_gets_every_known_error(grading):
    grading.check_gradient_check(gradient_check, cases=list(gradient_checker_checks.CASES))


def test_the_known_errors_are_what_they_say():
    rng = np.random.default_rng(3)
    for case, (_, make, shapes, expected) in gradient_checker_checks.CASES.items():
        errors = gradient_check(make(0), *[rng.normal(size=s) for s in shapes])
        for error, want in zip(errors, expected):
            assert gradient_checker_checks._matches(error, want), (case, errors)


def own_numerical(function, *arrays, numerical=central):
    return gradient_check(function, *arrays)


def sum_only(function, *arrays, numerical=central):
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    variables = [Variable(a) for a in arrays]
    analytic = gradients(ops.sum(function(*variables)), variables)
    errors = []
    for i, a in enumerate(analytic):
        def total(v, i=i):
            inputs = [Tensor(x) for x in arrays]
            inputs[i] = Tensor(v)
            return float(np.sum(function(*inputs).numpy()))
        n = numerical(total, arrays[i])
        a = np.zeros_like(n) if a is None else a
        errors.append(float(np.max(np.abs(a - n)) / max(np.max(np.abs(a) + np.abs(n)), 1e-12)))
    return errors


@pytest.mark.parametrize("student,cases,fragments", [
    (own_numerical, ["right"], ["must compute each input's numerical gradient with the "
                                "numerical function it receives"]),
    (sum_only, ["ignores_upstream"], ["for input 1; expected above 0.01"]),
    (lambda function, *arrays, numerical=central: 0.0, ["right"], ["list of 2 float(s)"]),
])
def test_gradient_check_mistakes_are_named(grading, student, cases, fragments):
    assert_fails_teaching(lambda: grading.check_gradient_check(student, cases=cases), fragments)


# ---------------------------------------------------------------------- trace

ANSWERS = {"u": 6.0, "v": 5.0, "dL_da": 29.0}


def test_trace_checks_names_types_and_values(grading):
    grading.check_trace(ANSWERS, keys=["u", "dL_da"])
    grading.check_trace({**ANSWERS, "u": 6}, ANSWERS)
    assert_fails_teaching(lambda: grading.check_trace({"u": 6.0}, keys=["u", "v"]),
                          ["no entry for 'v'"])
    assert_fails_teaching(lambda: grading.check_trace({**ANSWERS, "v": "5"}, keys=["v"]),
                          ["must be a number"])
    assert_fails_teaching(lambda: grading.check_trace({**ANSWERS, "dL_da": 30.0}, ANSWERS),
                          ["'dL_da'", "add the contributions of both uses"])
    assert_fails_teaching(lambda: grading.check_trace({**ANSWERS, "v": 7.0}, ANSWERS),
                          ["'v'", "forward pass"])
    assert_fails_teaching(lambda: grading.check_trace([6.0], ANSWERS), ["must be a dict"])


# ---------------------------------------------------------------------- im2col and conv2d

def im2col(x, kernel_size, strides=(1, 1), padding="valid", order=(3, 4)):
    n, h, w, c = x.shape
    (kh, kw), (sh, sw) = kernel_size, strides
    if padding == "same":
        oh, ow = -(-h // sh), -(-w // sw)
        ph, pw = max((oh - 1) * sh + kh - h, 0), max((ow - 1) * sw + kw - w, 0)
        x = np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))
    else:
        oh, ow = (h - kh) // sh + 1, (w - kw) // sw + 1
    cols = np.empty((n, oh, ow, kh, kw, c), x.dtype)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, :, i, j, :] = x[:, i:i + sh * (oh - 1) + 1:sh, j:j + sw * (ow - 1) + 1:sw]
    cols = cols.transpose((0, 1, 2) + order + (5,))
    return cols.reshape(n * oh * ow, kh * kw * c)


IM2COL_CASES = [((2, 5, 6, 3), (2, 3), (1, 1), "valid"), ((2, 7, 7, 2), (3, 3), (2, 2), "valid"),
                ((1, 5, 5, 2), (3, 3), (1, 1), "same"), ((2, 6, 5, 1), (2, 2), (2, 2), "same"),
                ((1, 7, 4, 3), (4, 1), (3, 1), "same")]


def test_im2col_right_passes_and_matches_the_chapter_example(grading):
    grading.check_im2col(im2col, IM2COL_CASES)
    image = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    assert reference_im2col(image, (3, 3))[0].tolist() == [0, 1, 2, 4, 5, 6, 8, 9, 10]


@pytest.mark.parametrize("student,fragments", [
    (lambda *a, **k: im2col(*a, **k, order=(4, 3)), ["column by column, (kw, kh, c)"]),
    (lambda x, kernel_size, strides=(1, 1), padding="valid": im2col(
        x, kernel_size, strides, "valid"), ["padding='same'", "ceil(H / sh)"]),
    (lambda x, k, strides=(1, 1), padding="valid": im2col(x, k, strides, padding).reshape(
        x.shape[0], -1, k[0] * k[1] * x.shape[3]), ["one row per window"]),
])
def test_im2col_mistakes_are_named(grading, student, fragments):
    assert_fails_teaching(lambda: grading.check_im2col(student, IM2COL_CASES), fragments)


def test_rows_in_the_wrong_order_are_named(grading):
    def rows_transposed(x, kernel_size, strides=(1, 1), padding="valid"):
        cols = im2col(x, kernel_size, strides, padding)
        n, oh, ow = x.shape[0], (x.shape[1] - 2) + 1, (x.shape[2] - 2) + 1
        return cols.reshape(n, oh, ow, -1).transpose(0, 2, 1, 3).reshape(cols.shape)
    assert_fails_teaching(lambda: grading.check_im2col(
        rows_transposed, [((1, 4, 5, 1), (2, 2), (1, 1), "valid")]), ["(n, ow, oh)"])


def conv2d(x, kernel, bias, strides=(1, 1), padding="valid", patches=im2col):
    kh, kw, c, filters = kernel.shape
    cols = patches(x, (kh, kw), strides, padding)
    oh = -(-x.shape[1] // strides[0]) if padding == "same" else (x.shape[1] - kh) // strides[0] + 1
    out = ops.matmul(cols, ops.reshape(kernel, (kh * kw * c, filters))) + bias
    return ops.reshape(out, (x.shape[0], oh, -1, filters))


CONV_CASES = [((2, 5, 5, 3), (3, 3), 4, (1, 1), "valid"), ((1, 6, 7, 2), (2, 3), 3, (2, 2), "same")]


def test_conv2d_right_passes(grading):
    grading.check_conv2d(conv2d, CONV_CASES)
    grading.check_conv2d_gradients(conv2d, CONV_CASES)


def test_conv2d_mistakes_are_named(grading):
    def own_loops(x, kernel, bias, strides=(1, 1), padding="valid", patches=im2col):
        return conv2d(x, kernel, bias, strides, padding, patches=im2col)

    def numpy_kernel(x, kernel, bias, strides=(1, 1), padding="valid", patches=im2col):
        return conv2d(x, np.asarray(kernel), bias, strides, padding, patches)

    def flipped(x, kernel, bias, strides=(1, 1), padding="valid", patches=im2col):
        return conv2d(x, np.asarray(kernel)[::-1, ::-1], bias, strides, padding, patches)

    assert_fails_teaching(lambda: grading.check_conv2d(own_loops, CONV_CASES),
                          ["did not call patches"])
    grading.check_conv2d(numpy_kernel, CONV_CASES)
    assert_fails_teaching(lambda: grading.check_conv2d_gradients(numpy_kernel, CONV_CASES),
                          ["No gradient reaches the kernel", "ops.matmul"])
    assert_fails_teaching(lambda: grading.check_conv2d(flipped, CONV_CASES),
                          ["computes the wrong values", "(kh, kw, c) order"])


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 2), h=st.integers(1, 7), w=st.integers(1, 7), c=st.integers(1, 3),
       kh=st.integers(1, 4), kw=st.integers(1, 4), sh=st.integers(1, 3), sw=st.integers(1, 3),
       padding=st.sampled_from(["valid", "same"]))
def test_im2col_check_accepts_a_right_im2col_on_any_geometry(n, h, w, c, kh, kw, sh, sw,
                                                             padding):
    assume(padding == "same" or (kh <= h and kw <= w))
    check_im2col(im2col, [((n, h, w, c), (kh, kw), (sh, sw), padding)])
    # A window read (kw, kh, c) is wrong once some window lies wholly inside the image, where
    # its values all differ (a window of padding around one pixel reads the same either way).
    if kh > 1 and kw > 1 and h >= kh + sh - 1 and w >= kw + sw - 1:
        with pytest.raises(AssertionError):
            check_im2col(lambda *a, **k: im2col(*a, **k, order=(4, 3)),
                         [((n, h, w, c), (kh, kw), (sh, sw), padding)])
