"""Parity with real Keras 3: bounding boxes and segmentation masks through the affine image
layers (RandomRotation, RandomZoom, RandomTranslation, RandomShear, RandomPerspective) and
the policies built on them (RandAugment, AugMix).

Keras's ``get_random_transformation`` draws the parameters; both libraries'
``transform_bounding_boxes``, ``transform_segmentation_masks`` and ``transform_images`` apply
that same transformation, and must agree. Keras 3.15 reads RandomRotation's boxes as "xyxy"
whatever the layer's ``bounding_box_format``, and RandomPerspective returns "xyxy" boxes; kerasedu
converts from and back to the layer's format, so those two are compared in "xyxy", where
the two readings coincide.
"""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from test_parity_image_geometry import numpy_tree  # noqa: E402
from test_parity_image_preprocessing import pair  # noqa: E402

pytestmark = pytest.mark.parity

RNG = np.random.default_rng(17)
HEIGHT, WIDTH = 12, 16


def random_boxes(n, count, fmt):
    """``count`` boxes per image inside a HEIGHT × WIDTH image, written in ``fmt``."""
    x = np.sort(RNG.uniform(0, WIDTH, size=(n, count, 2)), axis=-1)
    y = np.sort(RNG.uniform(0, HEIGHT, size=(n, count, 2)), axis=-1)
    xyxy = np.stack([x[..., 0], y[..., 0], x[..., 1], y[..., 1]], axis=-1).astype("float32")
    return np.asarray(keras.utils.bounding_boxes.convert_format(
        xyxy, "xyxy", fmt, height=HEIGHT, width=WIDTH))


def data_batch(n=3, count=4, fmt="xyxy"):
    return {"images": (RNG.uniform(size=(n, HEIGHT, WIDTH, 3)) * 255).astype("float32"),
            "segmentation_masks": RNG.integers(0, 4, size=(n, HEIGHT, WIDTH, 1)).astype("int32"),
            "bounding_boxes": {"boxes": random_boxes(n, count, fmt),
                               "labels": RNG.integers(0, 5, size=(n, count)).astype("int32")}}


def keras_tree(value):
    if isinstance(value, dict):
        return {key: keras_tree(v) for key, v in value.items()}
    return keras.ops.convert_to_tensor(value)


def assert_same_boxes_and_masks(ours, theirs, data, transformation=None, atol=1e-4,
                                with_images=True):
    """Both layers apply Keras's transformation to the boxes, masks (and images) alike."""
    if transformation is None:
        transformation = theirs.get_random_transformation(keras_tree(data), training=True)
    mine_t = numpy_tree(transformation)
    boxes = data["bounding_boxes"]
    reference = theirs.transform_bounding_boxes(keras_tree(boxes), transformation,
                                                training=True)
    mine = ours.transform_bounding_boxes(dict(boxes), mine_t, training=True)
    np.testing.assert_allclose(np.asarray(mine["boxes"]), np.asarray(reference["boxes"]),
                               atol=atol, rtol=1e-4)
    np.testing.assert_array_equal(np.asarray(mine["labels"]), np.asarray(reference["labels"]))
    masks = data["segmentation_masks"]
    reference = np.asarray(theirs.transform_segmentation_masks(
        keras.ops.convert_to_tensor(masks), transformation, training=True))
    mine = np.asarray(ours.transform_segmentation_masks(masks, mine_t, training=True))
    np.testing.assert_allclose(mine, reference, atol=atol)
    if not with_images:
        return transformation
    reference = np.asarray(theirs.transform_images(
        keras.ops.convert_to_tensor(data["images"]), transformation, training=True))
    mine = ours.transform_images(data["images"], mine_t, training=True).numpy()
    np.testing.assert_allclose(mine, reference, atol=1e-3, rtol=1e-4)
    return transformation


EVERY_FORMAT = ["xyxy", "rel_xyxy", "yxyx", "xywh", "center_xywh", "rel_center_xywh"]
CASES = [
    ("RandomRotation", dict(factor=0.3, fill_mode="constant"), ["xyxy"]),
    ("RandomZoom", dict(height_factor=(-0.4, 0.4), width_factor=0.3), EVERY_FORMAT),
    ("RandomTranslation", dict(height_factor=0.3, width_factor=(-0.2, 0.4)), EVERY_FORMAT),
    ("RandomShear", dict(x_factor=0.4, y_factor=(0.1, 0.3)), EVERY_FORMAT),
    ("RandomPerspective", dict(factor=(0.5, 1.0), scale=0.6), ["xyxy"]),
]


@pytest.mark.parametrize("name, kwargs, formats", CASES, ids=[c[0] for c in CASES])
def test_boxes_and_masks_follow_keras_transformations(name, kwargs, formats):
    for fmt in formats:
        ours, theirs = pair(name, bounding_box_format=fmt, seed=5, **kwargs)
        assert_same_boxes_and_masks(ours, theirs, data_batch(fmt=fmt))


def test_rand_augment_moves_boxes_and_masks_as_keras():
    """One augmentation picked (shear, then rotation): the same boxes and masks as Keras. (With several picks Keras moves the boxes in its list's order
    and once per augmentation, whatever the order and repeats the images went through;
    kerasedu moves them through the picks in turn, as the images.)"""
    ours, theirs = pair("RandAugment", num_ops=1, factor=0.4, seed=2,
                        bounding_box_format="xyxy")
    data = data_batch(n=2, count=3)
    transformation = theirs.get_random_transformation(keras_tree(data), training=True)
    for picked in (0, 2):
        transformation["layer_idxes"] = keras.ops.convert_to_tensor([picked], "int32")
        assert_same_boxes_and_masks(ours, theirs, data, transformation, with_images=False)


def test_aug_mix_mixes_masks_and_passes_boxes_as_keras():
    ours, theirs = pair("AugMix", num_chains=2, chain_depth=2, seed=4)
    data = data_batch(n=2, count=3)
    transformation = theirs.get_random_transformation(keras_tree(data), training=True)
    assert_same_boxes_and_masks(ours, theirs, data, transformation, atol=1e-3,
                                with_images=False)
    # The images too, once Equalization's steps are left out of the chains: kerasedu's
    # Equalization takes each image's own histogram, Keras 3.15's the whole batch's.
    transformation["chain_transforms"] = [
        [step for step in chain if step["layer_name"] != "equalization"]
        for chain in transformation["chain_transforms"]]
    assert sum(map(len, transformation["chain_transforms"])) > 0
    assert_same_boxes_and_masks(ours, theirs, data, transformation, atol=1e-3)
