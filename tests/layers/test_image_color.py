"""The colour image layers against their formulas: the random parameters they draw stay in
the ranges their factors give (and reach both ends), hand-worked images come out as the
docstrings say, and bad arguments are refused with the layer's name, the value and a fix."""

import numpy as np
import pytest

from kerasedu import layers, ops
from kerasedu.backend import GradientTape, Variable

RNG = np.random.default_rng(5)
MANY = np.zeros((4000, 1, 1, 3), "float32")     # 4000 images: one draw each


def drawn(layer, key=None):
    transformation = layer.get_random_transformation(MANY)
    value = transformation if key is None else transformation[key]
    return np.asarray(value.numpy() if hasattr(value, "numpy") else value).ravel()


def test_hue_turns_by_half_the_factor_either_way():
    delta = drawn(layers.RandomHue(factor=(0.2, 0.6), seed=1), "factor")
    assert np.all((np.abs(delta) >= 0.1) & (np.abs(delta) < 0.3))
    assert abs(np.mean(delta > 0) - 0.5) < 0.05
    assert np.abs(delta).min() < 0.11 and np.abs(delta).max() > 0.29


def test_saturation_scale_is_f_over_one_minus_f():
    scale = drawn(layers.RandomSaturation(factor=0.4, seed=1), "factor")
    f = scale / (1 + scale)             # s = f/(1 − f) inverted (ε aside)
    assert f.min() >= 0 and f.max() < 0.4 + 1e-5 and f.min() < 0.01 and f.max() > 0.39


@pytest.mark.parametrize("name, key", [("RandomInvert", "apply_inversion"),
                                       ("RandomGaussianBlur", "should_apply_blur")])
def test_coin_flips_come_up_as_often_as_the_mean_probability(name, key):
    flips = drawn(getattr(layers, name)(factor=(0.2, 0.6), seed=2), key)
    assert flips.dtype == bool and abs(flips.mean() - 0.4) < 0.03
    assert drawn(getattr(layers, name)(factor=(1.0, 1.0), seed=2), key).all()
    assert not drawn(getattr(layers, name)(factor=0.0, seed=2), key).any()


def test_grayscale_share_is_the_factor():
    chosen = drawn(layers.RandomGrayscale(factor=0.3, seed=4))
    assert abs(chosen.mean() - 0.3) < 0.03


def test_solarization_draws_in_eight_bit_units():
    t = layers.Solarization(addition_factor=(0.1, 0.2), threshold_factor=0.5, seed=1)
    additions, thresholds = drawn(t, "additions"), drawn(t, "thresholds")
    assert additions.min() >= 25.5 and additions.max() < 51.0 + 1e-3
    assert thresholds.min() >= 0 and thresholds.max() < 127.5 + 1e-3 and thresholds.max() > 120


def test_posterization_keeps_every_bit_count_from_lower_to_upper():
    shifts = drawn(layers.RandomPosterization(factor=(3, 6), seed=1), "shift_factor")
    assert set(shifts.tolist()) == {2, 3, 4, 5}
    assert set(drawn(layers.RandomPosterization(factor=2, seed=1), "shift_factor")) == {6, 7}


@pytest.mark.parametrize("name", ["RandomSharpness", "RandomColorDegeneration"])
def test_blend_factors_stay_within_the_factor(name):
    f = drawn(getattr(layers, name)(factor=(0.25, 0.75), seed=3), "factor")
    assert f.min() >= 0.25 and f.max() < 0.75 and f.min() < 0.26 and f.max() > 0.74


def test_blur_widths_stay_within_sigma():
    widths = [drawn(layers.RandomGaussianBlur(sigma=(0.2, 0.5), seed=s), "blur_factor")
              for s in range(200)]
    widths = np.concatenate(widths) - 1e-6
    assert widths.min() >= 0.2 and widths.max() < 0.5 and widths.min() < 0.21


def test_jitter_draws_one_transformation_per_step_given():
    jitter = layers.RandomColorJitter(brightness_factor=0.2, hue_factor=0.3, seed=1)
    assert set(jitter.get_random_transformation(MANY)) == {"brightness", "hue"}
    x = RNG.uniform(0, 255, (3, 4, 4, 3)).astype("float32")
    np.testing.assert_allclose(layers.RandomColorJitter()(x).numpy(), x)


def test_equalization_spreads_the_values_of_a_hand_worked_channel():
    # values 10, 10, 20, 30: cdf 2, 3, 4 from c0 = 2, so 0, 255·1/2, 255
    x = np.array([10, 10, 20, 30], "float32").reshape(1, 2, 2, 1)
    out = layers.Equalization()(x).numpy().ravel()
    np.testing.assert_array_equal(out, [0, 0, 128, 255])     # round(127.5) is 128
    flat = np.full((1, 2, 2, 1), 7.0, "float32")
    np.testing.assert_array_equal(layers.Equalization()(flat).numpy(), flat)


def test_equalization_treats_each_image_of_a_batch_alone():
    x = RNG.uniform(0, 255, (3, 5, 5, 3)).astype("float32")
    batch = layers.Equalization()(x).numpy()
    for i in range(3):
        np.testing.assert_array_equal(batch[i], layers.Equalization()(x[i]).numpy())


def test_equalization_after_a_trainable_layer_passes_no_gradient_back():
    x = RNG.uniform(0, 255, (2, 4, 4, 3)).astype("float32")
    scale = Variable(np.float32(1.0), name="scale")
    with GradientTape() as tape:
        out = layers.Equalization()(x * scale)
        loss = ops.sum(out) + ops.sum(x * scale)
    np.testing.assert_array_equal(out.numpy(), layers.Equalization()(x).numpy())
    assert float(tape.gradient(loss, scale)) == pytest.approx(float(x.sum()), rel=1e-5)


