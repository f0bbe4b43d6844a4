"""Convolution and spatial-reshaping layers against real Keras 3: outputs with the same
weights over a grid of strides, padding, dilation, groups and data formats; weight names,
shapes and order; get_config keys and values; parameter counts; the seed notes' models."""

import inspect
import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

import kerasedu  # noqa: E402
from kerasedu import layers as ours  # noqa: E402

pytestmark = pytest.mark.parity

CF, CL = "channels_first", "channels_last"

CONV_CASES = [
    # (class name, constructor arguments, channels_last input shape)
    ("Conv1D", dict(filters=3, kernel_size=3), (2, 9, 2)),
    ("Conv1D", dict(filters=3, kernel_size=3, strides=2, padding="same"), (2, 9, 2)),
    ("Conv1D", dict(filters=3, kernel_size=3, padding="causal", dilation_rate=2), (2, 9, 2)),
    ("Conv1D", dict(filters=4, kernel_size=2, padding="same", dilation_rate=2, groups=2,
                    activation="relu"), (2, 8, 4)),
    ("Conv2D", dict(filters=3, kernel_size=3), (2, 7, 6, 2)),
    ("Conv2D", dict(filters=3, kernel_size=(3, 2), strides=(2, 1), padding="same"),
     (2, 7, 6, 2)),
    ("Conv2D", dict(filters=2, kernel_size=3, padding="same", dilation_rate=(2, 1)),
     (2, 6, 7, 3)),
    ("Conv2D", dict(filters=4, kernel_size=2, strides=2, groups=2, use_bias=False),
     (2, 7, 7, 4)),
    ("Conv3D", dict(filters=2, kernel_size=2), (1, 4, 5, 4, 2)),
    ("Conv3D", dict(filters=2, kernel_size=(2, 3, 2), strides=(1, 2, 1), padding="same"),
     (1, 4, 5, 4, 2)),
    ("SeparableConv1D", dict(filters=3, kernel_size=3, depth_multiplier=2), (2, 9, 2)),
    ("SeparableConv1D", dict(filters=3, kernel_size=3, strides=2, padding="same"), (2, 9, 2)),
    ("SeparableConv2D", dict(filters=3, kernel_size=3, dilation_rate=2, padding="same"),
     (2, 7, 6, 2)),
    ("SeparableConv2D", dict(filters=4, kernel_size=(2, 3), strides=(2, 1),
                             depth_multiplier=2), (2, 7, 6, 3)),
    ("DepthwiseConv1D", dict(kernel_size=3, depth_multiplier=2), (2, 9, 3)),
    ("DepthwiseConv1D", dict(kernel_size=3, strides=2, padding="same"), (2, 9, 3)),
    ("DepthwiseConv2D", dict(kernel_size=3, padding="same", dilation_rate=2), (2, 7, 6, 2)),
    ("DepthwiseConv2D", dict(kernel_size=(3, 2), strides=2, depth_multiplier=3), (2, 7, 6, 2)),
    ("Conv1DTranspose", dict(filters=3, kernel_size=3, strides=2), (2, 5, 2)),
    ("Conv1DTranspose", dict(filters=3, kernel_size=4, strides=3, padding="same",
                             output_padding=1), (2, 5, 2)),
    ("Conv2DTranspose", dict(filters=3, kernel_size=3, strides=2, padding="same"), (2, 4, 5, 2)),
    ("Conv2DTranspose", dict(filters=2, kernel_size=(3, 2), strides=(2, 3),
                             output_padding=(1, 2)), (2, 4, 3, 2)),
    ("Conv2DTranspose", dict(filters=2, kernel_size=3, padding="same", dilation_rate=2),
     (2, 4, 4, 3)),
    ("Conv3DTranspose", dict(filters=2, kernel_size=2, strides=(2, 1, 2), padding="same"),
     (1, 2, 3, 3, 2)),
]

