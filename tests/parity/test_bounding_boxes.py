"""Parity with real Keras 3: ``keras.utils.bounding_boxes`` and the boxes and segmentation masks
of RandomFlip, Resizing, CenterCrop, MixUp and the colour layers.

The same boxes (and, for the layers, the same hand-made transformation, in Keras's structure)
go to both libraries; their outputs must agree.
"""

import itertools

import numpy as np
import pytest

from kerasedu import layers
from kerasedu.utils import bounding_boxes as boxes_lib

pytestmark = pytest.mark.parity

FORMATS = ("xyxy", "yxyx", "xywh", "center_xywh", "center_yxhw", "rel_xyxy", "rel_yxyx",
           "rel_xywh", "rel_center_xywh")
HEIGHT, WIDTH = 40, 60


def random_corners(rng, shape, height=HEIGHT, width=WIDTH, margin=5):
    """Boxes (shape..., 4) in xyxy pixels, up to ``margin`` pixels outside the image."""
    xs = np.sort(rng.uniform(-margin, width + margin, shape + (2,)), axis=-1)
    ys = np.sort(rng.uniform(-margin, height + margin, shape + (2,)), axis=-1)
    return np.stack([xs[..., 0], ys[..., 0], xs[..., 1], ys[..., 1]], -1).astype("float32")


def close(mine, theirs, atol=1e-4):
    np.testing.assert_allclose(np.asarray(mine), np.asarray(theirs), atol=atol, rtol=1e-5)


def test_convert_format_matches_keras_for_every_pair_of_formats(keras):
    corners = random_corners(np.random.default_rng(0), (2, 5))
    for source, target in itertools.product(FORMATS, FORMATS):
        boxes = np.asarray(keras.utils.bounding_boxes.convert_format(
            corners, "xyxy", source, height=HEIGHT, width=WIDTH))
        close(boxes_lib.convert_format(boxes, source, target, height=HEIGHT, width=WIDTH),
              keras.utils.bounding_boxes.convert_format(boxes, source, target,
                                                        height=HEIGHT, width=WIDTH))


def test_geometry_matches_keras(keras):
    rng = np.random.default_rng(1)
    corners = random_corners(rng, (3, 4))
    theirs = keras.utils.bounding_boxes
    for center in (None, 0.3):
        params = [rng.uniform(-40, 40, 3), rng.uniform(-.2, .2, 3), rng.uniform(-.2, .2, 3),
                  rng.uniform(.5, 1.5, 3), rng.uniform(-20, 20, 3), rng.uniform(-20, 20, 3)]
        params = [p.astype("float32") for p in params]
        close(boxes_lib.affine_transform(corners, *params, HEIGHT, WIDTH, center, center),
              theirs.affine_transform(corners, *params, HEIGHT, WIDTH, center, center),
              atol=1e-3)
    close(boxes_lib.crop(corners, 3, 5, 20, 30), theirs.crop(corners, 3, 5, 20, 30))
    close(boxes_lib.pad(corners, 3, 5), theirs.pad(corners, 3, 5))
    data = {"boxes": corners, "labels": np.arange(12).reshape(3, 4)}
    mine, reference = (lib.clip_to_image_size(dict(data), HEIGHT, WIDTH)
                       for lib in (boxes_lib, theirs))
    close(mine["boxes"], reference["boxes"])
    np.testing.assert_array_equal(np.asarray(mine["labels"]), np.asarray(reference["labels"]))


def test_iou_and_deltas_match_keras(keras):
    rng = np.random.default_rng(2)
    a, b = random_corners(rng, (2, 5)), random_corners(rng, (2, 5))
    a[0, 0] = -1                                                   # a padding box
    theirs = keras.utils.bounding_boxes
    fmt = "center_xywh"                                   # converted to corners first
    a_fmt, b_fmt = (np.asarray(theirs.convert_format(x, "xyxy", fmt)) for x in (a, b))
    close(boxes_lib.compute_iou(a_fmt, b_fmt, fmt, use_masking=True),
          theirs.compute_iou(a_fmt, b_fmt, fmt, use_masking=True))
    close(boxes_lib.compute_iou(a_fmt, b_fmt[0], fmt), theirs.compute_iou(a_fmt, b_fmt[0], fmt))
    close(boxes_lib.compute_ciou(a_fmt, b_fmt, fmt), theirs.compute_ciou(a_fmt, b_fmt, fmt))
    anchors = random_corners(rng, (5,)) + np.float32([0, 0, 6, 6])   # no empty anchors
    for variance in (None, [0.1, 0.1, 0.2, 0.2]):
        deltas = theirs.encode_box_to_deltas(anchors, b, "xyxy", "xyxy", variance=variance)
        close(boxes_lib.encode_box_to_deltas(anchors, b, "xyxy", "xyxy", variance=variance),
              deltas, atol=1e-3)
        close(boxes_lib.decode_deltas_to_boxes(anchors, np.asarray(deltas), "xyxy", "xywh",
                                               variance=variance),
              theirs.decode_deltas_to_boxes(anchors, np.asarray(deltas), "xyxy", "xywh",
                                            variance=variance), atol=1e-3)