def test_auto_contrast_stretches_each_channel_and_keeps_flat_ones():
    x = np.stack([np.linspace(0.2, 0.6, 6).reshape(2, 3), np.full((2, 3), 0.4)], -1)
    out = layers.AutoContrast(value_range=(0, 1))(x.astype("float32")).numpy()
    np.testing.assert_allclose(out[..., 0], np.linspace(0, 1, 6).reshape(2, 3), atol=1e-6)
    np.testing.assert_array_equal(out[..., 1], np.float32(0.4))


def test_invert_solarize_posterize_by_hand():
    x = np.array([[[-1.0, 0.0, 0.5]]], "float32")
    invert = layers.RandomInvert(factor=(1.0, 1.0), value_range=(-1, 1))
    np.testing.assert_allclose(invert(x).numpy(), [[[1.0, 0.0, -0.5]]])
    pixels = np.array([[[10.0, 100.0, 200.0]]], "float32")
    half = layers.Solarization(threshold_factor=(0.5, 0.5))      # t = 127.5
    np.testing.assert_allclose(half(pixels).numpy(), [[[10.0, 100.0, 55.0]]])
    two_bits = layers.RandomPosterization(factor=(2, 2))          # steps of 64
    np.testing.assert_allclose(two_bits(pixels).numpy(), [[[0.0, 64.0, 192.0]]])


def test_full_saturation_stays_within_the_value_range():
    x = RNG.uniform(0, 255, (4, 5, 5, 3)).astype("float32")
    out = layers.RandomSaturation(factor=(1.0, 1.0))(x).numpy()
    assert out.min() >= 0 and out.max() <= 255 + 1e-3
    assert np.allclose(out.min(-1), 0, atol=1e-2)       # saturation 1: the least channel is 0
    grey = layers.RandomSaturation(factor=(0.0, 0.0))(x).numpy()
    np.testing.assert_allclose(grey, np.repeat(x.max(-1, keepdims=True), 3, -1), atol=1e-3)


def test_sharpness_half_is_the_identity_and_zero_is_the_smoothed_image():
    x = RNG.uniform(0, 255, (1, 5, 5, 1)).astype("float32")
    np.testing.assert_allclose(layers.RandomSharpness(factor=(0.5, 0.5))(x).numpy(), x,
                               atol=1e-4)
    centre = (x[0, 1:4, 1:4, 0].sum() + 4 * x[0, 2, 2, 0]) / 13
    smooth = layers.RandomSharpness(factor=(0.0, 0.0))(x).numpy()
    np.testing.assert_allclose(smooth[0, 2, 2, 0], centre, rtol=1e-5)


@pytest.mark.parametrize("name, arguments, words", [
    ("RandomGrayscale", dict(factor=1.5), "factor=1.5"),
    ("RandomHue", dict(factor=(0.2, 1.2)), "factor=(0.2, 1.2)"),
    ("RandomSaturation", dict(factor=-0.1), "factor=-0.1"),
    ("RandomSaturation", dict(factor=0.5, value_range=(0, 0)), "value_range"),
    ("RandomInvert", dict(factor="all"), "factor='all'"),
    ("Solarization", dict(threshold_factor=2), "threshold_factor=2"),
    ("Solarization", dict(addition_factor=(0.1, 0.2, 0.3)), "addition_factor"),
    ("RandomPosterization", dict(factor=9), "factor=9"),
    ("RandomPosterization", dict(factor=2.5), "whole number"),
    ("AutoContrast", dict(value_range=255), "value_range=255"),
    ("Equalization", dict(bins=1), "bins=1"),
    ("RandomSharpness", dict(factor=(0.5, 1.5)), "factor"),
    ("RandomColorDegeneration", dict(factor=2.0), "factor=2.0"),
    ("RandomColorJitter", dict(hue_factor=3.0), "hue_factor=3.0"),
    ("RandomGaussianBlur", dict(kernel_size=4), "odd"),
    ("RandomGaussianBlur", dict(sigma=(0.5, 2.0)), "sigma"),
    ("RandomHue", dict(factor=0.5, data_format="channels_middle"), "data_format"),
])
def test_bad_arguments_are_refused_with_the_layer_value_and_a_fix(name, arguments, words):
    with pytest.raises(ValueError, match=name) as error:
        getattr(layers, name)(**arguments)
    assert words in str(error.value) and "Received" in str(error.value)


def test_colour_degeneration_wants_three_channels():
    with pytest.raises(ValueError, match="RandomColorDegeneration.*3 channels"):
        layers.RandomColorDegeneration(factor=0.5).compute_output_shape((None, 4, 4, 1))


@pytest.mark.parametrize("name", ["RandomHue", "RandomSaturation", "RandomGrayscale",
                                  "RandomColorDegeneration", "RandomColorJitter"])
def test_images_that_are_not_rgb_are_refused_with_the_layer_and_a_fix(name):
    layer = getattr(layers, name)(**({"hue_factor": 0.2} if name == "RandomColorJitter" else
                                     {} if name == "RandomGrayscale" else {"factor": 0.5}))
    with pytest.raises(ValueError, match=r"Expected RGB images.*\(2, 4, 4, 4\).*x\[\.\.\., :3\]"):
        layer(np.ones((2, 4, 4, 4), "float32"))
