"""kerasedu.grading convolution checks (problem set 7): the solution's layers, and the simulated
students' right answers, pass; each mistake fails the check of what it gets wrong, with a
message that says what to fix, and passes the others.

The layers are the problem set's own answer cells (classroom/students reads them from the
instructor notebook), each simulated student's edit applied, run in a namespace like the
notebook's.
"""

import numpy as np
import pytest
from grading_helpers import assert_fails_teaching
from hypothesis import given, settings
from hypothesis import strategies as st

from classroom.students import solution_code
from classroom.students.ps07_convolution import KINDS
import kerasedu.grading
from kerasedu import Input, Sequential, layers, ops, optimizers
from kerasedu.datasets import digits
from kerasedu.grading import conv_checks

PS = "ps07_convolution"
LAYER_CELLS = ("imports", "conv_impl", "pooling_base", "pooling_impl")
VALID = [((None, 6, 7, 3), {"filters": 4, "kernel_size": (2, 5)})]
STRIDED = [((None, 8, 9, 1), {"filters": 2, "kernel_size": (2, 3), "strides": (3, 2)})]
SAME = [((None, 7, 8, 2), {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same"})]
DILATED = [((None, 8, 9, 2), {"filters": 3, "kernel_size": (2, 3), "dilation_rate": (3, 2)})]
SHAPES = [((None, 7, 8, 1), {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}),
          ((None, 9, 9, 1), {"filters": 2, "kernel_size": 3, "strides": 2}),
          ((None, 9, 9, 1), {"filters": 2, "kernel_size": 3, "dilation_rate": 3}),
          ((16, None, None, 2), {"filters": 6, "kernel_size": 3, "padding": "same"})]
POOLS = [((None, 5, 5, 1), {"pool_size": 2, "padding": "same"}),
         ((None, 7, 5, 3), {"pool_size": 3, "strides": 2})]


def _cells(kind="full"):
    """The layer cells of ``kind``'s notebook: its answers in the released notebook."""
    code = KINDS[kind][0](dict(solution_code(PS)))
    from classroom.students import read
    sources = {cell.metadata.get("nbgrader", {}).get("grade_id"): cell.source
               for cell in read("exercises", PS).cells}
    return [code.get(g, sources[g]) for g in LAYER_CELLS]


def student(kind="full"):
    """{name: object} after running ``kind``'s layer cells, as the notebook would."""
    namespace = {}
    for source in _cells(kind):
        exec(compile(source, kind, "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def solution():
    return student("full")


RIGHT = [kind for kind, (_, failing, _) in KINDS.items() if failing == ()]


@pytest.mark.parametrize("kind", RIGHT)
def test_right_answers_pass_every_layer_check(grading, kind):
    ns = student(kind)
    conv = ns["Conv2D"]
    for cases in (VALID, STRIDED, SAME, DILATED):
        grading.check_conv_build(conv, cases)
        grading.check_conv_call(conv, cases)
    grading.check_conv_call(conv, conv_checks.random_conv_cases(seed=1, count=8, strides=True))
    grading.check_conv_output_shape(conv, SHAPES)
    grading.check_conv_gradients(conv, SAME)
    grading.check_pooling(ns["MaxPooling2D"], "MaxPooling2D", POOLS)
    grading.check_pooling(ns["AveragePooling2D"], "AveragePooling2D", POOLS)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), padding=st.sampled_from(["valid", "same"]),
       option=st.sampled_from(["strides", "dilation", None]))
def test_the_solution_matches_conv2d_for_any_case(solution, seed, padding, option):
    options = {} if option is None else {option: True}
    cases = conv_checks.random_conv_cases(seed=seed, count=3, padding=padding, **options)
    grading = kerasedu.grading
    grading.check_conv_call(solution["Conv2D"], cases, seed=seed)
    grading.check_conv_output_shape(solution["Conv2D"], cases)


def test_random_cases_have_distinct_kernel_sizes_and_fit():
    cases = conv_checks.random_conv_cases(seed=3, count=200, strides=True) + \
        conv_checks.random_conv_cases(seed=4, count=200, dilation=True)
    for (batch, height, width, channels), kwargs in cases:
        kh, kw = kwargs["kernel_size"]
        assert batch is None and len({kh, kw, channels, kwargs["filters"]}) == 4
        dh, dw = kwargs.get("dilation_rate", (1, 1))
        assert height >= dh * (kh - 1) + 1 and width >= dw * (kw - 1) + 1
        strides = kwargs.get("strides", (1, 1))
        assert strides == (1, 1) or (dh, dw) == (1, 1)
    assert any(kwargs.get("strides", (1, 1)) != (1, 1) for _, kwargs in cases)
    assert any(kwargs.get("dilation_rate", (1, 1)) != (1, 1) for _, kwargs in cases)


# ---------------------------------------------------------------------- one mistake each

def test_a_kernel_in_pytorch_order_fails_build_only(grading):
    conv = student("transposed_kernel")["Conv2D"]
    assert_fails_teaching(lambda: grading.check_conv_build(conv, VALID), [
        "received: [('kernel', (4, 3, 2, 5), 'trainable')",
        "holds the right numbers in another axis order",
        "(kernel_height, kernel_width, in_channels, filters) = (2, 5, 3, 4)"])
    # a 3 × 3 kernel with as many filters as channels can be read several ways: one is right
    grading.check_conv_call(conv, [((None, 5, 5, 3), {"filters": 3, "kernel_size": 3})])
    grading.check_conv_call(conv, VALID + STRIDED + SAME + DILATED)
    grading.check_conv_gradients(conv, VALID)


def test_no_bias_fails_build_only(grading):
    conv = student("no_bias")["Conv2D"]
    assert_fails_teaching(lambda: grading.check_conv_build(conv, VALID), [
        "count_params() would give 120, expected 124",
        "with use_bias=True (the default) create a bias of shape (4,)"])
    grading.check_conv_call(conv, VALID + SAME)


def test_a_bias_despite_use_bias_false_fails_build(grading, solution):
    class AlwaysBias(solution["Conv2D"]):
        def __init__(self, *args, use_bias=True, **kwargs):
            super().__init__(*args, use_bias=True, **kwargs)

    assert_fails_teaching(lambda: grading.check_conv_build(
        AlwaysBias, [((None, 5, 5, 1), {"filters": 2, "kernel_size": 3, "use_bias": False})]),
        ["with use_bias=False create no bias"])


def test_same_computed_as_valid_fails_same_padding_only(grading):
    conv = student("same_computed_as_valid")["Conv2D"]
    assert_fails_teaching(lambda: grading.check_conv_call(conv, SAME), [
        "returned shape (2, 3, 3, 3), expected (2, 4, 4, 3)",
        "padding='same' gives height: ceil(7 / 2) = 4, after padding 1 before and 1 after"])
    grading.check_conv_call(conv, VALID + STRIDED + DILATED)
    grading.check_conv_output_shape(conv, SHAPES)
    grading.check_conv_gradients(conv, SAME)


@pytest.mark.parametrize("kind,fragments", [
    ("same_size_rounded_down", ["returned (None, 3, 4, 4), expected (None, 4, 4, 4)",
                                "axis 1 (height): expected 4, received 3", "ceil(7 / 2) = 4"]),
    ("strided_size_without_plus_one", ["returned (None, 3, 3, 2), expected (None, 4, 4, 2)",
                                       "floor((9 − 3) / 2) + 1 = 4"]),
    ("output_size_without_dilation", ["returned (None, 7, 7, 2), expected (None, 3, 3, 2)",
                                      "floor((9 − 7) / 1) + 1 = 3",
                                      "7 = 3·(3 − 1) + 1 is the effective kernel size"]),
])
def test_output_size_mistakes_fail_compute_output_shape_only(grading, kind, fragments):
    conv = student(kind)["Conv2D"]
    cases = {"same_size_rounded_down": SHAPES[:1], "strided_size_without_plus_one": SHAPES[1:2],
             "output_size_without_dilation": SHAPES[2:3]}[kind]
    assert_fails_teaching(lambda: grading.check_conv_output_shape(conv, cases), fragments)
    grading.check_conv_call(conv, VALID + STRIDED + SAME + DILATED)
    grading.check_conv_build(conv, VALID)


def test_a_flipped_kernel_fails_call_with_the_formula(grading, solution):
    class Flipped(solution["Conv2D"]):
        def call(self, inputs):
            saved = self.kernel
            self.kernel = saved[::-1, ::-1]
            try:
                return super().call(inputs)
            finally:
                self.kernel = saved

    assert_fails_teaching(lambda: grading.check_conv_call(Flipped, VALID), [
        "Flipped.call computes the wrong values (Flipped(filters=4, kernel_size=(2, 5)) on an "
        "input of shape (2, 6, 7, 3), seed 0)", "cross-correlation: the kernel is not flipped"])
    grading.check_conv_build(Flipped, VALID)


def test_a_call_through_numpy_fails_gradients_only(grading, solution):
    class ThroughNumpy(solution["Conv2D"]):
        def call(self, inputs):
            return ops.convert_to_tensor(super().call(inputs).numpy())

    grading.check_conv_call(ThroughNumpy, VALID)
    assert_fails_teaching(lambda: grading.check_conv_gradients(ThroughNumpy, VALID), [
        "No gradient reaches the input of ThroughNumpy"])


def test_a_float_output_size_is_explained(grading, solution):
    class TrueDivision(solution["Conv2D"]):
        def compute_output_shape(self, input_shape):
            return (input_shape[0], input_shape[1] / 1, input_shape[2], self.filters)

    assert_fails_teaching(lambda: grading.check_conv_output_shape(TrueDivision, VALID), [
        "holds the float 6.0", "use integer division"])


def test_unwritten_methods_say_so(grading):
    conv = student("blank")
    assert_fails_teaching(lambda: grading.check_conv_output_shape(conv["Conv2D"], SHAPES), [
        "Conv2D.compute_output_shape is not written yet"])
    assert_fails_teaching(lambda: grading.check_conv_build(conv["Conv2D"], VALID), [
        "Conv2D.build((None, 6, 7, 3)) raised NotImplementedError"])


def test_average_pooling_that_counts_padding_fails_average_pooling_only(grading):
    ns = student("average_pooling_counts_padding")
    assert_fails_teaching(lambda: grading.check_pooling(
        ns["AveragePooling2D"], "AveragePooling2D", POOLS), [
        "AveragePooling2D.call computes the wrong values (AveragePooling2D(pool_size=2, "
        "padding='same') on an input of shape (2, 5, 5, 1), seed 0)",
        "divides by the number of cells inside, not by pool_height · pool_width"])
    grading.check_pooling(ns["AveragePooling2D"], "AveragePooling2D", POOLS[1:])
    grading.check_pooling(ns["MaxPooling2D"], "MaxPooling2D", POOLS)


def test_pooling_through_numpy_has_no_gradient(grading, solution):
    class NumpyMax(solution["MaxPooling2D"]):
        def call(self, inputs):
            return ops.convert_to_tensor(super().call(inputs).numpy())

    assert_fails_teaching(lambda: grading.check_pooling(NumpyMax, "MaxPooling2D", POOLS), [
        "No gradient reaches the input of NumpyMax"])


def test_max_pooling_padded_with_zeros_fails(grading, solution):
    class ZeroPadded(solution["MaxPooling2D"]):
        def call(self, inputs):
            windows = solution["pooling_windows"](self, inputs, fill=0.0)
            return ops.max(ops.stack(windows, axis=0), axis=0)

    assert_fails_teaching(lambda: grading.check_pooling(ZeroPadded, "MaxPooling2D", POOLS), [
        "the cells outside the input never win"])


def test_pooling_reference_must_be_a_pooling_layer(grading, solution):
    with pytest.raises(ValueError, match="MaxPooling2D"):
        grading.conv_pooling_checks.check_pooling(solution["MaxPooling2D"], "Conv2D", POOLS)


# ---------------------------------------------------------------------- the CNN

def _digits():
    (x, y), _ = digits.load_data()
    return x.reshape(-1, 8, 8, 1).astype("float32") / 16.0, y


def _cnn(conv, pool, epochs):
    model = Sequential([Input(shape=(8, 8, 1)), conv(8, 3, activation="relu"), pool(2),
                        layers.Flatten(), layers.Dense(10, activation="softmax")])
    model.compile(optimizer=optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy")
    if epochs:
        x, y = _digits()
        model.fit(x, y, epochs=epochs, batch_size=64, verbose=0)
    return model


def test_a_trained_cnn_of_ones_own_layers_passes(grading, solution):
    pools = [solution["MaxPooling2D"], solution["AveragePooling2D"]]
    grading.check_cnn(_cnn(solution["Conv2D"], pools[0], epochs=4), solution["Conv2D"], pools,
                      minimum=0.9)


def test_an_untrained_cnn_fails_on_accuracy(grading, solution):
    pools = [solution["MaxPooling2D"]]
    assert_fails_teaching(lambda: grading.check_cnn(
        _cnn(solution["Conv2D"], pools[0], epochs=0), solution["Conv2D"], pools, minimum=0.9),
        ["The model's accuracy on the 360 test digits is", "it must be at least 0.90"])


def test_a_cnn_of_kerasedu_layers_fails(grading, solution):
    assert_fails_teaching(lambda: grading.check_cnn(
        _cnn(layers.Conv2D, solution["MaxPooling2D"], epochs=0), solution["Conv2D"],
        [solution["MaxPooling2D"]]), ["The model holds kerasedu's own Conv2D"])
    assert_fails_teaching(lambda: grading.check_cnn(
        Sequential([Input(shape=(8, 8, 1)), layers.Flatten(), layers.Dense(10)]),
        solution["Conv2D"], [solution["MaxPooling2D"]]), [
        "should hold at least one Conv2D and one MaxPooling2D of yours"])
    assert_fails_teaching(lambda: grading.check_cnn(np.zeros(3), solution["Conv2D"], []), [
        "should be a kerasedu Model", "received ndarray"])


def test_an_interrupted_training_earns_nothing(grading, solution):
    model = _cnn(solution["Conv2D"], solution["MaxPooling2D"], epochs=1)
    model.history.params["epochs"] = 5          # what a fit stopped after one of 5 epochs leaves
    assert_fails_teaching(lambda: grading.check_cnn(
        model, solution["Conv2D"], [solution["MaxPooling2D"]]), ["was interrupted"])


# ---------------------------------------------------------------------- kerasedu's own ops

def test_a_call_through_ops_conv_is_refused(grading, solution):
    class Borrowed(solution["Conv2D"]):
        def call(self, inputs):
            return ops.conv(inputs, self.kernel, self.strides, self.padding,
                            dilation_rate=self.dilation_rate) + self.bias

    assert_fails_teaching(lambda: grading.check_conv_call(Borrowed, VALID), [
        "Borrowed.call computes its output with ops.conv (or a convolution layer), kerasedu's "
        "own", "with slices of the input and ops.matmul"])


def test_a_pooling_through_ops_max_pool_is_refused(grading, solution):
    class Borrowed(solution["MaxPooling2D"]):
        def call(self, inputs):
            return ops.max_pool(inputs, self.pool_size, self.strides, self.padding)

    assert_fails_teaching(lambda: grading.check_pooling(Borrowed, "MaxPooling2D", POOLS), [
        "Borrowed.call computes its output with ops.max_pool (or a pooling layer)"])