def box_data(rng, fmt, batch=2, height=10, width=8, margin=0):
    corners = random_corners(rng, (batch, 3), height, width, margin)
    corners[:, -1] = 0                                             # a padding box
    return {"boxes": boxes_lib.convert_format(corners, "xyxy", fmt, height=height,
                                              width=width).numpy(),
            "labels": np.array([[1, 2, -1]] * batch)}


def same_boxes(mine, theirs):
    close(mine["boxes"], theirs["boxes"])
    np.testing.assert_array_equal(np.asarray(mine["labels"]), np.asarray(theirs["labels"]))


@pytest.mark.parametrize("mode", ["horizontal", "vertical", "horizontal_and_vertical"])
@pytest.mark.parametrize("fmt", ["xyxy", "rel_center_xywh"])
def test_random_flip_boxes_and_masks_match_keras_for_one_transformation(keras, mode, fmt):
    """Boxes inside the image (Keras clips a flipped box at the left and top edges only, where
    relative coordinates are clipped with pixel bounds; kerasedu does not clip a flip)."""
    rng = np.random.default_rng(3)
    data = box_data(rng, fmt)
    transformation = {"flips": np.array([True, False]).reshape(2, 1, 1, 1),
                      "input_shape": (2, 10, 8, 3)}
    ours, theirs = (lib.RandomFlip(mode, bounding_box_format=fmt)
                    for lib in (layers, keras.layers))
    same_boxes(ours.transform_bounding_boxes(dict(data), transformation),
               theirs.transform_bounding_boxes(dict(data), transformation))
    masks = rng.integers(0, 4, (2, 10, 8, 1)).astype("float32")
    close(ours.transform_segmentation_masks(masks, transformation),
          theirs.transform_segmentation_masks(masks, transformation))


@pytest.mark.parametrize("name,kwargs,image_size", [
    ("Resizing", {}, (10, 8)),
    ("Resizing", {"pad_to_aspect_ratio": True}, (10, 8)),
    ("Resizing", {"crop_to_aspect_ratio": True}, (10, 8)),
    ("Resizing", {"crop_to_aspect_ratio": True}, (6, 13)),
    ("CenterCrop", {}, (10, 8)),
    ("CenterCrop", {}, (5, 7)),                                   # smaller: cropped, resized
])
def test_fixed_size_layers_move_boxes_and_masks_as_keras(keras, name, kwargs, image_size):
    rng = np.random.default_rng(4)
    height, width = image_size
    boxes = box_data(rng, "xyxy", height=height, width=width, margin=2)
    images = rng.uniform(size=(2, height, width, 3)).astype("float32")
    masks = rng.integers(0, 4, (2, height, width, 1)).astype("float32")
    outputs = []
    for lib in (layers, keras.layers):
        layer = getattr(lib, name)(6, 7, bounding_box_format="xyxy", **kwargs)
        outputs.append(layer({"images": images, "segmentation_masks": masks,
                              "bounding_boxes": {k: v.copy() for k, v in boxes.items()}}))
    mine, theirs = outputs
    same_boxes(mine["bounding_boxes"], theirs["bounding_boxes"])
    close(mine["images"], theirs["images"])
    if name == "Resizing" or height >= 6 and width >= 7:   # Keras blends enlarged masks
        close(mine["segmentation_masks"], theirs["segmentation_masks"])


def test_mix_up_boxes_and_colour_layer_dicts_match_keras(keras):
    rng = np.random.default_rng(5)
    data = box_data(rng, "xyxy", batch=3)
    transformation = {"mix_weight": np.float32([0.3, 0.5, 0.9]),
                      "permutation_order": np.array([2, 0, 1])}
    mine, theirs = (lib.MixUp(bounding_box_format="xyxy").transform_bounding_boxes(
        dict(data), transformation) for lib in (layers, keras.layers))
    close(mine["boxes"], theirs["boxes"])
    images = rng.uniform(0, 255, (3, 10, 8, 3)).astype("float32")
    masks = rng.integers(0, 4, (3, 10, 8, 1)).astype("float32")
    for lib_layers in (layers, keras.layers):
        out = lib_layers.RandomContrast(0.5, bounding_box_format="xyxy")(
            {"images": images, "segmentation_masks": masks, "bounding_boxes": dict(data)})
        same_boxes(out["bounding_boxes"], data)
        close(out["segmentation_masks"], masks)
