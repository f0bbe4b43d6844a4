"""What every colour image layer must do (RandomHue, Equalization, ...): the shapes of one
image and of a batch, float outputs, configs that round-trip, saved models that predict the
same, training inside fit, float64 gradients that match finite differences, channels-first
images, the identity at inference for the random ones, and seeds that repeat."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kerasedu
from kerasedu import layers
from kerasedu.backend.gradcheck import assert_gradients_match

RNG = np.random.default_rng(3)

# name: constructor arguments (value_range (0, 1): the tests feed pixels in [0, 1])
LAYERS = {
    "RandomGrayscale": dict(factor=0.6, seed=1),
    "RandomHue": dict(factor=0.6, value_range=(0, 1), seed=1),
    "RandomSaturation": dict(factor=(0.2, 0.9), value_range=(0, 1), seed=1),
    "RandomInvert": dict(factor=0.8, value_range=(0, 1), seed=1),
    "Solarization": dict(addition_factor=0.2, threshold_factor=(0.3, 0.7),
                         value_range=(0, 1), seed=1),
    "RandomPosterization": dict(factor=(2, 5), value_range=(0, 1), seed=1),
    "AutoContrast": dict(value_range=(0, 1)),
    "Equalization": dict(value_range=(0, 1), bins=32),
    "RandomSharpness": dict(factor=(0.0, 1.0), value_range=(0, 1), seed=1),
    "RandomColorDegeneration": dict(factor=(0.2, 1.0), value_range=(0, 1), seed=1),
    "RandomColorJitter": dict(value_range=(0, 1), brightness_factor=0.1, contrast_factor=0.3,
                              saturation_factor=(0.3, 0.7), hue_factor=0.2, seed=1),
    "RandomGaussianBlur": dict(factor=(0.5, 1.0), kernel_size=(3, 5), sigma=(0.3, 1.0),
                               value_range=(0, 1), seed=1),
}
ALWAYS = ["AutoContrast"]                      # acts at inference too
STEP_FUNCTIONS = ["RandomPosterization", "Equalization"]     # zero gradient: not checked
SHAPE = (5, 6, 3)


def pixels(shape):
    return RNG.uniform(0.05, 0.95, size=shape).astype("float32")


def make(name, **overrides):
    return getattr(layers, name)(**{**LAYERS[name], **overrides})


@pytest.mark.parametrize("name", LAYERS)
def test_batches_and_single_images_keep_their_shape_and_become_floats(name):
    layer = make(name)
    assert layer(pixels((2, *SHAPE))).shape == (2, *SHAPE)
    assert layer(pixels(SHAPE)).shape == SHAPE
    assert layer.compute_output_shape((None, *SHAPE)) == (None, *SHAPE)
    assert layer(layers.Input(shape=SHAPE)).shape == (None, *SHAPE)
    assert layer((pixels((2, *SHAPE)) * 255).astype("uint8")).dtype == np.float32
    assert make(name, dtype="float64")(pixels((2, *SHAPE))).dtype == np.float64


@pytest.mark.parametrize("name", LAYERS)
def test_config_round_trips_and_a_saved_model_predicts_the_same(name, tmp_path):
    layer = make(name)
    config = layer.get_config()
    assert type(layer).from_config(config).get_config() == config
    assert layers.deserialize(layers.serialize(layer)).get_config() == config
    model = kerasedu.Sequential([layers.Input(shape=SHAPE), make(name), layers.Flatten(),
                                 layers.Dense(2)])
    x = pixels((3, *SHAPE))
    model.save(tmp_path / "model.keras")
    loaded = kerasedu.models.load_model(tmp_path / "model.keras")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-6)


@pytest.mark.parametrize("name", LAYERS)
def test_trains_inside_fit(name):
    kerasedu.utils.set_random_seed(1)
    model = kerasedu.Sequential([layers.Input(shape=SHAPE), make(name), layers.Flatten(),
                                 layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(pixels((8, *SHAPE)), RNG.normal(size=(8, 1)), epochs=1, batch_size=4,
                        verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))


@pytest.mark.parametrize("name", [n for n in LAYERS if n not in STEP_FUNCTIONS])
def test_gradients_reach_the_images(name):
    assert_gradients_match(lambda x: make(name, dtype="float64", seed=3)(x, training=True)
                           if "seed" in LAYERS[name] else make(name, dtype="float64")(x),
                           RNG.uniform(0.1, 0.9, size=(2, 4, 4, 3)), atol=1e-5)


@pytest.mark.parametrize("name", LAYERS)
def test_inputs_of_the_wrong_rank_are_refused(name):
    with pytest.raises(ValueError, match=f"{name}.*rank 3"):
        make(name)(np.ones((4, 5)))


@pytest.mark.parametrize("name", LAYERS)
def test_channels_first_matches_channels_last(name):
    x = pixels((3, *SHAPE))
    last = make(name)(x).numpy()
    first = make(name, data_format="channels_first")(np.moveaxis(x, -1, 1))
    np.testing.assert_allclose(np.moveaxis(first.numpy(), 1, -1), last, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", [n for n in LAYERS if n not in ALWAYS])
def test_the_identity_at_inference(name):
    x = pixels((4, *SHAPE))
    np.testing.assert_array_equal(make(name)(x, training=False).numpy(), x)
    model = kerasedu.Sequential([layers.Input(shape=SHAPE), make(name)])
    np.testing.assert_array_equal(model.predict(x, verbose=0), x)


@pytest.mark.parametrize("name", [n for n in LAYERS if "seed" in LAYERS[n]])
def test_the_same_seed_gives_the_same_augmentations(name):
    x = pixels((8, *SHAPE))
    first, second = make(name, seed=11), make(name, seed=11)
    for _ in range(2):          # draw after draw, not only the first
        np.testing.assert_array_equal(first(x).numpy(), second(x).numpy())
    assert not np.allclose(first(x).numpy(), x)
    assert not np.allclose(make(name, seed=11)(x).numpy(), make(name, seed=12)(x).numpy())


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(sorted(LAYERS)), batch=st.integers(1, 3),
       height=st.integers(1, 7), width=st.integers(1, 7), first=st.booleans())
def test_any_image_size_keeps_its_shape_and_values_in_range(name, batch, height, width, first):
    x = pixels((batch, height, width, 3))
    kwargs = {"data_format": "channels_first"} if first else {}
    out = make(name, **kwargs)(np.moveaxis(x, -1, 1) if first else x).numpy()
    assert out.shape == ((batch, 3, height, width) if first else x.shape)
    assert np.all(np.isfinite(out)) and out.min() >= -1e-5 and out.max() <= 1 + 1e-5

