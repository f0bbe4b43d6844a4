"""Moving bounding boxes as an image is moved: format conversion, clipping, cropping, padding
and affine maps (``keras.utils.bounding_boxes``).

Boxes are (N, 4) for one image or (batch, N, 4) for a batch; a ``bounding_boxes`` dict holds
them with their class labels, {"boxes": (batch, N, 4), "labels": (batch, N)}. The geometry is
done on corners (x1, y1, x2, y2) in pixels, whatever the format the boxes come in.
"""

import numpy as np

from ....backend import ops
from .formats import convert_boxes, is_relative, standard_format


def float_dtype(boxes):
    """The dtype geometry on ``boxes`` is done in: theirs when it is a float dtype, else
    float32 (so that float64 boxes keep their precision)."""
    dtype = np.dtype(getattr(boxes, "dtype", np.asarray(boxes).dtype))
    return dtype.name if dtype.kind == "f" else "float32"


def _float_boxes(boxes, dtype=None, who="convert_format()"):
    boxes = ops.cast(ops.convert_to_tensor(boxes), dtype or float_dtype(boxes))
    if boxes.ndim == 0 or boxes.shape[-1] != 4:
        raise ValueError(
            f"{who}: `boxes` must have a last axis of 4 (one box = 4 numbers), shaped (N, 4) "
            f"or (batch, N, 4). Received: boxes.shape={tuple(boxes.shape)}")
    return boxes


def convert_format(boxes, source, target, height=None, width=None, dtype="float32"):
    """Boxes (..., 4) (or a ``bounding_boxes`` dict) from format ``source`` to ``target``
    (see :mod:`.formats`; case-insensitive). Relative formats need the image ``height`` and
    ``width``. A dict comes back as a new dict with its "boxes" converted.

    >>> convert_format(np.array([[10, 20, 30, 40]]), "xyxy", "xywh")    # [[10, 20, 20, 20]]
    """
    if isinstance(boxes, dict):
        return {**boxes, "boxes": convert_format(boxes["boxes"], source, target, height,
                                                 width, dtype)}
    source, target = standard_format(source), standard_format(target)
    if (is_relative(source) or is_relative(target)) and (height is None or width is None):
        raise ValueError(
            f"convert_format() must receive `height` and `width` transforming between "
            f"relative and absolute formats. Received: source={source!r}, target={target!r}, "
            f"height={height}, width={width}. Pass the image size: "
            f"convert_format(boxes, {source!r}, {target!r}, height=..., width=...).")
    boxes = _float_boxes(boxes, dtype)
    height = None if height is None else ops.cast(height, dtype)
    width = None if width is None else ops.cast(width, dtype)
    return convert_boxes(boxes, source, target, height, width)


def _clip(x, high):
    x = ops.maximum(x, ops.cast(0, x.dtype))
    return x if high is None else ops.minimum(x, ops.cast(high, x.dtype))


def _area(boxes):
    x1, y1, x2, y2 = ops.split(boxes, 4, axis=-1)
    return ops.squeeze((x2 - x1) * (y2 - y1), axis=-1)


def clip_to_image_size(bounding_boxes, height=None, width=None, bounding_box_format="xyxy"):
    """Boxes clipped to the image, 0 ≤ x ≤ width and 0 ≤ y ≤ height (0 ≤ · ≤ 1 for relative
    formats); a box left with no area gets the label −1 (no object).

    ``bounding_boxes`` is a dict {"boxes": (..., N, 4), "labels": (..., N)} (labels optional);
    a new dict is returned. Absolute formats need ``height`` and ``width``."""
    fmt = standard_format(bounding_box_format, "clip_to_image_size()")
    if not is_relative(fmt) and (height is None or width is None):
        raise ValueError(
            f"clip_to_image_size(): `height` and `width` must be set for the absolute format "
            f"{fmt!r}. Received: height={height}, width={width}.")
    boxes = _float_boxes(bounding_boxes["boxes"], who="clip_to_image_size()")
    corners_format, high_x, high_y = ("rel_xyxy", 1.0, 1.0) if is_relative(fmt) else \
        ("xyxy", width, height)
    corners = convert_boxes(boxes, fmt, corners_format, height, width)
    x1, y1, x2, y2 = ops.split(corners, 4, axis=-1)
    corners = ops.concatenate([_clip(x1, high_x), _clip(y1, high_y), _clip(x2, high_x),
                               _clip(y2, high_y)], axis=-1)
    return without_empty_boxes({**bounding_boxes, "boxes": convert_boxes(
        corners, corners_format, fmt, height, width)}, corners)


def without_empty_boxes(bounding_boxes, corners):
    """``bounding_boxes`` with the label −1 (no object) for every box whose ``corners``
    (x1, y1, x2, y2) enclose no area."""
    labels = bounding_boxes.get("labels")
    kept = _area(corners) > 0
    if labels is None or tuple(ops.shape(labels))[:kept.ndim] != tuple(kept.shape):
        return bounding_boxes
    labels = ops.convert_to_tensor(labels)
    kept = ops.reshape(kept, kept.shape + (1,) * (labels.ndim - kept.ndim))
    return {**bounding_boxes, "labels": ops.where(kept, labels, ops.cast(-1, labels.dtype))}


def _absolute_format(bounding_box_format, who):
    fmt = standard_format(bounding_box_format, who)
    if is_relative(fmt):
        raise NotImplementedError(
            f"{who}: boxes in the relative format {fmt!r} cannot be moved in pixels. Convert "
            f"them first: convert_format(boxes, {fmt!r}, 'xyxy', height=..., width=...).")
    return fmt


