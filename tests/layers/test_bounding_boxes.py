"""kerasedu.utils.bounding_boxes, worked by hand, and the dict inputs of the image layers.

Parity with Keras 3 on the same boxes and transformations is in
tests/parity/test_bounding_boxes.py; here, values worked out on paper, round trips, the
property that matters to a detector (after any layer, a box still surrounds its object), and
the errors a user meets.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kerasedu
from kerasedu import layers
from kerasedu.layers.preprocessing.bounding_boxes import densify_bounding_boxes
from kerasedu.layers.preprocessing.image_layer import BaseImagePreprocessingLayer
from kerasedu.utils import bounding_boxes as bb

# One box, left 10, top 20, right 30, bottom 60, in a 100 (high) × 200 (wide) image.
BOX_IN = {
    "xyxy": [10, 20, 30, 60], "yxyx": [20, 10, 60, 30], "xywh": [10, 20, 20, 40],
    "center_xywh": [20, 40, 20, 40], "center_yxhw": [40, 20, 40, 20],
    "rel_xyxy": [0.05, 0.2, 0.15, 0.6], "rel_yxyx": [0.2, 0.05, 0.6, 0.15],
    "rel_xywh": [0.05, 0.2, 0.1, 0.4], "rel_center_xywh": [0.1, 0.4, 0.1, 0.4],
}


def values(x):
    return np.asarray(x.numpy() if hasattr(x, "numpy") else x)


@pytest.mark.parametrize("source", sorted(BOX_IN))
def test_one_box_in_every_format_converts_to_every_other(source):
    for target, expected in BOX_IN.items():
        converted = bb.convert_format(np.array([BOX_IN[source]], "float32"), source.upper(),
                                      target, height=100, width=200)
        np.testing.assert_allclose(values(converted), [expected], rtol=1e-6, atol=1e-6)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(sorted(BOX_IN)), st.lists(st.floats(0, 500, width=32), min_size=4,
                                                   max_size=4))
def test_every_format_round_trips_through_every_other(fmt, numbers):
    x1, x2 = sorted(numbers[:2])
    y1, y2 = sorted(numbers[2:])
    corners = np.array([[[x1, y1, x2, y2]]], "float32")
    there = bb.convert_format(corners, "xyxy", fmt, height=300, width=500)
    back = bb.convert_format(there, fmt, "xyxy", height=300, width=500)
    np.testing.assert_allclose(values(back), corners, atol=1e-3)


def test_a_dict_of_boxes_converts_its_boxes_and_keeps_its_labels():
    data = {"boxes": np.array([[10, 20, 30, 60]]), "labels": np.array([3])}
    out = bb.convert_format(data, "xyxy", "xywh")
    np.testing.assert_array_equal(values(out["boxes"]), [[10, 20, 20, 40]])
    assert out["labels"] is data["labels"] and data["boxes"].dtype.kind == "i"


def test_clip_crop_and_pad_worked_by_hand():
    data = {"boxes": np.array([[-10., 5., 50., 30.], [120., 0., 130., 10.]]),
            "labels": np.array([1, 2])}
    clipped = bb.clip_to_image_size(data, height=20, width=100)
    np.testing.assert_array_equal(values(clipped["boxes"]), [[0, 5, 50, 20], [100, 0, 100, 10]])
    np.testing.assert_array_equal(values(clipped["labels"]), [1, -1])    # nothing left
    cropped = bb.crop(np.array([[10., 20., 50., 60.]]), top=10, left=20, height=30, width=25)
    np.testing.assert_array_equal(values(cropped), [[0, 10, 25, 30]])
    np.testing.assert_array_equal(values(bb.pad(np.array([[1., 2., 3., 4.]]), 10, 20)),
                                  [[21, 12, 23, 14]])


def test_affine_transform_quarter_turn_and_shift_worked_by_hand():
    """A quarter turn (counter-clockwise, as RandomRotation's positive angles) about the
    centre (49.5, 49.5) of a 100 × 100 image maps (x, y) to (y, 99 − x); a translation by 0.1
    of the image moves by 0.1·99 pixels."""
    box = np.array([[[10., 20., 30., 40.]]], "float32")
    zero, one = np.zeros(1, "float32"), np.ones(1, "float32")
    turned = bb.affine_transform(box, 90 * one, zero, zero, one, zero, zero, 100, 100)
    np.testing.assert_allclose(values(turned), [[[20, 69, 40, 89]]], atol=1e-4)
    shifted = bb.affine_transform(box, zero, 0.1 * one, zero, one, zero, zero, 100, 100)
    np.testing.assert_allclose(values(shifted), [[[19.9, 20, 39.9, 40]]], atol=1e-4)
    doubled = bb.affine_transform(box, zero, zero, zero, 2 * one, zero, zero, 100, 100,
                                  center_x=0.0, center_y=0.0)
    np.testing.assert_allclose(values(doubled), [[[20, 40, 60, 80]]], atol=1e-4)


def test_iou_ciou_and_deltas_worked_by_hand():
    a = np.array([[0., 0., 2., 2.], [-1., -1., -1., -1.]])
    b = np.array([[1., 1., 3., 3.]])
    iou = values(bb.compute_iou(a, b, "xyxy", use_masking=True))
    np.testing.assert_allclose(iou, [[1 / 7], [-1]], rtol=1e-5)              # 1 / (4 + 4 − 1)
    np.testing.assert_allclose(values(bb.compute_ciou(b, b, "xyxy")), [1.0], atol=1e-5)
    anchors = np.array([[0., 0., 10., 10.], [5., 5., 25., 15.]])
    boxes = np.array([[[1., 2., 9., 14.], [4., 6., 30., 16.]]])
    deltas = bb.encode_box_to_deltas(anchors, boxes, "xyxy", "xyxy", variance=[.1, .1, .2, .2])
    # first box: centre (5, 8) vs anchor (5, 5), size 8 × 12 vs 10 × 10 (y first: center_yxhw)
    np.testing.assert_allclose(values(deltas)[0, 0],
                               [0.3 / 0.1, 0, np.log(1.2) / 0.2, np.log(0.8) / 0.2], rtol=1e-5)
    decoded = bb.decode_deltas_to_boxes(anchors, deltas, "xyxy", "xyxy", variance=[.1, .1, .2, .2])
    np.testing.assert_allclose(values(decoded), boxes, atol=1e-4)


def test_bad_boxes_and_formats_are_refused_with_a_clear_error():
    with pytest.raises(ValueError, match="unknown bounding box format 'xyz'.*xyxy"):
        bb.convert_format(np.zeros((1, 4)), "xyz", "xyxy")
    with pytest.raises(ValueError, match="last axis of 4.*\\(3, 5\\)"):
        bb.convert_format(np.zeros((3, 5)), "xyxy", "xywh")
    with pytest.raises(ValueError, match="must receive `height` and `width`"):
        bb.convert_format(np.zeros((1, 4)), "xyxy", "rel_xyxy")
    with pytest.raises(ValueError, match="Layer 'flip' \\(RandomFlip\\).*'xywz'"):
        layers.RandomFlip(bounding_box_format="xywz", name="flip")


def image_data(batch=2, height=10, width=8):
    return {"images": np.random.default_rng(0).uniform(size=(batch, height, width, 3)),
            "labels": np.eye(batch),
            "bounding_boxes": {"boxes": np.array([[[2., 1., 4., 3.]]] * batch),
                               "labels": np.ones((batch, 1), "int32")}}


@pytest.mark.parametrize("make,data,message", [
    (lambda: layers.RandomFlip(), image_data(), "RandomFlip.*no `bounding_box_format`.*"
                                                "bounding_box_format='xyxy'"),
    (lambda: layers.RandomFlip(bounding_box_format="xyxy"),
     {"image": np.zeros((1, 4, 4, 3))}, "RandomFlip.*must hold 'images'.*\\['image'\\]"),
    (lambda: layers.Resizing(4, 4, bounding_box_format="xyxy"),
     {**image_data(), "bounding_boxes": {"boxes": np.zeros((1, 2, 1, 4)),
                                         "labels": np.zeros((1, 2))}},
     "Resizing.*rank 2 or 3.*\\(1, 2, 1, 4\\)"),
    (lambda: layers.Resizing(4, 4, bounding_box_format="xyxy"),
     {**image_data(), "bounding_boxes": {"boxes": np.zeros((2, 1, 4))}},
     "Resizing.*'boxes' and 'labels'"),
    (lambda: layers.CenterCrop(4, 4, bounding_box_format="xyxy"),
     {"images": np.zeros((4, 4))}, "CenterCrop.*rank 3.*\\(4, 4\\)"),
])
def test_bad_dict_inputs_are_refused_naming_the_layer(make, data, message):
    with pytest.raises(ValueError, match=message):
        make()(data)


def test_a_layer_that_cannot_move_boxes_says_so():
    class Shift(BaseImagePreprocessingLayer):
        def transform_images(self, images, transformation, training=True):
            return images

    with pytest.raises(NotImplementedError, match="Shift.*does not move bounding boxes"):
        Shift(bounding_box_format="xyxy")(image_data())


def test_colour_layers_keep_boxes_masks_and_labels_and_need_no_format():
    data = {**image_data(), "segmentation_masks": np.ones((2, 10, 8, 1))}
    boxes = data["bounding_boxes"]["boxes"].copy()
    out = layers.RandomBrightness(0.3, seed=1)(data)
    assert out is data                                      # as Keras: the dict is updated
    np.testing.assert_array_equal(values(out["bounding_boxes"]["boxes"]), boxes)
    np.testing.assert_array_equal(values(out["segmentation_masks"]), np.ones((2, 10, 8, 1)))
    np.testing.assert_array_equal(values(out["labels"]), np.eye(2))


def test_random_flip_moves_a_known_box():
    data = image_data(batch=1)
    data["images"] = data["images"][0]                       # one image: a batch of one
    data["bounding_boxes"] = {"boxes": np.array([[2., 1., 4., 3.]]), "labels": np.array([7])}
    flip = layers.RandomFlip("horizontal_and_vertical", bounding_box_format="xyxy")
    out = flip.transform_bounding_boxes(
        {"boxes": np.array([[[2., 1., 4., 3.]]]), "labels": np.array([[7]])},
        {"flips": np.array([[[[True]]]]), "input_shape": (1, 10, 8, 3)})
    np.testing.assert_array_equal(values(out["boxes"]), [[[4, 7, 6, 9]]])
    called = layers.RandomFlip(bounding_box_format="xyxy")(data, training=False)
    assert values(called["bounding_boxes"]["boxes"]).shape == (1, 4)
    assert values(called["images"]).shape == (10, 8, 3)


def object_scene(rng, batch=3, height=24, width=32):
    """Images and masks with one bright rectangle each, and its box (xyxy) as the label."""
    images = np.zeros((batch, height, width, 3), "float32")
    masks = np.zeros((batch, height, width, 1), "float32")
    boxes = []
    for i in range(batch):
        x1, y1 = rng.integers(2, width // 2), rng.integers(2, height // 2)
        x2, y2 = x1 + rng.integers(4, width // 2 - 1), y1 + rng.integers(4, height // 2 - 1)
        images[i, y1:y2, x1:x2] = 255.0
        masks[i, y1:y2, x1:x2] = 1.0
        boxes.append([[x1, y1, x2, y2], [0, 0, 0, 0]])                # and a padding box
    return {"images": images, "segmentation_masks": masks,
            "bounding_boxes": {"boxes": np.array(boxes, "float32"),
                               "labels": np.tile([[1, -1]], (batch, 1))}}


def assert_boxes_surround_their_objects(out, tolerance=1.0):
    masks = values(out["segmentation_masks"])[..., 0]
    boxes = values(out["bounding_boxes"]["boxes"])
    labels = values(out["bounding_boxes"]["labels"])
    for mask, box, label in zip(masks, boxes, labels):
        ys, xs = np.nonzero(mask > 0.5)
        if len(xs) == 0:                                     # the object left the image
            assert label[0] == -1
            continue
        extent = [xs.min(), ys.min(), xs.max() + 1, ys.max() + 1]
        np.testing.assert_allclose(box[0], extent, atol=tolerance)
        assert label[0] == 1


@pytest.mark.parametrize("make,fmt,training", [
    (lambda fmt: layers.RandomFlip(seed=3, bounding_box_format=fmt), "xyxy", True),
    (lambda fmt: layers.Resizing(12, 40, bounding_box_format=fmt), "xyxy", True),
    (lambda fmt: layers.Resizing(20, 20, pad_to_aspect_ratio=True, bounding_box_format=fmt),
     "xywh", True),
    (lambda fmt: layers.Resizing(20, 20, crop_to_aspect_ratio=True, bounding_box_format=fmt),
     "xyxy", True),
    (lambda fmt: layers.CenterCrop(16, 16, bounding_box_format=fmt), "yxyx", True),
    (lambda fmt: layers.CenterCrop(30, 30, bounding_box_format=fmt), "xyxy", True),
    (lambda fmt: layers.RandomCrop(16, 20, seed=4, bounding_box_format=fmt), "xyxy", True),
    (lambda fmt: layers.RandomCrop(16, 16, seed=4, bounding_box_format=fmt), "center_xywh",
     False),                                                 # at inference: crop and resize
    (lambda fmt: layers.RandomContrast(0.5, seed=5, bounding_box_format=fmt), "xyxy", True),
], ids=["flip", "stretch", "pad", "crop-aspect", "center-crop", "center-crop-up",
        "random-crop", "random-crop-inference", "contrast"])
def test_after_each_layer_the_boxes_still_surround_their_objects(make, fmt, training):
    data = object_scene(np.random.default_rng(1))
    data["bounding_boxes"] = bb.convert_format(data["bounding_boxes"], "xyxy", fmt)
    out = make(fmt)(data, training=training)
    out["bounding_boxes"] = bb.convert_format(out["bounding_boxes"], fmt, "xyxy")
    assert_boxes_surround_their_objects(out, tolerance=1.5)
    padding = values(out["bounding_boxes"]["labels"])[:, 1]
    np.testing.assert_array_equal(padding, -1)


def test_an_object_detection_augmentation_pipeline_runs_on_a_dict_batch():
    """The keras.io pattern: a Sequential of augmentations mapped over {images, boxes}."""
    augment = kerasedu.Sequential([
        layers.RandomFlip("horizontal", seed=1, bounding_box_format="xyxy"),
        layers.RandomCrop(20, 28, seed=2, bounding_box_format="xyxy"),
        layers.Resizing(32, 32, pad_to_aspect_ratio=True, bounding_box_format="xyxy"),
        layers.RandomBrightness(0.2, seed=3),
        layers.MaxNumBoundingBoxes(4, bounding_box_format="xyxy"),
    ])
    for seed in range(3):
        out = augment(object_scene(np.random.default_rng(seed)), training=True)
        assert values(out["images"]).shape == (3, 32, 32, 3)
        assert values(out["bounding_boxes"]["boxes"]).shape == (3, 4, 4)
        assert_boxes_surround_their_objects(out, tolerance=2.0)


def test_mix_up_and_cut_mix_keep_the_boxes_of_both_images():
    data = object_scene(np.random.default_rng(2))
    order = np.array([1, 2, 0])
    mixed = layers.MixUp(bounding_box_format="xyxy").transform_bounding_boxes(
        data["bounding_boxes"], {"mix_weight": np.float32([.5] * 3), "permutation_order": order})
    boxes = data["bounding_boxes"]["boxes"]
    np.testing.assert_array_equal(values(mixed["boxes"]),
                                  np.concatenate([boxes, boxes[order]], axis=1))
    masks = np.zeros((3, 24, 32, 3), bool)
    masks[:, :12] = True                                     # the top half is pasted
    cut = layers.CutMix(bounding_box_format="xyxy").transform_bounding_boxes(
        data["bounding_boxes"], {"permutation_order": order, "batch_masks": masks,
                                 "mix_weight": np.full((3, 1, 1, 1), .5, "float32")})
    partner = boxes[order, 0]
    expected = np.stack([partner[:, 0], np.minimum(partner[:, 1], 12),
                         partner[:, 2], np.minimum(partner[:, 3], 12)], -1)
    np.testing.assert_array_equal(values(cut["boxes"])[:, 2], expected)
    np.testing.assert_array_equal(values(cut["boxes"])[:, :2], boxes)
    assert values(cut["boxes"]).shape == (3, 4, 4)
    for mixing in (layers.MixUp, layers.CutMix):
        for training, count in ((True, 4), (False, 2)):
            out = mixing(bounding_box_format="xyxy")(object_scene(np.random.default_rng(3)),
                                                     training=training)
            assert values(out["bounding_boxes"]["boxes"]).shape == (3, count, 4)
            assert values(out["bounding_boxes"]["labels"]).shape == (3, count)
            assert values(out["segmentation_masks"]).shape == (3, 24, 32, 1)


def test_dict_output_shapes():
    shapes = {"images": (2, 24, 32, 3), "segmentation_masks": (2, 24, 32, 1),
              "labels": (2, 5), "bounding_boxes": {"boxes": (2, 7, 4), "labels": (2, 7)}}
    out = layers.Resizing(10, 12, bounding_box_format="xyxy").compute_output_shape(shapes)
    assert out == {**shapes, "images": (2, 10, 12, 3), "segmentation_masks": (2, 10, 12, 1)}
    for mixing in (layers.MixUp, layers.CutMix):        # twice the boxes, in training only
        assert mixing(bounding_box_format="xyxy").compute_output_shape(shapes)[
            "bounding_boxes"] == {"boxes": (2, None, 4), "labels": (2, None)}
    spec = layers.CenterCrop(8, 8).compute_output_spec(
        {"images": kerasedu.KerasTensor((None, 24, 32, 3)),
         "segmentation_masks": kerasedu.KerasTensor((None, 24, 32, 1))})
    assert spec["images"].shape == (None, 8, 8, 3)
    assert spec["segmentation_masks"].shape == (None, 8, 8, 1)


def test_lists_of_boxes_of_different_lengths_are_padded():
    data = densify_bounding_boxes({"boxes": [[[1, 2, 3, 4]], [[1, 1, 2, 2], [0, 0, 5, 5]]],
                                      "labels": [[3], [1, 2]]}, is_batched=True)
    np.testing.assert_array_equal(values(data["boxes"]),
                                  [[[1, 2, 3, 4], [0, 0, 0, 0]], [[1, 1, 2, 2], [0, 0, 5, 5]]])
    np.testing.assert_array_equal(values(data["labels"]), [[3, -1], [1, 2]])


def test_get_random_transformation_takes_a_dict_or_one_image_as_keras_does():
    flip = layers.RandomFlip(seed=1, bounding_box_format="xyxy")
    data = image_data(batch=3)
    assert values(flip.get_random_transformation(data)["flips"]).shape == (3, 1, 1, 1)
    one = flip.get_random_transformation(np.zeros((10, 8, 3)))
    assert values(one["flips"]).shape == (1, 1, 1, 1) and one["input_shape"] == (1, 10, 8, 3)
    crop = layers.RandomCrop(4, 4, seed=2, bounding_box_format="xyxy")
    window = crop.get_random_transformation(data)
    assert window["input_shape"] == (3, 10, 8, 3) and len(window["top"]) == 3


@pytest.mark.parametrize("make", [
    lambda fmt: layers.RandomFlip(seed=3, data_format=fmt, bounding_box_format="rel_xyxy"),
    lambda fmt: layers.Resizing(12, 40, data_format=fmt, bounding_box_format="rel_xyxy"),
    lambda fmt: layers.CenterCrop(30, 16, data_format=fmt, bounding_box_format="rel_xyxy"),
    lambda fmt: layers.RandomCrop(16, 20, seed=4, data_format=fmt,
                                  bounding_box_format="rel_xyxy"),
])
def test_channels_first_moves_boxes_as_channels_last(make):
    data = object_scene(np.random.default_rng(6))
    data["bounding_boxes"] = bb.convert_format(data["bounding_boxes"], "xyxy", "rel_xyxy",
                                               height=24, width=32)
    last = make("channels_last")({**data, "bounding_boxes": dict(data["bounding_boxes"])})
    first = make("channels_first")({
        "images": np.moveaxis(data["images"], -1, 1),
        "segmentation_masks": np.moveaxis(data["segmentation_masks"], -1, 1),
        "bounding_boxes": dict(data["bounding_boxes"])})
    np.testing.assert_allclose(values(first["bounding_boxes"]["boxes"]),
                               values(last["bounding_boxes"]["boxes"]), atol=1e-6)
    np.testing.assert_allclose(values(first["segmentation_masks"]),
                               np.moveaxis(values(last["segmentation_masks"]), -1, 1))


def test_utils_bounding_boxes_has_keras_public_names():
    assert set(bb.__all__) == {
        "affine_transform", "clip_to_image_size", "compute_ciou", "compute_iou",
        "convert_format", "crop", "decode_deltas_to_boxes", "encode_box_to_deltas", "pad"}
    assert kerasedu.utils.bounding_boxes is bb


COLOUR_LAYERS = {
    "RandomColorJitter": {"brightness_factor": 0.1}, "RandomGaussianBlur": {},
    "RandomGrayscale": {}, "Solarization": {"addition_factor": 0.1}, "RandomInvert": {},
    "RandomPosterization": {"factor": (1, 4)}, "RandomSharpness": {"factor": 0.2},
    "RandomSaturation": {"factor": 0.3}, "RandomColorDegeneration": {"factor": 0.3},
    "AutoContrast": {}, "Equalization": {}, "RandomHue": {"factor": 0.2},
    "RandomBrightness": {"factor": 0.2}, "RandomContrast": {"factor": 0.2},
    "ContrastLimitedAdaptiveHistogramEqualization": {},
}


@pytest.mark.parametrize("name", sorted(COLOUR_LAYERS))
def test_every_colour_layer_passes_boxes_masks_and_labels_unchanged(name):
    kwargs = dict(COLOUR_LAYERS[name])
    if name != "RandomGrayscale":
        kwargs["value_range"] = (0, 255)
    data = object_scene(np.random.default_rng(7))
    boxes, masks = data["bounding_boxes"]["boxes"].copy(), data["segmentation_masks"].copy()
    data["labels"] = np.eye(3)
    layer = getattr(layers, name)(**kwargs)
    out = layer(data, training=True)
    np.testing.assert_array_equal(values(out["bounding_boxes"]["boxes"]), boxes)
    np.testing.assert_array_equal(values(out["segmentation_masks"]), masks)
    np.testing.assert_array_equal(values(out["labels"]), np.eye(3))
    assert values(out["images"]).shape == (3, 24, 32, 3)
    shapes = layer.compute_output_shape({"images": (3, 24, 32, 3),
                                         "segmentation_masks": (3, 24, 32, 1)})
    assert shapes == {"images": (3, 24, 32, 3), "segmentation_masks": (3, 24, 32, 1)}


def test_transform_single_methods_work_on_one_image_as_keras_does():
    flip = layers.RandomFlip("horizontal", bounding_box_format="xyxy")
    image = np.arange(10 * 8 * 3, dtype="float32").reshape(10, 8, 3)
    transformation = flip.get_random_transformation(image)
    transformation["flips"] = np.ones((1, 1, 1, 1), bool)
    np.testing.assert_array_equal(values(flip.transform_single_image(image, transformation)),
                                  image[:, ::-1])
    np.testing.assert_array_equal(
        values(flip.transform_single_segmentation_mask(image[..., :1], transformation)),
        image[:, ::-1, :1])
    box = flip.transform_single_bounding_box(
        {"boxes": np.array([[2., 1., 4., 3.]]), "labels": np.array([5])}, transformation)
    np.testing.assert_array_equal(values(box["boxes"]), [[4, 1, 6, 3]])
    np.testing.assert_array_equal(values(flip.transform_single_label(np.eye(3)[1],
                                                                     transformation)),
                                  np.eye(3)[1])


@pytest.mark.parametrize("layer", [
    lambda: layers.RandomFlip("horizontal", bounding_box_format="xyxy", seed=1),
    lambda: layers.RandomRotation(0.1, bounding_box_format="xyxy", seed=1),
    lambda: layers.Resizing(4, 4, bounding_box_format="xyxy"),
])
def test_lists_of_boxes_of_different_lengths_are_padded_per_image(layer):
    data = {"images": np.zeros((2, 8, 8, 3), "float32"),
            "bounding_boxes": {"boxes": [[[0, 0, 2, 2]], [[1, 1, 3, 3], [0, 0, 4, 4]]],
                               "labels": [[1], [2, 3]]}}
    out = layer()(data)
    assert out is data                                   # the dict given holds the results
    assert tuple(out["bounding_boxes"]["boxes"].shape) == (2, 2, 4)
    np.testing.assert_array_equal(np.asarray(out["bounding_boxes"]["labels"]), [[1, -1], [2, 3]])


def test_boxes_without_four_numbers_are_refused_naming_the_layer():
    layer = layers.RandomFlip(bounding_box_format="xyxy", name="flip")
    with pytest.raises(ValueError, match=r"'flip'.*4 numbers per box.*\(2, 1, 5\)"):
        layer({"images": np.zeros((2, 8, 8, 3), "float32"),
               "bounding_boxes": {"boxes": np.zeros((2, 1, 5), "float32"),
                                  "labels": np.zeros((2, 1))}})
