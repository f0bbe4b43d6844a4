"""Image preprocessing layers: what every one of them must do (configs, saving, symbolic
shapes, one image or a batch, training inside fit, gradients), and the contracts of Resizing,
CenterCrop and RandomFlip (the other augmentations: test_image_augmentation.py).

Random layers are checked through the properties of their transformation (Keras draws from
another random stream, so their values cannot be compared draw for draw): the identity at
inference, a zero-strength setting gives the identity, flips are exact, values stay in range,
the same seed gives the same draws.
"""

import numpy as np
import pytest

import kerasedu
from kerasedu import layers
from kerasedu.backend.gradcheck import assert_gradients_match

RNG = np.random.default_rng(0)

# name: (constructor arguments, input shape of one image, output shape of one image)
LAYERS = {
    "Resizing": (dict(height=4, width=5), (6, 7, 3), (4, 5, 3)),
    "CenterCrop": (dict(height=3, width=4), (6, 7, 3), (3, 4, 3)),
    "RandomFlip": (dict(seed=1), (5, 6, 3), (5, 6, 3)),
    "RandomRotation": (dict(factor=0.2, seed=1), (5, 6, 3), (5, 6, 3)),
    "RandomZoom": (dict(height_factor=0.3, width_factor=(-0.2, 0.4), seed=1), (5, 6, 3),
                   (5, 6, 3)),
    "RandomTranslation": (dict(height_factor=0.2, width_factor=(-0.3, 0.1), seed=1), (5, 6, 3),
                          (5, 6, 3)),
    "RandomContrast": (dict(factor=0.5, seed=1), (5, 6, 3), (5, 6, 3)),
    "RandomBrightness": (dict(factor=0.3, seed=1), (5, 6, 3), (5, 6, 3)),
    "RandomCrop": (dict(height=3, width=4, seed=1), (6, 7, 3), (3, 4, 3)),
}
RANDOM = ["RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast",
          "RandomBrightness"]     # the random layers of LAYERS: the identity at inference


def pixels(shape, dtype="float32"):
    return (RNG.uniform(size=shape) * 255).astype(dtype)


def make(name, **overrides):
    kwargs, _, _ = LAYERS[name]
    return getattr(layers, name)(**{**kwargs, **overrides})


@pytest.mark.parametrize("name", LAYERS)
def test_batches_and_single_images_have_the_promised_shapes(name):
    _, shape, out_shape = LAYERS[name]
    layer = make(name)
    assert layer(pixels((2, *shape))).shape == (2, *out_shape)
    assert layer(pixels(shape)).shape == out_shape
    assert layer.compute_output_shape((None, *shape)) == (None, *out_shape)
    symbolic = layer(layers.Input(shape=shape))
    assert symbolic.shape == (None, *out_shape)


@pytest.mark.parametrize("name", LAYERS)
def test_outputs_are_floats_for_float_inputs(name):
    _, shape, _ = LAYERS[name]
    assert make(name)(pixels((2, *shape))).dtype == np.float32
    assert make(name, dtype="float64")(pixels((2, *shape))).dtype == np.float64


@pytest.mark.parametrize("name", LAYERS)
def test_config_round_trips(name):
    layer = make(name)
    config = layer.get_config()
    again = type(layer).from_config(config)
    assert again.get_config() == config
    assert kerasedu.layers.deserialize(kerasedu.layers.serialize(layer)).get_config() == config


@pytest.mark.parametrize("name", LAYERS)
def test_a_saved_model_predicts_the_same(name, tmp_path):
    _, shape, _ = LAYERS[name]
    model = kerasedu.Sequential([layers.Input(shape=shape), make(name), layers.Flatten(),
                                 layers.Dense(2)])
    x = pixels((3, *shape))
    model.save(tmp_path / "model.keras")
    loaded = kerasedu.models.load_model(tmp_path / "model.keras")
    assert type(loaded.layers[0]).__name__ == name
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-6)


