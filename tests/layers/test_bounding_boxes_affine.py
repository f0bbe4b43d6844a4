"""Bounding boxes and segmentation masks through the affine image layers (RandomRotation,
RandomZoom, RandomTranslation, RandomShear, RandomPerspective), RandomElasticTransform,
RandomErasing, RandAugment and AugMix.

The picture used throughout: a bright rectangle on a black image, its box, and a mask that is
1 on it. After a layer, the box must still surround the rectangle and the mask must still
cover it (nearest-pixel interpolation and a constant black fill, so the rectangle stays
sharp). Hand-worked cases pin the numbers; every box format must move as "xyxy" does.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kerasedu
from kerasedu import layers
from kerasedu.utils import bounding_boxes as box_utils

SIZE = 16
BOX = (3.0, 4.0, 11.0, 8.0)                       # x1, y1, x2, y2 of the rectangle
SHARP = dict(fill_mode="constant", interpolation="nearest", bounding_box_format="xyxy")
FORMATS = ["xyxy", "yxyx", "xywh", "center_xywh", "center_yxhw", "rel_xyxy", "rel_yxyx",
           "rel_xywh", "rel_center_xywh"]


def picture(n=2, height=SIZE, width=SIZE):
    images = np.zeros((n, height, width, 1), "float32")
    x1, y1, x2, y2 = (int(v) for v in BOX)
    images[:, y1:y2, x1:x2] = 200.0
    return {"images": images,
            "segmentation_masks": (images > 0).astype("int32"),
            "bounding_boxes": {"boxes": np.tile(np.array(BOX, "float32"), (n, 1, 1)),
                               "labels": np.arange(n, dtype="int32").reshape(n, 1)},
            "labels": np.eye(n, dtype="float32")}


def extent(image):
    """(x1, y1, x2, y2) of the bright pixels of an (H, W, 1) image."""
    rows, cols = np.nonzero(np.asarray(image)[..., 0] > 100)
    return np.array([cols.min(), rows.min(), cols.max() + 1, rows.max() + 1], "float32")


def assert_box_surrounds_the_rectangle(outputs, tolerance=1.0):
    for image, boxes, mask in zip(np.asarray(outputs["images"]),
                                  np.asarray(outputs["bounding_boxes"]["boxes"]),
                                  np.asarray(outputs["segmentation_masks"])):
        np.testing.assert_allclose(boxes[0], extent(image), atol=tolerance)
        np.testing.assert_array_equal(mask[..., 0] > 0, image[..., 0] > 100)


SHARP_LAYERS = [
    lambda: layers.RandomRotation(0.1, seed=1, **SHARP),
    lambda: layers.RandomZoom((-0.3, 0.2), seed=2, **SHARP),
    lambda: layers.RandomTranslation(0.2, 0.2, seed=3, **SHARP),
    lambda: layers.RandomShear(x_factor=0.2, seed=4, **SHARP),
    lambda: layers.RandomShear(y_factor=0.2, seed=5, **SHARP),
    lambda: layers.RandomPerspective(scale=0.3, seed=6, interpolation="nearest",
                                     bounding_box_format="xyxy"),
]


@pytest.mark.parametrize("make", SHARP_LAYERS,
                         ids=["rotation", "zoom", "translation", "shear_x", "shear_y",
                              "perspective"])
def test_boxes_and_masks_move_with_the_object(make):
    layer = make()
    data = picture(n=4)
    outputs = layer(data)
    assert set(outputs) == {"images", "segmentation_masks", "bounding_boxes", "labels"}
    assert np.asarray(outputs["segmentation_masks"]).dtype == np.int32
    np.testing.assert_array_equal(np.asarray(outputs["labels"]), np.eye(4))
    np.testing.assert_array_equal(np.asarray(outputs["bounding_boxes"]["labels"]),
                                  [[0], [1], [2], [3]])
    assert_box_surrounds_the_rectangle(outputs)


def test_a_quarter_turn_by_hand():
    """90° about the centre (7.5, 7.5) sends a corner (x, y) to (y, 15 − x) (as Keras
    computes it, on corner coordinates): [3, 4, 11, 8] → [4, 4, 8, 12]."""
    layer = layers.RandomRotation((0.25, 0.25), **SHARP)
    transformation = layer.get_random_transformation(np.zeros((1, SIZE, SIZE, 1)))
    np.testing.assert_allclose(transformation["angle"], [90.0])
    moved = layer.transform_bounding_boxes(picture(1)["bounding_boxes"], transformation)
    np.testing.assert_allclose(np.asarray(moved["boxes"]), [[[4, 4, 8, 12]]], atol=1e-4)


def test_zoom_translation_and_shear_by_hand():
    boxes = {"boxes": np.array([[[2.0, 2.0, 6.0, 4.0]]], "float32"),
             "labels": np.array([[0]], "int32")}
    shape = (1, 8, 10, 3)                          # H = 8, W = 10
    zoom = layers.RandomZoom(0.5, bounding_box_format="xyxy")
    halved = zoom.transform_bounding_boxes(                   # z = 2: x' = (x + 4.5)/2
        dict(boxes), {"height_zoom": np.array([[2.0]]), "width_zoom": np.array([[2.0]]),
                      "input_shape": shape})
    np.testing.assert_allclose(np.asarray(halved["boxes"]), [[[3.25, 2.75, 5.25, 3.75]]],
                               atol=1e-5)
    shift = layers.RandomTranslation(0.5, 0.5, bounding_box_format="xyxy")
    moved = shift.transform_bounding_boxes(
        dict(boxes), {"translations": np.array([[5.0, -3.0]]), "input_shape": shape})
    np.testing.assert_allclose(np.asarray(moved["boxes"]), [[[7, 0, 10, 1]]], atol=1e-5)
    shear = layers.RandomShear(0.5, 0.5, bounding_box_format="xyxy")
    sheared = shear.transform_bounding_boxes(     # relative: x − s·v at the bottom edge
        dict(boxes), {"shear_factor": np.array([[0.5, 0.0]]), "input_shape": shape})
    np.testing.assert_allclose(np.asarray(sheared["boxes"]),
                               [[[0, 2, 6 - 0.5 * 0.25 * 10, 4]]], atol=1e-5)   # x1 clipped


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_moves_as_xyxy(fmt):
    """Boxes given in any format come back in it, moved as the same boxes in "xyxy"."""
    data = picture(n=3)
    xyxy = data["bounding_boxes"]
    written = {**xyxy, "boxes": box_utils.convert_format(xyxy["boxes"], "xyxy", fmt,
                                                         height=SIZE, width=SIZE)}
    for make in SHARP_LAYERS:
        reference = make()
        layer = reference.__class__.from_config({**reference.get_config(),
                                                 "bounding_box_format": fmt})
        transformation = reference.get_random_transformation(data["images"])
        expected = reference.transform_bounding_boxes(dict(xyxy), transformation)
        moved = layer.transform_bounding_boxes(dict(written), transformation)
        back = box_utils.convert_format(moved["boxes"], fmt, "xyxy", height=SIZE, width=SIZE)
        np.testing.assert_allclose(np.asarray(back), np.asarray(expected["boxes"]),
                                   atol=1e-4, err_msg=f"{type(layer).__name__} in {fmt}")


@settings(max_examples=25, deadline=None)
@given(x=st.lists(st.floats(0, 40), min_size=2, max_size=2),
       y=st.lists(st.floats(0, 30), min_size=2, max_size=2),
       dx=st.floats(-20, 20), dy=st.floats(-20, 20))
def test_translated_boxes_are_shifted_and_clipped(x, y, dx, dy):
    (x1, x2), (y1, y2) = sorted(x), sorted(y)
    layer = layers.RandomTranslation(0.1, 0.1, bounding_box_format="xyxy")
    moved = layer.transform_bounding_boxes(
        {"boxes": np.array([[[x1, y1, x2, y2]]], "float32"), "labels": np.array([[3]])},
        {"translations": np.array([[dx, dy]], "float32"), "input_shape": (1, 30, 40, 3)})
    expected = [np.clip(x1 + dx, 0, 40), np.clip(y1 + dy, 0, 30),
                np.clip(x2 + dx, 0, 40), np.clip(y2 + dy, 0, 30)]
    np.testing.assert_allclose(np.asarray(moved["boxes"])[0, 0], expected, atol=1e-3)


def test_one_image_in_a_dict_and_channels_first():
    data = picture(n=1)
    one = {"images": data["images"][0], "segmentation_masks": data["segmentation_masks"][0],
           "bounding_boxes": {"boxes": data["bounding_boxes"]["boxes"][0],
                              "labels": data["bounding_boxes"]["labels"][0]}}
    outputs = layers.RandomTranslation((0.25, 0.25), (0.125, 0.125), **SHARP)(one)
    assert outputs["images"].shape == (SIZE, SIZE, 1)
    np.testing.assert_allclose(np.asarray(outputs["bounding_boxes"]["boxes"]),
                               [[5, 8, 13, 12]], atol=1e-4)
    first = {key: np.moveaxis(value, -1, 1) if key != "bounding_boxes" else value
             for key, value in picture(n=2).items() if key != "labels"}
    outputs = layers.RandomZoom((-0.25, -0.25), data_format="channels_first", **SHARP)(first)
    images = np.moveaxis(np.asarray(outputs["images"]), 1, -1)
    masks = np.moveaxis(np.asarray(outputs["segmentation_masks"]), 1, -1)
    assert_box_surrounds_the_rectangle({"images": images, "segmentation_masks": masks,
                                        "bounding_boxes": outputs["bounding_boxes"]})


def test_at_inference_everything_passes_unchanged():
    data = picture()
    for make in SHARP_LAYERS:
        outputs = make()(picture(), training=False)
        np.testing.assert_array_equal(np.asarray(outputs["bounding_boxes"]["boxes"]),
                                      data["bounding_boxes"]["boxes"])
        np.testing.assert_array_equal(np.asarray(outputs["segmentation_masks"]),
                                      data["segmentation_masks"])


def test_an_object_detection_pipeline_keeps_its_boxes_on_the_object():
    """A keras.io-style augmenter: a Sequential of image layers over a dict batch."""
    augmenter = kerasedu.Sequential([
        layers.RandomFlip("horizontal", bounding_box_format="xyxy", seed=1),
        layers.RandomRotation(0.05, seed=2, **SHARP),
        layers.RandomZoom(0.2, seed=3, **SHARP),
        layers.RandomTranslation(0.1, 0.1, seed=4, **SHARP),
    ])
    outputs = augmenter(picture(n=4))
    assert_box_surrounds_the_rectangle(outputs, tolerance=2.0)


def test_rand_augment_moves_boxes_and_masks_through_its_picks_in_turn():
    layer = layers.RandAugment(factor=0.3, num_ops=3, seed=3, interpolation="nearest",
                               bounding_box_format="xyxy", value_range=(0, 255))
    data = picture(n=2)
    transformation = layer.get_random_transformation(data["images"])
    transformation["layer_idxes"] = np.array([1, 2, 1], "int32")   # translate, turn, translate
    for name in ("random_translation", "random_rotation"):
        layer.augmentations[name].fill_mode = "constant"
    images = layer.transform_images(data["images"], transformation)
    boxes = layer.transform_bounding_boxes(dict(data["bounding_boxes"]), transformation)
    masks = layer.transform_segmentation_masks(data["segmentation_masks"], transformation)
    assert_box_surrounds_the_rectangle({"images": images, "segmentation_masks": masks,
                                        "bounding_boxes": boxes}, tolerance=2.0)
    colour = {**transformation, "layer_idxes": np.array([3, 5, 6], "int32")}
    np.testing.assert_array_equal(np.asarray(layer.transform_bounding_boxes(
        dict(data["bounding_boxes"]), colour)["boxes"]), data["bounding_boxes"]["boxes"])


def test_aug_mix_mixes_masks_and_keeps_boxes():
    layer = layers.AugMix(num_chains=2, chain_depth=1, seed=1, bounding_box_format="xyxy")
    data = picture(n=2)
    transformation = layer.get_random_transformation(data["images"])
    transformation["chain_transforms"] = [[], []]                   # both chains: identity
    masks = layer.transform_segmentation_masks(data["segmentation_masks"], transformation)
    np.testing.assert_allclose(np.asarray(masks), data["segmentation_masks"], atol=1e-6)
    outputs = layer(picture(n=2))
    np.testing.assert_array_equal(np.asarray(outputs["bounding_boxes"]["boxes"]),
                                  data["bounding_boxes"]["boxes"])


def test_erasing_keeps_boxes_and_masks_and_elastic_moves_masks_with_the_images():
    data = picture(n=2)
    outputs = layers.RandomErasing(seed=1)(picture(n=2))
    np.testing.assert_array_equal(np.asarray(outputs["segmentation_masks"]),
                                  data["segmentation_masks"])
    np.testing.assert_array_equal(np.asarray(outputs["bounding_boxes"]["boxes"]),
                                  data["bounding_boxes"]["boxes"])
    elastic = layers.RandomElasticTransform(factor=(1.0, 1.0), interpolation="nearest",
                                            fill_mode="constant", seed=2)
    outputs = elastic({"images": data["images"],
                       "segmentation_masks": data["segmentation_masks"]})
    assert not np.array_equal(np.asarray(outputs["images"]), data["images"])
    np.testing.assert_array_equal(np.asarray(outputs["segmentation_masks"])[..., 0] > 0,
                                  np.asarray(outputs["images"])[..., 0] > 100)


def test_bad_inputs_name_the_layer():
    with pytest.raises(NotImplementedError, match="RandomElasticTransform.*bounding boxes"):
        layers.RandomElasticTransform(bounding_box_format="xyxy")(picture())
    with pytest.raises(ValueError, match="RandomRotation.*bounding_box_format"):
        layers.RandomRotation(0.1)(picture())
    with pytest.raises(ValueError, match="RandomZoom.*'images'"):
        layers.RandomZoom(0.1, bounding_box_format="xyxy")(
            {"bounding_boxes": picture()["bounding_boxes"]})
    with pytest.raises(ValueError, match="RandomShear"):
        layers.RandomShear(0.1, bounding_box_format="xyxz")
    bad = picture()
    bad["bounding_boxes"]["boxes"] = np.zeros((2, 1, 1, 4), "float32")
    with pytest.raises(ValueError, match="RandomTranslation"):
        layers.RandomTranslation(0.1, 0.1, bounding_box_format="xyxy")(bad)


def test_configs_keep_the_box_format():
    for make in SHARP_LAYERS:
        layer = make()
        assert layer.get_config()["bounding_box_format"] == "xyxy"
        again = layer.__class__.from_config(layer.get_config())
        assert again.bounding_box_format == "xyxy"
    rand = layers.RandAugment(bounding_box_format="rel_xyxy")
    assert rand.augmentations["random_rotation"].bounding_box_format == "rel_xyxy"