SPATIAL_CASES = [
    ("Cropping1D", dict(cropping=(1, 2)), (2, 7, 3)),
    ("Cropping2D", dict(cropping=((1, 2), (0, 1))), (2, 10, 10, 3)),
    ("Cropping3D", dict(cropping=((1, 0), (0, 2), 1)), (1, 4, 5, 4, 2)),
    ("UpSampling1D", dict(size=3), (2, 4, 3)),
    ("UpSampling2D", dict(size=(2, 3)), (2, 3, 4, 2)),
    ("UpSampling2D", dict(size=(2, 3), interpolation="bilinear"), (2, 3, 4, 2)),
    ("UpSampling2D", dict(size=3, interpolation="bilinear"), (1, 5, 4, 2)),
    ("UpSampling2D", dict(size=(2, 3), interpolation="bicubic"), (2, 3, 4, 2)),
    ("UpSampling2D", dict(size=2, interpolation="lanczos3"), (1, 5, 4, 2)),
    ("UpSampling2D", dict(size=(1, 2), interpolation="lanczos5"), (1, 4, 6, 1)),
    ("UpSampling3D", dict(size=(1, 2, 2)), (1, 2, 3, 2, 2)),
    ("ZeroPadding1D", dict(padding=(2, 1)), (2, 4, 3)),
    ("ZeroPadding2D", dict(padding=((1, 2), (3, 4))), (2, 5, 5, 3)),
    ("ZeroPadding3D", dict(padding=1), (1, 2, 3, 2, 2)),
]

NO_DATA_FORMAT = {"Cropping1D", "UpSampling1D"}
INITIALIZERS = ("kernel_initializer", "depthwise_initializer", "pointwise_initializer")
PLAIN_KEYS = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
              "groups", "activation", "use_bias", "output_padding", "depth_multiplier",
              "cropping", "size", "interpolation", "pool_size", "keepdims")


def _plain(value):
    """Tuples and lists compared alike."""
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _channels_first(shape):
    return (shape[0], shape[-1]) + tuple(shape[1:-1])


def _zero_initializers(cls, kwargs):
    """kwargs with the kernels initialized to zeros: Keras compiles a random initializer for
    every new weight shape (about a second each), and the test sets random weights anyway."""
    accepted = inspect.signature(cls.__init__).parameters
    return {**{key: "zeros" for key in INITIALIZERS if key in accepted}, **kwargs}