@pytest.mark.parametrize("name", LAYERS)
def test_trains_inside_fit(name):
    _, shape, _ = LAYERS[name]
    kerasedu.utils.set_random_seed(1)
    model = kerasedu.Sequential([layers.Input(shape=shape), make(name), layers.Flatten(),
                                 layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = pixels((8, *shape)) / 255, RNG.normal(size=(8, 1))
    before = [w.numpy().copy() for w in model.weights]
    history = model.fit(x, y, epochs=2, batch_size=4, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    assert any(not np.allclose(a, w.numpy()) for a, w in zip(before, model.weights))


@pytest.mark.parametrize("name", LAYERS)
def test_gradients_reach_the_images(name):
    _, shape, _ = LAYERS[name]
    small = tuple(min(d, 5) for d in shape[:2]) + shape[2:]
    kwargs = {k: min(v, 4) for k, v in LAYERS[name][0].items() if k in ("height", "width")}
    assert_gradients_match(
        lambda x: make(name, dtype="float64", seed=3, **kwargs)(x, training=True)
        if "seed" in make(name).get_config() else
        make(name, dtype="float64", **kwargs)(x), RNG.uniform(size=(2, *small)), atol=1e-5)


@pytest.mark.parametrize("name", LAYERS)
def test_inputs_of_the_wrong_rank_are_refused(name):
    with pytest.raises(ValueError, match=f"{name}.*rank 3"):
        make(name)(np.ones((4, 5)))


@pytest.mark.parametrize("name", LAYERS)
def test_channels_first_matches_channels_last(name):
    _, shape, _ = LAYERS[name]
    x = pixels((2, *shape))
    overrides = {"seed": 5} if name in RANDOM else {}
    last = make(name, **overrides)(x).numpy()
    first = make(name, data_format="channels_first", **overrides)(np.moveaxis(x, -1, 1))
    np.testing.assert_allclose(np.moveaxis(first.numpy(), 1, -1), last, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("name", RANDOM)
def test_random_layers_are_the_identity_at_inference(name):
    _, shape, _ = LAYERS[name]
    x = pixels((4, *shape))
    np.testing.assert_array_equal(make(name)(x, training=False).numpy(), x)
    model = kerasedu.Sequential([layers.Input(shape=shape), make(name)])
    np.testing.assert_array_equal(model.predict(x, verbose=0), x)
    np.testing.assert_array_equal(model(x, training=False).numpy(), x)


@pytest.mark.parametrize("name", RANDOM)
def test_random_layers_act_when_called_and_in_training(name):
    _, shape, _ = LAYERS[name]
    x = pixels((8, *shape))
    assert not np.allclose(make(name)(x).numpy(), x)                 # training defaults to True
    assert not np.allclose(make(name)(x, training=True).numpy(), x)


@pytest.mark.parametrize("name", RANDOM)
def test_the_same_seed_gives_the_same_augmentations(name):
    _, shape, _ = LAYERS[name]
    x = pixels((8, *shape))
    first, second = make(name, seed=11), make(name, seed=11)
    for _ in range(2):          # draw after draw, not only the first
        np.testing.assert_array_equal(first(x).numpy(), second(x).numpy())
    assert not np.allclose(make(name, seed=11)(x).numpy(), make(name, seed=12)(x).numpy())
    kerasedu.utils.set_random_seed(4)
    unseeded = make(name, seed=None)(x).numpy()
    kerasedu.utils.set_random_seed(4)
    np.testing.assert_array_equal(make(name, seed=None)(x).numpy(), unseeded)


@pytest.mark.parametrize("arguments, words", [
    (dict(height=0, width=2), "height"),
    (dict(height=2, width=2.5), "width"),
    (dict(height=2, width=2, interpolation="area"), "interpolation"),
    (dict(height=2, width=2, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True),
     "Only one of"),
    (dict(height=2, width=2, fill_mode="reflect"), "fill_mode"),
    (dict(height=2, width=2, data_format="channels_middle"), "data_format"),
])
def test_resizing_refuses_bad_arguments(arguments, words):
    with pytest.raises(ValueError, match=f"Resizing.*{words}"):
        layers.Resizing(**arguments)


def test_resizing_nearest_picks_pixels_and_bilinear_averages_them():
    x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    nearest = layers.Resizing(2, 2, interpolation="nearest")(x).numpy()[0, ..., 0]
    np.testing.assert_array_equal(nearest, [[5, 7], [13, 15]])
    halves = layers.Resizing(2, 2)(x).numpy()[0, ..., 0]     # each output pixel sits between 4
    np.testing.assert_allclose(halves, [[2.5, 4.5], [10.5, 12.5]])


def test_resizing_pad_to_aspect_ratio_keeps_the_image_and_fills_bands():
    x = np.ones((1, 2, 4, 1), "float32")
    out = layers.Resizing(4, 4, pad_to_aspect_ratio=True, fill_value=-1.0,
                          interpolation="nearest")(x).numpy()[0, ..., 0]
    np.testing.assert_array_equal(out[0], -1)
    np.testing.assert_array_equal(out[-1], -1)
    np.testing.assert_array_equal(out[1:3], 1)


def test_resizing_keeps_uint8_pixels():
    x = RNG.integers(0, 256, size=(2, 6, 6, 3)).astype("uint8")
    out = layers.Resizing(3, 3)(x)
    assert out.dtype == np.uint8


def test_center_crop_cuts_the_middle_and_resizes_small_images():
    x = np.arange(7 * 8, dtype="float32").reshape(1, 7, 8, 1)
    out = layers.CenterCrop(3, 4)(x).numpy()
    np.testing.assert_array_equal(out, x[:, 2:5, 2:6])
    small = layers.CenterCrop(10, 4)(x).numpy()
    expected = layers.Resizing(10, 4, crop_to_aspect_ratio=True)(x).numpy()
    np.testing.assert_array_equal(small, expected)


def test_center_crop_refuses_bad_sizes():
    with pytest.raises(ValueError, match="CenterCrop.*width"):
        layers.CenterCrop(3, -1)


@pytest.mark.parametrize("mode, flip", [
    ("horizontal", lambda x: x[:, :, ::-1]), ("vertical", lambda x: x[:, ::-1]),
    ("horizontal_and_vertical", lambda x: x[:, ::-1, ::-1])])
def test_random_flip_flips_about_half_the_images_exactly(mode, flip):
    x = pixels((200, 3, 4, 2))
    out = layers.RandomFlip(mode, seed=2)(x).numpy()
    kept = np.all(out == x, axis=(1, 2, 3))
    flipped = np.all(out == flip(x), axis=(1, 2, 3))
    assert np.all(kept | flipped)
    assert 70 < flipped.sum() < 130


def test_random_flip_of_one_image_and_channels_first():
    x = pixels((3, 4, 2))
    out = layers.RandomFlip("horizontal", seed=0)(x).numpy()
    assert np.array_equal(out, x) or np.array_equal(out, x[:, ::-1])
    y = pixels((50, 2, 3, 4))
    out = layers.RandomFlip("horizontal", data_format="channels_first", seed=0)(y).numpy()
    assert np.all(np.all(out == y, axis=(1, 2, 3)) | np.all(out == y[..., ::-1], axis=(1, 2, 3)))


def test_random_flip_refuses_an_unknown_mode():
    with pytest.raises(ValueError, match="RandomFlip.*mode.*horizontal"):
        layers.RandomFlip("diagonal")

