"""Float64 gradient checks of the differentiable box functions: a detector trains through
format conversion, anchor deltas, IoU and CIoU (a regression loss), and crop/pad/clip."""

import numpy as np
import pytest

from kerasedu import ops
from kerasedu.backend.gradcheck import assert_gradients_match
from kerasedu.utils import bounding_boxes as bb

FORMATS = ("yxyx", "xywh", "center_xywh", "center_yxhw", "rel_xyxy", "rel_center_xywh")


def corners(seed, shape=(2, 3)):
    """xyxy boxes with sides of at least 2 pixels, inside a 40 × 60 image, in float64."""
    rng = np.random.default_rng(seed)
    x1, y1 = rng.uniform(1, 30, shape), rng.uniform(1, 20, shape)
    return np.stack([x1, y1, x1 + rng.uniform(2, 25, shape), y1 + rng.uniform(2, 15, shape)], -1)


@pytest.mark.parametrize("fmt", FORMATS)
def test_convert_format_gradients(fmt):
    assert_gradients_match(
        lambda b: bb.convert_format(b, "xyxy", fmt, height=40, width=60, dtype="float64"),
        corners(0))
    assert_gradients_match(
        lambda b: bb.convert_format(b, fmt, "xyxy", height=40, width=60, dtype="float64"),
        corners(1))


def test_iou_ciou_and_delta_gradients():
    a, b = corners(2), corners(3)
    b[0, 0] = a[0, 0] + 1.0                                 # overlapping pairs too
    assert_gradients_match(lambda x, y: bb.compute_iou(x, y, "xyxy"), a, b, rtol=1e-4)
    assert_gradients_match(lambda x, y: bb.compute_ciou(x, y, "xyxy"), a, b, rtol=1e-4)
    anchors = corners(4, (3,))
    assert_gradients_match(
        lambda x: bb.encode_box_to_deltas(anchors, x, "xyxy", "xyxy", variance=[.1, .1, .2, .2]),
        a, rtol=1e-4)
    assert_gradients_match(
        lambda d: bb.decode_deltas_to_boxes(anchors, d, "xyxy", "center_xywh"),
        np.random.default_rng(5).normal(scale=0.3, size=(2, 3, 4)), rtol=1e-4)


def test_crop_pad_and_clip_gradients_away_from_the_edges():
    boxes = corners(6) + 5.0                                # all inside the crop below
    assert_gradients_match(lambda x: bb.crop(x, 2, 3, 60, 90), boxes)
    assert_gradients_match(lambda x: bb.pad(x, 2, 3), boxes)
    assert_gradients_match(
        lambda x: bb.clip_to_image_size({"boxes": x}, 100, 100)["boxes"], boxes)
    clipped = bb.clip_to_image_size({"boxes": ops.convert_to_tensor(boxes)}, 10, 10)["boxes"]
    assert clipped.dtype == np.float64
