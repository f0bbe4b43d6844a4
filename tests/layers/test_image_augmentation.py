"""Image augmentation layers, each against its contract: the affine layers (rotation, zoom,
translation) move pixels as their maps say, the colour layers (contrast, brightness) change
values as their formulas say, RandomCrop cuts exact windows; and the keras.io recipe, with
augmentation in fit and none in predict. (What every image layer must do is checked in
test_image_preprocessing.py.)"""

import numpy as np
import pytest

import kerasedu
from kerasedu import layers

RNG = np.random.default_rng(1)


def pixels(shape, dtype="float32"):
    return (RNG.uniform(size=shape) * 255).astype(dtype)


AFFINE_AT_ZERO = {"RandomRotation": dict(factor=0.0),
                  "RandomZoom": dict(height_factor=0.0, width_factor=0.0),
                  "RandomTranslation": dict(height_factor=0.0, width_factor=0.0)}


@pytest.mark.parametrize("name", AFFINE_AT_ZERO)
@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
def test_affine_layers_at_zero_strength_are_the_identity(name, interpolation):
    x = pixels((3, 5, 6, 2))
    out = getattr(layers, name)(**AFFINE_AT_ZERO[name], interpolation=interpolation)(x)
    np.testing.assert_allclose(out.numpy(), x, atol=1e-4)


@pytest.mark.parametrize("name", AFFINE_AT_ZERO)
def test_affine_layers_keep_values_within_the_images_range(name):
    kwargs = {key: 0.3 for key in AFFINE_AT_ZERO[name]}
    x = pixels((6, 7, 7, 3))
    out = getattr(layers, name)(**kwargs, fill_mode="reflect", seed=1)(x).numpy()
    assert out.min() >= x.min() - 1e-3 and out.max() <= x.max() + 1e-3
    out = getattr(layers, name)(**kwargs, fill_mode="constant", fill_value=-5.0, seed=1)(x)
    out = out.numpy()
    assert out.min() >= -5.0 - 1e-3 and out.max() <= x.max() + 1e-3


def test_a_quarter_turn_is_rot90():
    x = pixels((2, 5, 5, 3))
    out = layers.RandomRotation(factor=(0.25, 0.25))(x).numpy()
    np.testing.assert_allclose(out, np.rot90(x, k=1, axes=(1, 2)), atol=1e-3)
    out = layers.RandomRotation(factor=(-0.5, -0.5), interpolation="nearest")(x).numpy()
    np.testing.assert_array_equal(out, x[:, ::-1, ::-1])


def test_rotation_angles_stay_within_the_factor():
    layer = layers.RandomRotation(factor=(-0.1, 0.05), seed=0)
    angles = layer.get_random_transformation(np.zeros((500, 4, 4, 1)))["angle"]
    assert angles.min() >= -36.0 and angles.max() < 18.0
    assert angles.min() < -30 and angles.max() > 12


def test_translation_by_whole_pixels_moves_the_image():
    x = pixels((1, 5, 6, 1))
    down_left = layers.RandomTranslation((0.4, 0.4), (-1 / 3, -1 / 3), fill_mode="constant",
                                         fill_value=-1.0)(x).numpy()       # 2 down, 2 left
    np.testing.assert_allclose(down_left[:, 2:, :4], x[:, :3, 2:], atol=1e-4)
    np.testing.assert_array_equal(down_left[:, :2], -1.0)
    np.testing.assert_array_equal(down_left[:, :, 4:], -1.0)
    wrapped = layers.RandomTranslation(0.0, (0.5, 0.5), fill_mode="wrap")(x).numpy()
    np.testing.assert_allclose(wrapped, np.roll(x, 3, axis=2), atol=1e-4)


