"""kerasedu.grading shape checks (problem set 2): right arithmetic passes, each mistake fails
with a message naming the function, the input, the expected and the received shape."""

import math
import pathlib

import nbformat
import pytest
from grading_helpers import assert_fails_teaching, raises_teaching

import kerasedu.grading
from kerasedu import layers, ops
from kerasedu.grading.shape_checks import SUMMARY_MODEL_SOURCES

ROOT = pathlib.Path(__file__).resolve().parents[2]


def length(n, kernel, stride, padding, dilation=1):
    if n is None:
        return None
    if padding == "same":
        return -(-n // stride)
    return (n - dilation * (kernel - 1) - 1) // stride + 1


def conv2d(input_shape, filters, kernel_size, strides=(1, 1), padding="valid",
           dilation_rate=(1, 1)):
    b, h, w, _ = input_shape
    return (b, length(h, kernel_size[0], strides[0], padding, dilation_rate[0]),
            length(w, kernel_size[1], strides[1], padding, dilation_rate[1]), filters)


def pool2d(input_shape, pool_size, strides=None, padding="valid"):
    strides = strides or pool_size
    b, h, w, c = input_shape
    return (b, length(h, pool_size[0], strides[0], padding),
            length(w, pool_size[1], strides[1], padding), c)


def grow(sign, key):
    def f(input_shape, **arguments):
        (top, bottom), (left, right) = arguments[key]
        b, h, w, c = input_shape
        return (b, None if h is None else h + sign * (top + bottom),
                None if w is None else w + sign * (left + right), c)
    return f


def upsampling2d(input_shape, size):
    b, h, w, c = input_shape
    return (b, None if h is None else h * size[0], None if w is None else w * size[1], c)


def permute(input_shape, dims):
    return (input_shape[0],) + tuple(input_shape[d] for d in dims)


def flatten(input_shape):
    rest = input_shape[1:]
    return (input_shape[0], None if None in rest else math.prod(rest))


def repeat_vector(input_shape, n):
    return (input_shape[0], n, input_shape[1])


class Reshape(layers.Layer):
    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)

    def _resolve(self, shape):
        known = math.prod(d for d in self.target_shape if d != -1)
        return tuple(math.prod(shape[1:]) // known if d == -1 else d for d in self.target_shape)

    def call(self, inputs):
        return ops.reshape(inputs, (inputs.shape[0],) + self._resolve(inputs.shape))

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self._resolve(input_shape)


class ReshapeCallIgnoresTarget(Reshape):
    def call(self, inputs):
        return ops.reshape(inputs, (inputs.shape[0], -1))


def param_count(layer, input_shape):
    if isinstance(layer, layers.Dense):
        return input_shape[-1] * layer.units + (layer.units if layer.use_bias else 0)
    if isinstance(layer, layers.Conv2D):
        kh, kw = layer.kernel_size
        return kh * kw * input_shape[-1] * layer.filters + (layer.filters if layer.use_bias else 0)
    if isinstance(layer, layers.BatchNormalization):
        return 4 * input_shape[-1]
    return 0


CORRECT = [
    (conv2d, "Conv2D"), (pool2d, "MaxPooling2D"), (pool2d, "AveragePooling2D"),
    (grow(-1, "cropping"), "Cropping2D"), (grow(1, "padding"), "ZeroPadding2D"),
    (upsampling2d, "UpSampling2D"), (permute, "Permute"), (flatten, "Flatten"),
    (repeat_vector, "RepeatVector"), (Reshape, "Reshape"),
]


@pytest.mark.parametrize("student,reference", CORRECT)
def test_right_arithmetic_passes_on_random_cases_with_unknown_sizes(grading, student, reference):
    none_probability = 0.0 if reference == "Reshape" else 0.3
    grading.check_output_shapes(student, reference, seed=3, count=60,
                                none_probability=none_probability)


@pytest.mark.parametrize("reference", ["Conv2D", "MaxPooling2D", "Cropping2D", "ZeroPadding2D",
                                       "UpSampling2D", "Reshape", "Permute", "Flatten",
                                       "RepeatVector"])
def test_random_cases_are_valid_for_the_reference_layers(reference):
    cls = getattr(layers, reference)
    for seed in range(5):
        for input_shape, arguments in kerasedu.grading.random_cases(
                reference, seed=seed, count=100, none_probability=0.3 * (reference != "Reshape")):
            assert input_shape[0] is None
            cls(**arguments).compute_output_shape(input_shape)


def test_random_cases_cover_strides_dilation_both_paddings_and_unknown_sizes():
    cases = kerasedu.grading.random_cases("Conv2D", seed=0, count=100, none_probability=0.3)
    assert {a["padding"] for _, a in cases} == {"valid", "same"}
    assert any(a["strides"] != (1, 1) for _, a in cases)
    assert any(a["dilation_rate"] != (1, 1) for _, a in cases)
    assert any(None in s[1:] for s, _ in cases)
    assert cases == kerasedu.grading.random_cases("Conv2D", seed=0, count=100,
                                                  none_probability=0.3)


def no_dilation(input_shape, filters, kernel_size, strides=(1, 1), padding="valid",
                dilation_rate=(1, 1)):
    return conv2d(input_shape, filters, kernel_size, strides, padding)


def floor_same(input_shape, filters, kernel_size, strides=(1, 1), padding="valid",
               dilation_rate=(1, 1)):
    b, h, w, _ = conv2d(input_shape, filters, kernel_size, strides, padding, dilation_rate)
    if padding == "same":
        h, w = input_shape[1] // strides[0], input_shape[2] // strides[1]
    return (b, h, w, filters)


def true_division(input_shape, pool_size, strides=None, padding="valid"):
    b, h, w, c = input_shape
    return (b, h / pool_size[0], w / pool_size[1], c)


def ignores_none(input_shape, cropping):
    (top, bottom), (left, right) = cropping
    b, h, w, c = input_shape
    return (b, h - top - bottom, w - left - right, c)


def drops_batch(input_shape, n):
    return (n, input_shape[1])


@pytest.mark.parametrize("student,reference,cases,fragments", [
    (no_dilation, "Conv2D", [((None, 16, 16, 3), {"filters": 4, "kernel_size": (3, 3),
                                                  "dilation_rate": (2, 2)})],
     ["no_dilation((None, 16, 16, 3), filters=4, kernel_size=(3, 3), dilation_rate=(2, 2))",
      "returned (None, 14, 14, 4), expected (None, 12, 12, 4)",
      "axis 1 (height): expected 12, received 14"]),
    (floor_same, "Conv2D", [((None, 7, 7, 1), {"filters": 2, "kernel_size": (3, 3),
                                               "strides": (2, 2), "padding": "same"})],
     ["expected (None, 4, 4, 2)", "received 3"]),
    (true_division, "MaxPooling2D", [((None, 7, 7, 1), {"pool_size": (2, 2)})],
     ["holds the float 3.5", "integer division"]),
    (ignores_none, "Cropping2D", [((None, None, 8, 1), {"cropping": ((1, 1), (2, 2))})],
     ["raised TypeError", "unknown (None)"]),
    (drops_batch, "RepeatVector", [((None, 8), {"n": 3})],
     ["returned (3, 8), expected (None, 3, 8)", "rank 3"]),
    (ReshapeCallIgnoresTarget, "Reshape", [((None, 2, 6), {"target_shape": (-1, 4)})],
     ["For an input of shape (3, 2, 6)", "call returned shape (3, 12)",
      "compute_output_shape says (3, 3, 4)", "the two methods must agree"]),
])
def test_each_mistake_fails_with_a_message_that_teaches(grading, student, reference, cases,
                                                        fragments):
    assert_fails_teaching(
        lambda: grading.check_output_shapes(student, reference, cases=cases), fragments)


def test_param_counts_pass_for_both_models_and_fail_with_the_layer_named(grading):
    grading.check_param_counts(param_count, "a")
    grading.check_param_counts(param_count, "b")

    def forgets_bn_statistics(layer, input_shape):
        if isinstance(layer, layers.BatchNormalization):
            return 2 * input_shape[-1]
        return param_count(layer, input_shape)

    with pytest.raises(AssertionError) as info:
        grading.check_param_counts(forgets_bn_statistics, "b")
    assert "returned 12, expected 24" in str(info.value)
    assert "'bn_conv'" in str(info.value) and "moving_variance (6,)" in str(info.value)


def test_param_dict_checks_every_layer(grading):
    model = grading.summary_model("a")
    right = {layer.name: layer.count_params() for layer in model.layers}
    grading.check_param_dict(right, "a")
    with raises_teaching(r"'conv_2' \(Conv2D\): expected 4608, received 4640"):
        grading.check_param_dict({**right, "conv_2": 4640}, "a")
    with raises_teaching(r"Missing: \['bn'\]"):
        grading.check_param_dict({k: v for k, v in right.items() if k != "bn"}, "a")
    with raises_teaching("received None"):
        grading.check_param_dict({**right, "flatten": None}, "a")


def test_the_notebook_shows_model_a_exactly_as_the_checks_build_it():
    for folder in ("solutions", "exercises"):
        notebook = nbformat.read(ROOT / folder / "ps02_shapes" / "ps02_shapes.ipynb",
                                 as_version=4)
        sources = [c.source for c in notebook.cells if c.cell_type == "code"]
        assert SUMMARY_MODEL_SOURCES["a"] in sources
        assert not any("model_b" in s for s in sources)
