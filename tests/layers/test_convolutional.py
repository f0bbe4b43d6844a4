"""Convolution layers: shapes (formulas, seed examples, symbolic against eager), float64
gradients through every layer, weights, configs, Keras 2 import paths, and the errors."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu import Input, Sequential, layers, regularizers
from kerasedu.backend import gradients, ops
from kerasedu.layers import convolutional

from .conv_layer_checks import (assert_layer_gradients, assert_symbolic_matches_eager,
                                channels_first)

rng = np.random.default_rng(0)
F64 = dict(dtype="float64")


# ---------------------------------------------------------------------- the seed examples

def test_sequential_add_and_summary_workflow(capsys):
    model = Sequential()
    model.add(Input(shape=(250, 250, 3)))
    model.add(layers.Conv2D(32, 5, strides=2, activation="relu"))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.MaxPooling2D(3))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.MaxPooling2D(3))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.MaxPooling2D(2))
    shapes = [layer.output_shape[1:] for layer in model.layers]
    assert shapes == [(123, 123, 32), (121, 121, 32), (40, 40, 32), (38, 38, 32), (36, 36, 32),
                      (12, 12, 32), (10, 10, 32), (8, 8, 32), (4, 4, 32)]
    assert [layer.count_params() for layer in model.layers] == \
        [2432, 9248, 0, 9248, 9248, 0, 9248, 9248, 0]
    model.summary()
    assert "Total params: 48,672" in capsys.readouterr().out
    model.add(layers.GlobalMaxPooling2D())
    model.add(layers.Dense(10))
    assert model.layers[-2].output_shape == (None, 32)
    assert model.count_params() == 48672 + 330
    assert model(np.zeros((1, 250, 250, 3), "float32")).shape == (1, 10)


def test_cropping_then_convolution_example():
    model = Sequential()
    model.add(layers.Cropping2D(cropping=((2, 2), (4, 4)), input_shape=(28, 28, 3)))
    assert model.output_shape == (None, 24, 20, 3)
    model.add(layers.Conv2D(64, (3, 3), padding="same"))
    model.add(layers.Cropping2D(cropping=((2, 2), (2, 2))))
    assert model.output_shape == (None, 20, 16, 64)


def test_reference_summary_example(capsys):
    model = Sequential([layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28, 1)),
                        layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(10)])
    model.summary()
    out = capsys.readouterr().out
    for row in ("(None, 26, 26, 32)", "320", "(None, 13, 13, 32)", "(None, 5408)", "54,090",
                "Total params: 54,410 (212.54 KB)"):
        assert row in out


# ---------------------------------------------------------------------- shapes and values

@pytest.mark.parametrize("make, shape, expected", [
    (lambda: layers.Conv1D(4, 3), (2, 10, 3), (2, 8, 4)),
    (lambda: layers.Conv1D(4, 3, padding="causal", dilation_rate=2), (2, 10, 3), (2, 10, 4)),
    (lambda: layers.Conv1D(4, 3, strides=3, padding="same"), (2, 10, 3), (2, 4, 4)),
    (lambda: layers.Conv2D(5, (3, 2), strides=(2, 1)), (1, 9, 6, 2), (1, 4, 5, 5)),
    (lambda: layers.Conv2D(4, 3, data_format="channels_first"), (1, 2, 6, 7), (1, 4, 4, 5)),
    (lambda: layers.Conv2D(6, 3, groups=3, padding="same"), (1, 5, 5, 3), (1, 5, 5, 6)),
    (lambda: layers.Conv3D(2, 2, strides=2), (1, 5, 6, 7, 1), (1, 2, 3, 3, 2)),
    (lambda: layers.SeparableConv1D(4, 3, depth_multiplier=2), (2, 9, 3), (2, 7, 4)),
    (lambda: layers.SeparableConv2D(4, 3, padding="same"), (1, 6, 6, 3), (1, 6, 6, 4)),
    (lambda: layers.DepthwiseConv1D(3, depth_multiplier=3), (2, 8, 2), (2, 6, 6)),
    (lambda: layers.DepthwiseConv2D(3, strides=2), (1, 7, 7, 2), (1, 3, 3, 2)),
    (lambda: layers.Conv1DTranspose(3, 3, strides=2), (2, 5, 2), (2, 11, 3)),
    (lambda: layers.Conv2DTranspose(3, 3, strides=2, padding="same"), (1, 4, 5, 2),
     (1, 8, 10, 3)),
    (lambda: layers.Conv2DTranspose(3, 3, strides=2, output_padding=1), (1, 4, 4, 2),
     (1, 10, 10, 3)),
    (lambda: layers.Conv3DTranspose(2, 2, strides=(1, 2, 3)), (1, 2, 3, 2, 1),
     (1, 3, 6, 6, 2)),
])
def test_output_shapes(make, shape, expected):
    assert assert_symbolic_matches_eager(make, shape) == expected


def test_conv2d_computes_a_cross_correlation_plus_bias():
    layer = layers.Conv2D(2, (2, 3), activation="relu", **F64)
    x = rng.normal(size=(2, 4, 5, 3))
    layer.build(x.shape)
    kernel, bias = rng.normal(size=(2, 3, 3, 2)), np.array([0.5, -0.5])
    layer.set_weights([kernel, bias])
    expected = np.zeros((2, 3, 3, 2))
    for i in range(3):
        for j in range(3):
            expected[:, i, j] = np.einsum("nhwc,hwcf->nf", x[:, i:i + 2, j:j + 3], kernel)
    np.testing.assert_allclose(layer(x).numpy(), np.maximum(expected + bias, 0), atol=1e-12)


def test_channels_first_gives_the_transposed_result():
    x = rng.normal(size=(2, 6, 5, 3)).astype("float32")
    last = layers.Conv2D(4, 3, strides=2, padding="same")
    first = layers.Conv2D(4, 3, strides=2, padding="same", data_format="channels_first")
    last.build(x.shape)
    first.build(channels_first(x).shape)
    first.set_weights(last.get_weights())
    np.testing.assert_allclose(first(channels_first(x)).numpy(), channels_first(last(x).numpy()),
                               rtol=1e-5, atol=1e-6)


def test_causal_conv1d_never_looks_ahead():
    layer = layers.Conv1D(2, 3, padding="causal", dilation_rate=2)
    x = rng.normal(size=(1, 12, 2)).astype("float32")
    before = layer(x).numpy()
    x[0, 7:] += 1.0
    after = layer(x).numpy()
    np.testing.assert_array_equal(before[0, :7], after[0, :7])
    assert not np.allclose(before[0, 7:], after[0, 7:])


def test_weights_shapes_and_names():
    cases = [
        (layers.Conv2D(8, 3, groups=2), (1, 5, 5, 4), [("kernel", (3, 3, 2, 8)), ("bias", (8,))]),
        (layers.SeparableConv2D(8, 3, depth_multiplier=2), (1, 5, 5, 4),
         [("depthwise_kernel", (3, 3, 4, 2)), ("pointwise_kernel", (1, 1, 8, 8)),
          ("bias", (8,))]),
        (layers.DepthwiseConv1D(3, depth_multiplier=2, use_bias=False), (1, 5, 4),
         [("kernel", (3, 4, 2))]),
        (layers.Conv2DTranspose(6, 3), (1, 5, 5, 4), [("kernel", (3, 3, 6, 4)), ("bias", (6,))]),
    ]
    for layer, shape, expected in cases:
        layer.build(shape)
        assert [(w.name, tuple(w.shape)) for w in layer.weights] == expected
        assert layer.weights[0].path == f"{layer.name}/{expected[0][0]}"
    assert cases[2][0].depthwise_kernel is cases[2][0].kernel


def test_float32_stays_float32_and_gradients_reach_every_weight():
    model = Sequential([Input(shape=(8, 8, 1)), layers.Conv2D(4, 3, padding="same"),
                        layers.SeparableConv2D(4, 3), layers.DepthwiseConv2D(2),
                        layers.Conv2DTranspose(2, 2, strides=2)])
    y = model(rng.normal(size=(2, 8, 8, 1)))
    assert y.dtype == np.float32
    grads = gradients(ops.sum(ops.square(y)), model.trainable_weights)
    assert all(g is not None and g.dtype == np.float32 and g.shape == w.shape
               for g, w in zip(grads, model.trainable_weights))


def test_regularizers_and_constraints_are_attached():
    layer = layers.Conv2D(2, 3, kernel_regularizer=regularizers.L2(0.1),
                          bias_regularizer="l1", kernel_constraint="non_neg")
    layer.build((1, 4, 4, 1))
    assert len(layer.losses) == 2
    np.testing.assert_allclose(float(layer.losses[0]), 0.1 * np.sum(layer.kernel.numpy() ** 2),
                               rtol=1e-5)
    assert layer.kernel.constraint is not None and layer.bias.constraint is None
    separable = layers.SeparableConv1D(2, 3, depthwise_regularizer="l2",
                                       pointwise_regularizer="l2", pointwise_constraint="max_norm")
    separable.build((1, 5, 2))
    assert len(separable.losses) == 2 and separable.pointwise_kernel.constraint is not None


def test_initializers_are_used():
    layer = layers.Conv1D(3, 2, kernel_initializer="ones", bias_initializer="constant")
    layer.build((1, 4, 2))
    assert np.all(layer.kernel.numpy() == 1)
    depthwise = layers.DepthwiseConv2D(2, depthwise_initializer="zeros", bias_initializer="ones")
    depthwise.build((1, 3, 3, 2))
    assert np.all(depthwise.kernel.numpy() == 0) and np.all(depthwise.bias.numpy() == 1)


# ---------------------------------------------------------------------- gradients (float64)

GRADIENT_CASES = {
    "conv1d_causal": (lambda: layers.Conv1D(2, 3, padding="causal", dilation_rate=2, **F64),
                      (2, 7, 2)),
    "conv1d_strided_first": (lambda: layers.Conv1D(3, 2, strides=2, padding="same",
                                                   data_format="channels_first", **F64),
                             (2, 2, 7)),
    "conv2d_same_tanh": (lambda: layers.Conv2D(3, 3, strides=2, padding="same",
                                               activation="tanh", **F64), (1, 5, 6, 2)),
    "conv2d_groups_dilated": (lambda: layers.Conv2D(4, 2, dilation_rate=2, groups=2, **F64),
                              (1, 5, 5, 4)),
    "conv2d_first": (lambda: layers.Conv2D(2, (2, 3), data_format="channels_first", **F64),
                     (1, 2, 4, 5)),
    "conv3d": (lambda: layers.Conv3D(2, 2, padding="same", **F64), (1, 3, 3, 3, 2)),
    "separable1d": (lambda: layers.SeparableConv1D(3, 3, depth_multiplier=2, **F64), (2, 6, 2)),
    "separable2d_first": (lambda: layers.SeparableConv2D(2, 2, strides=2, padding="same",
                                                         data_format="channels_first", **F64),
                          (1, 2, 5, 4)),
    "depthwise1d": (lambda: layers.DepthwiseConv1D(3, depth_multiplier=2, **F64), (2, 6, 2)),
    "depthwise2d_first": (lambda: layers.DepthwiseConv2D(2, padding="same",
                                                         data_format="channels_first", **F64),
                          (1, 2, 4, 4)),
    "conv1d_transpose": (lambda: layers.Conv1DTranspose(2, 3, strides=2, **F64), (2, 4, 2)),
    "conv2d_transpose_same_op": (lambda: layers.Conv2DTranspose(
        2, 3, strides=2, padding="same", output_padding=1, **F64), (1, 3, 3, 2)),
    "conv2d_transpose_first": (lambda: layers.Conv2DTranspose(
        2, 2, strides=(2, 1), data_format="channels_first", **F64), (1, 2, 3, 3)),
    "conv3d_transpose": (lambda: layers.Conv3DTranspose(1, 2, strides=2, **F64),
                         (1, 2, 2, 2, 2)),
}


@pytest.mark.parametrize("case", sorted(GRADIENT_CASES))
def test_gradients_through_the_layer(case):
    make, shape = GRADIENT_CASES[case]
    assert_layer_gradients(make, rng.normal(size=shape))


# ---------------------------------------------------------------------- symbolic vs eager

@st.composite
def conv_settings(draw, rank):
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(rank))
    dilated = draw(st.booleans())
    dilation = tuple(draw(st.integers(1, 2)) if dilated else 1 for _ in range(rank))
    strides = tuple(1 if dilated else draw(st.integers(1, 3)) for _ in range(rank))
    padding = draw(st.sampled_from(["valid", "same"] + (["causal"] if rank == 1 else [])))
    spatial = tuple(draw(st.integers(d * (k - 1) + 1, d * (k - 1) + 6))
                    for k, d in zip(kernel, dilation))
    data_format = draw(st.sampled_from(["channels_last", "channels_first"]))
    groups = draw(st.sampled_from([1, 2]))
    channels = groups * draw(st.integers(1, 2))
    batch = draw(st.integers(1, 3))
    shape = ((batch,) + spatial + (channels,) if data_format == "channels_last"
             else (batch, channels) + spatial)
    options = dict(kernel_size=kernel, strides=strides, padding=padding,
                   dilation_rate=dilation, data_format=data_format)
    return shape, options, groups


CLASSES = {1: layers.Conv1D, 2: layers.Conv2D, 3: layers.Conv3D}


@settings(max_examples=30, deadline=None)
@given(rank=st.sampled_from([1, 2, 3]), data=st.data())
def test_conv_symbolic_shapes_match_eager(rank, data):
    shape, options, groups = data.draw(conv_settings(rank))
    filters = groups * data.draw(st.integers(1, 3))
    make = lambda: CLASSES[rank](filters, groups=groups, **options)  # noqa: E731
    assert_symbolic_matches_eager(make, shape)


@settings(max_examples=25, deadline=None)
@given(rank=st.sampled_from([1, 2]), kind=st.sampled_from(["separable", "depthwise"]),
       multiplier=st.integers(1, 2), data=st.data())
def test_separable_and_depthwise_symbolic_shapes_match_eager(rank, kind, multiplier, data):
    shape, options, _ = data.draw(conv_settings(rank))
    if options["padding"] == "causal":
        options["padding"] = "valid"
    if kind == "separable":
        cls = layers.SeparableConv1D if rank == 1 else layers.SeparableConv2D
        make = lambda: cls(3, depth_multiplier=multiplier, **options)  # noqa: E731
    else:
        cls = layers.DepthwiseConv1D if rank == 1 else layers.DepthwiseConv2D
        make = lambda: cls(depth_multiplier=multiplier, **options)  # noqa: E731
    assert_symbolic_matches_eager(make, shape)


@settings(max_examples=30, deadline=None)
@given(rank=st.sampled_from([1, 2, 3]), data=st.data())
def test_conv_transpose_symbolic_shapes_match_eager(rank, data):
    shape, options, _ = data.draw(conv_settings(rank))
    if options["padding"] == "causal":
        options["padding"] = "valid"
    strides = options["strides"]
    if data.draw(st.booleans()):
        options["output_padding"] = tuple(data.draw(st.integers(0, s - 1)) for s in strides)
    cls = {1: layers.Conv1DTranspose, 2: layers.Conv2DTranspose, 3: layers.Conv3DTranspose}[rank]
    assert_symbolic_matches_eager(lambda: cls(2, **options), shape)


def test_unknown_spatial_sizes_stay_unknown():
    out = layers.Conv2D(4, 3, strides=2)(Input(shape=(None, 9, 2)))
    assert out.shape == (None, None, 4, 4)
    out = layers.Conv2DTranspose(4, 3, strides=2)(Input(shape=(None, 9, 2)))
    assert out.shape == (None, None, 19, 4)


# ---------------------------------------------------------------------- configs and paths

@pytest.mark.parametrize("layer", [
    layers.Conv1D(4, 3, padding="causal", activation="relu", kernel_regularizer="l2"),
    layers.Conv2D(4, (3, 2), strides=2, groups=2, data_format="channels_first", use_bias=False),
    layers.Conv3D(2, 2, dilation_rate=2, kernel_constraint="non_neg"),
    layers.SeparableConv2D(4, 3, depth_multiplier=2, pointwise_initializer="he_normal"),
    layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same"),
    layers.Conv2DTranspose(3, 3, strides=2, output_padding=1, activation="sigmoid"),
    layers.Conv3DTranspose(2, 2, data_format="channels_first"),
], ids=lambda layer: type(layer).__name__)
def test_config_round_trip(layer):
    config = layer.get_config()
    assert list(config)[:3] == ["name", "trainable", "dtype"]
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    restored = layers.deserialize(layers.serialize(layer))
    assert type(restored) is type(layer) and restored.get_config() == config


def test_keras2_import_paths_and_aliases():
    from kerasedu.layers.convolutional import (Conv2D, Convolution2D, Deconvolution2D,
                                               SeparableConvolution2D, ZeroPadding2D)
    assert Conv2D is layers.Conv2D is Convolution2D is convolutional.Convolution2D
    assert Deconvolution2D is layers.Conv2DTranspose is layers.Convolution2DTranspose
    assert layers.Deconvolution3D is layers.Conv3DTranspose
    assert SeparableConvolution2D is layers.SeparableConv2D
    assert layers.Convolution1D is layers.Conv1D and layers.Convolution3D is layers.Conv3D
    assert ZeroPadding2D is layers.ZeroPadding2D
    assert layers.Conv2D(1, 1).name.startswith("conv2d")
    assert layers.Conv2DTranspose(1, 1).name.startswith("conv2d_transpose")
    assert layers.SeparableConv1D(1, 1).name.startswith("separable_conv1d")


# ---------------------------------------------------------------------- errors

@pytest.mark.parametrize("make, message", [
    (lambda: layers.Conv2D(4, 3, strides=2, dilation_rate=2), "strides > 1.*dilation_rate > 1"),
    (lambda: layers.Conv1DTranspose(4, 3, strides=2, dilation_rate=2), "dilation_rate > 1"),
    (lambda: layers.DepthwiseConv2D(3, strides=2, dilation_rate=2), "dilation_rate > 1"),
    (lambda: layers.Conv2DTranspose(4, 3, strides=2, output_padding=2), "output_padding"),
    (lambda: layers.Conv2DTranspose(4, 3, strides=(2, 1), output_padding=(1, 1)),
     "strictly less than `strides`"),
    (lambda: layers.Conv2D(-1, 3), "filters"),
    (lambda: layers.Conv2D(0, 3), "filters"),
    (lambda: layers.Conv2D(4, (3, -1)), "kernel_size"),
    (lambda: layers.Conv2D(4, 3, strides=0), "strides"),
    (lambda: layers.Conv1D(4, 3, dilation_rate=-2), "dilation_rate"),
    (lambda: layers.Conv2D(4, (3, 3, 3)), "kernel_size"),
    (lambda: layers.Conv2D(3, 3, groups=2), "evenly divisible"),
    (lambda: layers.Conv2D(3, 3, padding="causal"), "padding"),
    (lambda: layers.Conv2D(3, 3, data_format="NHWC"), "data_format"),
    (lambda: layers.SeparableConv2D(3, 3, depth_multiplier=0), "depth_multiplier"),
    (lambda: layers.Conv2D(3, 3, activation="no_such_activation"), "no_such_activation"),
])
def test_construction_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_construction_errors_name_the_layer_and_the_fix():
    with pytest.raises(ValueError) as info:
        layers.Conv2D(4, 3, strides=2, dilation_rate=2, name="my_conv")
    text = str(info.value)
    assert "'my_conv'" in text and "Conv2D" in text and "Received" in text and "Use" in text


@pytest.mark.parametrize("make, shape, message", [
    (lambda: layers.Conv2D(4, 5), (6, 3, 3), "does not fit the input"),
    (lambda: layers.Conv1D(4, 3, dilation_rate=3), (6, 2), "does not fit the input"),
    (lambda: layers.SeparableConv2D(4, 4), (3, 8, 1), "does not fit"),
    (lambda: layers.DepthwiseConv1D(5), (4, 1), "does not fit"),
    (lambda: layers.Conv2D(4, 3, groups=2), (6, 6, 3), "input channels must be evenly"),
    (lambda: layers.Conv2D(4, 3), (6, 6, None), "channel dimension"),
    (lambda: layers.Conv2D(4, 3), (6, 6), "expected ndim=4"),
])
def test_build_errors(make, shape, message):
    with pytest.raises(ValueError, match=message):
        make()(Input(shape=shape))
    layer = make()
    if None not in shape:
        with pytest.raises(ValueError, match=message):
            layer(np.ones((1,) + shape, "float32"))
        assert not layer.built and layer.weights == []


def test_wrong_channel_count_after_build():
    layer = layers.Conv2D(2, 3)
    layer(np.ones((1, 5, 5, 3), "float32"))
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 3"):
        layer(np.ones((1, 5, 5, 4), "float32"))


def test_same_padding_never_fails_on_small_inputs():
    assert layers.Conv2D(2, 5, padding="same")(np.ones((1, 2, 3, 1), "float32")).shape == \
        (1, 2, 3, 2)
    assert layers.Conv2DTranspose(2, 5)(np.ones((1, 1, 1, 1), "float32")).shape == (1, 5, 5, 2)