def test_zoom_in_enlarges_the_centre_and_zoom_out_fills_the_border():
    x = np.arange(25, dtype="float32").reshape(1, 5, 5, 1)
    enlarged = layers.RandomZoom((-0.5, -0.5))(x).numpy()[0, ..., 0]      # z = 0.5: 2x
    np.testing.assert_allclose(enlarged[2, 2], 12.0)
    np.testing.assert_allclose(enlarged[0], [6.0, 6.5, 7.0, 7.5, 8.0])
    shrunk = layers.RandomZoom((1.0, 1.0), fill_mode="constant", fill_value=-1.0,
                               interpolation="nearest")(x).numpy()[0, ..., 0]   # z = 2
    # output (x, y) reads input (2x - 2, 2y - 2): the middle 3x3 holds every other pixel
    np.testing.assert_array_equal(shrunk[1:4, 1:4], x[0, ::2, ::2, 0])
    np.testing.assert_array_equal(shrunk[0], -1.0)
    np.testing.assert_array_equal(shrunk[:, 4], -1.0)


@pytest.mark.parametrize("make_layer, words", [
    (lambda: layers.RandomRotation(1.5), "RandomRotation.*factor"),
    (lambda: layers.RandomRotation((0.1, 0.2, 0.3)), "RandomRotation.*factor"),
    (lambda: layers.RandomRotation("a lot"), "RandomRotation.*factor"),
    (lambda: layers.RandomRotation(0.1, fill_mode="mirror"), "RandomRotation.*fill_mode"),
    (lambda: layers.RandomRotation(0.1, interpolation="bicubic"), "interpolation"),
    (lambda: layers.RandomRotation(0.1, fill_value="black"), "fill_value"),
    (lambda: layers.RandomZoom(-1.0), "RandomZoom.*height_factor.*\\(-1, 1\\]"),
    (lambda: layers.RandomZoom(0.2, width_factor=(0.1, 2.0)), "RandomZoom.*width_factor"),
    (lambda: layers.RandomTranslation(0.1, -1.1), "RandomTranslation.*width_factor"),
    (lambda: layers.RandomTranslation({"dummy": 0.3}, 0.0), "height_factor"),
])
def test_affine_layers_refuse_bad_arguments(make_layer, words):
    with pytest.raises(ValueError, match=words):
        make_layer()


def test_a_models_inference_mode_wins_over_a_training_argument_recorded_in_its_graph():
    # Keras records `training=True` (the call's default) in the graph of a functional model
    # holding an augmentation layer; in predict, the model's training=False wins, as in Keras.
    inputs = layers.Input(shape=(5, 6, 3))
    model = kerasedu.Model(inputs, layers.RandomRotation(0.3)(inputs, training=True))
    x = pixels((2, 5, 6, 3))
    np.testing.assert_array_equal(model.predict(x, verbose=0), x)
    np.testing.assert_array_equal(model(x, training=False).numpy(), x)
    assert not np.allclose(model(x).numpy(), x)