def assert_layer_matches_keras(name, kwargs, shape, seed=0, rtol=1e-5, atol=1e-5):
    """Same weights in, same outputs, weights, configs and parameter counts out."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape).astype("float32")
    kwargs = _zero_initializers(getattr(keras.layers, name), kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    mine = getattr(ours, name)(**kwargs)
    theirs.build(shape)
    mine.build(shape)
    assert [(w.name, tuple(w.shape)) for w in mine.weights] == \
        [(w.name, tuple(w.shape)) for w in theirs.weights]
    weights = [rng.normal(size=tuple(w.shape)).astype("float32") for w in theirs.weights]
    theirs.set_weights(weights)
    mine.set_weights(weights)
    expected = keras.ops.convert_to_numpy(theirs(x))
    got = mine(x).numpy()
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol)
    their_config, my_config = theirs.get_config(), mine.get_config()
    assert list(my_config) == [k for k in their_config if k in my_config]
    assert set(their_config) - set(my_config) <= {"lora_rank", "lora_alpha",
                                                   "quantization_config"}
    for key in PLAIN_KEYS:
        if key in their_config:
            assert _plain(my_config[key]) == _plain(their_config[key]), key
    assert mine.count_params() == theirs.count_params()
    symbolic = mine.compute_output_shape((None,) + tuple(shape[1:]))
    assert tuple(symbolic) == tuple(theirs.compute_output_shape((None,) + tuple(shape[1:])))


def _ids(cases):
    return [f"{name}-{i}" for i, (name, _, _) in enumerate(cases)]


@pytest.mark.parametrize("data_format", [CL, CF])
@pytest.mark.parametrize("name, kwargs, shape", CONV_CASES, ids=_ids(CONV_CASES))
def test_convolution_layers_match_keras(name, kwargs, shape, data_format):
    if data_format == CF:
        kwargs, shape = {**kwargs, "data_format": CF}, _channels_first(shape)
    assert_layer_matches_keras(name, kwargs, shape)


SPATIAL_GRID = [(name, kwargs, shape, data_format) for name, kwargs, shape in SPATIAL_CASES
                for data_format in (CL, CF) if data_format == CL or name not in NO_DATA_FORMAT]


@pytest.mark.parametrize("name, kwargs, shape, data_format", SPATIAL_GRID,
                         ids=[f"{g[0]}-{i}-{g[3]}" for i, g in enumerate(SPATIAL_GRID)])
def test_spatial_reshaping_layers_match_keras(name, kwargs, shape, data_format):
    if data_format == CF:
        kwargs, shape = {**kwargs, "data_format": CF}, _channels_first(shape)
    assert_layer_matches_keras(name, kwargs, shape)


def test_default_configs_match_keras():
    for name in ("Cropping1D", "Cropping2D", "Cropping3D", "UpSampling1D", "UpSampling2D",
                 "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D"):
        theirs, mine = getattr(keras.layers, name)().get_config(), \
            getattr(ours, name)().get_config()
        assert [k for k in theirs if k != "name"] == [k for k in mine if k != "name"], name
        for key in PLAIN_KEYS:
            if key in theirs:
                assert _plain(mine[key]) == _plain(theirs[key]), (name, key)


def _seed_model(module, layers):
    model = module.Sequential()
    model.add(module.Input(shape=(250, 250, 3)))
    model.add(layers.Conv2D(32, 5, strides=2, activation="relu"))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.MaxPooling2D(3))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.MaxPooling2D(3))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.MaxPooling2D(2))
    return model


def test_seed_workflow_model_matches_keras():
    theirs, mine = _seed_model(keras, keras.layers), _seed_model(kerasedu, ours)
    assert [layer.count_params() for layer in mine.layers] == \
        [layer.count_params() for layer in theirs.layers]
    assert mine.count_params() == theirs.count_params() == 48672
    assert [layer.output.shape for layer in mine.layers] == \
        [tuple(layer.output.shape) for layer in theirs.layers]
    for model, module in ((theirs, keras.layers), (mine, ours)):
        model.add(module.GlobalMaxPooling2D())
        model.add(module.Dense(10))
    assert mine.count_params() == theirs.count_params()
    mine.set_weights([np.asarray(w.value) for w in theirs.weights])
    x = np.random.default_rng(4).uniform(size=(1, 250, 250, 3)).astype("float32")
    np.testing.assert_allclose(mine(x).numpy(), np.asarray(theirs(x)), rtol=1e-4, atol=1e-4)


def test_cropping_example_and_reference_summary_match_keras():
    def cropping(module, layers):
        first = (layers.Cropping2D(((2, 2), (4, 4)), input_shape=(28, 28, 3))
                 if module is kerasedu else layers.Cropping2D(((2, 2), (4, 4))))
        inputs = [] if module is kerasedu else [module.Input(shape=(28, 28, 3))]
        return module.Sequential(inputs + [first, layers.Conv2D(64, (3, 3), padding="same"),
                                           layers.Cropping2D(((2, 2), (2, 2)))])

    def reference(module, layers):
        return module.Sequential([module.Input(shape=(28, 28, 1)),
                                  layers.Conv2D(32, 3, activation="relu"),
                                  layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(10)])

    for build in (cropping, reference):
        theirs, mine = build(keras, keras.layers), build(kerasedu, ours)
        assert [layer.output.shape for layer in mine.layers] == \
            [tuple(layer.output.shape) for layer in theirs.layers]
        assert [layer.count_params() for layer in mine.layers] == \
            [layer.count_params() for layer in theirs.layers]
    assert mine.count_params() == 54410