def crop(boxes, top, left, height, width, bounding_box_format="xyxy"):
    """Boxes in the frame of the crop whose top-left corner is (``left``, ``top``):
    x ← x − left, y ← y − top, then clipped to [0, width] × [0, height] (no upper clip where
    ``width`` / ``height`` is None). Boxes (N, 4) or (batch, N, 4); the offsets are numbers
    or arrays that broadcast against the boxes' leading axes (a (batch, 1, 1) array gives
    each image its own)."""
    fmt = _absolute_format(bounding_box_format, "crop()")
    boxes = _float_boxes(boxes, who="crop()")
    x1, y1, x2, y2 = ops.split(convert_boxes(boxes, fmt, "xyxy"), 4, axis=-1)
    left, top = (ops.cast(ops.convert_to_tensor(v), boxes.dtype) for v in (left, top))
    corners = ops.concatenate([_clip(x1 - left, width), _clip(y1 - top, height),
                               _clip(x2 - left, width), _clip(y2 - top, height)], axis=-1)
    return convert_boxes(corners, "xyxy", fmt)


def pad(boxes, top, left, height=None, width=None, bounding_box_format="xyxy"):
    """Boxes of an image padded with ``top`` rows above and ``left`` columns on the left:
    x ← x + left, y ← y + top (``height`` and ``width``, the padded size, are not needed)."""
    fmt = _absolute_format(bounding_box_format, "pad()")
    boxes = _float_boxes(boxes, who="pad()")
    x1, y1, x2, y2 = ops.split(convert_boxes(boxes, fmt, "xyxy"), 4, axis=-1)
    left, top = (ops.cast(ops.convert_to_tensor(v), boxes.dtype) for v in (left, top))
    corners = ops.concatenate([x1 + left, y1 + top, x2 + left, y2 + top], axis=-1)
    return convert_boxes(corners, "xyxy", fmt)


def affine_matrix(angle, translate_x, translate_y, scale, shear_x, shear_y, height, width,
                  center_x=0.5, center_y=0.5):
    """(batch, 2, 3) matrices [A | b] moving a point p = (x, y) of an image as the image
    layers move its pixels: p ← A·(p − c + t) + c, where c = (center_x·(W − 1),
    center_y·(H − 1)) is the centre, t = (translate_x·(W − 1), translate_y·(H − 1)) the
    shift, and A = scale·R(−angle) with the shears (degrees) folded in:

        r = −angle·π/180,  s_x = −shear_x·π/180,  s_y = −shear_y·π/180
        a = cos(r − s_y)/cos(s_y),      c' = −sin(r − s_y)/cos(s_y)
        b = a·tan(s_x) + sin(r),        d = cos(r) − c'·tan(s_x)
        A = scale·[[d, −b], [−c', a]]

    Each argument is a number or a (batch,) array; angles in degrees, translations and
    centres as fractions of the image size."""
    values = [np.asarray(ops.convert_to_numpy(v), np.float64) for v in
              (angle, translate_x, translate_y, scale, shear_x, shear_y, center_x, center_y)]
    angle, tx, ty, scale, shear_x, shear_y, center_x, center_y = np.broadcast_arrays(
        *[np.reshape(v, (-1,)) for v in values])
    r, sx, sy = (np.deg2rad(-v) for v in (angle, shear_x, shear_y))
    a = np.cos(r - sy) / np.cos(sy)
    c = -np.sin(r - sy) / np.cos(sy)
    b = a * np.tan(sx) + np.sin(r)
    d = np.cos(r) - c * np.tan(sx)
    linear = scale[:, None, None] * np.stack([np.stack([d, -b], -1), np.stack([-c, a], -1)], 1)
    centre = np.stack([center_x * (width - 1), center_y * (height - 1)], -1)
    shift = np.stack([tx * (width - 1), ty * (height - 1)], -1)
    offset = centre - np.einsum("bij,bj->bi", linear, centre - shift)
    return np.concatenate([linear, offset[:, :, None]], axis=-1)


def affine_transform(boxes, angle, translate_x, translate_y, scale, shear_x, shear_y, height,
                     width, center_x=None, center_y=None, bounding_box_format="xyxy"):
    """Boxes moved by the affine map of :func:`affine_matrix` (one per image of the batch):
    the four corners of each box are moved, and the result is the smallest upright box
    holding them. Boxes (batch, N, 4) (or (N, 4) with one transformation); same shape out.
    Boxes are not clipped to the image (see :func:`clip_to_image_size`)."""
    fmt = standard_format(bounding_box_format, "affine_transform()")
    boxes = _float_boxes(boxes, who="affine_transform()")
    single = boxes.ndim == 2
    corners = convert_boxes(boxes, fmt, "xyxy", ops.cast(height, boxes.dtype),
                            ops.cast(width, boxes.dtype))
    corners = np.asarray(ops.convert_to_numpy(corners), np.float64)
    if single:
        corners = corners[None]
    matrix = affine_matrix(angle, translate_x, translate_y, scale, shear_x, shear_y, height,
                           width, 0.5 if center_x is None else center_x,
                           0.5 if center_y is None else center_y)
    x1, y1, x2, y2 = np.moveaxis(corners, -1, 0)
    points = np.stack([np.stack([x1, y1], -1), np.stack([x2, y1], -1),
                       np.stack([x2, y2], -1), np.stack([x1, y2], -1)], axis=2)   # (B, N, 4, 2)
    moved = np.einsum("bij,bnkj->bnki", matrix[:, :, :2], points) + \
        matrix[:, None, None, :, 2]
    moved_corners = np.concatenate([moved.min(axis=2), moved.max(axis=2)], axis=-1)
    out = ops.cast(ops.convert_to_tensor(moved_corners[0] if single else moved_corners),
                   boxes.dtype)
    return convert_boxes(out, "xyxy", fmt, ops.cast(height, boxes.dtype),
                         ops.cast(width, boxes.dtype))