def test_random_contrast_scales_the_spread_about_the_mean():
    x = RNG.uniform(0.3, 0.7, size=(300, 4, 5, 3)).astype("float32")
    layer = layers.RandomContrast((0.2, 0.4), value_range=(-10, 10), seed=0)
    factor = layer.get_random_transformation(x)["contrast_factor"].numpy()
    assert factor.shape == (300, 1, 1, 1)
    assert factor.min() >= 0.8 and factor.max() < 1.4
    assert factor.min() < 0.85 and factor.max() > 1.35
    out = layer.transform_images(x, {"contrast_factor": factor}).numpy()
    mean = x.mean(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(out.mean(axis=(1, 2), keepdims=True), mean, atol=1e-5)
    np.testing.assert_allclose(out - mean, (x - mean) * factor, atol=1e-5)


def test_random_contrast_a_single_factor_reaches_both_ways():
    layer = layers.RandomContrast(0.5, seed=0)
    factor = layer.get_random_transformation(np.zeros((400, 2, 2, 1)))["contrast_factor"].numpy()
    assert factor.min() >= 0.5 and factor.max() < 1.5
    assert factor.min() < 0.6 and factor.max() > 1.4


def test_random_brightness_shifts_each_image_by_one_amount_within_range():
    x = RNG.uniform(50, 200, size=(300, 4, 5, 3)).astype("float32")
    out = layers.RandomBrightness((-0.1, 0.2), seed=0)(x).numpy()
    shift = out - x
    per_image = shift[:, :1, :1, :1]
    np.testing.assert_allclose(shift, np.broadcast_to(per_image, shift.shape), atol=1e-4)
    assert per_image.min() >= -25.5 - 1e-3 and per_image.max() <= 51 + 1e-3
    assert per_image.min() < -20 and per_image.max() > 45


@pytest.mark.parametrize("name", ["RandomContrast", "RandomBrightness"])
@pytest.mark.parametrize("value_range", [(0, 255), (0, 1), (-1, 1)])
def test_colour_layers_keep_values_in_the_value_range(name, value_range):
    low, high = value_range
    x = RNG.uniform(low, high, size=(50, 4, 5, 3)).astype("float32")
    out = getattr(layers, name)(factor=1.0, value_range=value_range, seed=1)(x).numpy()
    assert out.min() >= low and out.max() <= high
    assert np.any(out == high)


@pytest.mark.parametrize("name", ["RandomContrast", "RandomBrightness"])
def test_colour_layers_at_zero_strength_are_the_identity(name):
    x = pixels((4, 5, 6, 3))
    np.testing.assert_allclose(getattr(layers, name)(factor=0.0)(x).numpy(), x, atol=1e-4)


def test_colour_layers_take_uint8_pixels_and_give_floats():
    x = RNG.integers(0, 256, size=(2, 4, 4, 3)).astype("uint8")
    for layer in (layers.RandomContrast(0.3), layers.RandomBrightness(0.3)):
        out = layer(x)
        assert out.dtype == np.float32 and out.numpy().min() >= 0 and out.numpy().max() <= 255


@pytest.mark.parametrize("make_layer, words", [
    (lambda: layers.RandomContrast(1.5), "RandomContrast.*factor"),
    (lambda: layers.RandomContrast(-0.2), "RandomContrast.*factor"),
    (lambda: layers.RandomContrast(0.2, value_range=(0, 0)), "value_range"),
    (lambda: layers.RandomBrightness(1.1), "RandomBrightness.*factor"),
    (lambda: layers.RandomBrightness((0.1,)), "RandomBrightness.*factor"),
    (lambda: layers.RandomBrightness(0.1, value_range="0-255"), "value_range"),
    (lambda: layers.RandomBrightness(0.1, value_range=[10]), "value_range"),
])
def test_colour_layers_refuse_bad_arguments(make_layer, words):
    with pytest.raises(ValueError, match=words):
        make_layer()


def test_random_crop_cuts_an_exact_window_anywhere_in_each_image():
    x = pixels((300, 5, 6, 2))
    layer = layers.RandomCrop(3, 2, seed=0)
    corners = layer.get_random_transformation(x)
    out = layer.transform_images(x, corners).numpy()
    for i in range(300):
        top, left = corners["top"][i], corners["left"][i]
        np.testing.assert_array_equal(out[i], x[i, top:top + 3, left:left + 2])
    assert set(corners["top"]) == {0, 1, 2} and set(corners["left"]) == {0, 1, 2, 3, 4}
    windows = layer(x).numpy()       # a call draws its own windows, each one of the image's
    assert windows.shape == (300, 3, 2, 2)
    assert all(any(np.array_equal(windows[i], x[i, t:t + 3, s:s + 2])
                   for t in range(3) for s in range(5)) for i in range(0, 300, 30))


def test_random_crop_at_inference_and_on_small_images_resizes_to_the_window():
    x = pixels((2, 6, 9, 3))
    expected = layers.Resizing(4, 4, crop_to_aspect_ratio=True)(x).numpy()
    np.testing.assert_allclose(layers.RandomCrop(4, 4)(x, training=False).numpy(), expected,
                               rtol=1e-6)
    model = kerasedu.Sequential([layers.Input(shape=(6, 9, 3)), layers.RandomCrop(4, 4)])
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-6)
    taller = layers.RandomCrop(8, 4)(x, training=True).numpy()
    np.testing.assert_allclose(taller, layers.Resizing(8, 4, crop_to_aspect_ratio=True)(x)
                               .numpy(), rtol=1e-6)
    np.testing.assert_array_equal(layers.RandomCrop(6, 9)(x).numpy(), x)


