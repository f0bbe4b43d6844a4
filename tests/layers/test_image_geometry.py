"""The geometric and mixing image layers against their contracts: RandomShear and
RandomPerspective move pixels as their maps say, RandomErasing writes one rectangle, MixUp and
CutMix mix images and labels by the weights they drew, RandomElasticTransform stays in range,
CLAHE with one tile is histogram equalization, MaxNumBoundingBoxes pads and cuts, Pipeline is
the composition of its layers. Also: identity at inference, seeds, gradients (float64) and
the errors for bad arguments."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu import layers, ops
from kerasedu.backend import GradientTape, Variable
from kerasedu.backend.gradcheck import assert_gradients_match

RNG = np.random.default_rng(3)


def pixels(shape):
    return (RNG.uniform(size=shape) * 255).astype("float32")


RANDOM = {
    "RandAugment": dict(num_ops=3),
    "AugMix": dict(),
    "RandomShear": dict(x_factor=0.3, y_factor=0.2),
    "RandomPerspective": dict(scale=0.5),
    "RandomErasing": dict(fill_value=0.0),
    "RandomElasticTransform": dict(),
    "MixUp": dict(),
    "CutMix": dict(),
}


@pytest.mark.parametrize("name", RANDOM)
def test_identity_at_inference_and_the_same_seed_gives_the_same_images(name):
    x = pixels((3, 9, 8, 3))
    layer = getattr(layers, name)(**RANDOM[name], seed=5)
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x)
    first = getattr(layers, name)(**RANDOM[name], seed=5)(x).numpy()
    again = getattr(layers, name)(**RANDOM[name], seed=5)(x).numpy()
    np.testing.assert_array_equal(first, again)
    assert not np.allclose(first, x)                    # training changes the images
    assert layer(x[0]).shape == x[0].shape
    restored = type(layer).from_config(layer.get_config())
    assert restored.get_config() == layer.get_config()


# (RandAugment and AugMix compose step functions too: posterization, solarization,
# equalization; their geometric and colour parts are checked here one by one)
@pytest.mark.parametrize("name", [name for name in RANDOM if name not in ("RandAugment",
                                                                          "AugMix")])
def test_gradients_reach_the_images(name):
    kwargs = dict(RANDOM[name], seed=3, dtype="float64")
    if name == "RandomElasticTransform":
        kwargs["value_range"] = (-10, 10)               # no clipping of the test's values
    assert_gradients_match(lambda x: getattr(layers, name)(**kwargs)(x, training=True),
                           RNG.uniform(size=(3, 5, 6, 2)), atol=1e-5)


def test_shear_reads_each_row_shifted_by_the_shear_times_the_row():
    x = pixels((1, 5, 9, 1))
    layer = layers.RandomShear(x_factor=1.0, interpolation="nearest", fill_mode="constant",
                               fill_value=-1.0)
    out = layer.transform_images(x, {"shear_factor": np.array([[1.0, 0.0]])}).numpy()
    for y in range(5):
        np.testing.assert_array_equal(out[0, y, :9 - y, 0], x[0, y, y:, 0])
        assert np.all(out[0, y, 9 - y:, 0] == -1.0)


def test_shear_draws_within_its_factor_either_way():
    layer = layers.RandomShear(x_factor=(0.1, 0.3), y_factor=(0.05, 0.2), seed=0)
    shear = layer.get_random_transformation(np.zeros((400, 4, 4, 1)))["shear_factor"]
    size = np.abs(shear)
    assert size[:, 0].min() >= 0.1 and size[:, 0].max() <= 0.3
    assert size[:, 1].min() >= 0.05 and size[:, 1].max() <= 0.2
    assert (shear[:, 0] < 0).mean() == pytest.approx(0.5, abs=0.1)
    assert np.all(np.sign(shear[:, 0]) == np.sign(shear[:, 1]))   # one coin flips both
    symmetric = layers.RandomShear(x_factor=0.2, seed=0).get_random_transformation(
        np.zeros((400, 4, 4, 1)))["shear_factor"]
    assert np.all(np.abs(symmetric[:, 0]) <= 0.2) and np.all(symmetric[:, 1] == 0)


def test_perspective_with_corners_in_place_or_not_applied_is_the_identity():
    x = pixels((2, 6, 7, 3))
    np.testing.assert_allclose(layers.RandomPerspective(scale=0.0)(x).numpy(), x, atol=1e-3)
    np.testing.assert_array_equal(layers.RandomPerspective(factor=0.0)(x).numpy(), x)
    layer = layers.RandomPerspective(seed=1)
    transformation = layer.get_random_transformation(x)
    assert np.all(transformation["end_points"][:, 0] == 0)          # the top-left stays
    moved = transformation["end_points"] - transformation["start_points"]
    assert np.all(np.abs(moved) <= 0.5 * np.array([6, 5]) + 1e-4)
    transformation["apply_perspective"][:] = [True, False]
    out = layer.transform_images(x, transformation).numpy()
    np.testing.assert_array_equal(out[1], x[1])
    assert not np.allclose(out[0], x[0])


def test_perspective_halving_the_corners_zooms_in_on_the_top_left_quarter():
    x = pixels((1, 5, 5, 1))
    start = np.array([[[0.0, 0.0], [4.0, 0.0], [0.0, 4.0], [4.0, 4.0]]])
    transformation = {"apply_perspective": np.array([True]), "start_points": start,
                      "end_points": start * 2}
    out = layers.RandomPerspective(interpolation="nearest").transform_images(x, transformation)
    np.testing.assert_array_equal(out.numpy()[0, ::2, ::2], x[0, :3, :3])


def test_erasing_writes_one_rectangle_of_the_fill_value():
    x = pixels((50, 12, 10, 3)) + 1
    out = layers.RandomErasing(factor=(1.0, 1.0), fill_value=0.0, scale=(0.1, 0.4),
                               seed=2)(x).numpy()                # every image erased
    for image in out:
        rows, cols = np.nonzero(np.all(image == 0, axis=-1))
        assert rows.size > 0
        box = image[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
        assert np.all(box == 0)                         # a full rectangle, every channel
        assert 0.05 <= rows.size / (12 * 10) <= 0.4 + 0.15    # √(s_x·s_y), rounded


def test_erasing_noise_and_per_channel_fill_stay_in_the_value_range():
    x = pixels((4, 6, 6, 3)) / 255
    noisy = layers.RandomErasing(value_range=(0, 1), seed=1)(x).numpy()
    assert noisy.min() >= 0 and noisy.max() <= 1
    layer = layers.RandomErasing(fill_value=(0.1, 0.5, 9.0), value_range=(0, 1), seed=1)
    out = layer(x).numpy()
    changed = out != x
    assert set(np.unique(out[..., 2][changed[..., 2]])) == {1.0}     # 9 clipped to 1
    first = layers.RandomErasing(fill_value=(0.1, 0.5, 9.0), value_range=(0, 1), seed=1,
                                 data_format="channels_first")(x.transpose(0, 3, 1, 2))
    np.testing.assert_allclose(first.numpy().transpose(0, 2, 3, 1), out)


def test_mix_up_mixes_images_and_labels_with_the_same_weights():
    x = pixels((6, 4, 5, 3))
    y = np.eye(6, dtype="float32")
    layer = layers.MixUp(alpha=0.5, seed=4)
    out = layer({"images": x, "labels": y})
    transformation = layers.MixUp(alpha=0.5, seed=4).get_random_transformation(x)
    weight, order = transformation["mix_weight"], transformation["permutation_order"]
    expected = weight[:, None, None, None] * x + (1 - weight[:, None, None, None]) * x[order]
    np.testing.assert_allclose(out["images"].numpy(), expected, rtol=1e-5)
    np.testing.assert_allclose(out["labels"].numpy(),
                               weight[:, None] * y + (1 - weight[:, None]) * y[order], rtol=1e-5)
    weights = layers.MixUp(alpha=1.0, seed=0).get_random_transformation(
        np.zeros((2000, 1, 1, 1)))["mix_weight"]
    assert 0 <= weights.min() and weights.max() <= 1
    assert weights.mean() == pytest.approx(0.5, abs=0.03)     # Beta(1, 1) = U[0, 1]


def test_cut_mix_pastes_a_rectangle_and_weighs_the_labels_by_its_area():
    x = np.arange(4, dtype="float32")[:, None, None, None] * np.ones((4, 16, 16, 2), "float32")
    y = np.eye(4, dtype="float32")
    out = layers.CutMix(seed=6)({"images": x, "labels": y})
    images, labels = out["images"].numpy(), out["labels"].numpy()
    transformation = layers.CutMix(seed=6).get_random_transformation(x)
    masks, order = transformation["batch_masks"], transformation["permutation_order"]
    kept = transformation["mix_weight"].reshape(-1, 1)
    np.testing.assert_array_equal(images, np.where(masks, x[order], x))
    np.testing.assert_allclose(labels, kept * y + (1 - kept) * y[order], rtol=1e-5)
    # the label weight is the share of the image kept, up to the rectangle's rounding
    np.testing.assert_allclose(kept[:, 0], 1 - masks.mean(axis=(1, 2, 3)), atol=0.15)
    single = pixels((5, 5, 3))
    np.testing.assert_array_equal(layers.CutMix()(single).numpy(), single)


def test_mixing_layers_take_one_image_in_a_dict():
    out = layers.MixUp(seed=1)({"images": pixels((4, 5, 3)), "labels": np.array([0., 1.])})
    assert out["images"].shape == (4, 5, 3) and out["labels"].shape == (2,)


def test_elastic_transform_stays_in_the_value_range_and_moves_smoothly():
    x = pixels((2, 24, 24, 1))
    out = layers.RandomElasticTransform(value_range=(0, 255), seed=1)(x).numpy()
    assert out.min() >= 0 and out.max() <= 255 and not np.allclose(out, x)
    np.testing.assert_array_equal(layers.RandomElasticTransform(factor=0.0)(x).numpy(), x)
    ramp = np.tile(np.arange(24, dtype="float32"), (1, 24, 1))[..., None]
    bent = layers.RandomElasticTransform(scale=0.3, fill_mode="nearest", seed=2)(ramp)
    assert np.max(np.abs(np.diff(bent.numpy(), axis=2))) < 4     # a smooth field


def test_rand_augment_applies_the_augmentations_it_picked_in_order():
    x = pixels((3, 7, 8, 3))
    layer = layers.RandAugment(num_ops=3, factor=0.4, seed=2)
    transformation = layer.get_random_transformation(x)
    picked = transformation["layer_idxes"]
    assert picked.shape == (3,) and set(picked) <= set(range(11))
    expected = x
    for index in picked:
        name = list(layer.augmentations)[index]
        expected = layer.augmentations[name].transform_images(
            expected, transformation["transforms"][name])
    np.testing.assert_allclose(layer.transform_images(x, transformation).numpy(),
                               expected.numpy(), rtol=1e-6)
    np.testing.assert_array_equal(layers.RandAugment(num_ops=0)(x).numpy(), x)
    counts = np.bincount(np.concatenate([layers.RandAugment(seed=s).get_random_transformation(
        x)["layer_idxes"] for s in range(300)]), minlength=11)
    assert counts.min() > 30                             # every augmentation gets picked


def test_aug_mix_blends_the_images_with_their_augmented_chains():
    x = pixels((2, 6, 6, 3))
    layer = layers.AugMix(value_range=(0, 255))
    equalized = layer.augmentations["equalization"].transform_images(x, None).numpy()
    chains = [[{"layer_name": "equalization", "transformation": None}], []]
    out = layer.transform_images(x, {"chain_mixing_weights": np.array([0.75, 0.25]),
                                     "weight_sample": 0.4, "chain_transforms": chains})
    expected = 0.4 * x + 0.6 * (0.75 * equalized + 0.25 * x)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5, atol=1e-3)
    scale = Variable(np.float32(1.0), name="scale")
    with GradientTape() as tape:               # after a trainable layer: equalization is flat
        out = layer.transform_images(x * scale, {
            "chain_mixing_weights": np.array([0.75, 0.25]), "weight_sample": 0.4,
            "chain_transforms": chains})
        loss = ops.sum(out)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5, atol=1e-3)
    assert float(tape.gradient(loss, scale)) == pytest.approx((0.4 + 0.6 * 0.25) * x.sum(),
                                                              rel=1e-4)
    transformation = layers.AugMix(num_chains=4, chain_depth=2, seed=1, all_ops=False
                                   ).get_random_transformation(x)
    assert transformation["chain_mixing_weights"].sum() == pytest.approx(1.0, abs=1e-6)
    assert 0 <= transformation["weight_sample"] <= 1
    assert all(len(chain) <= 2 for chain in transformation["chain_transforms"])
    assert {step["layer_name"] for chain in transformation["chain_transforms"]
            for step in chain} <= {"random_shear", "random_translation", "random_rotation",
                                   "random_posterization", "solarization", "auto_contrast",
                                   "equalization"}                    # all_ops=False


def test_clahe_with_one_tile_and_no_limit_is_histogram_equalization():
    x = RNG.integers(0, 256, size=(1, 6, 7, 1)).astype("float32")
    out = layers.ContrastLimitedAdaptiveHistogramEqualization(
        clip_limit=0, tile_grid_size=(1, 1))(x).numpy()
    cdf = np.cumsum(np.bincount(x.astype(int).ravel(), minlength=256))
    low = cdf.min()
    expected = (cdf[x.astype(int)] - low) * 255.0 / (x.size - low)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-3)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3), st.integers(1, 19), st.integers(1, 19), st.integers(1, 3),
       st.integers(1, 5), st.integers(1, 5), st.floats(0, 8), st.booleans())
def test_clahe_keeps_shapes_and_the_value_range(n, height, width, channels, grid_h, grid_w,
                                                 clip_limit, first):
    shape = (n, channels, height, width) if first else (n, height, width, channels)
    x = RNG.uniform(-1, 1, size=shape).astype("float32")
    layer = layers.ContrastLimitedAdaptiveHistogramEqualization(
        value_range=(-1, 1), clip_limit=clip_limit, tile_grid_size=(grid_h, grid_w),
        data_format="channels_first" if first else "channels_last")
    out = layer(x).numpy()
    assert out.shape == shape and out.dtype == np.float32
    assert out.min() >= -1 - 1e-5 and out.max() <= 1 + 1e-5


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(["RandomShear", "RandomPerspective", "RandomErasing", "CutMix",
                        "MixUp", "RandomElasticTransform"]),
       st.integers(1, 3), st.integers(2, 12), st.integers(2, 12), st.integers(1, 3))
def test_random_layers_keep_any_shape(name, n, height, width, channels):
    x = pixels((n, height, width, channels))
    layer = getattr(layers, name)(**RANDOM[name], seed=1)
    assert layer(x).shape == x.shape
    assert layer.compute_output_shape((None, height, width, channels)) == \
        (None, height, width, channels)


def test_max_num_bounding_boxes_pads_and_cuts():
    boxes = RNG.uniform(size=(2, 5, 4)).astype("float32")
    data = {"images": pixels((2, 4, 4, 3)),
            "bounding_boxes": {"boxes": boxes, "labels": np.arange(10.0).reshape(2, 5)}}
    cut = layers.MaxNumBoundingBoxes(3)(data)["bounding_boxes"]
    np.testing.assert_array_equal(cut["boxes"].numpy(), boxes[:, :3])
    padded = layers.MaxNumBoundingBoxes(7, fill_value=-2)(data)["bounding_boxes"]
    np.testing.assert_array_equal(padded["labels"].numpy()[:, 5:], -2)
    shapes = layers.MaxNumBoundingBoxes(7).compute_output_shape(
        {"images": (2, 4, 4, 3), "bounding_boxes": {"boxes": (2, 5, 4), "labels": (2, 5)}})
    assert shapes["bounding_boxes"] == {"boxes": (2, 7, 4), "labels": (2, 7)}


def test_pipeline_is_the_composition_of_its_layers():
    x = pixels((2, 8, 9, 3))
    pipeline = layers.Pipeline([layers.CenterCrop(6, 7), layers.RandomShear(0.3, seed=2),
                                layers.Rescaling(1 / 255)])
    expected = layers.Rescaling(1 / 255)(layers.RandomShear(0.3, seed=2)(
        layers.CenterCrop(6, 7)(x)))
    np.testing.assert_allclose(pipeline(x).numpy(), expected.numpy(), rtol=1e-6)
    np.testing.assert_allclose(pipeline(x, training=False).numpy(),
                               layers.CenterCrop(6, 7)(x).numpy() / 255, rtol=1e-6)
    restored = layers.Pipeline.from_config(pipeline.get_config())
    assert [type(l).__name__ for l in restored.layers] == ["CenterCrop", "RandomShear",
                                                           "Rescaling"]
    assert pipeline.compute_output_shape((None, 8, 9, 3)) == (None, 6, 7, 3)


@pytest.mark.parametrize("make, message", [
    (lambda: layers.RandomShear(x_factor=1.5), "RandomShear.*x_factor.*1.5"),
    (lambda: layers.RandomShear(fill_mode="mirror"), "RandomShear.*fill_mode"),
    (lambda: layers.RandomPerspective(scale=2), "RandomPerspective.*scale=2"),
    (lambda: layers.RandomPerspective(factor=-0.1), "RandomPerspective.*factor"),
    (lambda: layers.RandomErasing(fill_value="zero"), "RandomErasing.*fill_value"),
    (lambda: layers.RandomErasing(value_range=(1, 1)), "RandomErasing.*value_range"),
    (lambda: layers.MixUp(alpha=0), "MixUp.*alpha=0"),
    (lambda: layers.CutMix(factor=3), "CutMix.*factor=3"),
    (lambda: layers.RandomElasticTransform(interpolation="bicubic"),
     "RandomElasticTransform.*interpolation"),
    (lambda: layers.ContrastLimitedAdaptiveHistogramEqualization(tile_grid_size=(0, 2)),
     "ContrastLimitedAdaptiveHistogramEqualization.*tile_grid_size"),
    (lambda: layers.MaxNumBoundingBoxes(max_number=0), "MaxNumBoundingBoxes.*max_number"),
    (lambda: layers.RandAugment(num_ops=-1), "RandAugment.*num_ops=-1"),
    (lambda: layers.AugMix(chain_depth=0), "AugMix.*chain_depth=0"),
    (lambda: layers.AugMix(alpha=-1.0), "AugMix.*alpha=-1.0"),
    (lambda: layers.Pipeline(layers.Dense(2)), "Pipeline.*list of layers"),
    (lambda: layers.Pipeline.from_config({"name": "p"}), "layers"),
    (lambda: layers.MixUp()({"image": np.zeros((2, 3, 3, 1))}), "MixUp.*'images'"),
    (lambda: layers.CutMix()({"images": np.zeros((2, 3, 3, 1)), "bounding_boxes": {
        "boxes": np.zeros((2, 1, 4)), "labels": np.zeros((2, 1))}}),
     "CutMix.*bounding_box_format"),
])
def test_bad_arguments_are_refused_with_the_layer_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()