def test_random_crop_is_reproducible_with_a_seed():
    x = pixels((20, 8, 8, 1))
    np.testing.assert_array_equal(layers.RandomCrop(3, 3, seed=7)(x).numpy(),
                                  layers.RandomCrop(3, 3, seed=7)(x).numpy())
    assert not np.array_equal(layers.RandomCrop(3, 3, seed=7)(x).numpy(),
                              layers.RandomCrop(3, 3, seed=8)(x).numpy())


def test_random_crop_refuses_bad_sizes():
    with pytest.raises(ValueError, match="RandomCrop.*height"):
        layers.RandomCrop(0, 3)


def test_the_keras_io_augmentation_recipe():
    # keras.io's image classification examples: an augmentation Sequential applied eagerly to
    # numpy images to look at them, and as the first block of the model that fit trains.
    data_augmentation = kerasedu.Sequential([layers.RandomFlip("horizontal"),
                                             layers.RandomRotation(0.1), layers.RandomZoom(0.1),
                                             layers.RandomTranslation(0.1, 0.1),
                                             layers.RandomContrast(0.2)])
    images = RNG.integers(0, 256, size=(9, 12, 12, 3)).astype("uint8")
    augmented = data_augmentation(images)
    assert augmented.shape == (9, 12, 12, 3) and augmented.dtype == np.float32
    assert not np.allclose(augmented.numpy(), images)
    assert augmented.numpy().min() >= 0 and augmented.numpy().max() <= 255

    inputs = kerasedu.Input(shape=(16, 16, 3))
    x = layers.Resizing(12, 12)(inputs)
    x = data_augmentation(x)
    x = layers.Rescaling(1.0 / 255)(x)
    x = layers.Conv2D(4, 3, activation="relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    model = kerasedu.Model(inputs, layers.Dense(2, activation="softmax")(x))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    x_train = RNG.integers(0, 256, size=(16, 16, 16, 3)).astype("float32")
    y_train = RNG.integers(0, 2, size=16)
    history = model.fit(x_train, y_train, epochs=2, batch_size=8, verbose=0)
    assert len(history.history["loss"]) == 2
    first, second = model.predict(x_train, verbose=0), model.predict(x_train, verbose=0)
    np.testing.assert_array_equal(first, second)          # no augmentation at inference


def test_fit_trains_on_augmented_images_and_predict_sees_them_unchanged():
    seen = []

    class Spy(layers.Layer):
        def call(self, inputs):
            seen.append(np.array(inputs.numpy() if hasattr(inputs, "numpy") else inputs))
            return inputs

    model = kerasedu.Sequential([layers.Input(shape=(4, 5, 1)),
                                 layers.RandomFlip("horizontal", seed=3), Spy(),
                                 layers.Flatten(), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = pixels((32, 4, 5, 1))
    seen.clear()
    model.fit(x, np.zeros((32, 1)), batch_size=32, epochs=1, shuffle=False, verbose=0)
    trained_on = seen[-1]
    flipped = np.all(trained_on == x[:, :, ::-1], axis=(1, 2, 3))
    assert np.all(flipped | np.all(trained_on == x, axis=(1, 2, 3))) and 4 < flipped.sum() < 28
    seen.clear()
    model.predict(x, batch_size=32, verbose=0)
    np.testing.assert_array_equal(seen[-1], x)
